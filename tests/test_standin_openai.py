"""The OpenAI stand-in behaves as OpenAI's API pages say, under its contract guard."""

from __future__ import annotations

import re

import pytest
import requests
import yaml

from tests.pages import ROOT
from tests.standins import openai, served
from tests.standins.openai import OpenAIStandIn

PATTERN = yaml.safe_load((ROOT / "catalog" / "openai-api-key.yaml").read_text())["format"][
    "pattern"
]


def call(oa, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, oa.url + path, headers=headers, timeout=5, **kwargs)


@pytest.fixture
def oa():
    """A served OpenAI stand-in with its address as `.url`; it must end with no violations."""
    with served(OpenAIStandIn()) as standin:
        yield standin


def keys_path(oa) -> str:
    return f"/v1/organization/projects/{oa.project_id}/api_keys"


def test_every_kind_of_key_matches_the_catalog_pattern_at_its_length():
    lengths = {"project": 164, "service_account": 167, "admin": 133, "legacy": 51}
    for kind, length in lengths.items():
        value = openai.new_key(kind)
        assert re.fullmatch(PATTERN, value) and len(value) == length, (kind, len(value))
        prefix, _, side = openai.KINDS[kind]
        head, tail = value.split(openai.MARKER)
        assert (len(head), len(tail)) == (len(prefix) + side, side), kind
    assert not re.fullmatch(PATTERN, openai.new_key().replace(openai.MARKER, "x" * 8))


def test_models_answer_a_live_key_and_401_anything_else(oa):
    user = oa.add_user("deploy-bot")
    _, key = oa.create_token(user["id"], "ci")
    listed = call(oa, "GET", "/v1/models", key)
    assert listed.status_code == 200 and listed.json()["object"] == "list"
    assert {m["object"] for m in listed.json()["data"]} == {"model"}

    unknown = call(oa, "GET", "/v1/models", openai.new_key())
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "invalid_api_key"
    assert call(oa, "GET", "/v1/models").status_code == 401
    assert key in oa.seen_tokens


def test_admin_keys_reach_only_the_administration_api(oa):
    owner = oa.add_admin("owner")
    _, admin = oa.create_token(owner["id"], "incident response")
    user = oa.add_user("deploy-bot")
    _, key = oa.create_token(user["id"], "ci")
    assert admin.startswith("sk-admin-") and key.startswith("sk-proj-")

    assert call(oa, "GET", "/v1/models", admin).status_code == 401
    assert call(oa, "GET", keys_path(oa), key).status_code == 401
    assert call(oa, "GET", keys_path(oa), admin).status_code == 200


def test_list_shows_ids_names_and_last_use_never_the_value(oa):
    owner = oa.add_admin("owner")
    _, admin = oa.create_token(owner["id"], "incident response")
    user = oa.add_user("deploy-bot")
    key_id, key = oa.create_token(user["id"], "ci notifier")

    before = call(oa, "GET", keys_path(oa), admin).json()
    assert [k["id"] for k in before["data"]] == [key_id] and before["has_more"] is False
    assert before["data"][0]["last_used_at"] is None
    assert before["data"][0]["owner"]["user"]["email"] == "deploy-bot@example.com"

    call(oa, "GET", "/v1/models", key)
    listed = call(oa, "GET", keys_path(oa), admin).json()["data"][0]
    assert listed["name"] == "ci notifier" and isinstance(listed["last_used_at"], int)
    assert key not in str(listed) and admin not in str(listed)
    assert listed["redacted_value"] == openai.redacted(key)


def test_list_pages_with_limit_and_after(oa):
    owner = oa.add_admin("owner")
    _, admin = oa.create_token(owner["id"], "incident response")
    user = oa.add_user("deploy-bot")
    ids = [oa.create_token(user["id"], f"job {n}")[0] for n in range(3)][::-1]  # newest first

    first = call(oa, "GET", keys_path(oa), admin, params={"limit": 2}).json()
    assert [k["id"] for k in first["data"]] == ids[:2] and first["has_more"] is True
    rest = call(oa, "GET", keys_path(oa), admin, params={"after": first["last_id"]}).json()
    assert [k["id"] for k in rest["data"]] == ids[2:] and rest["has_more"] is False


def test_delete_by_id_is_final(oa):
    owner = oa.add_admin("owner")
    _, admin = oa.create_token(owner["id"], "incident response")
    user = oa.add_user("deploy-bot")
    key_id, key = oa.create_token(user["id"], "ci")

    deleted = call(oa, "DELETE", f"{keys_path(oa)}/{key_id}", admin)
    assert deleted.json() == {
        "object": "organization.project.api_key.deleted",
        "id": key_id,
        "deleted": True,
    }
    assert call(oa, "GET", "/v1/models", key).status_code == 401
    assert call(oa, "GET", keys_path(oa), admin).json()["data"] == []


def test_a_request_that_breaks_the_contract_is_refused(oa):
    owner = oa.add_admin("owner")
    _, admin = oa.create_token(owner["id"], "incident response")
    refused = call(oa, "GET", keys_path(oa), admin, params={"limit": "many"})
    assert refused.status_code == 400 and "limit" in refused.json()["message"]
    assert len(oa.violations) == 1
    oa.reset()
