"""How the programs call a provider: an HTTP API with the token, or the provider's SDKs."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.base import ENV_NAME, Model, Url
from generator.calls import (
    Answer,
    ApiName,
    BodyFormat,
    Call,
    FilePart,
    body_problem,
    same_reading,
)

HEADER_NAME = r"^[A-Za-z][A-Za-z0-9-]*$"


class SecondHeader(Model):
    """A header every authenticated call sends beside the credential, where the provider wants
    one: a setting, not a secret, that programs read from the environment like the base URL."""

    name: str = Field(pattern=HEADER_NAME)
    env: str = Field(pattern=ENV_NAME)
    # What to set it to, as the programs' comments and the page say it: "the user ID of ...".
    value: str = Field(min_length=3)
    source: Url


class Auth(Model):
    header: str = Field(default="Authorization", pattern=HEADER_NAME)
    # Written before the credential with one space; empty where the header holds the bare value.
    scheme: str = Field(default="Bearer", pattern=r"^([A-Za-z][A-Za-z0-9-]*)?$")
    second_header: SecondHeader | None = None
    # For HTTP Basic authentication with a fixed user name and the token as the password, such
    # as __token__: the programs send `Basic base64(<username>:<token>)`. Letters, digits and
    # `_.~-` only, so the name needs no escaping in any program (RFC 7617 bars a colon).
    username: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.~-]+$")

    @model_validator(mode="after")
    def _two_headers(self) -> Auth:
        second = self.second_header
        if second and second.name.lower() == self.header.lower():
            raise ValueError("second_header.name must differ from header, the credential's")
        return self

    @model_validator(mode="after")
    def _basic_has_a_user(self) -> Auth:
        basic = self.scheme.lower() == "basic"
        if self.username is not None and not basic:
            raise ValueError("username goes with scheme Basic, where the token is the password")
        if basic and self.username is None:
            raise ValueError(
                "scheme Basic needs username, the fixed user name the token is the password of"
            )
        if basic and self.header != "Authorization":
            raise ValueError("HTTP Basic credentials travel in the Authorization header")
        return self

    @property
    def forwarded_on_redirect(self) -> bool:
        """Whether HTTP clients would send these headers on to any host a redirect names.

        Python requests, Node's fetch, Go's net/http and Rust's reqwest drop Authorization (and
        cookies) when a redirect leaves the host, but keep every other header, so programs
        sending the credential elsewhere, or a second header, must not follow redirects.
        """
        return self.header.lower() != "authorization" or self.second_header is not None

    def credential(self, token: str) -> str:
        """The header's value as the programs send it for a token."""
        if self.username is not None:
            pair = base64.b64encode(f"{self.username}:{token}".encode()).decode()
            return f"{self.scheme} {pair}"
        return f"{self.scheme} {token}".strip()


class Whoami(Model):
    """The side-effect-free call a snippet makes with the token to prove it works.

    Where the provider has no such call, a probe: a POST the provider refuses without acting on
    it, with the refusal a live secret gets as `live` (see actions.Check).
    """

    method: Literal["GET", "POST"] = "GET"
    # Appended to the base URL, or to the secret itself where it is a URL ("" for the URL).
    path: str = Field(pattern=r"^(/\S*)?$")
    # A probe's JSON body, sent as it stands: an empty or invalid payload the provider refuses.
    body: dict[str, str | list[str]] | None = None
    # How the probe's body travels: as JSON, as an HTML form (URL-encoded fields), or as
    # multipart/form-data (the fields as parts, then `file` if given).
    body_format: BodyFormat = "json"
    # multipart only: an empty file part, for an endpoint that refuses a request without one
    # before it looks at the credential.
    file: FilePart | None = None
    live: Answer | None = None
    # Other refusals that also prove the secret works (see actions.Check.also_live).
    also_live: list[Answer] = []
    # The top-level key of the answer that names the account, printed by the snippets. Leave it
    # out where the call proves the token works and no field of its answer names an account:
    # the snippets then print a fixed line saying the token works.
    field: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    source: Url

    @model_validator(mode="after")
    def _posts_only_to_be_refused(self) -> Whoami:
        if self.method == "POST" and self.live is None:
            raise ValueError(
                "method POST needs live, the refusal that proves the secret works: a POST that"
                " succeeds may act"
            )
        if self.live is not None and self.method != "POST":
            raise ValueError("live belongs to a probe, which is a POST")
        if self.also_live and self.live is None:
            raise ValueError("also_live belongs to a probe: give live as well")
        if self.body is not None and self.live is None:
            raise ValueError("body belongs to a probe: give live as well")
        if self.live is not None and self.field is not None:
            raise ValueError("a probe's answer is a refusal and names no account: leave field out")
        problem = body_problem(self.body, self.body_format, self.file)
        if problem:
            raise ValueError(problem)
        problem = same_reading(self.live_answers)
        if problem:
            raise ValueError(f"live and also_live: {problem}")
        return self

    @property
    def live_answers(self) -> list[Answer]:
        """Every refusal that proves a probe's secret works: live first, then also_live."""
        return [self.live, *self.also_live] if self.live is not None else []


class Api(Model):
    # Where the secret travels: in a header (`auth`) to the API at the base URL, or as the URL
    # itself, which programs call with no other credential (a webhook URL).
    credential_in: Literal["header", "url"] = "header"
    # The server address, read from base_url_env; a URL secret needs one only for actions an
    # admin makes.
    base_url_env: str | None = Field(default=None, pattern=ENV_NAME)
    base_url_example: str | None = Field(default=None, pattern=r"^https://[^/\s]+$")
    # Where the secret is a URL: how every such URL starts, shown to readers, never a whole one.
    url_start: str | None = Field(default=None, pattern=r"^https://[^/\s]+/\S*$")
    auth: Auth = Auth()
    whoami: Whoami
    # For an API that answers HTTP 200 whether or not a call worked: a true value of this key of
    # the JSON answer means the call worked; otherwise the answer's error_field says why.
    ok_field: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_]*$")
    error_field: str = Field(default="error", pattern=r"^[a-z_][a-z0-9_]*$")

    @model_validator(mode="after")
    def _credential_has_its_address(self) -> Api:
        if self.credential_in == "header":
            missing = [n for n in ("base_url_env", "base_url_example") if getattr(self, n) is None]
            if missing:
                raise ValueError(f"{missing[0]} is required where credential_in is header")
            if not self.whoami.path:
                raise ValueError("whoami.path may be empty only where credential_in is url")
            if self.url_start is not None:
                raise ValueError("url_start belongs to a secret that is a URL (credential_in: url)")
            return self
        if self.url_start is None:
            raise ValueError("url_start is required where credential_in is url")
        if "auth" in self.model_fields_set:
            raise ValueError("auth is for a header; a URL secret is sent as the URL alone")
        if (self.base_url_env is None) != (self.base_url_example is None):
            raise ValueError("base_url_env and base_url_example come as a pair")
        if self.whoami.live is None:
            raise ValueError("where credential_in is url, whoami must be a probe (give live)")
        if self.ok_field:
            raise ValueError("ok_field is for an API that answers 200 either way, not a URL secret")
        return self


class SdkWhoami(Call):
    """The side-effect-free SDK operation a snippet makes with the secret to prove it works."""

    field: ApiName  # the key of the answer that names the account, printed by the snippets
    source: Url


class Sdk(Model):
    """For a provider whose requests its official SDKs sign (no bearer token to send).

    Every program then makes SDK operations and takes the endpoint from the SDK's own
    configuration; the provider's CLI reads the secret from the same environment variables.
    """

    whoami: SdkWhoami
    cli: str = Field(pattern=r"^[a-z][a-z0-9-]*$")  # the provider's CLI command, e.g. aws
    # Variables the CLI would sign with beside the pair, such as someone else's session token
    # in the reader's shell: the shell programs unset them for the call made with the pair.
    clear_env: list[Annotated[str, Field(pattern=ENV_NAME)]] = []
