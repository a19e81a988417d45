"""The GitHub stand-in behaves as GitHub's REST pages say, under its contract guard."""

from __future__ import annotations

import re

import pytest
import requests

from tests.standins import github, served
from tests.standins.github import GitHubStandIn


def call(gh, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, gh.url + path, headers=headers, timeout=5, **kwargs)


@pytest.fixture
def gh():
    """A served GitHub stand-in with its address as `.url`; it must end with no violations."""
    with served(GitHubStandIn()) as standin:
        yield standin


def test_tokens_have_the_classic_format_and_a_checksum(gh):
    user = gh.add_user("octo")
    _, token = gh.create_token(user["id"], "ci")
    assert re.fullmatch(r"ghp_[0-9A-Za-z]{36}", token)
    assert token[-6:] == github.checksum(token[4:34])


def test_revoke_by_value_is_unauthenticated_and_final(gh):
    user = gh.add_user("octo")
    _, token = gh.create_token(user["id"], "ci")
    assert call(gh, "GET", "/user", token).json()["login"] == "octo"

    signed = call(gh, "POST", "/credentials/revoke", token, json={"credentials": [token]})
    assert signed.status_code == 403
    assert call(gh, "GET", "/user", token).status_code == 200

    assert call(gh, "POST", "/credentials/revoke", json={"credentials": [token]}).status_code == 202
    dead = call(gh, "GET", "/user", token)
    assert dead.status_code == 401 and dead.json()["message"] == "Bad credentials"


def test_audit_log_finds_a_tokens_events_by_its_hash(gh):
    owner = gh.add_admin("owner")
    _, admin = gh.create_token(owner["id"], "audit")
    user = gh.add_user("octo")
    _, token = gh.create_token(user["id"], "ci")
    shown, _ = gh.misuse(gh.url, token, user)
    phrase = f'hashed_token:"{github.token_hash(token)}"'
    found = call(gh, "GET", f"/orgs/{github.ORG}/audit-log", admin, params={"phrase": phrase})
    assert [e["action"] for e in found.json()] == ["repo.destroy"]
    other = f'hashed_token:"{github.token_hash(admin)}"'
    assert (
        call(gh, "GET", f"/orgs/{github.ORG}/audit-log", admin, params={"phrase": other}).json()
        == []
    )
    assert call(gh, "GET", f"/orgs/{github.ORG}/audit-log", token).status_code == 403
