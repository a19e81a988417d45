"""A stateful imitation of Mattermost's REST API v4 for personal access tokens.

Behaviour follows shared/research/mattermost-and-conjur-facts.md, parts A4-A10.
"""

from __future__ import annotations

import base64
import copy
import re
import time
import uuid

import requests
from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response

SPEC = CONTRACTS / "mattermost-tokens.openapi.yaml"

_STANDARD_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_MATTERMOST_BASE32 = "ybndrfg8ejkmcpqxot1uwisza345h769"
_TO_MATTERMOST = str.maketrans(_STANDARD_BASE32, _MATTERMOST_BASE32)
_ID = re.compile(r"[a-z0-9]{26}")

# The role behind "Allow this account to generate personal access tokens" (facts A2).
# system_admin holds every permission; edit_other_users and manage_system come only with it.
_TOKEN_ROLE = "system_user_access_token"
_TOKEN_PERMISSIONS = {f"{verb}_user_access_token" for verb in ("create", "read", "revoke")}
# A session opened by a token lasts SessionUserAccessTokenExpiryHours: 100 years (facts A6).
_HUNDRED_YEARS_MS = 100 * 365 * 24 * 3600 * 1000


def new_id() -> str:
    """A 26-character id made as Mattermost's NewId makes it: base32 of a random UUIDv4."""
    return base64.b32encode(uuid.uuid4().bytes).decode().rstrip("=").translate(_TO_MATTERMOST)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _app_error(status: int, error_id: str, message: str, detail: str = "") -> Answer:
    body = {
        "id": error_id,
        "message": message,
        "detailed_error": detail,
        "request_id": new_id(),
        "status_code": status,
        "is_oauth": False,
    }
    return Answer(json_response(status, body))


def _bad_param(name: str, where: str = "url") -> Answer:
    message = f"The {name} in the request {where} is missing or names nothing."
    return _app_error(400, f"api.context.invalid_{where}_param.app_error", message)


def public_user(user: dict) -> dict:
    """The User object the API returns."""
    return copy.deepcopy(user)


def sanitized(token: dict) -> dict:
    """A token as list, get and search return it: never the secret value."""
    return {key: token[key] for key in ("id", "user_id", "description", "is_active")}


def _require(user: dict, permission: str) -> None:
    roles = user["roles"].split()
    if "system_admin" in roles or (_TOKEN_ROLE in roles and permission in _TOKEN_PERMISSIONS):
        return
    detail = f"userId={user['id']}, permission={permission}"
    raise _app_error(403, "api.context.permissions.app_error", "No permission.", detail)


def _page(request: Request, items: list) -> list:
    per_page = min(request.args.get("per_page", 60, type=int), 200)
    start = request.args.get("page", 0, type=int) * per_page
    return items[start : start + per_page]


class MattermostStandIn(StandIn):
    """Users, their personal access tokens, the sessions those tokens open, and audits."""

    spec = SPEC
    # The upstream spec lists only 200 for search and 200/403 for /audits, but the server also
    # answers a bad token with 401 and a plain user with 403 (facts A6, A7); drop these entries
    # when the contract documents those statuses.
    undocumented = {
        ("POST", "/api/v4/users/tokens/search"): {401, 403},
        ("GET", "/api/v4/audits"): {401},
    }

    def __init__(self):
        self._users: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}
        self._sessions: dict[str, dict] = {}
        self._audits: list[dict] = []
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        user, tokens = "/api/v4/users/([^/]+)", "/api/v4/users/tokens"
        signed_in = self._signed_in
        return [
            ("GET", tokens, signed_in(self._list_all_tokens)),
            ("POST", f"{tokens}/(revoke|disable|enable)", signed_in(self._change_token)),
            ("POST", f"{tokens}/search", signed_in(self._search)),
            ("GET", f"{tokens}/([^/]+)", signed_in(self._get_token)),
            ("GET", user, signed_in(self._get_user)),
            ("POST", f"{user}/tokens", signed_in(self._create_token)),
            ("GET", f"{user}/tokens", signed_in(self._list_user_tokens)),
            ("GET", f"{user}/sessions", signed_in(self._list_sessions)),
            ("POST", f"{user}/sessions/revoke", signed_in(self._revoke_session)),
            ("GET", f"{user}/audits", signed_in(self._user_audits)),
            ("GET", "/api/v4/audits", signed_in(self._all_audits)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(
        self, username: str, roles: str = "system_user system_user_access_token", active=True
    ) -> dict:
        now = _now_ms()
        notify = {"email": "true", "push": "mention", "desktop": "mention"}
        notify |= {"desktop_sound": "true", "mention_keys": "", "channel": "true"}
        user = {
            "id": new_id(), "create_at": now, "update_at": now, "delete_at": 0 if active else now,
            "username": username, "first_name": "", "last_name": "", "nickname": "",
            "email": f"{username}@example.com", "email_verified": True, "auth_service": "",
            "roles": roles, "locale": "en", "notify_props": notify | {"first_name": "false"},
            "props": {}, "last_password_update": now, "last_picture_update": 0,
            "failed_attempts": 0, "mfa_active": False, "terms_of_service_id": "",
            "terms_of_service_create_at": 0,
            "timezone": {"useAutomaticTimezone": True, "manualTimezone": "",
                         "automaticTimezone": ""},
        }  # fmt: skip
        with self._lock:
            self._users[user["id"]] = user
        return public_user(user)

    def add_admin(self, username: str) -> dict:
        return self.add_user(username, roles="system_admin system_user")

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The values of the catalog's action inputs for a leaked token of `owner`."""
        return {"token_id": token_id, "user_id": str(owner["id"])}

    def misuse(self, base_url: str, token: str, user: dict) -> tuple[list[str], list[str]]:
        """Mint a second token with the leaked one, as an intruder would; the audit shows it."""
        minted = requests.post(
            f"{base_url}/api/v4/users/{user['id']}/tokens",
            headers={"Authorization": f"Bearer {token}"},
            json={"description": "not ours"},
            timeout=10,
        )
        assert minted.status_code == 201, minted.text
        # Each audit record names the path called and the caller's address.
        return [f"/api/v4/users/{user['id']}/tokens", "127.0.0.1"], [minted.json()["token"]]

    def user(self, user_id: str) -> dict:
        with self._lock:
            return public_user(self._users[user_id])

    def set_user_active(self, user_id: str, active: bool) -> None:
        with self._lock:
            user = self._users[user_id]
            user["update_at"] = _now_ms()
            user["delete_at"] = 0 if active else user["update_at"]
            # Deactivating an account ends its sessions at once; its tokens are kept (facts A10).
            if not active:
                self._drop_sessions(lambda session: session["user_id"] == user_id)

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        token = {"id": new_id(), "token": new_id(), "user_id": user_id}
        token |= {"description": description, "is_active": True}
        with self._lock:
            self._tokens[token["id"]] = token
        return token["id"], token["token"]

    # -- authentication and permissions --

    def _signed_in(self, handler):
        """Run `handler` for the caller the bearer value identifies."""
        return lambda request, *params: handler(request, *self._caller(request), *params)

    def _caller(self, request: Request) -> tuple[dict, dict]:
        """The user and session behind the bearer value, or Mattermost's 401."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            message = "Invalid or expired session, please login again."
            raise _app_error(401, "api.context.session_expired.app_error", message)
        self.seen_tokens.append(value)

        session = next((s for s in self._sessions.values() if s["token"] == value), None)
        if session is None:
            # No session yet, or it was revoked: Mattermost rebuilds one from the token (A6).
            session = self._session_from_token(value)
        session["last_activity_at"] = _now_ms()
        return self._users[session["user_id"]], session

    def _session_from_token(self, value: str) -> dict:
        token = next((t for t in self._tokens.values() if t["token"] == value), None)
        reason = ""
        if token is not None and not token["is_active"]:
            reason = "inactive_token"
        elif token is not None and self._users[token["user_id"]]["delete_at"]:
            reason = f"inactive_user_id={token['user_id']}"
        if token is None or reason:
            detail = "app.user_access_token.invalid_or_missing" + (f": {reason}" if reason else "")
            message = "Invalid or expired session token."
            raise _app_error(401, "api.context.invalid_token.error", message, detail)

        now = _now_ms()
        session = {
            "id": new_id(), "token": value, "user_id": token["user_id"], "create_at": now,
            "expires_at": now + _HUNDRED_YEARS_MS, "last_activity_at": now, "device_id": "",
            "roles": self._users[token["user_id"]]["roles"], "is_oauth": False,
            "props": {"type": "UserAccessToken", "user_access_token_id": token["id"]},
            "team_members": [],
        }  # fmt: skip
        self._sessions[session["id"]] = session
        return session

    def _target(self, caller: dict, user_id: str, permission: str | None = None) -> str:
        """The user id a path names, after the permission checks Mattermost makes for it."""
        target = caller["id"] if user_id == "me" else user_id
        if not _ID.fullmatch(target):
            raise _bad_param("user_id")
        if permission:
            _require(caller, permission)
        if target != caller["id"]:
            _require(caller, "edit_other_users")
        return target

    def _drop_sessions(self, condition) -> None:
        for session_id in [k for k, s in self._sessions.items() if condition(s)]:
            del self._sessions[session_id]

    def _audit(self, request: Request, session: dict, extra_info: str) -> None:
        entry = {"id": new_id(), "create_at": _now_ms(), "user_id": session["user_id"]}
        entry |= {"action": request.path, "extra_info": extra_info, "session_id": session["id"]}
        self._audits.append(entry | {"ip_address": request.remote_addr or ""})

    # -- handlers: (request, caller, session, *path parameters) --

    def _get_user(self, request: Request, caller: dict, _session, user_id: str) -> Response:
        target = caller["id"] if user_id == "me" else user_id
        if not _ID.fullmatch(target):
            raise _bad_param("user_id")
        if target not in self._users:
            raise _app_error(404, "app.user.missing_account.const", "Unable to find the user.")
        return json_response(200, public_user(self._users[target]))

    def _create_token(self, request: Request, caller: dict, session: dict, user_id: str):
        target = self._target(caller, user_id, "create_user_access_token")
        description = request.get_json()["description"].strip()
        if not description:
            raise _bad_param("description", "body")
        # An unknown user gets 400 because the contract lists no 404 for this operation.
        if target not in self._users:
            raise _bad_param("user_id")
        token_id, value = self.create_token(target, description)
        self._audit(request, session, f"success - token_id={token_id}")
        return json_response(201, sanitized(self._tokens[token_id]) | {"token": value})

    def _list_user_tokens(self, request: Request, caller: dict, _session, user_id: str):
        target = self._target(caller, user_id, "read_user_access_token")
        owned = [sanitized(t) for t in self._tokens.values() if t["user_id"] == target]
        return json_response(200, _page(request, owned))

    def _list_all_tokens(self, request: Request, caller: dict, _session) -> Response:
        _require(caller, "manage_system")
        return json_response(200, _page(request, [sanitized(t) for t in self._tokens.values()]))

    def _get_token(self, request: Request, caller: dict, _session, token_id: str) -> Response:
        _require(caller, "read_user_access_token")
        token = self._tokens.get(token_id)
        if token is None:
            raise _app_error(404, "app.user_access_token.get.app_error", "Token not found.")
        self._target(caller, token["user_id"])
        return json_response(200, sanitized(token))

    def _change_token(self, request: Request, caller: dict, session: dict, action: str):
        """Revoke, disable or enable; each ends the sessions the token opened."""
        permission = "create" if action == "enable" else "revoke"
        _require(caller, f"{permission}_user_access_token")
        token = self._tokens.get(request.get_json()["token_id"])
        # An unknown id gets 400 because the contract lists no 404 for these operations.
        if token is None:
            raise _bad_param("token_id", "body")
        self._target(caller, token["user_id"])

        self._drop_sessions(lambda s: s["props"]["user_access_token_id"] == token["id"])
        if action == "revoke":
            del self._tokens[token["id"]]
        token["is_active"] = action == "enable"
        self._audit(request, session, f"success - token_id={token['id']}")
        return json_response(200, {"status": "ok"})

    def _search(self, request: Request, caller: dict, _session) -> Response:
        _require(caller, "manage_system")
        term = request.get_json()["term"].strip().lower()
        found = [
            sanitized(token)
            for token in self._tokens.values()
            if term in (token["id"], token["user_id"])
            or self._users[token["user_id"]]["username"].lower().startswith(term)
        ]
        return json_response(200, found if term else [])

    def _list_sessions(self, request: Request, caller: dict, _session, user_id: str):
        target = self._target(caller, user_id)
        # Mattermost blanks the session token before it sends a session out.
        found = [s | {"token": ""} for s in self._sessions.values() if s["user_id"] == target]
        return json_response(200, found)

    def _revoke_session(self, request: Request, caller: dict, session: dict, user_id: str):
        target = self._target(caller, user_id)
        victim = self._sessions.get(request.get_json()["session_id"])
        if victim is None or victim["user_id"] != target:
            raise _bad_param("session_id", "body")
        del self._sessions[victim["id"]]
        self._audit(request, session, f"success - session_id={victim['id']}")
        return json_response(200, {"status": "ok"})

    def _user_audits(self, request: Request, caller: dict, _session, user_id: str):
        target = self._target(caller, user_id)
        mine = [entry for entry in reversed(self._audits) if entry["user_id"] == target]
        return json_response(200, mine)

    def _all_audits(self, request: Request, caller: dict, _session) -> Response:
        _require(caller, "manage_system")
        return json_response(200, _page(request, list(reversed(self._audits))))
