"""What one provider call sends, an HTTP request or an SDK operation, and how its answer reads."""

from __future__ import annotations

import re
import urllib.parse
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.base import Model

# A multipart part's name, written unquoted into its Content-Disposition header.
MULTIPART_NAME = re.compile(r"^[A-Za-z0-9_:.-]+$")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The placeholder for the leaked token's value itself, read from storage.env_var, never an input.
TOKEN = "token"
# Where the leaked secret is a URL that ends in the ID the provider's API knows it by (a webhook
# URL): the last segment of its path, which programs cut from the stored value, so the reader
# never copies the secret part out by hand. Allowed in a request's path only.
TOKEN_LAST_SEGMENT = "token_last_segment"


class FilePart(Model):
    """An empty file part of a multipart body: the endpoint's file field, sent with no bytes."""

    # The part's form field name, as the provider spells it (`content`).
    field: str = Field(pattern=r"^[A-Za-z_:][A-Za-z0-9_:.-]*$")
    # The file name the part announces; no quotes, slashes or line breaks.
    filename: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
    # The part's Content-Type, e.g. application/octet-stream.
    content_type: str = Field(pattern=r"^[a-z]+/[a-z0-9][a-z0-9.+-]*$")


# How a body travels: JSON, an HTML form (URL-encoded fields), or multipart/form-data (the
# fields as parts, and an optional empty file part).
BodyFormat = Literal["json", "form", "multipart"]


def body_problem(body: dict | None, body_format: str, file: FilePart | None = None) -> str | None:
    """Why a body cannot be sent in its format, or None when it can."""
    if file is not None and body_format != "multipart":
        return f"file: only a multipart body carries a file part, not body_format {body_format}"
    if body_format == "json":
        return None
    if not body:
        return f"body_format {body_format} needs a body: the form's fields"
    lists = [name for name, value in body.items() if not isinstance(value, str)]
    if lists:
        return f"a form's fields hold one string each, not a list: {lists[0]}"
    names = [name for name in body if not MULTIPART_NAME.match(name)]
    if body_format == "multipart" and names:
        return f"a multipart field name holds only letters, digits and _ : . -, not {names[0]!r}"
    if file is not None and file.field in body:
        return f"file.field {file.field} is also a field of the body: name the file part apart"
    return None


def form_text(body: dict[str, str]) -> str:
    """A form body as it travels: its fields URL-encoded, `:` as %3A."""
    return urllib.parse.urlencode(body)


class Request(Model):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    # The path, and after `?` a query of name=value pairs; values may hold {placeholders}.
    # Names are written as the provider spells them, camelCase included (perPage). Where the
    # secret is a URL (api.credential_in: url), the path is appended to it; "" calls the URL
    # itself.
    path: str = Field(pattern=r"^(/[^?#\s]*(\?[A-Za-z_]+=[^&#\s]+(&[A-Za-z_]+=[^&#\s]+)*)?)?$")
    # JSON object; values, or the strings of a list value, may hold {placeholders}.
    body: dict[str, str | list[str]] | None = None
    # Headers sent only when the reader sets them, such as a second factor's code: header name ->
    # one {placeholder} of actions.optional_inputs.
    headers: dict[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$")], str] = {}
    # How the body travels: as JSON, as an HTML form (application/x-www-form-urlencoded), or
    # as multipart/form-data. Only a probe's fixed body can be a form so far.
    body_format: BodyFormat = "json"
    # multipart only: an empty file part sent after the fields.
    file: FilePart | None = None

    @model_validator(mode="after")
    def _form_is_flat(self) -> Request:
        problem = body_problem(self.body, self.body_format, self.file)
        if problem:
            raise ValueError(problem)
        return self

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

    @property
    def cuts_token(self) -> bool:
        """Whether the path carries the last segment of the leaked token, a URL."""
        return TOKEN_LAST_SEGMENT in self.placeholders()


class Answer(Model):
    """One answer a probe can get: a status, and optionally what in the body marks it.

    `text` is the whole body, surrounding whitespace trimmed (Slack answers `no_text`);
    `field` and `value` are a top-level key of a JSON body and its string value (Mattermost
    answers `{"id": "..."}`). Leave both out where the status alone tells.
    """

    status: int = Field(ge=400, le=499)
    text: str | None = Field(default=None, pattern=r"^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$")
    field: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    value: str | None = Field(default=None, pattern=r"^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$")

    @model_validator(mode="after")
    def _one_marker(self) -> Answer:
        if (self.field is None) != (self.value is None):
            raise ValueError("field and value come as a pair: the JSON key and the value it holds")
        if self.text is not None and self.field is not None:
            raise ValueError("give text (the whole body) or field and value (a JSON key), not both")
        return self

    @property
    def marker(self) -> str | None:
        """What in the body marks this answer: its text, or the field's value."""
        return self.text if self.text is not None else self.value

    @property
    def key(self) -> str:
        """How a program compares an answer: the status, then a space and the marker, if any."""
        return str(self.status) if self.marker is None else f"{self.status} {self.marker}"

    @property
    def marked_by(self) -> str:
        """How the body is read: "text", "field" or "" (the status alone)."""
        return "text" if self.text is not None else "field" if self.field is not None else ""


def same_reading(answers: list[Answer]) -> str | None:
    """Why these answers cannot be told apart in one program, or None when they can."""
    kinds = {answer.marked_by for answer in answers}
    if len(kinds) > 1:
        return (
            "every answer is read the same way: all by text, all by field and value, or all"
            " by status alone"
        )
    fields = {answer.field for answer in answers}
    if len(fields) > 1:
        return f"every answer reads the same field, not {sorted(fields)}"
    keys = [(answer.status, answer.marker) for answer in answers]
    if len(set(keys)) < len(keys):
        return "no two answers may share a status and marker"
    return None


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
