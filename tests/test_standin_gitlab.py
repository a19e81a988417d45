"""The GitLab stand-in behaves as GitLab's API pages say, and its contract guard has teeth."""

from __future__ import annotations

import re

import pytest
import requests
import yaml

from tests.detection_corpus import corpus_for
from tests.pages import ROOT
from tests.standins import serve
from tests.standins.gitlab import GitLabStandIn, legacy_token, new_token
from tests.standins.providers import standin_for

PATTERN = yaml.safe_load((ROOT / "catalog" / "gitlab-personal-token.yaml").read_text())["format"][
    "pattern"
]


@pytest.fixture
def gitlab():
    standin = GitLabStandIn()
    with serve(standin) as server:
        yield standin, server.url
    standin.assert_clean()


def get(url: str, token: str, path: str, **params) -> requests.Response:
    return requests.get(f"{url}{path}", headers={"PRIVATE-TOKEN": token}, params=params, timeout=5)


def test_tokens_match_the_catalog_pattern_in_both_formats():
    for value in [new_token(), new_token(123456), legacy_token()]:
        assert re.fullmatch(PATTERN, value), value


def test_current_user_answers_a_live_token_by_header_or_bearer(gitlab):
    standin, url = gitlab
    user = standin.add_user("deploy-bot")
    _, token = standin.create_token(user["id"], "deploy")
    assert get(url, token, "/api/v4/user").json()["username"] == "deploy-bot"
    bearer = requests.get(
        f"{url}/api/v4/user", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert bearer.status_code == 200
    assert get(url, "glpat-" + "x" * 20, "/api/v4/user").status_code == 401


def test_the_list_never_returns_a_value_and_shows_others_only_to_admins(gitlab):
    standin, url = gitlab
    admin, owner = standin.add_admin("root"), standin.add_user("bot")
    _, admin_token = standin.create_token(admin["id"], "ops")
    token_id, token = standin.create_token(owner["id"], "ci")

    listed = get(url, admin_token, "/api/v4/personal_access_tokens", user_id=owner["id"]).json()
    assert [str(t["id"]) for t in listed] == [token_id]
    assert "token" not in listed[0] and listed[0]["last_used_ips"] == []
    mine = get(url, token, "/api/v4/personal_access_tokens").json()
    assert [str(t["id"]) for t in mine] == [token_id], "a user sees only their own tokens"
    others = get(url, token, "/api/v4/personal_access_tokens", user_id=admin["id"])
    assert others.status_code == 401


def test_revoking_is_final_and_rotating_revokes_the_old_token(gitlab):
    standin, url = gitlab
    owner = standin.add_user("bot")
    token_id, token = standin.create_token(owner["id"], "ci")
    rotated = requests.post(
        f"{url}/api/v4/personal_access_tokens/self/rotate",
        headers={"PRIVATE-TOKEN": token},
        timeout=5,
    )
    assert rotated.status_code == 200
    fresh = rotated.json()["token"]
    assert get(url, token, "/api/v4/user").status_code == 401
    assert get(url, fresh, "/api/v4/user").status_code == 200

    gone = requests.delete(
        f"{url}/api/v4/personal_access_tokens/self", headers={"PRIVATE-TOKEN": fresh}, timeout=5
    )
    assert gone.status_code == 204
    assert get(url, fresh, "/api/v4/user").status_code == 401


def test_audit_events_are_for_admins_and_record_the_callers_address(gitlab):
    standin, url = gitlab
    admin, owner = standin.add_admin("root"), standin.add_user("bot")
    _, admin_token = standin.create_token(admin["id"], "ops")
    _, token = standin.create_token(owner["id"], "ci")
    assert get(url, token, "/api/v4/audit_events").status_code == 403

    shown, hidden = standin.misuse(url, token, owner)
    events = get(
        url, admin_token, "/api/v4/audit_events", entity_type="User", entity_id=owner["id"]
    ).json()
    assert events[0]["details"]["custom_message"] in shown
    assert events[0]["details"]["ip_address"] == "127.0.0.1"
    assert all(value not in str(events) for value in hidden)


def test_a_response_off_the_contract_is_refused_and_recorded():
    standin = GitLabStandIn()
    standin._shown = lambda user: {"id": user["id"]}  # drops username, name and state
    with serve(standin) as server:
        owner = standin.add_user("bot")
        _, token = standin.create_token(owner["id"], "ci")
        assert get(server.url, token, "/api/v4/user").status_code == 500
    with pytest.raises(AssertionError, match="gitlab-tokens.openapi.yaml"):
        standin.assert_clean()


def test_a_secret_type_without_a_stand_in_or_fixtures_names_the_file_to_add():
    with pytest.raises(LookupError, match="tests.standins.providers"):
        standin_for("examplechat-personal-token")
    with pytest.raises(LookupError, match="tests.corpora.examplechat_personal_token"):
        corpus_for("examplechat-personal-token")
