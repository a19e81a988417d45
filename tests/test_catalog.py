"""The catalog model refuses bad input with a message naming file, field and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.catalog import Auth, CatalogError, SecondHeader, load_catalog, load_file

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "catalog" / "mattermost-personal-token.yaml"


def write(tmp_path: Path, data: object, name: str = "mattermost-personal-token") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def data() -> dict:
    return yaml.safe_load(GOOD.read_text(encoding="utf-8"))


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


OK_FIELD = ROOT / "catalog" / "slack-bot-token.yaml"


@pytest.fixture
def answered() -> dict:
    """An entry whose API answers 200 either way and says in the answer whether a call worked."""
    return yaml.safe_load(OK_FIELD.read_text(encoding="utf-8"))


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


def page_section(tmp_path: Path, data: dict, heading: str) -> str:
    """The rendered playbook's section under a level-2 heading, up to the next one."""
    from generator.playbook import render_playbook

    page = render_playbook(ROOT, load_file(write(tmp_path, data)))
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_no_static_secret_leads_best_practices(tmp_path: Path, data: dict) -> None:
    def practices(secret_data: dict) -> str:
        return page_section(tmp_path, secret_data, "Best practices")

    assert "hold no static secret" not in practices(data)
    data["no_static_secret"] = {
        "text": "Let the CI job sign in with its own short-lived identity.",
        "source": "https://docs.mattermost.com/",
    }
    shown = practices(data)
    assert shown.index('!!! tip "Best: hold no static secret"') < shown.index("\n- ")
    assert "Let the CI job sign in with its own short-lived identity." in shown


def test_provider_revokes_leads_why_leaks_happen(tmp_path: Path, data: dict) -> None:
    def leaks(secret_data: dict) -> str:
        return page_section(tmp_path, secret_data, "Why leaks happen")

    assert "may have acted already" not in leaks(data)
    data["provider_revokes"] = {
        "text": "Mattermost revokes a token it finds in a public repository.",
        "source": "https://docs.mattermost.com/",
    }
    shown = leaks(data)
    assert '!!! note "Mattermost may have acted already"' in shown
    assert shown.index("Mattermost revokes a token it finds") < shown.index("\n- ")
    assert "look for abuse either way" in shown


SECOND_HEADER = ROOT / "catalog" / "rocketchat-personal-token.yaml"


@pytest.fixture
def paired() -> dict:
    """An entry whose API wants the owner's user ID in a second header beside the token."""
    return yaml.safe_load(SECOND_HEADER.read_text(encoding="utf-8"))


def load_paired(tmp_path: Path, paired: dict):
    return load_file(write(tmp_path, paired, name="rocketchat-personal-token"))


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
    from generator.catalog import Auth

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


URL_SECRET = ROOT / "catalog" / "slack-incoming-webhook-url.yaml"
HOOK = "slack-incoming-webhook-url"
MATTERMOST_HOOK = ROOT / "catalog" / "mattermost-incoming-webhook-url.yaml"


@pytest.fixture
def hook() -> dict:
    """An entry whose secret is a URL and whose check is a probe that must be refused."""
    return yaml.safe_load(URL_SECRET.read_text(encoding="utf-8"))


def refused(tmp_path: Path, data: dict, match: str) -> None:
    """The entry, written under its own id, fails with a message that matches."""
    with pytest.raises(CatalogError, match=match):
        load_file(write(tmp_path, data, name=data["id"]))


def test_a_url_secret_needs_no_base_url_but_its_start(tmp_path: Path, hook: dict) -> None:
    secret = load_file(write(tmp_path, hook, name=HOOK))
    assert secret.api.credential_in == "url" and secret.api.base_url_env is None
    del hook["api"]["url_start"]
    refused(tmp_path, hook, r"field 'api': .*url_start is required where credential_in is url")


def test_a_header_secret_still_needs_its_base_url(tmp_path: Path, data: dict) -> None:
    del data["api"]["base_url_env"]
    with pytest.raises(CatalogError, match=r"field 'api': .*base_url_env is required"):
        load_file(write(tmp_path, data))


def test_a_url_secret_sends_no_auth_header(tmp_path: Path, hook: dict) -> None:
    hook["api"]["auth"] = {"header": "Authorization", "scheme": "Bearer"}
    refused(tmp_path, hook, r"field 'api': .*auth is for a header")


def test_a_url_secret_proves_itself_with_a_probe(tmp_path: Path, hook: dict) -> None:
    whoami = hook["api"]["whoami"]
    whoami.update(method="GET", path="/")
    del whoami["live"], whoami["body"]
    refused(tmp_path, hook, r"field 'api': .*whoami must be a probe")


def test_a_post_to_prove_a_secret_must_be_refused(tmp_path: Path, data: dict) -> None:
    data["api"]["whoami"]["method"] = "POST"
    with pytest.raises(CatalogError, match=r"field 'api\.whoami': .*method POST needs live"):
        load_file(write(tmp_path, data))


def test_an_empty_path_calls_only_a_url_secret(tmp_path: Path, data: dict) -> None:
    data["api"]["whoami"]["path"] = ""
    with pytest.raises(CatalogError, match=r"whoami\.path may be empty only where"):
        load_file(write(tmp_path, data))
    data["api"]["whoami"]["path"] = "/api/v4/users/me"
    data["actions"]["check"]["request"]["path"] = ""
    with pytest.raises(CatalogError, match=r"actions\.check\.request\.path may be empty only"):
        load_file(write(tmp_path, data))


def test_a_probe_expects_a_refusal_not_a_success(tmp_path: Path, hook: dict) -> None:
    hook["actions"]["check"]["ok"] = 200
    refused(tmp_path, hook, r"field 'actions\.check': .*give live or ok, not both")
    del hook["actions"]["check"]["ok"]
    hook["actions"]["check"]["live"]["status"] = 200
    refused(tmp_path, hook, r"field 'actions\.check\.live\.status'")


def test_a_probe_needs_its_dead_answers(tmp_path: Path, hook: dict) -> None:
    hook["actions"]["check"]["dead_answers"] = []
    refused(tmp_path, hook, r"field 'actions\.check': .*a probe needs dead_answers")


def test_a_check_without_a_probe_takes_no_dead_answers(tmp_path: Path, data: dict) -> None:
    data["actions"]["check"]["dead_answers"] = [{"status": 404}]
    with pytest.raises(CatalogError, match=r"dead_answers belong to a probe"):
        load_file(write(tmp_path, data))


def test_a_probe_reads_every_answer_the_same_way(tmp_path: Path, hook: dict) -> None:
    hook["actions"]["check"]["dead_answers"][0] = {"status": 403}
    refused(tmp_path, hook, r"every answer is read the same way")
    hook["actions"]["check"]["dead_answers"][0] = {"status": 403, "text": "no_text"}
    hook["actions"]["check"]["dead_answers"].append({"status": 403, "text": "no_text"})
    refused(tmp_path, hook, r"no two answers may share a status and marker")


def test_an_answer_field_comes_with_its_value(tmp_path: Path, hook: dict) -> None:
    hook["actions"]["check"]["dead_answers"][0] = {"status": 403, "field": "id"}
    refused(tmp_path, hook, r"field and value come as a pair")
    hook["actions"]["check"]["dead_answers"][0] = {"status": 403, "text": "x", "field": "id"}
    refused(tmp_path, hook, r"field and value come as a pair|not both")


def test_the_check_sends_the_same_probe_as_the_programs(tmp_path: Path, hook: dict) -> None:
    hook["actions"]["check"]["request"]["body"] = {"text": ""}
    refused(tmp_path, hook, r"actions\.check must send api\.whoami's probe")
    hook["actions"]["check"]["request"]["body"] = {}
    hook["actions"]["check"]["live"] = {"status": 400, "text": "invalid_payload"}
    refused(tmp_path, hook, r"actions\.check must send api\.whoami's probe")


def test_a_probe_is_a_post_without_placeholders(tmp_path: Path, hook: dict) -> None:
    hook["actions"]["check"]["request"]["method"] = "GET"
    refused(tmp_path, hook, r"a probe sends a request the provider refuses: use POST")
    hook["actions"]["check"]["request"]["method"] = "POST"
    hook["actions"]["check"]["request"]["body"] = {"text": "{token}"}
    refused(tmp_path, hook, r"a probe sends a fixed request")


def test_the_last_segment_of_a_url_token_is_no_input(tmp_path: Path, data: dict) -> None:
    data["actions"]["inputs"]["token_last_segment"] = "MATTERMOST_HOOK_ID"
    expected = r"field 'actions': .*\{token_last_segment\} is cut from the leaked token"
    with pytest.raises(CatalogError, match=expected):
        load_file(write(tmp_path, data))


@pytest.mark.parametrize(
    "request_",
    [
        {"method": "GET", "path": "/api/v4/hooks?id={token_last_segment}"},
        {"method": "POST", "path": "/api/v4/hooks", "body": {"id": "{token_last_segment}"}},
    ],
    ids=["query", "body"],
)
def test_the_last_segment_of_a_url_token_stands_only_in_the_path(
    tmp_path: Path, data: dict, request_: dict
) -> None:
    data["actions"]["revoke"]["request"] = request_
    expected = r"revoke\.request: \{token_last_segment\} may stand only in the path"
    with pytest.raises(CatalogError, match=expected):
        load_file(write(tmp_path, data))


def test_the_last_segment_is_cut_only_from_a_url_secret(tmp_path: Path, data: dict) -> None:
    data["actions"]["revoke"]["request"]["path"] = "/api/v4/hooks/incoming/{token_last_segment}"
    del data["actions"]["revoke"]["request"]["body"]
    expected = (
        r"actions\.revoke\.request uses \{token_last_segment\}, which needs a secret that is a URL"
    )
    with pytest.raises(CatalogError, match=expected):
        load_file(write(tmp_path, data))


def test_a_call_by_the_last_segment_sends_the_path_alone(tmp_path: Path) -> None:
    """The programs guard such a call, printing no URL and no answer, with the path alone."""
    hook = yaml.safe_load(MATTERMOST_HOOK.read_text())
    hook["actions"]["revoke"]["request"]["path"] += "?permanent=true"
    expected = r"actions\.revoke\.request uses \{token_last_segment\}: it sends the path alone"
    with pytest.raises(CatalogError, match=expected):
        load_file(write(tmp_path, hook, "mattermost-incoming-webhook-url"))


PYPI = ROOT / "catalog" / "pypi-api-token.yaml"


@pytest.fixture
def upload_probe() -> dict:
    """An entry whose probe sends multipart/form-data with an empty file part, and whose token
    is a Basic password."""
    return yaml.safe_load(PYPI.read_text(encoding="utf-8"))


def as_form(entry: dict) -> dict:
    """The same entry with its probe sent as a URL-encoded form, no file part."""
    for request in (entry["api"]["whoami"], entry["actions"]["check"]["request"]):
        request["body_format"] = "form"
        request.pop("file", None)
    return entry


def test_a_probe_may_send_its_body_as_a_form(tmp_path: Path, upload_probe: dict) -> None:
    secret = load_file(write(tmp_path, as_form(upload_probe), name="pypi-api-token"))
    assert secret.api.whoami.body_format == "form"
    assert secret.actions.check.request.body_format == "form"
    assert secret.api.whoami.file is None


def test_a_probe_may_send_multipart_with_an_empty_file(tmp_path: Path, upload_probe: dict) -> None:
    secret = load_file(write(tmp_path, upload_probe, name="pypi-api-token"))
    for request in (secret.api.whoami, secret.actions.check.request):
        assert request.body_format == "multipart"
        assert (request.file.field, request.file.filename, request.file.content_type) == (
            "content",
            "probe.tar.gz",
            "application/octet-stream",
        )


@pytest.mark.parametrize("body_format", ["form", "multipart"])
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (None, "body_format {} needs a body"),
        ({":action": ["file_upload"]}, "a form's fields hold one string each, not a list"),
    ],
)
def test_a_form_body_is_flat_and_present(
    tmp_path: Path, upload_probe: dict, body: dict | None, reason: str, body_format: str
) -> None:
    if body_format == "form":
        as_form(upload_probe)
    upload_probe["api"]["whoami"]["body"] = body
    reason = reason.format(body_format)
    with pytest.raises(CatalogError, match=rf"field 'api\.whoami': Value error, {reason}"):
        load_file(write(tmp_path, upload_probe, name="pypi-api-token"))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda w: w.update(body_format="form"), "file: only a multipart body carries a file"),
        (lambda w: w.update(body_format="json"), "file: only a multipart body carries a file"),
        (lambda w: w.update(body={"content": "x"}), "file.field content is also a field"),
        (lambda w: w.update(body={'a"b': "x"}), "a multipart field name holds only"),
    ],
    ids=["form", "json", "same name", "quote in a name"],
)
def test_a_file_part_belongs_to_multipart_and_stands_apart(
    tmp_path: Path, upload_probe: dict, change, reason: str
) -> None:
    change(upload_probe["api"]["whoami"])
    with pytest.raises(CatalogError, match=rf"field 'api\.whoami': Value error, {reason}"):
        load_file(write(tmp_path, upload_probe, name="pypi-api-token"))


@pytest.mark.parametrize(
    ("part", "bad"),
    [
        ("field", "con tent"),
        ("filename", 'probe".tar.gz'),
        ("filename", "dir/probe.tar.gz"),
        ("content_type", "octet-stream"),
    ],
)
def test_a_file_part_is_named_plainly(
    tmp_path: Path, upload_probe: dict, part: str, bad: str
) -> None:
    upload_probe["api"]["whoami"]["file"][part] = bad
    with pytest.raises(CatalogError, match=rf"api\.whoami\.file\.{part}"):
        load_file(write(tmp_path, upload_probe, name="pypi-api-token"))


def test_the_check_sends_the_probe_in_the_same_format(tmp_path: Path, upload_probe: dict) -> None:
    upload_probe["actions"]["check"]["request"]["body_format"] = "json"
    upload_probe["actions"]["check"]["request"].pop("file")
    with pytest.raises(CatalogError, match=r"must send api\.whoami's probe .*body_format"):
        load_file(write(tmp_path, upload_probe, name="pypi-api-token"))


def test_the_check_sends_the_probe_with_the_same_file(tmp_path: Path, upload_probe: dict) -> None:
    upload_probe["actions"]["check"]["request"]["file"]["filename"] = "other.tar.gz"
    with pytest.raises(CatalogError, match=r"must send api\.whoami's probe .*file\)"):
        load_file(write(tmp_path, upload_probe, name="pypi-api-token"))


@pytest.mark.parametrize("body_format", ["form", "multipart"])
def test_only_a_probe_sends_a_form_so_far(tmp_path: Path, data: dict, body_format: str) -> None:
    data["actions"]["revoke"]["request"]["body_format"] = body_format
    with pytest.raises(CatalogError, match=r"revoke\.request\.body_format: only a probe's fixed"):
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


def test_a_probe_sends_no_header_a_redirect_would_carry(tmp_path: Path) -> None:
    probe = yaml.safe_load((ROOT / "catalog" / "pypi-api-token.yaml").read_text(encoding="utf-8"))
    probe["api"]["auth"]["second_header"] = {
        "name": "X-User-Id",
        "env": "PYPI_USER_ID",
        "value": "the owner's ID",
        "source": "https://docs.pypi.org/",
    }
    probe["actions"]["check"]["dead_means"] = "revoked, or PYPI_USER_ID is wrong"
    refused(tmp_path, probe, r"a probe \(api\.whoami\.live\) sends only the Authorization header")


PAIR = ROOT / "catalog" / "aws-access-key.yaml"


@pytest.fixture
def pair() -> dict:
    """A secret type that comes as a pair and is called through its provider's SDKs."""
    return yaml.safe_load(PAIR.read_text(encoding="utf-8"))


def test_api_and_sdk_are_exclusive_and_one_is_needed(tmp_path: Path, pair: dict) -> None:
    api = yaml.safe_load(GOOD.read_text(encoding="utf-8"))["api"]
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


GOOD_SOURCE = "https://docs.mattermost.com/"


def test_a_pair_exports_where_each_half_is_kept() -> None:
    import json

    from generator.export import detail

    where = json.loads(detail(load_file(PAIR)))["backends"]
    assert where["env"] == {"variable": "AWS_SECRET_ACCESS_KEY", "id_variable": "AWS_ACCESS_KEY_ID"}
    assert where["aws-secrets-manager"]["json_keys"] == ["access_key_id", "secret_access_key"]
    assert where["vault"]["id_key"] == "access_key_id"
    assert where["conjur"]["id_variable_id"] == "aws/access-key/access-key-id"
    assert where["conjur"]["id_override"] == "AWS_SECRET_ACCESS_KEY_CONJUR_ID_VARIABLE"
