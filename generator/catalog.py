"""The catalog model: one YAML file per secret type, validated before anything is rendered."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from generator.actions import Actions
from generator.api import Api, Sdk
from generator.base import ENV_NAME, SLUG, CatalogError, Fact, Model
from generator.detection import Detection

__all__ = ["CatalogError", "SecretType", "load_catalog", "load_file"]

# libyaml's parser, where PyYAML was built with it, reads the catalog about ten times faster
# than the pure-Python one: at 100 types that is most of a `make serve` rebuild.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Section(Model):
    """A list of facts, optionally introduced by a sentence of our own."""

    intro: str = ""
    facts: list[Fact] = Field(min_length=1)


class Format(Model):
    length: int = Field(gt=0)  # the shortest value, where lengths vary up to max_length
    max_length: int | None = Field(default=None, gt=0)
    pattern: str
    # The fixed start of every value; a list where the provider uses several, one per kind.
    prefix: str | Annotated[list[str], Field(min_length=1)] | None = None
    needs_context: bool
    note: Fact

    @model_validator(mode="after")
    def _lengths_in_order(self) -> Format:
        if self.max_length is not None and self.max_length <= self.length:
            raise ValueError("max_length must exceed length")
        return self

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return pattern


class Vault(Model):
    mount: str = "secret"
    path: str
    key: str


class IdPart(Model):
    """The public half of a secret that comes as a pair, such as an access key ID."""

    env_var: str = Field(pattern=ENV_NAME)
    # Its key beside vault.key: at the Vault path, and in the JSON object that the Secrets
    # Manager secret then holds.
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    conjur_variable: str


class Storage(Model):
    """Where the snippets expect the secret in each backend."""

    env_var: str = Field(pattern=ENV_NAME)
    aws_secret_id: str
    vault: Vault
    conjur_variable: str
    # For a secret that works only with an ID beside it: where that ID is kept. The fields
    # above then name the secret half.
    id: IdPart | None = None

    @model_validator(mode="after")
    def _halves_apart(self) -> Storage:
        if self.id is None:
            return self
        if self.id.env_var == self.env_var:
            raise ValueError("id.env_var must differ from env_var, which holds the secret half")
        if self.id.key == self.vault.key:
            raise ValueError("id.key must differ from vault.key, the secret half's key")
        if self.id.conjur_variable == self.conjur_variable:
            raise ValueError("id.conjur_variable must differ from conjur_variable")
        return self


class SecretType(Model):
    id: str = Field(pattern=SLUG)
    name: str
    provider: str
    category: str
    hosting: Literal["self-hosted", "cloud", "both"]
    last_checked: dt.date
    summary: str
    what: Section
    first_steps: Section
    generate: Section
    leaks: Section
    # What the provider does by itself when it finds the secret in public, such as revoking it.
    # The first-minutes box says so: the reader may find it dead already and must still look
    # for abuse.
    provider_revokes: Fact | None = None
    # What the provider does by itself that limits a public secret without ending it, such as
    # a quarantine policy: the box says the secret still works, so the reader acts anyway.
    provider_restricts: Fact | None = None
    risks: Section
    practices: Section
    abuse: Section
    revoke: Section
    rotate: Section
    dependents: Section
    detect: Section
    # Where the provider offers a way to work with no long-lived secret at all (short-lived
    # credentials from a CI identity, a role): the page puts it before the storage programs.
    no_static_secret: Fact | None = None
    format: Format
    # How the programs call the provider: an HTTP API with a token (api), or the provider's
    # official SDKs, which sign each request with the secret (sdk). Exactly one.
    api: Api | None = None
    sdk: Sdk | None = None
    storage: Storage
    actions: Actions
    detection: Detection

    @model_validator(mode="after")
    def _api_or_sdk(self) -> SecretType:
        if (self.api is None) == (self.sdk is None):
            raise ValueError("give api (an HTTP API) or sdk (the provider's SDKs), not both")
        kind, other = ("call", "request") if self.sdk else ("request", "call")
        wrong = [name for name, action in self.actions.named() if getattr(action, kind) is None]
        if wrong:
            raise ValueError(
                f"actions.{wrong[0]}: give {kind}, not {other}:"
                f" the programs call the provider through {'sdk' if self.sdk else 'api'}"
            )
        if self.provider_revokes and self.provider_restricts:
            raise ValueError(
                "provider_restricts: give it or provider_revokes, not both; a revoked secret"
                " is not also restricted"
            )
        if self.sdk and self.storage.id:
            pair = {self.storage.env_var, self.storage.id.env_var}
            kept = [env for env in self.sdk.clear_env if env in pair]
            if kept:
                raise ValueError(f"sdk.clear_env: {kept[0]} holds the pair itself; list others")
        if self.storage.id and not self.sdk:
            raise ValueError("storage.id needs sdk: the HTTP programs send one token, not a pair")
        if self.sdk and self.actions.admin_env:
            raise ValueError(
                "actions.admin_env: with sdk, an admin's credential comes from the SDK's"
                " default chain"
            )
        return self

    @model_validator(mode="after")
    def _second_header_has_its_own_variable(self) -> SecretType:
        second = self.api.auth.second_header if self.api else None
        if second is None:
            return self
        taken = {
            "api.base_url_env": self.api.base_url_env,
            "storage.env_var": self.storage.env_var,
            "actions.admin_env": self.actions.admin_env,
        } | {f"actions.inputs.{name}": env for name, env in self.actions.inputs.items()}
        taken |= {
            f"actions.optional_inputs.{k}": v for k, v in self.actions.optional_inputs.items()
        }
        clash = next((field for field, env in taken.items() if env == second.env), None)
        if clash:
            raise ValueError(f"api.auth.second_header.env {second.env} is already {clash}")
        # A wrong value is rejected like a dead token, so the check's words for a dead answer
        # must say so.
        means = self.actions.check.dead_means or ""
        if second.env not in means.split():
            raise ValueError(
                f"actions.check.dead_means must name api.auth.second_header.env {second.env}:"
                " a wrong value gets the same answer as a dead token"
            )
        # Its value belongs to the leaked token's account; an admin's credential needs its own.
        by_admin = [name for name, action in self.actions.named() if action.credential == "admin"]
        if by_admin:
            raise ValueError(
                f"actions.{by_admin[0]}: an admin's credential cannot yet send"
                " api.auth.second_header, whose value belongs to the token's own account"
            )
        return self

    @model_validator(mode="after")
    def _answers_read_as_the_api_reports(self) -> SecretType:
        if self.api is None:
            if self.actions.check.dead is not None:
                raise ValueError("actions.check.dead: an SDK call has no status; give dead_errors")
            return self
        check = self.actions.check
        if self.api.auth.username is not None:
            # The probe programs send HTTP Basic; the who-am-I and other action templates do
            # not yet. Lift this once they do.
            senders = [
                n for n, a in self.actions.named() if n != "check" and a.credential != "none"
            ]
            if self.api.whoami.live is None or senders:
                raise ValueError(
                    "api.auth.username: HTTP Basic is sent only by a probe check so far; no"
                    f" who-am-I call or other action may send it ({senders or 'whoami'})"
                )
        if self.api.whoami.live is not None and self.api.auth.forwarded_on_redirect:
            # The probe programs still follow redirects, which would carry such headers to
            # another host. Lift this once probe.j2 and base.j2's probe refuse redirects.
            raise ValueError(
                "api.auth: a probe (api.whoami.live) sends only the Authorization header so far;"
                " a header other than Authorization, or a second_header, would follow redirects"
            )
        if check.dead_errors and not self.api.ok_field:
            raise ValueError(
                "actions.check.dead_errors needs api.ok_field, the answer key that says whether"
                " a call worked"
            )
        if self.api.ok_field and not check.dead_errors:
            raise ValueError(
                "actions.check.dead_errors must name the api.error_field values that mean the"
                " token is dead, because api.ok_field says the status alone does not tell"
            )
        problem = self._probe_matches_whoami()
        if problem:
            raise ValueError(problem)
        cut = [name for name, action in self.actions.named() if action.request.cuts_token]
        if cut and self.api.credential_in != "url":
            raise ValueError(
                f"actions.{cut[0]}.request uses {{token_last_segment}}, which needs a secret that"
                " is a URL (api.credential_in: url)"
            )
        for name, action in self.actions.named():
            request = action.request
            extra = request.query or request.body or request.headers or self.api.auth.second_header
            if request.cuts_token and extra:
                # The programs guard such a call (no URL or answer printed) with the path alone.
                raise ValueError(
                    f"actions.{name}.request uses {{token_last_segment}}: it sends the path"
                    " alone, with no query, body or header of its own"
                )
        if self.api.ok_field:
            # Listing programs read records straight from the answer; none checks ok_field yet.
            listings = [name for name, action in self.actions.named() if hasattr(action, "fields")]
            if listings:
                raise ValueError(
                    f"actions.{listings[0]}: listings cannot yet check api.ok_field; leave the"
                    " listing out or teach the action templates to check it"
                )
        return self

    def _probe_matches_whoami(self) -> str | None:
        """Why the programs and the check would disagree on the probe, or None."""
        check, whoami = self.actions.check, self.api.whoami
        if check.probe != (whoami.live is not None):
            return "actions.check is a probe (live) exactly where api.whoami is one"
        url_secret = self.api.credential_in == "url"
        for name, action in self.actions.named():
            if not action.request.path and not (url_secret and action.credential == "token"):
                return (
                    f"actions.{name}.request.path may be empty only where the leaked URL itself"
                    " is called (api.credential_in: url, credential: token)"
                )
            if url_secret and action.credential == "admin" and self.api.base_url_env is None:
                return f"actions.{name} is made by an admin, so it needs api.base_url_env"
        if not check.probe:
            return None
        request = check.request
        same = (
            request.method,
            request.path,
            request.body or {},
            request.body_format,
            request.file,
        ) == (whoami.method, whoami.path, whoami.body or {}, whoami.body_format, whoami.file)
        if not same or check.live_answers != whoami.live_answers:
            return (
                "actions.check must send api.whoami's probe (method, path, body, body_format,"
                " file) and expect its live answers (live, also_live)"
            )
        if check.credential != "token":
            return "actions.check, a probe, is sent with the leaked secret (credential: token)"
        return None

    @field_validator("last_checked")
    @classmethod
    def _not_future(cls, day: dt.date) -> dt.date:
        if day > dt.date.today():
            raise ValueError("last_checked is in the future")
        return day

    def sources(self) -> list[str]:
        """Every distinct source URL in the file, in order of first use."""
        found: dict[str, None] = {}
        self._collect(self, found)
        return list(found)

    @classmethod
    def _collect(cls, value: object, found: dict[str, None]) -> None:
        if isinstance(value, HttpUrl) and value.scheme == "https":
            found[str(value)] = None
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                cls._collect(getattr(value, name), found)
        elif isinstance(value, list):
            for item in value:
                cls._collect(item, found)


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def _shown(path: Path) -> Path:
    """The path as a reader would type it: relative to the working folder where possible."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def load_file(path: Path) -> SecretType:
    """Read and validate one catalog file, or raise CatalogError naming file, field and reason."""
    shown = _shown(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{shown}: cannot be read as YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{shown}: must hold a mapping of fields, not {type(data).__name__}")

    try:
        secret = SecretType.model_validate(data)
    except ValidationError as exc:
        # One line a problem, each naming the file, so a new entry's list reads as a to-do list.
        raise CatalogError(
            "\n".join(
                f"{shown}: field '{_location(err['loc'])}': {err['msg']}" for err in exc.errors()
            )
        ) from None

    if secret.id != path.stem:
        raise CatalogError(f"{shown}: field 'id': '{secret.id}' must equal the file name")
    return secret


def load_catalog(directory: Path) -> list[SecretType]:
    """Every secret type in the catalog folder, sorted by id."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(f"{directory}: holds no catalog files (*.yaml)")
    return [load_file(path) for path in files]
