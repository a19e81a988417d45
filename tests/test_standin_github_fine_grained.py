"""The fine-grained token stand-in behaves as GitHub's REST pages say, under its contract guard."""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.standins import github, served
from tests.standins.github_fine_grained import FineGrainedStandIn

TOKENS = f"/orgs/{github.ORG}/personal-access-tokens"


def call(gh, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, gh.url + path, headers=headers, timeout=5, **kwargs)


@pytest.fixture
def gh():
    """A served stand-in with its address as `.url`; it must end with no violations."""
    with served(FineGrainedStandIn()) as standin:
        yield standin


def member_token(gh, name: str = "octo") -> tuple[dict, str, str]:
    user = gh.add_user(name)
    pat_id, token = gh.create_token(user["id"], "ci")
    return user, pat_id, token


def test_tokens_have_the_fine_grained_format_and_read_their_own_account(gh):
    _, _, token = member_token(gh)
    assert len(token) == 93
    assert re.fullmatch(r"github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}", token)
    assert call(gh, "GET", "/user", token).json()["login"] == "octo"


def test_revoke_by_value_is_unauthenticated_and_final(gh):
    _, _, token = member_token(gh)
    signed = call(gh, "POST", "/credentials/revoke", token, json={"credentials": [token]})
    assert signed.status_code == 403
    assert call(gh, "GET", "/user", token).status_code == 200

    assert call(gh, "POST", "/credentials/revoke", json={"credentials": [token]}).status_code == 202
    dead = call(gh, "GET", "/user", token)
    assert dead.status_code == 401 and dead.json()["message"] == "Bad credentials"


def test_only_a_github_app_lists_the_tokens_that_reach_the_organization(gh):
    owner = gh.add_admin("owner")
    _, app = gh.create_token(owner["id"], "incident response")
    _, pat_id, token = member_token(gh)
    assert app.startswith("ghs_")

    refused = call(gh, "GET", TOKENS, token)
    assert refused.status_code == 403
    listed = call(gh, "GET", TOKENS, app)
    assert listed.status_code == 200
    [grant] = listed.json()
    assert str(grant["id"]) == pat_id and grant["token_name"] == "ci"
    assert grant["owner"]["login"] == "octo" and grant["token_expires_at"]
    assert token not in json.dumps(listed.json())

    # The app acts as itself, not as a user, and a revoked token leaves the list.
    assert call(gh, "GET", "/user", app).status_code == 403
    call(gh, "POST", "/credentials/revoke", json={"credentials": [token]})
    assert call(gh, "GET", TOKENS, app).json() == []
    assert call(gh, "GET", TOKENS).status_code == 401


def test_audit_log_finds_a_tokens_events_by_its_hash_and_names_its_type(gh):
    owner = gh.add_admin("owner")
    _, app = gh.create_token(owner["id"], "audit")
    user, _, token = member_token(gh)
    gh.misuse(gh.url, token, user)
    phrase = f'hashed_token:"{github.token_hash(token)}"'
    found = call(gh, "GET", f"/orgs/{github.ORG}/audit-log", app, params={"phrase": phrase})
    [event] = found.json()
    assert event["action"] == "repo.destroy"
    assert event["programmatic_access_type"] == "Fine-grained personal access token"
    assert call(gh, "GET", f"/orgs/{github.ORG}/audit-log", token).status_code == 403
