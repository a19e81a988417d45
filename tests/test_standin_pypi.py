"""The PyPI stand-in answers uploads as warehouse does, under its contract guard."""

from __future__ import annotations

import base64
import re

import pytest
import requests

from tests.standins import served
from tests.standins.pypi import PyPIStandIn, identifier_of, new_token

# The probe the programs send: the form field that routes to the upload view, nothing else.
PROBE = {":action": "file_upload"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def upload(pypi, authorization: str | None = None, data=None, files=None) -> requests.Response:
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
        assert "metadata_version" in answer.reason
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


def test_authentication_comes_before_the_form(pypi):
    _, _, token = account_with_token(pypi)
    form = {
        **PROBE,
        "metadata_version": "2.4",
        "name": "sampleproject",
        "version": "1.0",
        "filetype": "sdist",
        "pyversion": "source",
    }
    assert upload(pypi, data=form).status_code == 403
    no_file = upload(pypi, basic("__token__", token), data=form)
    assert no_file.status_code == 400 and "does not have a file" in no_file.reason
    assert pypi.projects == {}


def test_a_form_without_the_action_breaks_the_contract(pypi):
    _, _, token = account_with_token(pypi)
    answer = upload(pypi, basic("__token__", token), data={"name": "x"})
    assert answer.status_code == 400 and "':action' is a required property" in answer.text
    with pytest.raises(AssertionError, match="pypi-upload"):
        pypi.assert_clean()
    pypi.reset()
