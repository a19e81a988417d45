"""Catalog entries that send the credential another way: a second header, bare, HTTP Basic."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import Auth, SecondHeader
from generator.catalog import CatalogError, load_file
from tests.catalog.entries import (
    GOOD,
    ROOT,
    load_paired,
    refused,
    write,
)


def test_a_bare_credential_has_an_empty_scheme_and_a_bad_scheme_is_refused(
    tmp_path: Path, paired: dict
) -> None:
    assert load_paired(tmp_path, paired).api.auth.scheme == ""
    paired["api"]["auth"]["scheme"] = "Bearer token"
    with pytest.raises(CatalogError, match=r"field 'api\.auth\.scheme': String should match"):
        load_paired(tmp_path, paired)


def test_the_second_header_must_not_be_the_credentials_header(tmp_path: Path, paired: dict) -> None:
    paired["api"]["auth"]["second_header"]["name"] = "x-auth-token"
    with pytest.raises(CatalogError, match=r"field 'api\.auth': .*second_header\.name must differ"):
        load_paired(tmp_path, paired)


def test_the_second_header_name_must_be_a_header_name(tmp_path: Path, paired: dict) -> None:
    paired["api"]["auth"]["second_header"]["name"] = "X User Id"
    with pytest.raises(CatalogError, match=r"field 'api\.auth\.second_header\.name'"):
        load_paired(tmp_path, paired)


@pytest.mark.parametrize(
    ("field", "where"),
    [("base_url_env", "api.base_url_env"), ("token_env", "storage.env_var"),
     ("input", "actions.inputs.token_name")],
)  # fmt: skip
def test_the_second_header_needs_its_own_variable(
    tmp_path: Path, paired: dict, field: str, where: str
) -> None:
    taken = {
        "base_url_env": paired["api"]["base_url_env"],
        "token_env": paired["storage"]["env_var"],
        "input": paired["actions"]["inputs"]["token_name"],
    }[field]
    paired["api"]["auth"]["second_header"]["env"] = taken
    with pytest.raises(CatalogError, match=rf"second_header\.env {taken} is already {where}"):
        load_paired(tmp_path, paired)


def test_an_admins_credential_cannot_yet_send_the_second_header(
    tmp_path: Path, paired: dict
) -> None:
    paired["actions"]["admin_env"] = "ROCKETCHAT_ADMIN_TOKEN"
    paired["actions"]["find"]["credential"] = "admin"
    with pytest.raises(CatalogError, match=r"actions\.find: an admin's credential cannot yet"):
        load_paired(tmp_path, paired)


def test_a_second_header_must_be_named_in_what_a_dead_answer_means(
    tmp_path: Path, paired: dict
) -> None:
    assert "ROCKETCHAT_USER_ID" in load_paired(tmp_path, paired).actions.check.dead_means
    del paired["actions"]["check"]["dead_means"]
    with pytest.raises(CatalogError, match=r"dead_means must name .*env ROCKETCHAT_USER_ID"):
        load_paired(tmp_path, paired)


@pytest.mark.parametrize("means", ['revoked "or" wrong', "Revoked", "revoked.", "x" * 90])
def test_what_a_dead_answer_means_is_plain_words(tmp_path: Path, paired: dict, means: str) -> None:
    paired["actions"]["check"]["dead_means"] = means
    with pytest.raises(CatalogError, match=r"field 'actions\.check\.dead_means'"):
        load_paired(tmp_path, paired)


def test_listing_fields_keep_the_providers_camel_case(tmp_path: Path, paired: dict) -> None:
    assert "createdAt" in load_paired(tmp_path, paired).actions.find.fields
    paired["actions"]["find"]["fields"] = ["created-at"]
    with pytest.raises(CatalogError, match=r"field 'actions\.find\.fields\.0'"):
        load_paired(tmp_path, paired)


def test_the_page_says_what_the_second_header_carries(tmp_path: Path, paired: dict) -> None:
    from generator.playbook import render_playbook

    page = render_playbook(ROOT, load_paired(tmp_path, paired))
    box = page.split('!!! danger "In the first minutes"', 1)[1].split("\n## ", 1)[0]
    assert "every call sends `X-User-Id`: set `ROCKETCHAT_USER_ID` to" in " ".join(box.split())


def test_a_listing_names_its_tokens_by_id_or_name(tmp_path: Path, paired: dict) -> None:
    assert load_paired(tmp_path, paired).actions.find.handle == "name"
    paired["actions"]["find"]["handle"] = "slug"
    with pytest.raises(CatalogError, match=r"field 'actions\.find\.handle'"):
        load_paired(tmp_path, paired)


def test_an_optional_header_takes_one_optional_input(tmp_path: Path, paired: dict) -> None:
    revoke = paired["actions"]["revoke"]["request"]
    revoke["headers"]["x-2fa-code"] = "code {two_factor_code}"
    with pytest.raises(CatalogError, match=r"headers\.x-2fa-code must be one \{placeholder\}"):
        load_paired(tmp_path, paired)
    revoke["headers"]["x-2fa-code"] = "{otp}"
    with pytest.raises(CatalogError, match=r"uses \{otp\}, which optional_inputs lacks"):
        load_paired(tmp_path, paired)


def test_an_input_cannot_also_be_optional(tmp_path: Path, paired: dict) -> None:
    paired["actions"]["optional_inputs"]["token_name"] = "ROCKETCHAT_OTHER_NAME"
    with pytest.raises(CatalogError, match=r"\['token_name'\] cannot be both"):
        load_paired(tmp_path, paired)


def test_basic_auth_sends_the_token_as_a_fixed_users_password(tmp_path: Path, data: dict) -> None:
    auth = Auth(scheme="Basic", username="__token__")
    assert auth.credential("s3cret") == "Basic X190b2tlbl9fOnMzY3JldA=="
    assert load_file(GOOD).api.auth.credential("s3cret") == "Bearer s3cret"


@pytest.mark.parametrize(
    ("auth", "reason"),
    [
        ({"scheme": "Bearer", "username": "__token__"}, "username goes with scheme Basic"),
        ({"scheme": "Basic"}, "scheme Basic needs username"),
        (
            {"header": "X-Token", "scheme": "Basic", "username": "__token__"},
            "HTTP Basic credentials travel in the Authorization header",
        ),
    ],
)
def test_basic_auth_needs_its_user_and_header(
    tmp_path: Path, data: dict, auth: dict, reason: str
) -> None:
    data["api"]["auth"] = auth
    with pytest.raises(CatalogError, match=rf"field 'api\.auth': Value error, {reason}"):
        load_file(write(tmp_path, data))


@pytest.mark.parametrize("username", ["", "user:name", "two words", "it's"])
def test_basic_auth_username_needs_no_escaping(tmp_path: Path, data: dict, username: str) -> None:
    data["api"]["auth"] = {"scheme": "Basic", "username": username}
    with pytest.raises(CatalogError, match=r"field 'api\.auth\.username': String should match"):
        load_file(write(tmp_path, data))


def test_basic_auth_is_refused_where_no_template_sends_it(tmp_path: Path, data: dict) -> None:
    data["api"]["auth"] = {"scheme": "Basic", "username": "__token__"}
    with pytest.raises(CatalogError, match=r"HTTP Basic is sent only by a probe check so far"):
        load_file(write(tmp_path, data))


def test_headers_clients_carry_across_hosts_are_told_apart() -> None:
    assert not Auth().forwarded_on_redirect
    assert not Auth(header="authorization").forwarded_on_redirect
    assert Auth(header="X-Auth-Token", scheme="").forwarded_on_redirect
    second = SecondHeader(
        name="X-User-Id", env="USER_ID", value="the owner's ID", source="https://example.com/"
    )
    assert Auth(second_header=second).forwarded_on_redirect


def test_a_probe_sends_no_header_a_redirect_would_carry(tmp_path: Path, upload_probe: dict) -> None:
    probe = upload_probe
    probe["api"]["auth"]["second_header"] = {
        "name": "X-User-Id",
        "env": "PYPI_USER_ID",
        "value": "the owner's ID",
        "source": "https://docs.pypi.org/",
    }
    probe["actions"]["check"]["dead_means"] = "revoked, or PYPI_USER_ID is wrong"
    refused(tmp_path, probe, r"a probe \(api\.whoami\.live\) sends only the Authorization header")
