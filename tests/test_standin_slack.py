"""The Slack stand-in behaves as Slack's method pages say, under its contract guard."""

from __future__ import annotations

import re

import pytest
import requests

from tests.standins import served, slack
from tests.standins.slack import SlackStandIn

# The shape catalog/slack-bot-token.yaml gives for bot tokens.
BOT_TOKEN = r"xoxb-[0-9]{10,13}-[0-9]{10,13}-[0-9A-Za-z]{24}"


def call(sl, path: str, token: str | None = None, scheme: str = "Bearer", **kwargs):
    headers = {"Authorization": f"{scheme} {token}"} if token else {}
    return requests.get(sl.url + path, headers=headers, timeout=5, **kwargs)


@pytest.fixture
def sl():
    """A served Slack stand-in with its address as `.url`; it must end with no violations."""
    with served(SlackStandIn()) as standin:
        yield standin


def test_bot_tokens_have_the_documented_prefix_and_the_catalog_shape(sl):
    user = sl.add_user("deploy-bot")
    bot_id, token = sl.create_token(user["id"], "ci")
    assert re.fullmatch(BOT_TOKEN, token)
    assert re.fullmatch(BOT_TOKEN, slack.new_token())
    assert bot_id.startswith("B")


def test_auth_test_names_the_bot_with_http_200_and_ok_true(sl):
    user = sl.add_user("deploy-bot")
    bot_id, token = sl.create_token(user["id"], "ci")
    answer = call(sl, "/api/auth.test", token)
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True and body["user"] == "deploy-bot"
    assert body["bot_id"] == bot_id and body["user_id"] == user["id"]
    assert body["team_id"] == sl.team["id"] and body["url"].endswith(".slack.com/")
    assert token in sl.seen_tokens


@pytest.mark.parametrize(
    ("token", "scheme", "error"),
    [
        (None, "Bearer", "not_authed"),
        ("unknown", "Bearer", "invalid_auth"),
        ("issued", "Basic", "invalid_auth"),
    ],
    ids=["no-credential", "unknown-token", "other-scheme"],
)
def test_auth_test_refuses_with_http_200_and_an_error(sl, token, scheme, error):
    user = sl.add_user("deploy-bot")
    _, issued = sl.create_token(user["id"], "ci")
    sent = {"unknown": slack.new_token(), "issued": issued}.get(token)
    answer = call(sl, "/api/auth.test", sent, scheme=scheme)
    assert answer.status_code == 200
    assert answer.json() == {"ok": False, "error": error}


def test_a_token_revokes_itself_and_stays_dead(sl):
    user = sl.add_user("deploy-bot")
    _, token = sl.create_token(user["id"], "ci")
    other_user = sl.add_user("other-bot")
    _, other = sl.create_token(other_user["id"], "ci")

    assert call(sl, "/api/auth.revoke", token).json() == {"ok": True, "revoked": True}
    assert not sl.token_is_active(token)
    assert call(sl, "/api/auth.test", token).json() == {"ok": False, "error": "token_revoked"}
    assert call(sl, "/api/auth.revoke", token).json() == {"ok": False, "error": "token_revoked"}
    assert call(sl, "/api/auth.test", other).json()["ok"] is True, "only that token is revoked"


def test_revoke_in_test_mode_leaves_the_token_alone(sl):
    user = sl.add_user("deploy-bot")
    _, token = sl.create_token(user["id"], "ci")
    answer = call(sl, "/api/auth.revoke", token, params={"test": "true"})
    assert answer.json() == {"ok": True, "revoked": False}
    assert call(sl, "/api/auth.test", token).json()["ok"] is True


def test_a_call_outside_the_contract_is_refused_and_recorded(sl):
    user = sl.add_user("deploy-bot")
    _, token = sl.create_token(user["id"], "ci")
    try:
        answer = requests.post(
            sl.url + "/api/auth.test", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert answer.status_code == 400
        assert any("auth.test" in v for v in sl.violations)
    finally:
        sl.reset()
