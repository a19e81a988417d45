"""A stateful imitation of GitHub's REST API for personal access tokens (classic).

Users in one Enterprise Cloud organization with SAML SSO, their classic tokens (each authorized
for the organization), revocation by value, and the organization audit log searched by a token's
hash. Behaviour follows the GitHub pages the catalog entry cites; every exchange is held to
tests/contracts/github-tokens.openapi.yaml.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import re
import secrets
import string
import time
import zlib

import requests
from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response
from .tokens import encode

SPEC = CONTRACTS / "github-tokens.openapi.yaml"

PREFIX = "ghp_"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ORG = "acme-corp"
DOCS = "https://docs.github.com/rest"


def _base62(number: int, width: int) -> str:
    return encode(number, BASE62, width)


def checksum(random: str) -> str:
    """The last six characters of a token: a base62 CRC32 of the 30 random ones before them."""
    return _base62(zlib.crc32(random.encode()), 6)


def new_token() -> str:
    """`ghp_`, 30 random base62 characters, then their checksum in six."""
    random = "".join(secrets.choice(BASE62) for _ in range(30))
    return PREFIX + random + checksum(random)


def token_hash(token: str) -> str:
    """The base64 SHA-256 GitHub records as `hashed_token` in audit events."""
    return base64.b64encode(hashlib.sha256(token.encode()).digest()).decode()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _error(status: int, message: str) -> Answer:
    # The contract asks for every basic-error field; GitHub's own answers often omit `url`.
    body = {"message": message, "documentation_url": DOCS, "url": "", "status": str(status)}
    return Answer(json_response(status, body))


BAD_CREDENTIALS = "Bad credentials"
PHRASE = re.compile(r'hashed_token:"([^"]*)"')


class GitHubStandIn(StandIn):
    spec = SPEC
    # What organization audit events record as the way a token's caller signed in.
    access_type = "Personal access token (classic)"
    # GitHub answers these although its description does not list them (see the contract header).
    undocumented = {
        ("POST", "/credentials/revoke"): [403],
        ("GET", f"/orgs/{ORG}/audit-log"): [401, 403],
        ("GET", f"/orgs/{ORG}/credential-authorizations"): [401, 403],
    }

    def __init__(self):
        self._ids = itertools.count(1)
        self._users: dict[int, dict] = {}
        self._owners: set[int] = set()
        self._tokens: dict[str, dict] = {}  # by value
        self._repos: set[str] = set()
        self._events: list[dict] = []
        self.org_id = next(self._ids)
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        org = f"/orgs/({re.escape(ORG)})"
        return [
            ("GET", "/user", self._signed_in(self._current_user)),
            ("POST", "/credentials/revoke", self._revoke),
            ("GET", f"{org}/credential-authorizations", self._signed_in(self._authorizations)),
            ("GET", f"{org}/audit-log", self._signed_in(self._audit_log)),
            ("DELETE", "/repos/([^/]+)/([^/]+)", self._signed_in(self._delete_repo)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str, owner: bool = False) -> dict:
        user_id = next(self._ids)
        user = {"id": user_id, "username": username, "login": username}
        with self._lock:
            self._users[user_id] = user
            if owner:
                self._owners.add(user_id)
        return {"id": user_id, "username": username}

    def add_admin(self, username: str) -> dict:
        """An owner of the organization, who may read its audit log and SSO authorizations."""
        return self.add_user(username, owner=True)

    def create_token(self, user_id: int, description: str) -> tuple[str, str]:
        """A classic token with `repo` scope, authorized for the organization's SAML SSO.

        The ID returned is the SSO authorization's `credential_id`: GitHub has no other ID a
        reader can act on for a classic token.
        """
        value = new_token()
        token = {
            "value": value,
            "user_id": user_id,
            "note": description,
            "id": next(self._ids),
            "credential_id": next(self._ids),
            "created_at": _now(),
            "accessed_at": None,
            "active": True,
            "scopes": ["repo", "delete_repo"],
        }
        with self._lock:
            self._tokens[value] = token
        return str(token["credential_id"]), value

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The values of the catalog's action inputs for a leaked token of `owner`."""
        return {"org": ORG, "token_hash": token_hash(token)}

    def misuse(self, base_url: str, token: str, user: dict) -> tuple[list[str], list[str]]:
        """Delete an organization repository with the leaked token; the audit log records it."""
        name = f"service-{secrets.token_hex(3)}"
        with self._lock:
            self._repos.add(f"{ORG}/{name}")
        deleted = requests.delete(
            f"{base_url}/repos/{ORG}/{name}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert deleted.status_code == 204, deleted.text
        # Organization audit-log events name no caller address, so none is expected here.
        return [f"repo.destroy  {user['username']}  {ORG}/{name}"], [token]

    # -- authentication --

    def _signed_in(self, handler):
        return lambda request, *params: handler(request, self._caller(request), *params)

    def _caller(self, request: Request) -> dict:
        """The token behind `Bearer` or `token` in Authorization, or GitHub's 401."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        value = value.strip()
        if scheme.lower() not in ("bearer", "token") or not value:
            raise _error(401, "Requires authentication")
        self.seen_tokens.append(value)
        token = self._tokens.get(value)
        if token is None or not token["active"]:
            raise _error(401, BAD_CREDENTIALS)
        token["accessed_at"] = _now()
        return token

    # -- handlers --

    def _current_user(self, request: Request, token: dict) -> Response:
        response = json_response(200, self._private_user(self._users[token["user_id"]]))
        response.headers["X-OAuth-Scopes"] = ", ".join(token["scopes"])
        return response

    def _revoke(self, request: Request) -> Response:
        if "Authorization" in request.headers:
            # The call must be unauthenticated; GitHub answers any credential with 403.
            raise _error(403, "Must not be authenticated")
        values = json.loads(request.get_data() or b"{}").get("credentials", [])
        self.seen_tokens.extend(values)
        for value in values:
            token = self._tokens.get(value)
            if token is not None:
                token["active"] = False
        return json_response(202, {})

    def _authorizations(self, request: Request, token: dict, org: str) -> Response:
        self._require_owner(token)
        found = [
            self._authorization(t)
            for t in self._tokens.values()
            if t["active"] and request.args.get("login") in (None, self._login(t))
        ]
        return json_response(200, found)

    def _audit_log(self, request: Request, token: dict, org: str) -> Response:
        self._require_owner(token)
        wanted = PHRASE.search(request.args.get("phrase", ""))
        found = [
            event
            for event in reversed(self._events)
            if wanted is None or event["hashed_token"] == wanted.group(1)
        ]
        return json_response(200, found)

    def _delete_repo(self, request: Request, token: dict, owner: str, repo: str) -> Response:
        full = f"{owner}/{repo}"
        if full not in self._repos:
            raise _error(404, "Not Found")
        self._repos.discard(full)
        user = self._users[token["user_id"]]
        now = int(time.time() * 1000)
        self._events.append(
            {
                "@timestamp": now,
                "action": "repo.destroy",
                "actor": user["login"],
                "actor_id": user["id"],
                "actor_location": {"country_name": "Germany"},
                "created_at": now,
                "_document_id": secrets.token_urlsafe(16),
                "operation_type": "remove",
                "org": owner,
                "org_id": self.org_id,
                "repo": full,
                "repository": full,
                "transport_protocol_name": "",
                "user": "",
                "user_id": 0,
                "visibility": "private",
                # Documented event data for calls made with a token, not in the schema.
                "hashed_token": token_hash(token["value"]),
                "programmatic_access_type": self.access_type,
                "token_scopes": ",".join(token["scopes"]),
            }
        )
        return Response(status=204)

    # -- helpers --

    def _require_owner(self, token: dict) -> None:
        if token["user_id"] not in self._owners:
            raise _error(403, "Must be an organization owner")

    def _login(self, token: dict) -> str:
        return self._users[token["user_id"]]["login"]

    def _authorization(self, token: dict) -> dict:
        return {
            "login": self._login(token),
            "credential_id": token["credential_id"],
            "credential_type": "personal access token",
            "token_last_eight": token["value"][-8:],
            "credential_authorized_at": token["created_at"],
            "scopes": token["scopes"],
            # Only SSH keys have a fingerprint; the contract asks for every field.
            "fingerprint": "",
            "credential_accessed_at": token["accessed_at"],
            "authorized_credential_id": token["id"],
            "authorized_credential_title": None,
            "authorized_credential_note": token["note"],
            "authorized_credential_expires_at": None,
        }

    def _private_user(self, user: dict) -> dict:
        login, api = user["login"], f"https://api.github.com/users/{user['login']}"
        return {
            "login": login,
            "id": user["id"],
            "user_view_type": "private",
            "node_id": base64.b64encode(f"04:User{user['id']}".encode()).decode(),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user['id']}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"https://github.com/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": "User",
            "site_admin": False,
            "name": None,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "notification_email": None,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": 0,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:04:05Z",
            "private_gists": 0,
            "total_private_repos": 0,
            "owned_private_repos": 0,
            "disk_usage": 0,
            "collaborators": 0,
            "two_factor_authentication": True,
            "plan": {"collaborators": 0, "name": "free", "space": 976562499, "private_repos": 1},
            "business_plus": False,
            "ldap_dn": "",
        }
