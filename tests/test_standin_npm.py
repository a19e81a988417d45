"""The npm stand-in behaves as npm's registry pages say, under its contract guard."""

from __future__ import annotations

import re

import pytest
import requests

from tests.standins import npm, served
from tests.standins.npm import NpmStandIn

TOKENS = "/-/npm/v1/tokens"


def call(reg, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers |= kwargs.pop("headers", {})
    return requests.request(method, reg.url + path, headers=headers, timeout=5, **kwargs)


@pytest.fixture
def reg():
    """A served npm stand-in with its address as `.url`; it must end with no violations."""
    with served(NpmStandIn()) as standin:
        yield standin


def test_tokens_have_the_npm_format_and_a_checksum(reg):
    user = reg.add_user("pat")
    key, token = reg.create_token(user["id"], "ci")
    assert re.fullmatch(r"npm_[0-9A-Za-z]{36}", token)
    assert token[-6:] == npm.checksum(token[4:34])
    assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", key)


def test_whoami_names_the_account_and_refuses_an_unknown_token(reg):
    user = reg.add_user("pat")
    _, token = reg.create_token(user["id"], "ci")
    assert call(reg, "GET", "/-/whoami", token).json() == {"username": "pat"}
    assert call(reg, "GET", "/-/whoami", reg.sign_in(user["id"])).json() == {"username": "pat"}
    for credential in (npm.new_token(), None):
        refused = call(reg, "GET", "/-/whoami", credential)
        assert refused.status_code == 401 and refused.json() == {"error": "Unauthorized"}


def test_the_list_wraps_the_owners_tokens_in_objects_and_never_shows_a_value(reg):
    user, other = reg.add_user("pat"), reg.add_user("sam")
    key, token = reg.create_token(user["id"], "ci publish")
    reg.create_token(other["id"], "not pat's")
    call(reg, "GET", "/-/whoami", token)

    listed = call(reg, "GET", TOKENS, reg.sign_in(user["id"])).json()
    assert listed["total"] == 1 and [t["key"] for t in listed["objects"]] == [key]
    record = listed["objects"][0]
    assert record["name"] == "ci publish" and record["accessed"]
    assert record["token"] == f"{token[:8]}...{token[-4:]}"
    assert token not in str(listed)


def test_the_list_pages_by_per_page_and_refuses_a_granular_token(reg):
    user = reg.add_user("pat")
    keys = [reg.create_token(user["id"], f"job {n}")[0] for n in range(12)]
    session = reg.sign_in(user["id"])
    first = call(reg, "GET", TOKENS, session).json()
    assert len(first["objects"]) == 10 and first["total"] == 12
    everything = call(reg, "GET", TOKENS, session, params={"perPage": 1000}).json()
    assert [t["key"] for t in everything["objects"]] == keys

    _, token = reg.create_token(user["id"], "ci")
    assert call(reg, "GET", TOKENS, token).status_code == 401


def test_delete_by_key_or_value_kills_the_token(reg):
    user = reg.add_user("pat")
    session = reg.sign_in(user["id"])
    key, token = reg.create_token(user["id"], "ci")
    _, other = reg.create_token(user["id"], "release")

    assert call(reg, "DELETE", f"{TOKENS}/token/{key}", session).status_code == 204
    assert call(reg, "GET", "/-/whoami", token).status_code == 401
    assert call(reg, "DELETE", f"{TOKENS}/token/{key}", session).status_code == 404

    # A token may delete itself, named by its value, unless it bypasses 2FA.
    assert call(reg, "DELETE", f"{TOKENS}/token/{other}", other).status_code == 204
    assert call(reg, "GET", TOKENS, session).json()["objects"] == []


def test_no_account_deletes_another_accounts_token(reg):
    pat, sam = reg.add_user("pat"), reg.add_user("sam")
    key, token = reg.create_token(pat["id"], "ci")
    refused = call(reg, "DELETE", f"{TOKENS}/token/{key}", reg.sign_in(sam["id"]))
    assert refused.status_code == 404
    assert call(reg, "GET", "/-/whoami", token).status_code == 200


def test_a_bypass_2fa_token_may_not_delete_tokens(reg):
    user = reg.add_user("pat")
    key, token = reg.create_token(user["id"], "ci", bypass_2fa=True)
    refused = call(reg, "DELETE", f"{TOKENS}/token/{key}", token)
    assert refused.status_code == 403 and "bypass" in refused.json()["error"]
    assert call(reg, "GET", "/-/whoami", token).status_code == 200


def test_an_account_with_2fa_needs_a_one_time_password_to_delete(reg):
    user = reg.add_user("pat", two_factor=True)
    session = reg.sign_in(user["id"])
    key, token = reg.create_token(user["id"], "ci")
    refused = call(reg, "DELETE", f"{TOKENS}/token/{key}", session)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "OTP"
    otp = {"npm-otp": "123456"}
    assert call(reg, "DELETE", f"{TOKENS}/token/{key}", session, headers=otp).status_code == 204
    assert call(reg, "GET", "/-/whoami", token).status_code == 401
