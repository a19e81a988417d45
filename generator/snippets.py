"""Render snippet templates into complete programs, one per (secret type, backend, language)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

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
class Snippet:
    secret: str
    backend: Backend
    language: Language
    code: str
    packages: tuple[tuple[str, str], ...]

    @property
    def path(self) -> str:
        """Where the program sits in its language's runner project."""
        return self.language.program_path(self.secret, self.backend.id)

    @property
    def install(self) -> str:
        sep = self.language.pin_separator
        pins = " ".join(f"{name}{sep}{version}" for name, version in self.packages)
        return self.language.install.format(pins=pins)


class Renderer:
    """Renders snippets from the snippets folder; the page and the tests both use it."""

    def __init__(self, root: Path):
        self.root = root
        self.templates = root / "snippets"
        self.languages = tuple(lang for lang in LANGUAGES if (self.templates / lang.id).is_dir())
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.templates),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self._pins: dict[str, dict[str, str]] = {}

    def snippet(self, secret: SecretType, backend: Backend, language: Language) -> Snippet:
        name = f"{language.id}/{backend.id}.j2"
        context = {
            "secret": secret,
            "storage": secret.storage,
            "api": secret.api,
            "backend": backend,
            "class_name": camel(secret.id) + "From" + camel(backend.id),
        }
        try:
            code = self.env.get_template(name).render(context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            line = getattr(exc, "lineno", None)
            at = f"{where}:{line}" if line else where
            message = getattr(exc, "message", None) or str(exc)
            raise CatalogError(f"snippets/{at}: {secret.id}: {message}") from None
        return Snippet(secret.id, backend, language, code, self.packages(backend, language))

    def all(self, secret: SecretType) -> list[Snippet]:
        """Every snippet of a secret type, backend by backend, languages in tab order."""
        return [self.snippet(secret, b, lang) for b in BACKENDS for lang in self.languages]

    def packages(self, backend: Backend, language: Language) -> tuple[tuple[str, str], ...]:
        """(package, pinned version) pairs a reader installs to run the snippet."""
        listing = self.templates / language.id / "packages.yaml"
        wanted = self._package_lists(listing).get(backend.id)
        if wanted is None:
            raise CatalogError(f"snippets/{language.id}/packages.yaml: no entry '{backend.id}'")
        pins = self._locked(language)
        missing = [name for name in wanted if name not in pins]
        if missing:
            raise CatalogError(
                f"snippets/{language.id}/packages.yaml: '{backend.id}' names {missing}, "
                f"which {language.lock} does not pin"
            )
        return tuple((name, pins[name]) for name in wanted)

    def _locked(self, language: Language) -> dict[str, str]:
        if language.id not in self._pins:
            lock = self.root / language.lock
            try:
                self._pins[language.id] = language.read_pins(lock)
            except (OSError, ValueError, SyntaxError) as exc:
                raise CatalogError(f"{language.lock}: cannot read pinned versions: {exc}") from None
        return self._pins[language.id]

    @staticmethod
    def _package_lists(path: Path) -> dict[str, list[str]]:
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise CatalogError(f"{path}: {exc}") from None
