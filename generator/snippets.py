"""Render snippet templates into complete programs, one per (secret type, backend, language)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator import templating
from generator.calls import TOKEN, TOKEN_LAST_SEGMENT, form_text
from generator.catalog import CatalogError, SecretType
from generator.languages import LANGUAGES, Language, camel


@dataclass(frozen=True)
class Backend:
    id: str
    label: str
    where: str  # "kept in <where>" reads as a sentence


# One fixed set of tab labels across the site: Material links tabs by their exact text.
BACKENDS = (
    Backend("env", "Environment variable", "an environment variable"),
    Backend("aws-secrets-manager", "AWS Secrets Manager", "AWS Secrets Manager"),
    Backend("vault", "HashiCorp Vault", "HashiCorp Vault"),
    Backend("conjur", "CyberArk Conjur", "CyberArk Conjur"),
)


@dataclass(frozen=True)
class Program:
    """A complete program rendered for one secret type and language."""

    secret: str
    language: Language
    code: str
    packages: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        raise NotImplementedError

    @property
    def class_name(self) -> str:
        raise NotImplementedError

    @property
    def path(self) -> str:
        """Where the program sits in its language's runner project."""
        return self.language.program_path(self.secret, self.name, self.class_name)

    @property
    def install(self) -> str:
        sep = self.language.pin_separator
        pins = " ".join(f"{name}{sep}{version}" for name, version in self.packages)
        return self.language.install.format(pins=pins)


@dataclass(frozen=True)
class Snippet(Program):
    """A prevention program: fetch the secret from a backend and prove it works."""

    backend: Backend

    @property
    def name(self) -> str:
        return self.backend.id

    @property
    def class_name(self) -> str:
        return class_name(self.secret, self.name, "From")


@dataclass(frozen=True)
class ActionSnippet(Program):
    """An incident program: check, revoke, disable, enable, find or audit."""

    action: str

    @property
    def name(self) -> str:
        return self.action

    @property
    def class_name(self) -> str:
        return class_name(self.secret, self.name, "")


def class_name(secret: str, name: str, joiner: str) -> str:
    return camel(secret) + joiner + camel(name)


def parts(text: str) -> list[tuple[bool, str]]:
    """Split "/users/{user_id}/audits" into (is_placeholder, text) pieces for any language."""
    pieces = re.split(r"(\{[a-z_]+\})", text)
    return [(p.startswith("{"), p.strip("{}")) for p in pieces if p]


def identifier(name: str, style: str) -> str:
    """token_id -> token_id (snake), tokenId (camel), TokenId (pascal), TOKEN_ID (upper)."""
    words = name.split("_")
    return {
        "snake": name,
        "upper": name.upper(),
        "camel": words[0] + "".join(w.capitalize() for w in words[1:]),
        "pascal": "".join(w.capitalize() for w in words),
    }[style]


def json_text(value: object) -> str:
    """A JSON text as a person writes it on one line: {"text": ""}, or {} when empty."""
    return json.dumps(value, ensure_ascii=False)


def snake(name: str) -> str:
    """GetCallerIdentity -> get_caller_identity: an SDK operation or parameter, snake_cased."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


# Where a language's templates for secret types called through the provider's SDKs live
# (`sdk` in the catalog); a language without them is left out of those types' pages.
SDK_FOLDER = "sdk"


def _pin(name: str, pins: dict[str, str]) -> str | None:
    """The pinned version of a package, or of the module that holds it (Go: module/package)."""
    if name in pins:
        return pins[name]
    holders = [module for module in pins if name.startswith(module + "/")]
    return pins[max(holders, key=len)] if holders else None


class Renderer:
    """Renders snippets from the snippets folder; the page and the tests both use it."""

    def __init__(self, root: Path):
        self.root = root
        self.templates = root / "snippets"
        self.languages = tuple(lang for lang in LANGUAGES if (self.templates / lang.id).is_dir())
        self.env = templating.environment(self.templates)
        self.env.filters["parts"] = parts
        self.env.filters["identifier"] = identifier
        self.env.filters["json_text"] = json_text
        self.env.filters["form_text"] = form_text
        self.env.filters["snake"] = snake
        self._pins: dict[str, dict[str, str]] = {}
        self._lists: dict[Path, dict[str, list[str]]] = {}

    def snippet(self, secret: SecretType, backend: Backend, language: Language) -> Snippet:
        context = {
            "secret": secret,
            "storage": secret.storage,
            "api": secret.api,
            "backend": backend,
            "class_name": class_name(secret.id, backend.id, "From"),
        }
        if secret.sdk:
            code = self._render(f"{language.id}/{SDK_FOLDER}/{backend.id}.j2", secret, context)
            packages = self.packages(f"{SDK_FOLDER}-{backend.id}", language)
            return Snippet(secret.id, language, code, packages, backend=backend)
        code = self._render(f"{language.id}/{backend.id}.j2", secret, context)
        # Without a field to read, the who-am-I answer is not parsed: a backend that reads no
        # JSON itself may then need fewer packages, where the list says so.
        key = backend.id
        whoami = secret.api.whoami
        reads_json = whoami.field or (whoami.live and whoami.live.field)
        if not reads_json and f"{key}-without-json" in self._lists_of(language):
            key = f"{key}-without-json"
        packages = self.packages(key, language)
        return Snippet(secret.id, language, code, packages, backend=backend)

    def action(self, secret: SecretType, name: str, language: Language) -> ActionSnippet:
        actions = secret.actions
        action = dict(actions.named())[name]
        kind = "check" if name == "check" else "listing" if hasattr(action, "fields") else "change"
        context = {
            "secret": secret,
            "storage": secret.storage,
            "api": secret.api,
            "name": name,
            "kind": kind,
            "action": action,
            "credential_env": {
                "token": secret.storage.env_var,
                "admin": actions.admin_env,
                "none": None,
            }[action.credential],
            # The leaked token's own value ({token}) is read from storage.env_var, not an input,
            # and so is what is cut from it ({token_last_segment}).
            "inputs": {
                p: actions.inputs[p]
                for p in sorted(action.placeholders())
                if p not in (TOKEN, TOKEN_LAST_SEGMENT)
            },
            "class_name": class_name(secret.id, name, ""),
            # Headers sent only when set: header name -> (placeholder, environment variable).
            "optional": {
                header: (p, actions.optional_inputs[p])
                for header, p in (action.request.optional() if action.request else {}).items()
            },
        }
        if secret.sdk:
            code = self._render(f"{language.id}/{SDK_FOLDER}/action.j2", secret, context)
            # One service's client, where the list names each service's packages.
            key = f"{SDK_FOLDER}-actions-{action.call.service}"
            if key not in self._lists_of(language):
                key = f"{SDK_FOLDER}-actions"
            packages = self.packages(key, language)
            return ActionSnippet(secret.id, language, code, packages, action=name)
        # A probe check has its own template: it reads the answer to a refused request.
        template = "probe.j2" if kind == "check" and action.probe else "action.j2"
        code = self._render(f"{language.id}/{template}", secret, context)
        # A call that sends and reads no JSON may need fewer packages, where the list says so.
        reads_json = action.request.body or kind == "listing" or (kind == "check" and action.field)
        reads_json = reads_json or secret.api.ok_field  # every answer is read for its ok field
        if kind == "check" and action.probe:
            # A probe's body is sent as fixed text; only a field that marks the answer is parsed.
            reads_json = action.live.field is not None
        key = "actions"
        lists = self._lists_of(language)
        if not reads_json and kind == "check" and action.probe and "probe-without-json" in lists:
            key = "probe-without-json"  # where every other action reads JSON, a probe may not
        elif not reads_json and "actions-without-json" in lists:
            key = "actions-without-json"
        packages = self.packages(key, language)
        return ActionSnippet(secret.id, language, code, packages, action=name)

    def all(self, secret: SecretType, language: str | None = None) -> list[Snippet]:
        """Every snippet of a secret type, backend by backend, languages in tab order."""
        return [
            self.snippet(secret, backend, lang)
            for backend in BACKENDS
            for lang in self._chosen(language, secret)
        ]

    def actions(self, secret: SecretType, language: str | None = None) -> list[ActionSnippet]:
        """Every action snippet of a secret type, action by action, languages in tab order."""
        return [
            self.action(secret, name, lang)
            for name, _ in secret.actions.named()
            for lang in self._chosen(language, secret)
            if (self._folder(secret, lang) / "action.j2").exists()
        ]

    def _folder(self, secret: SecretType, language: Language) -> Path:
        folder = self.templates / language.id
        return folder / SDK_FOLDER if secret.sdk else folder

    def _chosen(self, language: str | None, secret: SecretType) -> tuple[Language, ...]:
        """The languages asked for that have templates for the secret type's kind of API."""
        return tuple(
            lang
            for lang in self.languages
            if language in (None, lang.id) and self._folder(secret, lang).is_dir()
        )

    def _render(self, name: str, secret: SecretType, context: dict) -> str:
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            line = getattr(exc, "lineno", None)
            at = f"{where}:{line}" if line else where
            message = getattr(exc, "message", None) or str(exc)
            raise CatalogError(f"snippets/{at}: {secret.id}: {message}") from None

    def _lists_of(self, language: Language) -> dict[str, list[str]]:
        return self._package_lists(self.templates / language.id / "packages.yaml")

    def packages(self, key: str, language: Language) -> tuple[tuple[str, str], ...]:
        """(package, pinned version) pairs a reader installs to run the snippet."""
        wanted = self._lists_of(language).get(key)
        if wanted is None:
            raise CatalogError(f"snippets/{language.id}/packages.yaml: no entry '{key}'")
        pins = self._locked(language)
        found = {name: _pin(name, pins) for name in wanted}
        missing = [name for name, version in found.items() if version is None]
        if missing:
            raise CatalogError(
                f"snippets/{language.id}/packages.yaml: '{key}' names {missing}, "
                f"which {language.lock} does not pin"
            )
        return tuple(found.items())

    def _locked(self, language: Language) -> dict[str, str]:
        if language.id not in self._pins:
            lock = self.root / language.lock
            try:
                self._pins[language.id] = language.read_pins(lock)
            except (OSError, ValueError, SyntaxError) as exc:
                raise CatalogError(f"{language.lock}: cannot read pinned versions: {exc}") from None
        return self._pins[language.id]

    def _package_lists(self, path: Path) -> dict[str, list[str]]:
        if path not in self._lists:
            try:
                self._lists[path] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise CatalogError(f"{path}: {exc}") from None
        return self._lists[path]
