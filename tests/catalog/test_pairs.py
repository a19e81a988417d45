"""Catalog entries for a secret that comes as a pair and is called through the provider's SDKs,
and what an action's request or call must hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_file
from tests.catalog.entries import (
    GOOD,
    PAIR,
    entry,
    refused,
)


def test_api_and_sdk_are_exclusive_and_one_is_needed(tmp_path: Path, pair: dict) -> None:
    api = entry(GOOD)["api"]
    refused(tmp_path, {**pair, "api": api}, r"give api \(an HTTP API\) or sdk")
    del pair["sdk"]
    refused(tmp_path, pair, r"give api \(an HTTP API\) or sdk")


def test_sdk_actions_are_calls_and_http_actions_requests(tmp_path: Path, pair: dict) -> None:
    find = pair["actions"]["find"]
    del find["call"]
    find |= {"request": {"method": "GET", "path": "/keys"}, "ok": 200, "credential": "token"}
    refused(tmp_path, pair, r"actions\.find: give call, not request")


def test_an_action_is_a_request_or_a_call_not_both(tmp_path: Path, pair: dict) -> None:
    pair["actions"]["revoke"]["request"] = {"method": "DELETE", "path": "/keys"}
    refused(tmp_path, pair, r"field 'actions\.revoke': Value error, give request")


def test_a_call_has_no_status_and_a_request_needs_one(tmp_path: Path, data: dict) -> None:
    del data["actions"]["check"]["ok"]
    refused(tmp_path, data, r"field 'actions\.check': Value error, a request needs ok")


def test_an_sdk_call_takes_ok_nowhere(tmp_path: Path, pair: dict) -> None:
    pair["actions"]["check"]["ok"] = 200
    refused(tmp_path, pair, r"ok is a status of a request")


def test_a_call_placeholder_needs_an_input(tmp_path: Path, pair: dict) -> None:
    del pair["actions"]["inputs"]["user_name"]
    refused(tmp_path, pair, r"revoke\.call uses \['user_name'\], which inputs lacks")


def test_a_parameter_is_a_param_or_a_choice_not_both(tmp_path: Path, pair: dict) -> None:
    pair["actions"]["disable"]["call"]["params"]["Status"] = "{token_id}"
    refused(tmp_path, pair, r"\['Status'\] cannot be both params and choices")


def test_sdk_names_keep_the_api_references_spelling(tmp_path: Path, pair: dict) -> None:
    pair["actions"]["check"]["call"]["operation"] = "get_caller_identity"
    refused(tmp_path, pair, r"field 'actions\.check\.call\.operation': String should match")


def test_an_sdk_check_names_error_codes_not_a_status(tmp_path: Path, pair: dict) -> None:
    pair["actions"]["check"]["dead"] = 403
    refused(tmp_path, pair, r"actions\.check\.dead: an SDK call has no status")
    del pair["actions"]["check"]["dead"]
    pair["actions"]["check"]["dead_errors"] = []
    refused(tmp_path, pair, r"field 'actions\.check': Value error, give dead \(a status\)")


def test_sdk_admin_credentials_come_from_the_default_chain(tmp_path: Path, pair: dict) -> None:
    pair["actions"]["admin_env"] = "AWS_ADMIN_KEY"
    refused(tmp_path, pair, r"actions\.admin_env: with sdk, an admin's credential")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("env_var", "AWS_SECRET_ACCESS_KEY", r"id\.env_var must differ from env_var"),
        ("key", "secret_access_key", r"id\.key must differ from vault\.key"),
        ("conjur_variable", "aws/access-key/secret-access-key", r"id\.conjur_variable must"),
    ],
)
def test_the_halves_of_a_pair_are_kept_apart(
    tmp_path: Path, pair: dict, field: str, value: str, message: str
) -> None:
    pair["storage"]["id"][field] = value
    refused(tmp_path, pair, rf"field 'storage': Value error, {message}")


def test_a_pair_needs_the_sdk_programs(tmp_path: Path, data: dict) -> None:
    data["storage"]["id"] = {"env_var": "X_ID", "key": "id", "conjur_variable": "x/id"}
    refused(tmp_path, data, r"storage\.id needs sdk")


def test_a_pair_exports_where_each_half_is_kept() -> None:
    import json

    from generator.export import detail

    where = json.loads(detail(load_file(PAIR)))["backends"]
    assert where["env"] == {"variable": "AWS_SECRET_ACCESS_KEY", "id_variable": "AWS_ACCESS_KEY_ID"}
    assert where["aws-secrets-manager"]["json_keys"] == ["access_key_id", "secret_access_key"]
    assert where["vault"]["id_key"] == "access_key_id"
    assert where["conjur"]["id_variable_id"] == "aws/access-key/access-key-id"
    assert where["conjur"]["id_override"] == "AWS_SECRET_ACCESS_KEY_CONJUR_ID_VARIABLE"
