"""The catalog model refuses bad input with a message naming file, field and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import CatalogError, load_catalog, load_file
from tests.catalog.entries import (
    GOOD,
    GOOD_SOURCE,
    ROOT,
    page_section,
    refused,
    write,
)


def test_shipped_catalog_is_valid() -> None:
    secrets = load_catalog(ROOT / "catalog")
    assert [s.id for s in secrets] == sorted(p.stem for p in (ROOT / "catalog").glob("*.yaml"))


def test_every_fact_has_an_https_source() -> None:
    secret = load_file(GOOD)
    assert secret.sources(), "no sources collected"
    assert all(url.startswith("https://") for url in secret.sources())


def test_missing_field_is_named(tmp_path: Path, data: dict) -> None:
    del data["api"]["whoami"]["path"]
    expected = r"mattermost-personal-token\.yaml: field 'api\.whoami\.path': Field required"
    with pytest.raises(CatalogError, match=expected):
        load_file(write(tmp_path, data))


def test_whoami_without_a_field_is_valid(tmp_path: Path, data: dict) -> None:
    # A call that proves the token works although no field of its answer names an account.
    del data["api"]["whoami"]["field"]
    assert load_file(write(tmp_path, data)).api.whoami.field is None


@pytest.mark.parametrize("field", ["", "user name", ".username", "user.name"])
def test_whoami_field_must_be_a_top_level_key(tmp_path: Path, data: dict, field: str) -> None:
    data["api"]["whoami"]["field"] = field
    with pytest.raises(CatalogError, match=r"field 'api\.whoami\.field': String should match"):
        load_file(write(tmp_path, data))


def test_misspelt_field_is_refused(tmp_path: Path, data: dict) -> None:
    data["storage"]["env_vars"] = data["storage"].pop("env_var")
    with pytest.raises(CatalogError, match=r"field 'storage\.env_vars': Extra inputs"):
        load_file(write(tmp_path, data))


def test_plain_http_source_is_refused(tmp_path: Path, data: dict) -> None:
    data["risks"]["facts"][0]["source"] = "http://example.com/page"
    with pytest.raises(CatalogError, match=r"field 'risks\.facts\.0\.source': .*https"):
        load_file(write(tmp_path, data))


def test_empty_section_is_refused(tmp_path: Path, data: dict) -> None:
    data["abuse"]["facts"] = []
    with pytest.raises(CatalogError, match=r"field 'abuse\.facts'"):
        load_file(write(tmp_path, data))


def test_id_must_match_file_name(tmp_path: Path, data: dict) -> None:
    with pytest.raises(CatalogError, match=r"other-name\.yaml: field 'id'"):
        load_file(write(tmp_path, data, name="other-name"))


def test_future_check_date_is_refused(tmp_path: Path, data: dict) -> None:
    data["last_checked"] = "2999-01-01"
    with pytest.raises(CatalogError, match=r"field 'last_checked': .*future"):
        load_file(write(tmp_path, data))


def test_bad_pattern_is_refused(tmp_path: Path, data: dict) -> None:
    data["format"]["pattern"] = "[a-z"
    with pytest.raises(CatalogError, match=r"field 'format\.pattern'"):
        load_file(write(tmp_path, data))


def test_listing_items_must_be_one_key(tmp_path: Path, data: dict) -> None:
    data["actions"]["find"]["items"] = "data.records"
    with pytest.raises(CatalogError, match=r"field 'actions\.find\.items'"):
        load_file(write(tmp_path, data))


def test_query_names_keep_the_providers_spelling(tmp_path: Path, data: dict) -> None:
    data["actions"]["find"]["request"]["path"] += "?perPage=200"
    assert load_file(write(tmp_path, data)).actions.find.request.query == [("perPage", "200")]
    data["actions"]["find"]["request"]["path"] += "&per-page=200"
    with pytest.raises(CatalogError, match=r"field 'actions\.find\.request\.path'"):
        load_file(write(tmp_path, data))


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"broken\.yaml: cannot be read as YAML"):
        load_file(path)


def test_empty_catalog_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="holds no catalog files"):
        load_catalog(tmp_path)


def test_revoke_may_be_absent_when_the_api_cannot_revoke(tmp_path: Path, data: dict) -> None:
    del data["actions"]["revoke"]
    secret = load_file(write(tmp_path, data))
    assert secret.actions.revoke is None
    assert "revoke" not in dict(secret.actions.named())


def test_an_action_by_an_admin_needs_admin_env(tmp_path: Path, data: dict) -> None:
    actions = [a for a in data["actions"].values() if isinstance(a, dict)]
    assert any(a.get("credential") == "admin" for a in actions)
    del data["actions"]["admin_env"]
    with pytest.raises(CatalogError, match=r"field 'actions': .*admin_env is required"):
        load_file(write(tmp_path, data))


def test_first_minutes_names_only_offered_actions_check_first(tmp_path: Path, data: dict) -> None:
    data["actions"]["first_minutes"] = ["check", "disable"]
    data["actions"].pop("disable", None)
    data["actions"].pop("enable", None)
    with pytest.raises(CatalogError, match=r"first_minutes names disable, which these actions"):
        load_file(write(tmp_path, data))
    data["actions"]["first_minutes"] = ["revoke", "check"]
    with pytest.raises(CatalogError, match=r"first_minutes must start with check"):
        load_file(write(tmp_path, data))
    data["actions"]["first_minutes"] = ["check", "revoke", "revoke"]
    with pytest.raises(CatalogError, match=r"first_minutes names an action twice"):
        load_file(write(tmp_path, data))
    data["actions"]["first_minutes"] = ["check", "revoke"]
    assert load_file(write(tmp_path, data)).actions.first_minutes == ["check", "revoke"]


def test_a_list_of_prefixes_is_taken_and_an_empty_one_refused(tmp_path: Path, data: dict) -> None:
    data["format"]["prefix"] = ["ab_", "cd_"]
    assert load_file(write(tmp_path, data)).format.prefix == ["ab_", "cd_"]
    data["format"]["prefix"] = []
    with pytest.raises(CatalogError, match=r"field 'format\.prefix"):
        load_file(write(tmp_path, data))


def test_check_needs_a_dead_status_or_dead_errors(tmp_path: Path, data: dict) -> None:
    del data["actions"]["check"]["dead"]
    with pytest.raises(CatalogError, match=r"field 'actions\.check': .*dead \(a status\)"):
        load_file(write(tmp_path, data))


def test_dead_errors_need_an_ok_field(tmp_path: Path, answered: dict) -> None:
    del answered["api"]["ok_field"]
    with pytest.raises(CatalogError, match=r"actions\.check\.dead_errors needs api\.ok_field"):
        load_file(write(tmp_path, answered, name="slack-bot-token"))


def test_an_ok_field_needs_dead_errors(tmp_path: Path, answered: dict) -> None:
    # A dead status alone cannot tell: this API answers 200 for a dead token too.
    answered["actions"]["check"]["dead_errors"] = []
    answered["actions"]["check"]["dead"] = 401
    with pytest.raises(CatalogError, match=r"actions\.check\.dead_errors must name"):
        load_file(write(tmp_path, answered, name="slack-bot-token"))


def test_listings_cannot_yet_read_an_ok_field(tmp_path: Path, answered: dict) -> None:
    answered["actions"]["admin_env"] = "SLACK_ADMIN_TOKEN"
    answered["actions"]["find"] = {
        "request": {"method": "GET", "path": "/api/team.integrationLogs"},
        "credential": "admin",
        "ok": 200,
        "fields": ["date", "change_type"],
        "items": "logs",
        "permission": "A workspace admin.",
        "source": "https://docs.slack.dev/reference/methods/team.integrationLogs",
    }
    with pytest.raises(CatalogError, match=r"actions\.find: listings cannot yet check"):
        load_file(write(tmp_path, answered, name="slack-bot-token"))


@pytest.mark.parametrize(
    ("field", "heading", "note", "also"),
    [
        ("no_static_secret", "Best practices", "Best: hold no static secret", None),
        (
            "provider_revokes",
            "Why leaks happen",
            "Mattermost may have acted already",
            "look for abuse either way",
        ),
    ],
)
def test_a_providers_own_answer_leads_its_section(
    tmp_path: Path, data: dict, field: str, heading: str, note: str, also: str | None
) -> None:
    assert note not in page_section(tmp_path, data, heading)
    data[field] = {"text": "Mattermost acts on a public token by itself.", "source": GOOD_SOURCE}
    shown = page_section(tmp_path, data, heading)
    # The note's title, then the provider's words, both before the section's own list.
    assert (
        shown.index(f'"{note}"')
        < shown.index("Mattermost acts on a public token")
        < shown.index("\n- ")
    )
    if also is not None:
        assert also in shown


def test_provider_restricts_says_the_secret_still_works(tmp_path: Path, data: dict) -> None:
    from generator.playbook import render_playbook

    fact = {"text": "Mattermost limits what a public token may do.", "source": GOOD_SOURCE}
    data["provider_restricts"] = fact
    page = render_playbook(ROOT, load_file(write(tmp_path, data)))
    first = page.split('!!! danger "In the first minutes"', 1)[1].split("\n## ", 1)[0]
    assert "**Mattermost may have acted already, and the secret still works.**" in first
    assert "look for abuse either way" not in first

    data["provider_revokes"] = fact
    refused(tmp_path, data, r"provider_restricts: give it or provider_revokes, not both")
