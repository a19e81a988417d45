"""A stateful imitation of GitHub's REST API for fine-grained personal access tokens.

The GitHub stand-in with what differs for this token type: values in the `github_pat_` format,
each token owned by the organization with an expiry date; the organization's list of the tokens
that reach it, which only a GitHub App may call; no OAuth scopes; and audit events that name the
token type. Every exchange is held to tests/contracts/github-tokens.openapi.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from werkzeug.wrappers import Request, Response

from .contract import json_response
from .github import BASE62, ORG, GitHubStandIn, _error, _now

PREFIX = "github_pat_"
# What each token may do in the organization's repositories: enough to delete one (see misuse).
PERMISSIONS = {"administration": "write", "metadata": "read"}
LIFETIME = dt.timedelta(days=30)
# simple-user as the contract keeps it: no starred_at, which only stargazer lists fill.
SIMPLE_USER = """name email login id node_id avatar_url gravatar_id url html_url followers_url
following_url gists_url starred_url subscriptions_url organizations_url repos_url events_url
received_events_url type site_admin user_view_type""".split()


def _random(length: int) -> str:
    return "".join(secrets.choice(BASE62) for _ in range(length))


def new_token() -> str:
    """`github_pat_`, 22 letters and digits, `_`, then 59 more, as in GitHub's example value.

    GitHub documents no checksum in this format, so none is made.
    """
    return PREFIX + _random(22) + "_" + _random(59)


def new_installation_token() -> str:
    """A GitHub App installation token in its 40-character `ghs_` form."""
    return "ghs_" + _random(36)


class FineGrainedStandIn(GitHubStandIn):
    access_type = "Fine-grained personal access token"
    undocumented = {
        **GitHubStandIn.undocumented,
        # Upstream lists no 401 for this call (see the contract header).
        ("GET", f"/orgs/{ORG}/personal-access-tokens"): [401],
    }

    def routes(self):
        org = f"/orgs/({re.escape(ORG)})"
        return [
            ("GET", "/user", self._signed_in(self._current_user)),
            ("POST", "/credentials/revoke", self._revoke),
            ("GET", f"{org}/personal-access-tokens", self._signed_in(self._grants)),
            ("GET", f"{org}/audit-log", self._signed_in(self._audit_log)),
            ("DELETE", "/repos/([^/]+)/([^/]+)", self._signed_in(self._delete_repo)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_admin(self, username: str) -> dict:
        """An owner of the organization, who acts through the organization's GitHub App."""
        return self.add_user(username, owner=True)

    def create_token(self, user_id: int, description: str) -> tuple[str, str]:
        """A member's fine-grained token for the organization, or an owner's app token.

        A member's token comes with the ID GitHub lists it under for the organization, the
        `pat_id` its revoke call takes. GitHub lets only GitHub Apps list members' tokens, so a
        token made for an owner is the installation token of the organization's app; the
        audit log accepts it too, as the tests hand each provider's actions one admin token.
        """
        owner = user_id in self._owners
        value = new_installation_token() if owner else new_token()
        expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + LIFETIME
        token = {
            "value": value,
            "user_id": user_id,
            "kind": "installation" if owner else "fine-grained",
            "note": description,
            "id": next(self._ids),
            "grant_id": next(self._ids),
            "created_at": _now(),
            "expires_at": expires.isoformat().replace("+00:00", "Z"),
            "accessed_at": None,
            "active": True,
            "scopes": [],  # fine-grained tokens have permissions, not OAuth scopes
        }
        with self._lock:
            self._tokens[value] = token
        return str(token["grant_id"]), value

    # -- handlers --

    def _current_user(self, request: Request, token: dict) -> Response:
        if token["kind"] == "installation":
            # An installation acts as its app, not as a user.
            raise _error(403, "Resource not accessible by integration")
        return json_response(200, self._private_user(self._users[token["user_id"]]))

    def _grants(self, request: Request, token: dict, org: str) -> Response:
        if token["kind"] != "installation":
            raise _error(403, "Only GitHub Apps can use this endpoint")
        found = [
            self._grant(t)
            for t in self._tokens.values()
            if t["active"] and t["kind"] == "fine-grained"
        ]
        return json_response(200, found)

    # -- helpers --

    def _grant(self, token: dict) -> dict:
        grant_id = token["grant_id"]
        api = f"https://api.github.com/organizations/{self.org_id}/personal-access-tokens"
        return {
            "id": grant_id,
            "owner": self._simple_user(self._users[token["user_id"]]),
            "repository_selection": "subset",
            "repositories_url": f"{api}/{grant_id}/repositories",
            "permissions": {"organization": {}, "repository": dict(PERMISSIONS), "other": {}},
            "access_granted_at": token["created_at"],
            "token_id": token["id"],
            "token_name": token["note"],
            "token_expired": False,
            "token_expires_at": token["expires_at"],
            "token_last_used_at": token["accessed_at"],
        }

    def _simple_user(self, user: dict) -> dict:
        full = self._private_user(user) | {"user_view_type": "public"}
        return {key: full[key] for key in SIMPLE_USER}
