"""The Rocket.Chat stand-in behaves as Rocket.Chat's server source says, under its contract."""

from __future__ import annotations

import hashlib
import re

import pytest
import requests

from tests.standins import served
from tests.standins.rocketchat import RocketChatStandIn, new_token

# The shape catalog/rocketchat-personal-token.yaml gives for tokens.
TOKEN = r"[A-Za-z0-9_-]{43}"
USER_ID = r"[2-9A-HJ-NP-TW-Za-km-z]{17}"


@pytest.fixture
def rc():
    """A served Rocket.Chat stand-in with its address as `.url`; it must end with no violations."""
    with served(RocketChatStandIn()) as standin:
        yield standin


def call(rc, method: str, path: str, token: str, user_id: str, **kwargs) -> requests.Response:
    headers = {"X-Auth-Token": token, "X-User-Id": user_id} | kwargs.pop("headers", {})
    return requests.request(method, rc.url + path, headers=headers, timeout=5, **kwargs)


def test_tokens_and_user_ids_have_the_server_generators_shapes(rc):
    user = rc.add_user("deploy-bot")
    name, token = rc.create_token(user["id"], "ci")
    assert name == "ci" and re.fullmatch(TOKEN, token) and re.fullmatch(USER_ID, user["id"])
    assert all(re.fullmatch(TOKEN, new_token()) for _ in range(200))


def test_me_names_the_owner_of_the_token_and_user_id_pair(rc):
    user = rc.add_user("deploy-bot")
    _, token = rc.create_token(user["id"], "ci")
    answer = call(rc, "GET", "/api/v1/me", token, user["id"])
    assert answer.status_code == 200
    assert answer.json()["username"] == "deploy-bot" and answer.json()["_id"] == user["id"]
    assert rc.seen_tokens == [token]


def test_a_token_with_another_users_id_or_a_scheme_is_401(rc):
    alice, bob = rc.add_user("alice"), rc.add_user("bob")
    _, token = rc.create_token(alice["id"], "ci")
    for sent, user_id in ((token, bob["id"]), (f"Bearer {token}", alice["id"])):
        answer = call(rc, "GET", "/api/v1/me", sent, user_id)
        assert answer.status_code == 401
        assert answer.json() == {"status": "error", "message": "You must be logged in to do this."}


def test_the_list_shows_names_and_last_six_characters_never_the_value(rc):
    user = rc.add_user("deploy-bot")
    _, token = rc.create_token(user["id"], "ci")
    rc.create_token(user["id"], "cron", bypass_two_factor=True)
    listed = call(rc, "GET", "/api/v1/users.getPersonalAccessTokens", token, user["id"]).json()
    assert [t["name"] for t in listed["tokens"]] == ["ci", "cron"]
    assert listed["tokens"][0]["lastTokenPart"] == token[-6:]
    assert [t["bypassTwoFactor"] for t in listed["tokens"]] == [False, True]
    assert token not in str(listed)


def test_the_leaked_token_removes_itself_by_name_and_then_gets_401(rc):
    user = rc.add_user("deploy-bot")
    _, token = rc.create_token(user["id"], "ci")
    body = {"tokenName": "ci"}
    removed = call(
        rc, "POST", "/api/v1/users.removePersonalAccessToken", token, user["id"], json=body
    )
    assert removed.json() == {"success": True}
    assert call(rc, "GET", "/api/v1/me", token, user["id"]).status_code == 401
    assert not rc.has_token(user["id"], "ci")


def test_no_one_can_remove_another_users_token(rc):
    alice, bob = rc.add_user("alice"), rc.add_user("bob")
    rc.create_token(alice["id"], "ci")
    _, bobs = rc.create_token(bob["id"], "mine")
    body = {"tokenName": "ci"}
    answer = call(rc, "POST", "/api/v1/users.removePersonalAccessToken", bobs, bob["id"], json=body)
    assert answer.status_code == 400
    assert answer.json()["errorType"] == "error-token-does-not-exists"
    assert rc.has_token(alice["id"], "ci")


def test_removal_asks_for_a_second_factor_unless_the_token_bypasses_it(rc):
    user = rc.add_user("alice", password="correct horse")
    _, strict = rc.create_token(user["id"], "strict")
    _, relaxed = rc.create_token(user["id"], "relaxed", bypass_two_factor=True)
    path, uid = "/api/v1/users.removePersonalAccessToken", user["id"]

    asked = call(rc, "POST", path, strict, uid, json={"tokenName": "strict"})
    assert asked.status_code == 400 and asked.json()["errorType"] == "totp-required"
    digest = hashlib.sha256(b"correct horse").hexdigest()
    factor = {"x-2fa-code": digest, "x-2fa-method": "password"}
    ok = call(rc, "POST", path, strict, uid, json={"tokenName": "relaxed"}, headers=factor)
    assert ok.json() == {"success": True}
    assert call(rc, "POST", path, relaxed, uid, json={"tokenName": "strict"}).status_code == 401
    _, relaxed = rc.create_token(uid, "relaxed", bypass_two_factor=True)
    assert call(rc, "POST", path, relaxed, uid, json={"tokenName": "strict"}).json()["success"]


def test_without_the_permission_list_and_remove_are_refused(rc):
    user = rc.add_user("guest", permitted=False)
    _, token = rc.create_token(user["id"], "ci")
    listed = call(rc, "GET", "/api/v1/users.getPersonalAccessTokens", token, user["id"])
    assert listed.status_code == 400 and listed.json()["errorType"] == "not-authorized"
