"""The Slack incoming-webhook stand-in behaves as Slack's webhooks page says, under its contract."""

from __future__ import annotations

import re

import pytest
import requests

from tests.standins import served, slack_webhook
from tests.standins.slack_webhook import SlackWebhookStandIn

# The shape catalog/slack-incoming-webhook-url.yaml gives, at whatever host serves it.
WEBHOOK_PATH = r"/services/T[0-9A-Z]{8,12}/B[0-9A-Z]{8,12}/[0-9A-Za-z]{24}"


def post(url: str, payload: dict):
    return requests.post(url, json=payload, timeout=5)


@pytest.fixture
def hooks():
    """A served stand-in with its address as `.url`; it must end with no violations."""
    with served(SlackWebhookStandIn()) as standin:
        yield standin


@pytest.fixture
def url(hooks) -> str:
    user = hooks.add_user("deploy-bot")
    return hooks.create_token(user["id"], "#deploys")[1]


def test_a_webhook_url_has_the_catalog_shape_and_leads_to_the_stand_in(hooks, url):
    assert url.startswith(hooks.url + "/services/")
    assert re.fullmatch(WEBHOOK_PATH, url.removeprefix(hooks.url))
    assert re.fullmatch(rf"https://hooks\.slack\.com{WEBHOOK_PATH}", slack_webhook.new_url())


def test_a_message_is_posted_and_answered_ok(hooks, url):
    answer = post(url, {"text": "deploy done"})
    assert (answer.status_code, answer.text) == (200, "ok")
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert hooks.posted == [{"channel": "#deploys", "text": "deploy done"}]
    assert url in hooks.seen_tokens


def test_an_empty_payload_is_refused_with_no_text_and_posts_nothing(hooks, url):
    answer = post(url, {})
    assert (answer.status_code, answer.text) == (400, "no_text")
    assert hooks.posted == []


def test_an_empty_payload_can_get_the_reported_text_instead(hooks, url):
    # Within the contract too: the 400 strings allow both answers.
    hooks.no_text_answer = slack_webhook.MISSING_TEXT
    answer = post(url, {})
    assert (answer.status_code, answer.text) == (400, "missing_text_or_fallback_or_attachments")
    assert hooks.posted == []


def test_a_removed_webhook_gets_no_service_and_the_others_keep_working(hooks, url):
    user = hooks.add_user("other-bot")
    other_id, other = hooks.create_token(user["id"], "#alerts")
    hook_id = url.rsplit("/", 2)[1]
    hooks.revoke_in_ui(hook_id)
    assert (post(url, {}).status_code, post(url, {}).text) == (404, "no_service")
    assert post(other, {}).text == "no_text", "only that webhook is removed"
    assert other_id != hook_id


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        (lambda url: url[: url.rindex("/") + 1] + "x" * 24, 403, "invalid_token"),
        (lambda url: url.replace("/services/T", "/services/TX", 1), 404, "no_team"),
        (lambda url: url.replace("/B", "/BX", 1), 404, "no_service"),
    ],
    ids=["wrong-secret", "other-workspace", "unknown-webhook"],
)
def test_a_url_the_stand_in_never_made_is_refused(hooks, url, change, status, error):
    answer = post(change(url), {})
    assert (answer.status_code, answer.text) == (status, error)


def test_a_disabled_workspace_gets_team_disabled(hooks, url):
    hooks.disable_team()
    answer = post(url, {"text": "deploy done"})
    assert (answer.status_code, answer.text) == (410, "team_disabled")
    assert hooks.posted == []


def test_a_call_outside_the_contract_is_refused_and_recorded(hooks, url):
    try:
        answer = requests.get(url, timeout=5)
        assert answer.status_code != 200
        assert any("/services/" in v for v in hooks.violations)
    finally:
        hooks.reset()
