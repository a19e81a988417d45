"""The Mattermost webhook stand-in answers as app/webhook.go does, under its contract guard."""

from __future__ import annotations

import re

import pytest
import requests

from tests.standins import served
from tests.standins.mattermost import new_id
from tests.standins.mattermost_webhooks import MattermostWebhookStandIn

# A hook URL: the server, /hooks/ and a Mattermost ID (catalog/mattermost-incoming-webhook-url).
HOOK_URL = r"http://127\.0\.0\.1:[0-9]+/hooks/[13-9a-km-uw-z]{25}[yrecowah]"
# What the check program sends: some text and a channel name no channel can have.
PROBE = {"text": "leak check", "channel": "#no channel has this name!"}
# current servers answer every refusal of a hook call with this id, and only the status tells
GENERAL = "web.incoming_webhook.general.app_error"


@pytest.fixture
def mm():
    """A served stand-in with its address as `.url`; it must end with no contract violations."""
    with served(MattermostWebhookStandIn()) as standin:
        yield standin


def leaked_hook(mm, name: str = "ci-bot") -> tuple[dict, str, str]:
    """An account, one of its hooks (ID and URL)."""
    owner = mm.add_user(name)
    hook_id, url = mm.create_token(owner["id"], "ci notifier")
    return owner, hook_id, url


def api(mm, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, mm.url + path, headers=headers, timeout=5, **kwargs)


def test_a_hook_url_is_the_server_address_and_a_mattermost_id(mm):
    _, hook_id, url = leaked_hook(mm)
    assert re.fullmatch(HOOK_URL, url)
    assert url.endswith("/hooks/" + hook_id)


def test_text_posts_to_the_hook_channel_as_its_owner(mm):
    owner, _, url = leaked_hook(mm)
    answer = requests.post(url, json={"text": "deployed"}, timeout=5)
    assert answer.status_code == 200 and answer.text == "ok"
    assert answer.headers["Content-Type"].startswith("text/plain")
    (post,) = mm.posts
    assert post["user_id"] == owner["id"] and post["message"] == "deployed"
    assert post["props"]["from_webhook"] == "true"


def test_an_empty_payload_cannot_tell_a_live_hook_from_a_deleted_one(mm):
    owner, hook_id, url = leaked_hook(mm)
    live = requests.post(url, json={}, timeout=5)
    api(mm, "DELETE", f"/api/v4/hooks/incoming/{hook_id}", mm.sign_in(owner["id"]))
    dead = requests.post(url, json={}, timeout=5)
    for answer in (live, dead):
        assert answer.status_code == 400
        assert answer.json()["id"] == GENERAL
    assert not mm.posts


def test_the_probe_tells_live_from_dead_and_posts_nothing(mm):
    owner, hook_id, url = leaked_hook(mm)
    live = requests.post(url, json=PROBE, timeout=5)
    assert live.status_code == 404
    assert live.json()["id"] == GENERAL, "current servers keep only the status"
    assert hook_id in live.json()["message"], "as real servers, the message names the hook"

    api(mm, "DELETE", f"/api/v4/hooks/incoming/{hook_id}", mm.sign_in(owner["id"]))
    dead = requests.post(url, json=PROBE, timeout=5)
    assert dead.status_code == 400
    assert dead.json()["id"] == GENERAL
    never_made = requests.post(f"{mm.url}/hooks/{new_id()}", json=PROBE, timeout=5)
    assert never_made.status_code == 400 and never_made.json()["id"] == GENERAL
    assert not mm.posts
    assert url in mm.seen_tokens


def test_a_locked_hook_refuses_another_channel(mm):
    owner = mm.add_user("ci-bot")
    hook = mm.create_hook(owner["id"], "locked", locked=True)
    mm.add_channel("random")
    answer = requests.post(
        mm.hook_url(hook["id"]), json={"text": "x", "channel": "random"}, timeout=5
    )
    assert answer.status_code == 403
    assert answer.json()["id"] == GENERAL


def test_hooks_turned_off_server_wide_answer_501_and_come_back(mm):
    _, _, url = leaked_hook(mm)
    mm.incoming_enabled = False
    off = requests.post(url, json=PROBE, timeout=5)
    assert off.status_code == 501
    assert off.json()["id"] == GENERAL
    mm.incoming_enabled = True
    assert requests.post(url, json=PROBE, timeout=5).status_code == 404, "the URL works again"


def test_the_list_shows_an_owner_its_hooks_and_an_admin_all(mm):
    owner, hook_id, _ = leaked_hook(mm)
    other, other_id, _ = leaked_hook(mm, "other-bot")
    admin = mm.add_admin("admin")
    mine = api(mm, "GET", "/api/v4/hooks/incoming", mm.sign_in(owner["id"])).json()
    assert [hook["id"] for hook in mine] == [hook_id]
    assert mine[0]["display_name"] == "ci notifier" and mine[0]["user_id"] == owner["id"]
    every = api(mm, "GET", "/api/v4/hooks/incoming?per_page=200", mm.sign_in(admin["id"])).json()
    assert {hook["id"] for hook in every} == {hook_id, other_id}
    assert api(mm, "GET", "/api/v4/hooks/incoming").status_code == 401


def test_deleting_kills_the_url_for_good(mm):
    owner, hook_id, url = leaked_hook(mm)
    stranger = mm.sign_in(mm.add_user("stranger")["id"])
    path = f"/api/v4/hooks/incoming/{hook_id}"
    refused = api(mm, "DELETE", path, stranger)
    assert refused.status_code == 403 and mm.hook_exists(hook_id)

    deleted = api(mm, "DELETE", path, mm.sign_in(owner["id"]))
    assert deleted.status_code == 200 and deleted.json() == {"status": "OK"}
    assert not mm.hook_exists(hook_id)
    assert api(mm, "DELETE", path, mm.sign_in(owner["id"])).status_code == 404
    assert requests.post(url, json={"text": "x"}, timeout=5).status_code == 400
    assert api(mm, "DELETE", "/api/v4/hooks/incoming/short", stranger).status_code == 400


def test_a_call_outside_the_contract_is_refused_and_recorded(mm):
    _, _, url = leaked_hook(mm)
    try:
        assert requests.get(url, timeout=5).status_code == 400
        assert any("/hooks/" in v for v in mm.violations)
    finally:
        mm.reset()
