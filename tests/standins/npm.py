"""A stateful imitation of the npm registry's calls for granular access tokens.

Accounts, their granular access tokens, the two-hour sessions `npm login` opens, who am I, the
token list and token deletion. Behaviour follows the npm pages the catalog entry cites; every
exchange is held to tests/contracts/npm-tokens.openapi.yaml.

npm has no administrator over another account's tokens: only the owner, signed in, lists and
deletes them. So the credential the incident programs call "admin" is the owner's own session,
which `sign_in` opens; `add_admin` makes an ordinary account.

Two simplifications, both on the safe side of what npm documents: a deleted token stops at once
(npm warns it may keep working for up to an hour), and a session token has the same `npm_`
format as a granular token (npm documents no format for sessions).
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import string
import uuid
import zlib

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response
from .tokens import encode

SPEC = CONTRACTS / "npm-tokens.openapi.yaml"

PREFIX = "npm_"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
# Write tokens default to seven days; read-only ones to 30 (token.yaml, createToken `expires`).
WRITE_DAYS, READ_DAYS = 7, 30
SESSION = dt.timedelta(hours=2)

UNAUTHORIZED = "Unauthorized"
NEEDS_OTP = (
    "You must provide a one-time pass. Upgrade your client to npm@latest in order to use 2FA."
)
BYPASS_REFUSED = (
    "Granular access tokens that bypass two-factor authentication may not perform this action."
)


def checksum(random: str) -> str:
    """The last six characters of a token: a base62 CRC32 of the 30 random ones before them."""
    return encode(zlib.crc32(random.encode()), BASE62, 6)


def new_token() -> str:
    """`npm_`, 30 random base62 characters, then their checksum in six: 40 in all."""
    random = "".join(secrets.choice(BASE62) for _ in range(30))
    return PREFIX + random + checksum(random)


def redacted(value: str) -> str:
    """A token as the list shows it: the first eight characters, `...`, the last four."""
    return f"{value[:8]}...{value[-4:]}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _error(status: int, message: str, **headers: str) -> Answer:
    response = json_response(status, {"error": message})
    response.headers.update(headers)
    return Answer(response)


def _message(status: int, message: str) -> Answer:
    return Answer(json_response(status, {"message": message}))


class NpmStandIn(StandIn):
    spec = SPEC

    def __init__(self):
        self._ids = itertools.count(1)
        self._users: dict[int, dict] = {}
        self._tokens: dict[str, dict] = {}  # by key
        self._sessions: dict[str, dict] = {}  # by value
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        return [
            ("GET", "/-/whoami", self._signed_in(self._whoami)),
            ("GET", "/-/npm/v1/tokens", self._signed_in(self._list)),
            ("DELETE", "/-/npm/v1/tokens/token/([^/]+)", self._signed_in(self._delete)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str, two_factor: bool = False) -> dict:
        """An account; with `two_factor`, every write it makes needs a one-time password."""
        user = {"id": next(self._ids), "username": username, "two_factor": two_factor}
        with self._lock:
            self._users[user["id"]] = user
        return {"id": user["id"], "username": username}

    def add_admin(self, username: str) -> dict:
        """An ordinary account: npm gives no account power over another's tokens."""
        return self.add_user(username)

    def create_token(
        self, user_id: int, description: str, bypass_2fa: bool = False, readonly: bool = False
    ) -> tuple[str, str]:
        """A granular token named `description` that may write every package; (key, value)."""
        value, created = new_token(), _now()
        token = {
            "key": str(uuid.uuid4()),
            "value": value,
            "user_id": user_id,
            "name": description,
            "description": None,
            "expiry": _iso(created + dt.timedelta(days=READ_DAYS if readonly else WRITE_DAYS)),
            "readonly": readonly,
            "bypass_2fa": bypass_2fa,
            "cidr": None,
            "created": _iso(created),
            "accessed": None,
            "permissions": [{"name": "package", "action": "read" if readonly else "write"}],
            "scopes": [{"type": "package", "name": "*"}],
        }
        with self._lock:
            self._tokens[token["key"]] = token
        return token["key"], value

    def sign_in(self, user_id: int) -> str:
        """The session `npm login` opens for the account: it may list and delete its tokens."""
        value = new_token()
        with self._lock:
            self._sessions[value] = {"user_id": user_id, "expires": _now() + SESSION}
        return value

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The values of the catalog's action inputs for a leaked token of `owner`."""
        return {"token_id": token_id}

    # -- authentication --

    def _signed_in(self, handler):
        return lambda request, *params: handler(request, self._caller(request), *params)

    def _caller(self, request: Request) -> dict:
        """{user_id, token or None}: who the bearer value is, or npm's 401."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            raise _error(401, UNAUTHORIZED)
        self.seen_tokens.append(value)

        session = self._sessions.get(value)
        if session is not None and session["expires"] > _now():
            return {"user_id": session["user_id"], "token": None}
        token = next((t for t in self._tokens.values() if t["value"] == value), None)
        if token is None:
            raise _error(401, UNAUTHORIZED)
        token["accessed"] = _iso(_now())
        return {"user_id": token["user_id"], "token": token}

    # -- handlers --

    def _whoami(self, request: Request, caller: dict) -> Response:
        return json_response(200, {"username": self._users[caller["user_id"]]["username"]})

    def _list(self, request: Request, caller: dict) -> Response:
        if caller["token"] is not None:
            # The list accepts a login session only (token.yaml: security npmSessionToken).
            raise _error(401, UNAUTHORIZED)
        mine = [t for t in self._tokens.values() if t["user_id"] == caller["user_id"]]
        per_page = request.args.get("perPage", 10, type=int)
        start = request.args.get("page", 0, type=int) * per_page
        page = [self._listed(t) for t in mine[start : start + per_page]]
        return json_response(200, {"objects": page, "total": len(mine), "urls": {}})

    def _delete(self, request: Request, caller: dict, wanted: str) -> Response:
        token = caller["token"]
        if token is not None and token["bypass_2fa"]:
            raise _error(403, BYPASS_REFUSED)
        if self._users[caller["user_id"]]["two_factor"] and not request.headers.get("npm-otp"):
            raise _error(401, NEEDS_OTP, **{"WWW-Authenticate": "OTP"})

        # The path names a token by its key or by its full value (token.yaml, deleteToken).
        target = self._tokens.get(wanted) or next(
            (t for t in self._tokens.values() if t["value"] == wanted), None
        )
        if target is None or target["user_id"] != caller["user_id"]:
            raise _message(404, "Token does not exist")
        del self._tokens[target["key"]]
        return Response(status=204)

    @staticmethod
    def _listed(token: dict) -> dict:
        listed = {k: v for k, v in token.items() if k not in ("value", "user_id")}
        return listed | {
            "token": redacted(token["value"]),
            "revoked": None,
            "updated": token["created"],
        }
