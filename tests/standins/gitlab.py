"""A stateful imitation of GitLab's REST API v4 for personal access tokens.

Users, their tokens, and the audit events that creating, rotating and revoking a token leave.
Behaviour follows GitLab's personal access tokens API and audit events API pages, which the
catalog entry cites; every exchange is held to tests/contracts/gitlab-tokens.openapi.yaml.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import secrets
import string
import zlib

import requests
from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response
from .tokens import encode

SPEC = CONTRACTS / "gitlab-tokens.openapi.yaml"

PREFIX = "glpat-"
_ALPHABET = string.ascii_letters + string.digits + "-_"
_DIGITS36 = string.digits + string.ascii_lowercase


def _base36(number: int, width: int) -> str:
    return encode(number, _DIGITS36, width)


def legacy_token() -> str:
    """A token as GitLab made them before 18.3: the prefix and 20 URL-safe characters."""
    return PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(20))


def new_token(user_id: int | None = None) -> str:
    """A versioned routable token, as GitLab makes them now (routable_token.rb).

    The prefix, URL-safe base64 of 16 random bytes, the organization and user IDs and the
    payload's length, then `.01.`, the base64 part's length in two base-36 digits, and a
    CRC32 of everything before it in seven.
    """
    user = user_id if user_id is not None else secrets.randbelow(10**8) + 1
    payload = f"o:1\nu:{_base36(user, 1)}".encode()
    raw = secrets.token_bytes(16) + payload + bytes([len(payload)])
    encoded = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    body = f"{PREFIX}{encoded}.01.{_base36(len(encoded), 2)}"
    return body + _base36(zlib.crc32(body.encode()), 7)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(status: int, message: str) -> Answer:
    return Answer(json_response(status, {"message": message}))


UNAUTHORIZED = "401 Unauthorized"


def public(token: dict, with_ips: bool = False) -> dict:
    """A token as the API returns it: never the value; the list adds the last-used IPs."""
    hidden = {"token"} if with_ips else {"token", "last_used_ips"}
    return {key: value for key, value in token.items() if key not in hidden}


class GitLabStandIn(StandIn):
    spec = SPEC

    def __init__(self):
        self._ids = itertools.count(1)
        self._users: dict[int, dict] = {}
        self._tokens: dict[int, dict] = {}
        self._events: list[dict] = []
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        tokens = "/api/v4/personal_access_tokens"
        return [
            ("GET", "/api/v4/user", self._signed_in(self._current_user)),
            ("GET", tokens, self._signed_in(self._list_tokens)),
            ("GET", f"{tokens}/self", self._signed_in(self._own_token)),
            ("DELETE", f"{tokens}/self", self._signed_in(self._revoke_own)),
            ("DELETE", f"{tokens}/([0-9]+)", self._signed_in(self._revoke)),
            ("POST", f"{tokens}/self/rotate", self._signed_in(self._rotate_own)),
            ("POST", f"{tokens}/([0-9]+)/rotate", self._signed_in(self._rotate)),
            ("GET", "/api/v4/audit_events", self._signed_in(self._audit_events)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str, admin: bool = False) -> dict:
        user_id = next(self._ids)
        user = {
            "id": user_id,
            "username": username,
            "name": username.replace("-", " ").title(),
            "state": "active",
            "locked": False,
            "avatar_url": f"https://gitlab.example.com/uploads/-/system/user/avatar/{user_id}.png",
            "web_url": f"https://gitlab.example.com/{username}",
            "is_admin": admin,
        }
        with self._lock:
            self._users[user_id] = user
        return self._shown(user)

    def add_admin(self, username: str) -> dict:
        return self.add_user(username, admin=True)

    def create_token(self, user_id: int, description: str) -> tuple[str, str]:
        token = self._new_token(user_id, description, ["api"])
        return str(token["id"]), token["token"]

    def create_narrow_token(self, user_id: int, description: str) -> tuple[str, str]:
        """A live token that may clone but not read its account: /user answers it 403."""
        token = self._new_token(user_id, description, ["read_repository"])
        return str(token["id"]), token["token"]

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The values of the catalog's action inputs for a leaked token of `owner`."""
        return {"token_id": token_id, "user_id": str(owner["id"])}

    def misuse(self, base_url: str, token: str, user: dict) -> tuple[list[str], list[str]]:
        """Rotate the leaked token, as an intruder would to keep access: the audit shows it."""
        rotated = requests.post(
            f"{base_url}/api/v4/personal_access_tokens/self/rotate",
            headers={"PRIVATE-TOKEN": token},
            timeout=10,
        )
        assert rotated.status_code == 200, rotated.text
        # The event's details carry its message and the caller's address.
        return ["personal access token rotated", "127.0.0.1"], [rotated.json()["token"]]

    # -- authentication --

    def _signed_in(self, handler):
        return lambda request, *params: handler(request, *self._caller(request), *params)

    def _caller(self, request: Request) -> tuple[dict, dict]:
        """The user and token behind PRIVATE-TOKEN or a bearer value, or GitLab's 401."""
        value = request.headers.get("PRIVATE-TOKEN", "")
        scheme, _, bearer = request.headers.get("Authorization", "").partition(" ")
        if not value and scheme.lower() == "bearer":
            value = bearer.strip()
        if not value:
            raise _error(401, UNAUTHORIZED)
        self.seen_tokens.append(value)
        token = next((t for t in self._tokens.values() if t["token"] == value), None)
        if token is None or not token["active"]:
            raise _error(401, UNAUTHORIZED)
        token["last_used_at"] = _now()
        address = request.remote_addr or ""
        if address and address not in token["last_used_ips"]:
            # GitLab keeps up to five distinct addresses per token.
            token["last_used_ips"] = [*token["last_used_ips"], address][-5:]
        return self._users[token["user_id"]], token

    # -- handlers: (request, caller, token, *path parameters) --

    def _current_user(self, request: Request, caller: dict, token: dict) -> Response:
        if not {"api", "read_api", "read_user"} & set(token["scopes"]):
            body = {"error": "insufficient_scope", "scope": "read_user read_api api"}
            return json_response(403, body)
        return json_response(200, self._shown(caller))

    def _list_tokens(self, request: Request, caller: dict, _token) -> Response:
        wanted = request.args.get("user_id", type=int)
        if not caller["is_admin"]:
            # Everyone else sees only their own tokens, and is refused another user's.
            if wanted not in (None, caller["id"]):
                raise _error(401, UNAUTHORIZED)
            wanted = caller["id"]
        found = [
            public(t, with_ips=True)
            for t in self._tokens.values()
            if wanted is None or t["user_id"] == wanted
        ]
        return json_response(200, found)

    def _own_token(self, request: Request, caller: dict, token: dict) -> Response:
        return json_response(200, public(token))

    def _revoke_own(self, request: Request, caller: dict, token: dict) -> Response:
        self._end(request, caller, token, "personal_access_token_revoked")
        return Response(status=204)

    def _revoke(self, request: Request, caller: dict, _token, token_id: str) -> Response:
        target = self._permitted(caller, token_id)
        self._end(request, caller, target, "personal_access_token_revoked")
        return Response(status=204)

    def _rotate_own(self, request: Request, caller: dict, token: dict) -> Response:
        return json_response(200, self._rotated(request, caller, token))

    def _rotate(self, request: Request, caller: dict, _token, token_id: str) -> Response:
        target = self._permitted(caller, token_id)
        return json_response(200, self._rotated(request, caller, target))

    def _audit_events(self, request: Request, caller: dict, _token) -> Response:
        if not caller["is_admin"]:
            raise _error(403, "403 Forbidden")
        kind, wanted = request.args.get("entity_type"), request.args.get("entity_id", type=int)
        found = [
            event
            for event in reversed(self._events)
            if (kind is None or event["entity_type"] == kind)
            and (wanted is None or event["entity_id"] == wanted)
        ]
        return json_response(200, found)

    # -- helpers --

    def _shown(self, user: dict) -> dict:
        """GET /user names is_admin only to administrators."""
        return {k: v for k, v in user.items() if k != "is_admin" or user["is_admin"]}

    def _new_token(self, user_id: int, name: str, scopes: list[str]) -> dict:
        token = {
            "id": next(self._ids),
            "name": name,
            "description": None,
            "revoked": False,
            "created_at": _now(),
            "scopes": scopes,
            "user_id": user_id,
            "last_used_at": None,
            "active": True,
            "expires_at": (dt.date.today() + dt.timedelta(days=365)).isoformat(),
            "token": new_token(user_id),
            "last_used_ips": [],
        }
        with self._lock:
            self._tokens[token["id"]] = token
        return token

    def _permitted(self, caller: dict, token_id: str) -> dict:
        """The token a path names, if the caller owns it or is an administrator."""
        token = self._tokens.get(int(token_id))
        if token is None or not token["active"]:
            raise _error(404, "404 Not Found")
        if token["user_id"] != caller["id"] and not caller["is_admin"]:
            raise _error(401, UNAUTHORIZED)
        return token

    def _end(self, request: Request, caller: dict, token: dict, event: str) -> None:
        token["revoked"], token["active"] = True, False
        self._record(request, caller, token, event)

    def _rotated(self, request: Request, caller: dict, token: dict) -> dict:
        """Rotating revokes the old token and issues a new one with the same name and scopes."""
        token["revoked"], token["active"] = True, False
        new = self._new_token(token["user_id"], token["name"], token["scopes"])
        self._record(request, caller, new, "personal_access_token_rotated")
        return public(new) | {"token": new["token"]}

    def _record(self, request: Request, caller: dict, token: dict, event: str) -> None:
        owner = self._users[token["user_id"]]
        details = {
            "author_name": caller["name"],
            "target_id": token["id"],
            "target_type": "PersonalAccessToken",
            "target_details": token["name"],
            # The message is the stand-in's own; GitLab words it differently across versions.
            "custom_message": event.replace("_", " "),
            "ip_address": request.remote_addr or "",
            "entity_path": owner["username"],
        }
        self._events.append(
            {
                "id": next(self._ids),
                "author_id": caller["id"],
                "entity_id": owner["id"],
                "entity_type": "User",
                "event_name": event,
                "details": details,
                "created_at": _now(),
            }
        )
