"""Incident actions change the stand-in's state the way the provider documents."""

from __future__ import annotations

import http.server
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from generator.calls import Answer
from generator.catalog import load_catalog
from tests.launchers import Launch, LaunchError, launcher
from tests.pages import ROOT, all_actions, all_snippets
from tests.scenario import Servers, isolated_env

LANGUAGES = sorted({a.language.id for a in all_actions()})
CATALOG = load_catalog(ROOT / "catalog")
CATALOG_BY_ID = {secret.id: secret.actions for secret in CATALOG}


def cases(action: str = "revoke") -> list:
    """(secret type, language) for every HTTP type whose provider offers the action.

    Types called through the provider's SDKs have their own tests, in test_actions_sdk.py.
    """
    return [
        pytest.param((secret.id, language), id=f"{secret.id}-{language}")
        for secret in CATALOG
        if secret.api and getattr(secret.actions, action) is not None
        for language in LANGUAGES
    ]


@pytest.fixture(scope="session")
def launchers() -> Callable[[str], Launch]:
    def get(language: str) -> Launch:
        try:
            return launcher(language)
        except LaunchError as exc:
            pytest.fail(str(exc), pytrace=False)

    return get


class Incident:
    """A leaked token, its owner, an admin, and the programs a reader runs against them."""

    def __init__(self, servers: Servers, secret, launch: Launch, language: str, tmp_path: Path):
        self.secret = secret
        self.url, self.standin = servers.providers[secret.id]
        # Where no account may manage another's tokens, the owner's own login makes the calls
        # the catalog marks `admin`.
        owner_signs_in = hasattr(self.standin, "sign_in")
        if not owner_signs_in:
            admin = self.standin.add_admin(f"admin-{secrets.token_hex(3)}")
            _, self.admin_token = self.standin.create_token(admin["id"], "incident response")
        self.owner = self.standin.add_user(f"bot-{secrets.token_hex(3)}")
        self.username = self.owner["username"]
        self.token_id, self.token = self.standin.create_token(self.owner["id"], "ci notifier")
        if owner_signs_in:
            self.admin_token = self.standin.sign_in(self.owner["id"])

        values = self.standin.inputs(self.owner, self.token_id, self.token)
        actions = secret.actions
        self.env = isolated_env(tmp_path) | {secret.storage.env_var: self.token}
        if secret.api.base_url_env:  # a URL secret leads to the stand-in by itself
            self.env[secret.api.base_url_env] = self.url
        if actions.admin_env:
            self.env[actions.admin_env] = self.admin_token
        second = secret.api.auth.second_header
        if second:
            self.env[second.env] = self.standin.second_header_value(self.owner)
        self.env |= {env: values[name] for name, env in actions.inputs.items()}
        self.programs = {a.action: a for a in all_actions(language) if a.secret == secret.id}
        self.launch = launch
        self.launch_language = language

    def run(self, action: str, expect_ok: bool = True) -> str:
        result = self.launch(self.programs[action], self.env)
        output = result.stdout + result.stderr
        # An ID the token itself holds, as a webhook URL holds its hook's ID, is a secret too.
        # Only a whole path segment counts: a short ID can turn up by chance in a random token.
        holds_id = self.token_id and self.token_id in self.token.split("/")
        secret_id = [self.token_id] if holds_id else []
        for value in (self.token, self.admin_token, *secret_id):
            assert value not in output, f"{action} printed a secret"
        assert (result.returncode == 0) == expect_ok, f"{action} exit {result.returncode}: {output}"
        return result.stdout

    def token_status(self) -> int:
        """The status the provider's who-am-I call answers the leaked token with."""
        return self._whoami().status_code

    def token_works(self) -> bool:
        """Whether who-am-I accepts the leaked token, judged as the check judges it."""
        api, check = self.secret.api, self.secret.actions.check
        answer = self._whoami()
        if check.probe:
            if any(answers(answer, live) for live in check.live_answers):
                return True
            assert any(answers(answer, dead) for dead in check.dead_answers), (
                f"the probe got {answer.status_code} {answer.text[:100]!r}"
            )
            return False
        if answer.status_code != check.ok:
            assert answer.status_code == check.dead, f"who-am-I answered {answer.status_code}"
            return False
        if not api.ok_field:
            return True
        body = answer.json()
        if body.get(api.ok_field) is True:
            return True
        assert body.get(api.error_field) in check.dead_errors, f"who-am-I answered {body}"
        return False

    def _whoami(self) -> requests.Response:
        api = self.secret.api
        whoami = api.whoami
        if api.credential_in == "url":
            return requests.request(
                whoami.method, f"{self.token}{whoami.path}", json=whoami.body, timeout=10
            )
        headers = {api.auth.header: api.auth.credential(self.token)}
        if api.auth.second_header:
            headers[api.auth.second_header.name] = self.env[api.auth.second_header.env]
        url = f"{self.url}{whoami.path}"
        body = {"json": whoami.body}
        if whoami.body_format == "form":
            body = {"data": whoami.body}
        elif whoami.body_format == "multipart":
            # Every field as a part of its own (no file name), then the empty file part.
            parts = {name: (None, value) for name, value in whoami.body.items()}
            if whoami.file:
                parts[whoami.file.field] = (whoami.file.filename, b"", whoami.file.content_type)
            body = {"files": parts}
        return requests.request(whoami.method, url, headers=headers, timeout=10, **body)


def answers(response: requests.Response, expected: Answer) -> bool:
    """Whether a probe's answer is the expected one: its status, and its text or field."""
    if response.status_code != expected.status:
        return False
    if expected.text is not None:
        return response.text.strip() == expected.text
    if expected.field is not None:
        try:
            return str(response.json().get(expected.field, "")) == expected.value
        except (ValueError, AttributeError):
            return False
    return True


@pytest.fixture
def incident(request, launchers, servers: Servers, catalog, tmp_path: Path) -> Incident:
    secret_id, language = request.param
    return Incident(servers, catalog[secret_id], launchers(language), language, tmp_path)


@pytest.mark.parametrize("incident", cases("check"), indirect=True)
def test_check_disable_enable_revoke_change_the_token_state(incident: Incident) -> None:
    out = incident.run("check")
    assert out.startswith("LIVE")
    if incident.secret.actions.check.field:
        assert incident.username in out

    if "disable" in incident.programs:
        assert f"Disabled token {incident.token_id}" in incident.run("disable")
        assert incident.run("check").startswith("DEAD")
        assert not incident.token_works()

        assert f"Enabled token {incident.token_id}" in incident.run("enable")
        assert incident.run("check").startswith("LIVE")
        assert incident.token_works()

    revoke = incident.secret.actions.revoke
    if revoke is None:
        # The provider's API cannot revoke it: revoke it as its own interface does, by hand.
        incident.standin.revoke_in_ui(incident.token_id)
    elif revoke.request.sends_token:
        # Revoking by value names no token ID, and never the value.
        provider = incident.secret.provider
        assert f"Sent the token to {provider} for revocation." in incident.run("revoke")
    elif revoke.request.cuts_token:
        # The program cuts the ID from the leaked URL, a secret too: it names neither.
        assert "Revoked the URL." in incident.run("revoke")
    elif revoke.credential == "token":
        # The leaked token revokes itself: there is no ID to name.
        assert "Revoked the token." in incident.run("revoke")
    else:
        assert f"Revoked token {incident.token_id}" in incident.run("revoke")
    assert incident.run("check").startswith("DEAD")
    assert not incident.token_works()
    if "enable" in incident.programs:
        incident.run("enable", expect_ok=False)  # revoking is final


def also_live_cases() -> list:
    """(secret type, language) for every probe with more than one answer that means live."""
    return [case for case in cases("check") if CATALOG_BY_ID[case.values[0][0]].check.also_live]


@pytest.mark.parametrize("incident", also_live_cases(), indirect=True)
def test_check_calls_each_other_live_answer_live(incident: Incident) -> None:
    # The stand-in refuses the probe as the provider has been seen to, not as its page says;
    # the check and the environment-variable program must still call the secret live.
    language = incident.launch_language
    snippet = next(
        s
        for s in all_snippets(language)
        if s.secret == incident.secret.id and s.backend.id == "env"
    )
    for answer in incident.secret.actions.check.also_live:
        with incident.standin.live_probe_answer(answer):
            assert incident.token_works()
            out = incident.run("check")
            assert out.startswith("LIVE"), out
            result = incident.launch(snippet, incident.env)
            output = result.stdout + result.stderr
            assert incident.token not in output, "the program printed the secret"
            assert result.returncode == 0 and "works" in result.stdout, output


def optional_header_cases() -> list:
    return [
        case for case in cases("revoke") if CATALOG_BY_ID[case.values[0][0]].revoke.request.headers
    ]


@pytest.mark.parametrize("incident", optional_header_cases(), indirect=True)
def test_revoke_sends_its_optional_headers_only_when_they_are_set(incident: Incident) -> None:
    # The provider now demands them (a second factor, say): unset, the call is refused.
    values = incident.standin.require_optional_headers(incident.owner)
    incident.run("revoke", expect_ok=False)
    assert incident.token_works()

    optional = incident.secret.actions.optional_inputs
    incident.env |= {env: values[placeholder] for placeholder, env in optional.items()}
    out = incident.run("revoke")
    assert not incident.token_works()
    assert not [value for value in values.values() if value in out], "revoke printed a header"


def limited_cases() -> list:
    return [
        case
        for case in cases("check")
        if next(s for s in CATALOG if s.id == case.values[0][0]).actions.check.limited
    ]


@pytest.mark.parametrize("incident", limited_cases(), indirect=True)
def test_check_calls_a_live_token_without_read_scope_live(incident: Incident) -> None:
    _, narrow = incident.standin.create_narrow_token(incident.owner["id"], "clone only")
    incident.env[incident.secret.storage.env_var] = narrow
    out = incident.run("check")
    assert out.startswith("LIVE") and "may not read" in out
    assert narrow not in out


@pytest.mark.parametrize("incident", cases("find"), indirect=True)
def test_find_lists_the_token_id_never_the_value(incident: Incident) -> None:
    out = incident.run("find")
    assert incident.token_id in out and "ci notifier" in out


@pytest.mark.parametrize("incident", cases("audit"), indirect=True)
def test_audit_shows_what_the_leaked_token_did(incident: Incident) -> None:
    # Someone holding the leaked token does something the provider records.
    shown, hidden = incident.standin.misuse(incident.url, incident.token, incident.owner)
    out = incident.run("audit")
    missing = [text for text in shown if text not in out]
    assert not missing, f"the audit does not show {missing}:\n{out}"
    assert not [value for value in hidden if value in out], "the audit printed a secret"


def admin_cases() -> list:
    """(secret type, language) for every secret type with an action an admin's token makes."""
    return [
        case
        for case in cases("check")
        if any(a.credential == "admin" for _, a in CATALOG_BY_ID[case.values[0][0]].named())
    ]


def first_admin_action(secret) -> str:
    """The revoke action if an admin's token makes it, else the first action that needs one."""
    named = secret.actions.named()
    return next(name for name, action in named if action.credential == "admin")


@pytest.mark.parametrize("incident", admin_cases(), indirect=True)
def test_actions_without_an_admin_token_fail_clearly(incident: Incident) -> None:
    admin_env = incident.secret.actions.admin_env
    del incident.env[admin_env]
    action = first_admin_action(incident.secret)
    result = incident.launch(incident.programs[action], incident.env)
    assert result.returncode != 0
    assert f"{admin_env} is not set" in result.stderr
    assert incident.token_works()


def cut_token_cases() -> list:
    return [
        case
        for case in cases("revoke")
        if CATALOG_BY_ID[case.values[0][0]].revoke.request.cuts_token
    ]


class _EchoPath(http.server.BaseHTTPRequestHandler):
    """A server error whose body names the requested path, as real servers' errors can."""

    def _answer(self) -> None:
        body = f'{{"message": "failed for {self.path}"}}'.encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize("incident", cut_token_cases(), indirect=True)
def test_a_failed_revoke_by_a_cut_id_prints_no_part_of_it(incident: Incident) -> None:
    env = incident.secret.api.base_url_env
    # A refused connection: nothing listens on the port.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    incident.env[env] = f"http://127.0.0.1:{closed}"
    incident.run("revoke", expect_ok=False)  # run() fails on any printed secret or ID
    # A 500 whose body holds the ID.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EchoPath)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        incident.env[env] = f"http://127.0.0.1:{server.server_address[1]}"
        incident.run("revoke", expect_ok=False)
    finally:
        server.shutdown()
        server.server_close()
    assert incident.token_works()
