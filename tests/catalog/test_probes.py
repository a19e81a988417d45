"""Catalog entries whose secret is a URL, or whose check is a probe the provider must refuse,
and what paths, bodies and forms a request may carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import CatalogError, load_file
from tests.catalog.entries import (
    HOOK,
    MATTERMOST_HOOK,
    as_form,
    entry,
    refused,
    write,
)


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
    whoami.pop("also_live", None)
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


def test_more_live_answers_are_read_like_live_and_only_beside_it(
    tmp_path: Path, hook: dict
) -> None:
    check, whoami = hook["actions"]["check"], hook["api"]["whoami"]
    more = [{"status": 400, "text": "missing_text_or_fallback_or_attachments"}]
    check["also_live"], whoami["also_live"] = more, list(more)
    secret = load_file(write(tmp_path, hook, name=HOOK))
    assert [a.text for a in secret.actions.check.live_answers][1:] == [more[0]["text"]]
    check["also_live"] = [{"status": 400}]
    refused(tmp_path, hook, r"every answer is read the same way")
    check["also_live"] = [{"status": 404, "text": "no_service"}]
    refused(tmp_path, hook, r"no two answers may share a status and marker")
    check["also_live"] = []
    refused(tmp_path, hook, r"actions\.check must send api\.whoami's probe .*live answers")
    check["also_live"] = more
    whoami["also_live"] = [*more, {"status": 400}]
    refused(tmp_path, hook, r"field 'api\.whoami': .*every answer is read the same way")


def test_a_check_without_a_probe_takes_no_also_live(tmp_path: Path, data: dict) -> None:
    data["actions"]["check"]["also_live"] = [{"status": 404}]
    with pytest.raises(CatalogError, match=r"also_live belongs to a probe"):
        load_file(write(tmp_path, data))


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
    hook = entry(MATTERMOST_HOOK)
    hook["actions"]["revoke"]["request"]["path"] += "?permanent=true"
    expected = r"actions\.revoke\.request uses \{token_last_segment\}: it sends the path alone"
    with pytest.raises(CatalogError, match=expected):
        load_file(write(tmp_path, hook, "mattermost-incoming-webhook-url"))


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
