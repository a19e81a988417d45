"""A stateful imitation of PyPI's upload endpoint, as far as its authentication goes.

PyPI has no who-am-I call: the only call a token is good for is an upload to POST /legacy/.
Its view is wrapped (warehouse forklift/legacy.py, `decorator=[upload_metrics, sanitize,
ensure_uploads_allowed]`, the first outermost), so this stand-in answers in that order:

1. sanitize (forklift/decorators.py): a request without a `content` file part, or with one
   whose type is missing or an image's, gets 400, whoever sends it, a dead token too;
2. ensure_uploads_allowed: read-only or uploads switched off, 403 for everyone; then no known
   token, 403 "Invalid or non-existent authentication information.";
3. the view: 400 for the first required upload field the form lacks (`name` first, as
   warehouse's UploadForm reports it), before any project is looked up or created.

It never stores a project, a release or a file; a complete upload gets 501, which the contract
guard reports.

Tokens are removed the way PyPI's account page removes them (`revoke_in_ui`), and PyPI's
secret scanning partners' reports are imitated by `remove_as_leaked`. Behaviour follows the
PyPI pages and warehouse files the catalog entry cites; every exchange is held to
tests/contracts/pypi-upload.openapi.yaml.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import uuid

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn

SPEC = CONTRACTS / "pypi-upload.openapi.yaml"

PREFIX = "pypi-"
LOCATION = b"pypi.org"
# The user name of HTTP Basic credentials that carry a token as their password.
TOKEN_USER = "__token__"
HELP = "https://pypi.org/help/"
NO_IDENTITY = (
    "Invalid or non-existent authentication information."
    f" See {HELP}#invalid-auth for more information."
)
NO_PASSWORDS = (
    "Username/Password authentication is no longer supported. Migrate to API Tokens or"
    f" Trusted Publishers instead. See {HELP}#apitoken and {HELP}#trusted-publishers"
)
NO_FILE = "Upload payload does not have a file."
BAD_FILE_TYPE = "Invalid distribution file."
READ_ONLY = "Read-only mode: Uploads are temporarily disabled."
UPLOADS_DISABLED = "New uploads are temporarily disabled."
# The fields warehouse's UploadForm (forklift/forms.py) requires, `name` first as its error
# order puts it, then what the metadata check asks for; each missing one is a 400.
REQUIRED = ("name", "filetype", "metadata_version", "version")
# How warehouse words a missing field it knows the description of.
DESCRIBED = {"name": "Name", "metadata_version": "Metadata-Version", "version": "Version"}
CORE_METADATA = "https://packaging.python.org/specifications/core-metadata"
# The fields sanitize lets carry a file; any other file part is refused.
FILE_FIELDS = {"content", "gpg_signature"}


def _field(kind: int, data: bytes) -> bytes:
    """One field of a version 2 macaroon: its type, its length, then its bytes."""
    assert len(data) < 128, "one-byte lengths only"
    return bytes([kind, len(data)]) + data


def new_token(identifier: str | None = None, caveat: object = None, key: bytes = b"") -> str:
    """A token in PyPI's format: `pypi-`, then a version 2 macaroon in URL-safe base64.

    The macaroon names pypi.org as its location, so every value starts `pypi-AgEIcHlwaS5vcmc`,
    and carries its identifier (the token's ID), one caveat and an HMAC signature.
    """
    identifier = identifier or str(uuid.uuid4())
    caveat = caveat if caveat is not None else [3, str(uuid.uuid4())]
    key = key or secrets.token_bytes(32)
    signature = hmac.new(key, identifier.encode(), hashlib.sha256).digest()
    signature = hmac.new(signature, json.dumps(caveat).encode(), hashlib.sha256).digest()
    raw = b"\x02" + _field(1, LOCATION) + _field(2, identifier.encode()) + b"\x00"
    raw += _field(2, json.dumps(caveat, separators=(",", ":")).encode()) + b"\x00" + b"\x00"
    raw += _field(6, signature)
    return PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def identifier_of(value: str) -> str | None:
    """The identifier a token carries, or None where the value is no macaroon of PyPI's."""
    if not value.startswith(PREFIX):
        return None
    body = value.removeprefix(PREFIX)
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
    location = _field(1, LOCATION)
    if raw[:1] != b"\x02" or raw[1 : 1 + len(location)] != location:
        return None
    at = 1 + len(location)
    if raw[at : at + 1] != b"\x02" or len(raw) < at + 2:
        return None
    length = raw[at + 1]
    try:
        return raw[at + 2 : at + 2 + length].decode()
    except UnicodeDecodeError:
        return None


def _refuse(status: int, message: str) -> Answer:
    """PyPI's error answer: the message rides in the status line and in a small HTML page."""
    title = f"{status} {message}"
    body = f"<html>\n <head>\n  <title>{title}</title>\n </head>\n <body>\n  <h1>{title}</h1>"
    body += "\n </body>\n</html>"
    response = Response(body, status=title, mimetype="text/html")
    return Answer(response)


class PyPIStandIn(StandIn):
    spec = SPEC

    def __init__(self):
        self._users: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}  # by token ID, the macaroon's identifier
        self.seen_tokens: list[str] = []
        # What the probe must never leave behind: PyPI creates a project on a first upload.
        self.projects: dict[str, dict] = {}
        self.security_history: list[dict] = []  # the account events the tests look at
        # PyPI's admin flags: read-only mode, and new uploads switched off.
        self.read_only = False
        self.uploads_disabled = False
        super().__init__()

    def routes(self):
        return [("POST", "/legacy/", self._upload)]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str) -> dict:
        """An account with a verified email and 2FA, as PyPI requires of every uploader."""
        user = {"id": str(uuid.uuid4()), "username": username, "disabled": False}
        with self._lock:
            self._users[user["id"]] = user
        return {"id": user["id"], "username": username}

    def add_admin(self, username: str) -> dict:
        """Another account: no call the programs make needs anyone else's token."""
        return self.add_user(username)

    def create_token(self, user_id: str, description: str, project: str | None = None):
        """**Add API token**: account-wide, or for one project. Returns (token ID, value)."""
        token_id = str(uuid.uuid4())
        caveat = [1, [project]] if project else [3, user_id]
        value = new_token(token_id, caveat)
        with self._lock:
            self._tokens[token_id] = {"user": user_id, "description": description}
            self._record(user_id, "API token added", description)
        return token_id, value

    def revoke_in_ui(self, token_id: str) -> None:
        """**Options** > **Remove token** on the account's API tokens page."""
        with self._lock:
            token = self._tokens.pop(token_id)
            self._record(token["user"], "API token removed", token["description"])

    def remove_as_leaked(self, value: str) -> None:
        """What PyPI does when a scanning partner reports the value found in public."""
        with self._lock:
            token = self._tokens.pop(identifier_of(value) or "", None)
            if token:
                self._record(
                    token["user"],
                    "API token automatically removed for security reasons",
                    token["description"],
                )

    def disable_user(self, user_id: str) -> None:
        """An administrator's freeze of the account: its tokens then carry no identity."""
        with self._lock:
            self._users[user_id]["disabled"] = True

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The catalog's actions take no inputs besides the token itself."""
        return {}

    def _record(self, user_id: str, event: str, description: str) -> None:
        self.security_history.append({"user": user_id, "event": event, "token": description})

    # -- authentication --

    def _identity(self, request: Request) -> dict:
        """The account behind the request's token, or PyPI's 403, as warehouse decides it."""
        scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
        value = credentials.strip()
        if scheme.lower() == "basic":
            try:
                user, _, value = base64.b64decode(value, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                raise _refuse(403, NO_IDENTITY) from None
            self.seen_tokens.append(value)
            if user != TOKEN_USER:
                # A user name and password: PyPI takes only tokens and trusted publishers now.
                raise _refuse(403, NO_PASSWORDS)
        elif scheme.lower() in ("token", "bearer"):
            self.seen_tokens.append(value)
        else:
            raise _refuse(403, NO_IDENTITY)

        token = self._tokens.get(identifier_of(value.strip()) or "")
        user = self._users.get(token["user"]) if token else None
        if user is None or user["disabled"]:
            raise _refuse(403, NO_IDENTITY)
        return user

    # -- handlers --

    def _sanitize(self, request: Request) -> None:
        """warehouse's sanitize decorator: the outermost check but metrics, before any identity."""
        for name in set(request.files) - FILE_FIELDS:
            raise _refuse(400, f"{name}: Should not be a tuple.")
        content = request.files.get("content")
        if content is None:
            raise _refuse(400, NO_FILE)
        if not content.mimetype or content.mimetype.startswith("image/"):
            raise _refuse(400, BAD_FILE_TYPE)

    def _upload(self, request: Request) -> Response:
        try:
            return self._answer(request)
        finally:
            request.close()  # the parsed file parts' temporary files

    def _answer(self, request: Request) -> Response:
        self._sanitize(request)
        # ensure_uploads_allowed: the flags first, then the identity.
        if self.read_only:
            raise _refuse(403, READ_ONLY)
        if self.uploads_disabled:
            raise _refuse(403, UPLOADS_DISABLED)
        self._identity(request)
        fields = request.form.to_dict()
        missing = next((name for name in REQUIRED if not fields.get(name)), None)
        if missing in DESCRIBED:
            raise _refuse(
                400,
                f"'' is an invalid value for {DESCRIBED[missing]}. Error: This field is required."
                f" See {CORE_METADATA} for more information.",
            )
        if missing:
            raise _refuse(400, f"Invalid value for {missing}. Error: This field is required.")
        return Response("uploads are not imitated", status=501, mimetype="text/plain")
