"""Catalog model for incident actions: the calls that check, revoke, disable and audit a token."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.base import ENV_NAME, Model, Url
from generator.calls import (
    PLACEHOLDER,
    TOKEN,
    TOKEN_LAST_SEGMENT,
    Answer,
    Call,
    Request,
    same_reading,
)


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
        # A probe check (live) is a request whose answer is a refusal, with no success status.
        if self.request is not None and self.ok is None and getattr(self, "live", None) is None:
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
    """A call without side effects whose answer tells a live token from a dead one.

    Either `ok` says what a live token's answer is (a success), or the check is a *probe*: a
    deliberately invalid request the provider refuses without acting on it, one way for a live
    secret (`live`) and other ways for a dead one (`dead_answers`).
    """

    ok: int | None = Field(default=None, ge=200, le=299)
    # A probe's answer for a live secret: a refusal of the invalid request.
    live: Answer | None = None
    # Other answers that also mean the secret is live, where the provider has been seen to
    # refuse the same request another way; read like live, and only beside it.
    also_live: list[Answer] = []
    # A probe's answers for a dead secret.
    dead_answers: list[Answer] = []
    # The status of a dead token's answer, where the status tells it.
    dead: int | None = Field(default=None, ge=400, le=499)
    # Where the status does not tell (api.ok_field): the api.error_field values of a dead
    # token's answer, such as invalid_auth.
    # With an SDK call: the error codes of a dead secret, such as InvalidClientTokenId.
    dead_errors: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$")]] = []
    field: str | None = None  # a field of the live answer that names the account
    # A status meaning the token is live but lacks the scope to read its own account.
    limited: int | None = Field(default=None, ge=400, le=499)
    # What a dead answer can mean, as the programs print it in brackets after "rejects the
    # token" and the page says it, where "revoked or expired" (or "revoked, disabled or
    # expired") would be wrong: a token that never expires, or a second header that is wrong.
    dead_means: str | None = Field(
        default=None, pattern=r"^[a-z][A-Za-z0-9_ ,;'-]{4,78}[A-Za-z0-9]$"
    )

    @model_validator(mode="after")
    def _tells_dead_from_live(self) -> Check:
        if self.live is not None:
            return self._probe_tells()
        if self.also_live:
            raise ValueError("also_live belongs to a probe: give live as well")
        if self.ok is None and self.call is None:  # an SDK call's answer has no status
            raise ValueError("give ok (a live token's status) or live (a probe's refusal)")
        if self.dead_answers:
            raise ValueError("dead_answers belong to a probe: give live as well, not ok")
        if self.dead is None and not self.dead_errors:
            raise ValueError("give dead (a status) or dead_errors (error values) or both")
        return self

    def _probe_tells(self) -> Check:
        if self.ok is not None:
            raise ValueError("a probe's live answer is a refusal: give live or ok, not both")
        read = ("dead", "dead_errors", "field", "limited")
        others = [name for name in read if getattr(self, name)]
        if others:
            raise ValueError(f"a probe reads only live and dead_answers, not {others[0]}")
        if not self.dead_answers:
            raise ValueError("a probe needs dead_answers, the answers that mean the secret is dead")
        problem = same_reading([*self.live_answers, *self.dead_answers])
        if problem:
            raise ValueError(f"live, also_live and dead_answers: {problem}")
        if self.request.method == "GET":
            raise ValueError("a probe sends a request the provider refuses: use POST, not GET")
        if self.request.placeholders():
            raise ValueError("a probe sends a fixed request: its path and body hold no placeholder")
        return self

    @property
    def probe(self) -> bool:
        """Whether the check is a deliberately invalid request whose refusal tells."""
        return self.live is not None

    @property
    def live_answers(self) -> list[Answer]:
        """Every answer that means a probe's secret is live: live first, then also_live."""
        return [self.live, *self.also_live] if self.live is not None else []


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


ActionName = Literal["check", "revoke", "disable", "enable", "find", "audit"]


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
    # The actions the first-minutes box shows, in order, where the provider advises another
    # first move than revoking (such as disabling first); unset, the box shows check, revoke
    # and audit, those the type offers.
    first_minutes: list[ActionName] | None = None

    @model_validator(mode="after")
    def _inputs_cover_placeholders(self) -> Actions:
        for name, action in self.named():
            missing = action.placeholders() - set(self.inputs) - {TOKEN, TOKEN_LAST_SEGMENT}
            if missing:
                part = "request" if action.request else "call"
                raise ValueError(f"{name}.{part} uses {sorted(missing)}, which inputs lacks")
            request = action.request
            if request is None:
                continue
            query = request.path.partition("?")[2]
            body = Request(method=request.method, path="/", body=request.body)
            if TOKEN_LAST_SEGMENT in set(PLACEHOLDER.findall(query)) | body.placeholders():
                raise ValueError(
                    f"{name}.request: {{{TOKEN_LAST_SEGMENT}}} may stand only in the path, before"
                    " any query"
                )
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
        if TOKEN_LAST_SEGMENT in self.inputs:
            raise ValueError(
                f"{{{TOKEN_LAST_SEGMENT}}} is cut from the leaked token, read from"
                " storage.env_var, not an input"
            )
        envs = [*self.inputs.values(), *self.optional_inputs.values()]
        bad = [env for env in envs if not re.fullmatch(ENV_NAME, env)]
        if bad:
            raise ValueError(f"inputs must name environment variables, not {bad}")
        if (self.disable is None) != (self.enable is None):
            raise ValueError("disable and enable come as a pair")
        forms = [
            name
            for name, action in self.named()
            if action.request is not None and action.request.body_format != "json"
        ]
        if forms and (forms[0] != "check" or not self.check.probe or len(forms) > 1):
            name = next(name for name in forms if name != "check" or not self.check.probe)
            raise ValueError(
                f"{name}.request.body_format: only a probe's fixed body can be a form so far;"
                " teach the action templates to send other forms first"
            )
        # An SDK call takes an admin's credential from the SDK's default chain.
        by_admin = [
            name
            for name, action in self.named()
            if action.credential == "admin" and action.request is not None
        ]
        if by_admin and self.admin_env is None:
            raise ValueError(f"admin_env is required: {by_admin[0]} sends an admin's credential")
        if self.first_minutes is not None:
            offered = dict(self.named())
            absent = [name for name in self.first_minutes if name not in offered]
            if absent:
                raise ValueError(f"first_minutes names {absent[0]}, which these actions lack")
            if len(set(self.first_minutes)) != len(self.first_minutes):
                raise ValueError("first_minutes names an action twice")
            if self.first_minutes[:1] != ["check"]:
                raise ValueError("first_minutes must start with check, as the box's text does")
        return self

    def named(self) -> list[tuple[str, Action]]:
        """The actions the provider offers, in the order a reader needs them."""
        found = [("check", self.check), ("revoke", self.revoke), ("disable", self.disable)]
        found += [("enable", self.enable), ("find", self.find), ("audit", self.audit)]
        return [(name, action) for name, action in found if action is not None]
