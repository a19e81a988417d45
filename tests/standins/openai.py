"""A stateful imitation of the OpenAI API for API keys: the model list and project keys.

One organization with one project, its members' project keys, and Organization Owners'
admin keys, which alone may list and delete a project's keys through the Administration API.
Behaviour follows the OpenAI pages the catalog entry cites; every exchange is held to
tests/contracts/openai-keys.openapi.yaml.
"""

from __future__ import annotations

import itertools
import secrets
import string
import time

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response

SPEC = CONTRACTS / "openai-keys.openapi.yaml"

MARKER = "T3BlbkFJ"  # "OpenAI" in base64, halfway through every kind of key
ALNUM = string.ascii_letters + string.digits
URL_SAFE = ALNUM + "-_"
# Prefix, alphabet and characters on each side of the marker, as gitleaks' rule has them.
KINDS = {
    "project": ("sk-proj-", URL_SAFE, 74),
    "service_account": ("sk-svcacct-", URL_SAFE, 74),
    "admin": ("sk-admin-", URL_SAFE, 58),
    "legacy": ("sk-", ALNUM, 20),
}
PROJECT = "proj_" + "".join(secrets.choice(ALNUM) for _ in range(24))
MODELS = ("gpt-4o-mini", "text-embedding-3-small")


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_key(kind: str = "project") -> str:
    """A key of the given kind: its prefix, then random characters around the marker."""
    prefix, alphabet, side = KINDS[kind]
    return prefix + _random(alphabet, side) + MARKER + _random(alphabet, side)


def redacted(value: str) -> str:
    """The shortened form the API lists instead of the value, as in `sk-abc...def`."""
    return f"{value[:11]}...{value[-4:]}"


def _error(status: int, message: str, code: str | None = None) -> Answer:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None}}
    body["error"]["code"] = code
    return Answer(json_response(status, body))


INCORRECT_KEY = "Incorrect API key provided."


class OpenAIStandIn(StandIn):
    spec = SPEC
    # OpenAI answers these although its description does not list them (see the contract header).
    undocumented = {
        ("GET", "/v1/models"): [401],
        ("GET", f"/v1/organization/projects/{PROJECT}/api_keys"): [401, 404],
    }

    def __init__(self):
        self._ids = itertools.count(1)
        self._users: dict[str, dict] = {}
        self._owners: set[str] = set()
        self._keys: dict[str, dict] = {}  # by value
        self.project_id = PROJECT
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        keys = "/v1/organization/projects/([^/]+)/api_keys"
        return [
            ("GET", "/v1/models", self._signed_in(self._models, admin=False)),
            ("GET", keys, self._signed_in(self._list_keys, admin=True)),
            ("DELETE", f"{keys}/([^/]+)", self._signed_in(self._delete_key, admin=True)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str, owner: bool = False) -> dict:
        user_id = f"user_{next(self._ids):04d}{_random(ALNUM, 20)}"
        user = {
            "object": "organization.project.user",
            "id": user_id,
            "name": username.replace("-", " ").title(),
            "email": f"{username}@example.com",
            "role": "owner" if owner else "member",
            "added_at": int(time.time()),
        }
        with self._lock:
            self._users[user_id] = user
            if owner:
                self._owners.add(user_id)
        return {"id": user_id, "username": username}

    def add_admin(self, username: str) -> dict:
        """An Organization Owner: the keys made for them are admin keys."""
        return self.add_user(username, owner=True)

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A project key for a member, an admin key for an Organization Owner; (ID, value)."""
        admin = user_id in self._owners
        value = new_key("admin" if admin else "project")
        key = {
            "id": f"key_{_random(ALNUM, 16)}",
            "value": value,
            "name": description,
            "user_id": user_id,
            "admin": admin,
            "created_at": int(time.time()),
            "last_used_at": None,
        }
        with self._lock:
            self._keys[value] = key
        return key["id"], value

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The values of the catalog's action inputs for a leaked key of `owner`."""
        return {"project_id": self.project_id, "token_id": token_id}

    # -- authentication --

    def _signed_in(self, handler, admin: bool):
        """Only admin keys reach the Administration API, and only other keys the rest."""
        return lambda request, *params: handler(request, self._caller(request, admin), *params)

    def _caller(self, request: Request, admin: bool) -> dict:
        """The key behind `Bearer`, or OpenAI's 401 for a missing, unknown or unfit one."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            raise _error(401, "You didn't provide an API key.")
        self.seen_tokens.append(value)
        key = self._keys.get(value)
        if key is None:
            raise _error(401, INCORRECT_KEY, "invalid_api_key")
        if key["admin"] != admin:
            # The error-codes guide: a key without the permission an endpoint needs gets 401.
            raise _error(401, "You have insufficient permissions for this operation.")
        key["last_used_at"] = int(time.time())
        return key

    # -- handlers --

    def _models(self, request: Request, key: dict) -> Response:
        models = [
            {"id": name, "object": "model", "created": 1_700_000_000, "owned_by": "system"}
            for name in MODELS
        ]
        return json_response(200, {"object": "list", "data": models})

    def _list_keys(self, request: Request, admin: dict, project_id: str) -> Response:
        self._require_project(project_id)
        limit = request.args.get("limit", 20, type=int)
        # OpenAI does not document the order; the stand-in lists the newest key first.
        newest = reversed(list(self._keys.values()))
        listed = [self._listed(key) for key in newest if not key["admin"]]
        after = request.args.get("after")
        if after:
            ids = [key["id"] for key in listed]
            listed = listed[ids.index(after) + 1 :] if after in ids else []
        page = listed[:limit]
        body = {
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else "",
            "last_id": page[-1]["id"] if page else "",
            "has_more": len(listed) > limit,
        }
        return json_response(200, body)

    def _delete_key(self, request: Request, admin: dict, project_id: str, key_id: str) -> Response:
        self._require_project(project_id)
        found = [v for v, key in self._keys.items() if key["id"] == key_id and not key["admin"]]
        if not found:
            raise _error(404, f"No such API key: {key_id}")
        del self._keys[found[0]]
        body = {"object": "organization.project.api_key.deleted", "id": key_id, "deleted": True}
        return json_response(200, body)

    # -- helpers --

    def _require_project(self, project_id: str) -> None:
        if project_id != self.project_id:
            raise _error(404, f"No such project: {project_id}")

    def _listed(self, key: dict) -> dict:
        """A key as the Administration API lists it: never the value, only a redacted one."""
        return {
            "object": "organization.project.api_key",
            "redacted_value": redacted(key["value"]),
            "name": key["name"],
            "created_at": key["created_at"],
            "last_used_at": key["last_used_at"],
            "id": key["id"],
            "owner": {"type": "user", "user": self._users[key["user_id"]]},
        }
