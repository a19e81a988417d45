"""The PyPI stand-in answers uploads as warehouse does, under its contract guard."""

from __future__ import annotations

import base64
import re

import pytest
import requests

from tests.standins import served
from tests.standins.pypi import PyPIStandIn, identifier_of, new_token

# The probe the programs send: the field that routes to the upload view, as multipart/form-data
# with an empty `content` file part, which warehouse's sanitize wants before the token counts.
PROBE = {":action": "file_upload"}
EMPTY_FILE = {"content": ("probe.tar.gz", b"", "application/octet-stream")}


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def upload(pypi, authorization: str | None = None, data=None, files=EMPTY_FILE):
    """POST /legacy/: the probe by default; files=None sends a URL-encoded form, no file."""
    headers = {"Authorization": authorization} if authorization else {}
    body = PROBE if data is None else data
    return requests.post(pypi.url + "/legacy/", data=body, files=files, headers=headers, timeout=5)


@pytest.fixture
def pypi():
    """A served PyPI stand-in with its address as `.url`; it must end with no violations."""
    with served(PyPIStandIn()) as standin:
        yield standin


def account_with_token(pypi, project: str | None = None) -> tuple[dict, str, str]:
    user = pypi.add_user("maintainer")
    token_id, token = pypi.create_token(user["id"], "release job", project=project)
    return user, token_id, token


def test_tokens_have_pypis_format_and_carry_their_id(pypi):
    _, token_id, token = account_with_token(pypi)
    assert re.fullmatch(r"pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{70,1000}", token)
    assert identifier_of(token) == token_id
    assert identifier_of("pypi-" + "A" * 90) is None
    assert new_token() != new_token()


def test_a_live_token_gets_400_for_the_missing_metadata_and_nothing_is_created(pypi):
    _, _, token = account_with_token(pypi)
    for authorization in (basic("__token__", token), f"token {token}", f"Bearer {token}"):
        answer = upload(pypi, authorization)
        assert answer.status_code == 400, authorization.split()[0]
        assert "invalid value for Name" in answer.reason
    assert pypi.seen_tokens == [token, token, token]
    assert pypi.projects == {}


def test_a_project_scoped_token_answers_the_probe_the_same(pypi):
    _, _, token = account_with_token(pypi, project="sampleproject")
    assert upload(pypi, basic("__token__", token)).status_code == 400


def test_no_token_an_unknown_one_or_a_password_gets_403(pypi):
    _, _, token = account_with_token(pypi)
    unknown = new_token()
    for authorization in (None, basic("__token__", unknown), f"Digest {token}"):
        answer = upload(pypi, authorization)
        assert answer.status_code == 403
        assert "Invalid or non-existent authentication information" in answer.reason
    password = upload(pypi, basic("maintainer", "hunter2"))
    assert password.status_code == 403 and "no longer supported" in password.reason
    assert token not in upload(pypi, f"Digest {token}").text


def test_removing_a_token_or_disabling_the_account_makes_it_403(pypi):
    user, token_id, token = account_with_token(pypi)
    _, other = pypi.create_token(user["id"], "docs job")
    pypi.revoke_in_ui(token_id)
    assert upload(pypi, basic("__token__", token)).status_code == 403
    assert upload(pypi, basic("__token__", other)).status_code == 400

    pypi.remove_as_leaked(other)
    assert upload(pypi, basic("__token__", other)).status_code == 403
    events = [event["event"] for event in pypi.security_history]
    assert events[-2:] == [
        "API token removed",
        "API token automatically removed for security reasons",
    ]

    _, third = pypi.create_token(user["id"], "again")
    pypi.disable_user(user["id"])
    assert upload(pypi, basic("__token__", third)).status_code == 403


def test_the_old_form_only_probe_gets_400_from_every_caller_so_it_cannot_tell(pypi):
    # Only `:action`, URL-encoded: no `content` file part. sanitize refuses it before any
    # identity is looked at, so a dead token would look live to a check expecting 400.
    user, _, live = account_with_token(pypi)
    dead_id, dead = pypi.create_token(user["id"], "old job")
    pypi.revoke_in_ui(dead_id)
    for authorization in (None, basic("__token__", new_token()), basic("__token__", dead)):
        answer = upload(pypi, authorization, files=None)
        assert answer.status_code == 400 and answer.reason == "Upload payload does not have a file."
    assert upload(pypi, basic("__token__", live), files=None).status_code == 400
    # The multipart probe tells them apart: 400 for the live token, 403 for the dead one.
    assert upload(pypi, basic("__token__", live)).status_code == 400
    dead_answer = upload(pypi, basic("__token__", dead))
    assert dead_answer.status_code == 403
    assert "Invalid or non-existent authentication information" in dead_answer.reason
    assert pypi.projects == {}


@pytest.mark.parametrize(
    "content",
    [("probe.tar.gz", b""), ("probe.png", b"", "image/png")],
    ids=["no type", "an image"],
)
def test_a_content_part_with_no_type_or_an_image_type_gets_400_from_every_caller(pypi, content):
    _, _, token = account_with_token(pypi)
    for authorization in (None, basic("__token__", token)):
        answer = upload(pypi, authorization, files={"content": content})
        assert answer.status_code == 400 and answer.reason == "Invalid distribution file."


def test_a_file_in_another_field_gets_400(pypi):
    files = {**EMPTY_FILE, "name": ("name.txt", b"", "text/plain")}
    answer = upload(pypi, None, files=files)
    assert answer.status_code == 400 and answer.reason == "name: Should not be a tuple."


def test_read_only_or_uploads_switched_off_answer_403_to_every_token(pypi):
    _, _, token = account_with_token(pypi)
    pypi.read_only = True
    answer = upload(pypi, basic("__token__", token))
    assert answer.status_code == 403 and answer.reason.startswith("Read-only mode")
    pypi.read_only, pypi.uploads_disabled = False, True
    answer = upload(pypi, basic("__token__", token))
    assert answer.status_code == 403 and "temporarily disabled" in answer.reason
    # The file check still comes first.
    assert upload(pypi, basic("__token__", token), files=None).status_code == 400


def test_the_file_comes_before_the_token_and_the_token_before_the_form(pypi):
    _, _, token = account_with_token(pypi)
    form = {
        **PROBE,
        "metadata_version": "2.4",
        "name": "sampleproject",
        "version": "1.0",
        "filetype": "sdist",
        "pyversion": "source",
    }
    no_file = upload(pypi, data=form, files=None)
    assert no_file.status_code == 400 and "does not have a file" in no_file.reason
    assert upload(pypi, data=form).status_code == 403
    incomplete = upload(pypi, basic("__token__", token), data={**PROBE, "name": "sampleproject"})
    assert incomplete.status_code == 400 and "filetype" in incomplete.reason
    assert pypi.projects == {}


def test_a_form_without_the_action_breaks_the_contract(pypi):
    _, _, token = account_with_token(pypi)
    answer = upload(pypi, basic("__token__", token), data={"name": "x"})
    assert answer.status_code == 400 and "':action' is a required property" in answer.text
    with pytest.raises(AssertionError, match="pypi-upload"):
        pypi.assert_clean()
    pypi.reset()
