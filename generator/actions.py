"""Catalog model for incident actions: the calls that check, revoke, disable and audit a token."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.base import ENV_NAME, Model, Url

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The placeholder for the leaked token's value itself, read from storage.env_var, never an input.
TOKEN = "token"


class Request(Model):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    # The path, and after `?` a query of name=value pairs; values may hold {placeholders}.
    # Names are written as the provider spells them, camelCase included (perPage).
    path: str = Field(pattern=r"^/[^?#\s]*(\?[A-Za-z_]+=[^&#\s]+(&[A-Za-z_]+=[^&#\s]+)*)?$")
    # JSON object; values, or the strings of a list value, may hold {placeholders}.
    body: dict[str, str | list[str]] | None = None
    # Headers sent only when the reader sets them, such as a second factor's code: header name ->
    # one {placeholder} of actions.optional_inputs.
    headers: dict[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$")], str] = {}

    @property
    def route(self) -> str:
        """The path without its query."""
        return self.path.partition("?")[0]

    @property
    def query(self) -> list[tuple[str, str]]:
        """The query's (name, value) pairs; snippets encode each value as they send it."""
        text = self.path.partition("?")[2]
        return [tuple(pair.split("=", 1)) for pair in text.split("&")] if text else []

    def placeholders(self) -> set[str]:
        found = set(PLACEHOLDER.findall(self.path))
        for value in (self.body or {}).values():
            for text in [value] if isinstance(value, str) else value:
                found |= set(PLACEHOLDER.findall(text))
        return found

    def optional(self) -> dict[str, str]:
        """Each optional header's name -> the placeholder its value comes from."""
        return {name: value.strip("{}") for name, value in self.headers.items()}

    @property
    def sends_token(self) -> bool:
        """Whether the call carries the leaked token's value, read from storage.env_var."""
        return TOKEN in self.placeholders()


# A parameter or answer key of an SDK operation, spelled as the provider's API reference does.
ApiName = Annotated[str, Field(pattern=r"^[A-Z][A-Za-z0-9]*$")]


class Call(Model):
    """An operation of the provider's official SDK, which signs the request itself."""

    service: str = Field(pattern=r"^[a-z][a-z0-9]*$")  # the SDKs' name for it, e.g. sts
    operation: ApiName  # as the API reference spells it, e.g. GetCallerIdentity
    # Named parameters; values may hold {placeholders}.
    params: dict[ApiName, str] = {}
    # Parameters whose value is one of a fixed set the API defines (an enum), never an input.
    choices: dict[ApiName, ApiName] = {}

    @model_validator(mode="after")
    def _choices_are_fixed(self) -> Call:
        both = sorted(set(self.params) & set(self.choices))
        if both:
            raise ValueError(f"{both} cannot be both params and choices")
        return self

    def placeholders(self) -> set[str]:
        return {name for value in self.params.values() for name in PLACEHOLDER.findall(value)}


class Action(Model):
    """One provider call a reader makes during an incident."""

    # An HTTP request the program sends itself, or an SDK operation: exactly one of the two.
    request: Request | None = None
    call: Call | None = None
    # Whose credential authenticates the call: the leaked token itself, an admin's, or none
    # (the call must be sent without any credential). With a call, an admin's credential
    # comes from the SDK's default chain, never from the leaked secret.
    credential: Literal["token", "admin", "none"]
    ok: int | None = Field(default=None, ge=200, le=299)  # the status of success, for a request
    permission: str  # who may make the call, in the provider's terms
    limits: str = ""  # what the call cannot do, said plainly
    cli: str = ""  # the provider's own CLI command, if it has one
    source: Url

    @model_validator(mode="after")
    def _request_or_call(self) -> Action:
        if (self.request is None) == (self.call is None):
            raise ValueError("give request (an HTTP call) or call (an SDK operation), not both")
        if self.request is not None and self.ok is None:
            raise ValueError("a request needs ok, the status of success")
        if self.call is not None and self.ok is not None:
            raise ValueError("ok is a status of a request; an SDK call has none")
        return self

    def placeholders(self) -> set[str]:
        return (self.request or self.call).placeholders()

    @property
    def sends_token(self) -> bool:
        """Whether the call carries the leaked token's value, read from storage.env_var."""
        return TOKEN in self.placeholders()


class Check(Action):
    """A call without side effects whose answer tells a live token from a dead one."""

    # The status of a dead token's answer, where the status tells it.
    dead: int | None = Field(default=None, ge=400, le=499)
    # Where the status does not tell (api.ok_field): the api.error_field values of a dead
    # token's answer, such as invalid_auth.
    # With an SDK call: the error codes of a dead secret, such as InvalidClientTokenId.
    dead_errors: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$")]] = []
    field: str | None = None  # a field of the live answer that names the account
    # A status meaning the token is live but lacks the scope to read its own account.
    limited: int | None = Field(default=None, ge=400, le=499)

    @model_validator(mode="after")
    def _tells_dead_from_live(self) -> Check:
        if self.dead is None and not self.dead_errors:
            raise ValueError("give dead (a status) or dead_errors (error values) or both")
        return self


# A key of each listed record; a dotted name such as details.ip_address reaches into an object.
# A leading @ is allowed, as in GitHub's @timestamp; names are spelt as the provider spells
# them, camelCase included (createdAt).
FieldName = Annotated[str, Field(pattern=r"^@?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]


class Listing(Action):
    """A call that returns a list of records; snippets print the named fields of each."""

    fields: list[FieldName] = Field(min_length=1)  # never a field that holds a secret
    # What the listed tokens are told apart by, as the programs and the page say it: most
    # providers give each token an ID; some know it only by the name its owner gave it.
    handle: Literal["ID", "name"] = "ID"
    # The key of the JSON answer that holds the records, as in {"objects": [...]}; without it
    # the answer is the list itself.
    items: str | None = Field(default=None, pattern=r"^([a-z_][a-z0-9_]*|[A-Z][A-Za-z0-9]*)$")


class Actions(Model):
    # Where snippets read an admin's credential; needed only by an action an admin's token makes.
    admin_env: Annotated[str, Field(pattern=ENV_NAME)] | None = None
    inputs: dict[str, str]  # placeholder -> environment variable, e.g. token_id -> X_TOKEN_ID
    # Placeholders of optional request headers -> environment variables; unset means not sent.
    optional_inputs: dict[str, str] = {}
    check: Check
    # None when the provider's API has no call that revokes the token: the page then says so,
    # and the catalog's revoke facts carry the steps in the provider's own interface.
    revoke: Action | None = None
    disable: Action | None = None
    enable: Action | None = None
    find: Listing | None = None  # lists tokens by ID so a reader can revoke the right one
    audit: Listing | None = None

    @model_validator(mode="after")
    def _inputs_cover_placeholders(self) -> Actions:
        for name, action in self.named():
            missing = action.placeholders() - set(self.inputs) - {TOKEN}
            if missing:
                part = "request" if action.request else "call"
                raise ValueError(f"{name}.{part} uses {sorted(missing)}, which inputs lacks")
        for name, action in self.named():
            for header, value in (action.request.headers if action.request else {}).items():
                if not re.fullmatch(r"\{[a-z_]+\}", value):
                    raise ValueError(f"{name}.request.headers.{header} must be one {{placeholder}}")
                if value.strip("{}") not in self.optional_inputs:
                    raise ValueError(
                        f"{name}.request.headers.{header} uses {value}, which optional_inputs lacks"
                    )
        both = set(self.inputs) & set(self.optional_inputs)
        if both:
            raise ValueError(f"{sorted(both)} cannot be both an input and an optional input")
        if TOKEN in self.inputs:
            raise ValueError(f"{{{TOKEN}}} is the leaked token's value, read from storage.env_var")
        envs = [*self.inputs.values(), *self.optional_inputs.values()]
        bad = [env for env in envs if not re.fullmatch(ENV_NAME, env)]
        if bad:
            raise ValueError(f"inputs must name environment variables, not {bad}")
        if (self.disable is None) != (self.enable is None):
            raise ValueError("disable and enable come as a pair")
        # An SDK call takes an admin's credential from the SDK's default chain.
        by_admin = [
            name
            for name, action in self.named()
            if action.credential == "admin" and action.request is not None
        ]
        if by_admin and self.admin_env is None:
            raise ValueError(f"admin_env is required: {by_admin[0]} sends an admin's credential")
        return self

    def named(self) -> list[tuple[str, Action]]:
        """The actions the provider offers, in the order a reader needs them."""
        found = [("check", self.check), ("revoke", self.revoke), ("disable", self.disable)]
        found += [("enable", self.enable), ("find", self.find), ("audit", self.audit)]
        return [(name, action) for name, action in found if action is not None]
