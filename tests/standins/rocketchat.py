"""A stateful imitation of Rocket.Chat's REST API for personal access tokens.

Users and their personal access tokens; each call is authenticated by the pair of headers
`X-Auth-Token` (the token) and `X-User-Id` (its owner's ID). Behaviour follows the server source
the catalog entry cites: apps/meteor/app/api/server/v1/users.ts for the three routes,
imports/personal-access-tokens/server/api/methods/ for who may list and remove, and
app/2fa/server/code/index.ts for when removal asks for a second factor. Every exchange is held
to tests/contracts/rocketchat-tokens.openapi.yaml.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response

SPEC = CONTRACTS / "rocketchat-tokens.openapi.yaml"

# The alphabets of the server's Random.id() and Random.secret() (packages/random).
UNMISTAKABLE = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz"
BASE64URL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
PERMISSION = "create-personal-access-tokens"


def new_token() -> str:
    """43 characters of the URL-safe base64 alphabet, as Random.secret() makes a token."""
    return "".join(secrets.choice(BASE64URL) for _ in range(43))


def new_user_id() -> str:
    """17 characters of the unmistakable alphabet, as Random.id() makes a user ID."""
    return "".join(secrets.choice(UNMISTAKABLE) for _ in range(17))


def _hashed(value: str) -> str:
    # The server keeps only a SHA-256 hash of each login token (Accounts._hashLoginToken).
    return hashlib.sha256(value.encode()).hexdigest()


def _failure(error: str, error_type: str) -> Answer:
    """A Meteor error as the REST API answers it: HTTP 400 with success false."""
    body = {"success": False, "error": f"{error} [{error_type}]", "errorType": error_type}
    return Answer(json_response(400, body))


def _unauthorized() -> Answer:
    body = {"status": "error", "message": "You must be logged in to do this."}
    return Answer(json_response(401, body))


class RocketChatStandIn(StandIn):
    """Users of one workspace, their personal access tokens, and the 2FA check on removal."""

    spec = SPEC

    def __init__(self):
        self._users: dict[str, dict] = {}
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        signed_in = self._signed_in
        return [
            ("GET", "/api/v1/me", signed_in(self._me)),
            ("GET", "/api/v1/users.getPersonalAccessTokens", signed_in(self._list)),
            ("POST", "/api/v1/users.removePersonalAccessToken", signed_in(self._remove)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str, password: str | None = None, permitted: bool = True) -> dict:
        """A user; `password` set means removal asks for it as the second factor's fallback.

        Without a password or a second factor, the server finds no method to ask for and lets
        two-factor calls through, as for a bot account (index.ts, getSecondFactorMethod).
        """
        user = {"_id": new_user_id(), "username": username, "tokens": {}}
        user |= {"password": _hashed(password) if password else None, "permitted": permitted}
        with self._lock:
            self._users[user["_id"]] = user
        return {"id": user["_id"], "username": username}

    def add_admin(self, username: str) -> dict:
        """No action in the playbook needs an admin: no one may remove another user's token."""
        return self.add_user(username)

    def create_token(
        self, user_id: str, description: str, bypass_two_factor: bool = False
    ) -> tuple[str, str]:
        """A token named `description`; the name is its handle, so it is returned as its ID."""
        value = new_token()
        token = {"hash": _hashed(value), "lastTokenPart": value[-6:]}
        token |= {"createdAt": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")}
        token["bypassTwoFactor"] = bypass_two_factor
        with self._lock:
            tokens = self._users[user_id]["tokens"]
            if description in tokens:
                raise ValueError(f"{user_id} already has a token named {description!r}")
            tokens[description] = token
        return description, value

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The catalog's one input is the token's name, which create_token returned as its ID."""
        return {"token_name": token_id}

    def second_header_value(self, owner: dict) -> str:
        """The value of the catalog's api.auth.second_header (X-User-Id) for `owner`'s token."""
        return owner["id"]

    def require_optional_headers(self, owner: dict) -> dict[str, str]:
        """Give `owner` a password, so removal asks for it; return the optional inputs' values.

        With a password and no other second factor, the server asks for the password's SHA-256
        digest as the code, with `password` as the method (PasswordCheckFallback.ts).
        """
        password = secrets.token_urlsafe(12)
        with self._lock:
            self._users[owner["id"]]["password"] = _hashed(password)
        return {"two_factor_method": "password", "two_factor_code": _hashed(password)}

    def has_token(self, user_id: str, name: str) -> bool:
        with self._lock:
            return name in self._users[user_id]["tokens"]

    # -- authentication --

    def _signed_in(self, handler):
        return lambda request, *params: handler(request, *self._caller(request), *params)

    def _caller(self, request: Request) -> tuple[dict, dict]:
        """The user and token behind the X-User-Id and X-Auth-Token pair, or the 401."""
        value = request.headers.get("X-Auth-Token", "")
        self.seen_tokens.append(value)
        user = self._users.get(request.headers.get("X-User-Id", ""))
        hashed = _hashed(value)
        token = next(
            (t for t in (user or {}).get("tokens", {}).values() if t["hash"] == hashed), None
        )
        if user is None or token is None:
            raise _unauthorized()
        return user, token

    def _second_factor(self, request: Request, user: dict, token: dict) -> None:
        """Removal needs a second factor unless the token bypasses it (index.ts)."""
        if token["bypassTwoFactor"] or user["password"] is None:
            return
        code, method = request.headers.get("x-2fa-code"), request.headers.get("x-2fa-method")
        if not code or method != "password":
            raise _failure("TOTP Required", "totp-required")
        if code.lower() != user["password"]:
            raise _failure("TOTP Invalid", "totp-invalid")

    # -- handlers: (request, user, token) --

    def _me(self, request: Request, user: dict, _token: dict) -> Response:
        body = {"_id": user["_id"], "username": user["username"], "active": True}
        return json_response(200, body | {"success": True})

    def _list(self, request: Request, user: dict, _token: dict) -> Response:
        if not user["permitted"]:
            raise _failure("Not Authorized", "not-authorized")
        listed = [
            {"name": name}
            | {key: token[key] for key in ("createdAt", "lastTokenPart")}
            | {"bypassTwoFactor": token["bypassTwoFactor"]}
            for name, token in user["tokens"].items()
        ]
        return json_response(200, {"tokens": listed, "success": True})

    def _remove(self, request: Request, user: dict, token: dict) -> Response:
        self._second_factor(request, user, token)
        if not user["permitted"]:
            raise _failure("Not Authorized", "not-authorized")
        name = request.get_json()["tokenName"]
        # Only the caller's own tokens are looked up: no one can name another user's token.
        if name not in user["tokens"]:
            raise _failure("Token does not exist", "error-token-does-not-exists")
        del user["tokens"][name]
        return json_response(200, {"success": True})
