"""Incident actions change the stand-in's state the way the provider documents."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.launchers import Launch, LaunchError, launcher
from tests.pages import all_actions
from tests.scenario import Servers, isolated_env

SECRET = "mattermost-personal-token"
LANGUAGES = sorted({a.language.id for a in all_actions()})


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

    def __init__(self, servers: Servers, catalog, launch: Launch, language: str, tmp_path: Path):
        secret = catalog[SECRET]
        self.url, self.standin = servers.providers[SECRET]
        admin = self.standin.add_user(
            f"admin-{secrets.token_hex(3)}", roles="system_admin system_user"
        )
        _, self.admin_token = self.standin.create_token(admin["id"], "incident response")
        owner = self.standin.add_user(f"bot-{secrets.token_hex(3)}")
        self.username = owner["username"]
        self.token_id, self.token = self.standin.create_token(owner["id"], "ci notifier")

        inputs = secret.actions.inputs
        self.env = isolated_env(tmp_path) | {
            secret.api.base_url_env: self.url,
            secret.storage.env_var: self.token,
            secret.actions.admin_env: self.admin_token,
            inputs["token_id"]: self.token_id,
            inputs["user_id"]: owner["id"],
        }
        self.programs = {a.action: a for a in all_actions(language) if a.secret == SECRET}
        self.launch = launch
        self.whoami = f"{self.url}{secret.api.whoami.path}"

    def run(self, action: str, expect_ok: bool = True) -> str:
        result = self.launch(self.programs[action], self.env)
        output = result.stdout + result.stderr
        for value in (self.token, self.admin_token):
            assert value not in output, f"{action} printed a secret"
        assert (result.returncode == 0) == expect_ok, f"{action} exit {result.returncode}: {output}"
        return result.stdout

    def token_status(self) -> int:
        headers = {"Authorization": f"Bearer {self.token}"}
        return requests.get(self.whoami, headers=headers, timeout=10).status_code


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_disable_enable_revoke_change_the_token_state(
    language: str, launchers, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, launchers(language), language, tmp_path)

    out = incident.run("check")
    assert out.startswith("LIVE") and incident.username in out

    assert f"Disabled token {incident.token_id}" in incident.run("disable")
    assert incident.run("check").startswith("DEAD")
    assert incident.token_status() == 401

    assert f"Enabled token {incident.token_id}" in incident.run("enable")
    assert incident.run("check").startswith("LIVE")
    assert incident.token_status() == 200

    assert f"Revoked token {incident.token_id}" in incident.run("revoke")
    assert incident.run("check").startswith("DEAD")
    assert incident.token_status() == 401
    incident.run("enable", expect_ok=False)  # revoking is final


@pytest.mark.parametrize("language", LANGUAGES)
def test_find_lists_the_token_id_never_the_value(
    language: str, launchers, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, launchers(language), language, tmp_path)
    out = incident.run("find")
    assert incident.token_id in out and "ci notifier" in out


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_shows_what_the_leaked_token_did(
    language: str, launchers, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, launchers(language), language, tmp_path)
    # Someone holding the leaked token mints a second token for the same account.
    owner_id = incident.env[catalog[SECRET].actions.inputs["user_id"]]
    minted = requests.post(
        f"{incident.url}/api/v4/users/{owner_id}/tokens",
        headers={"Authorization": f"Bearer {incident.token}"},
        json={"description": "not ours"},
        timeout=10,
    )
    assert minted.status_code == 201
    out = incident.run("audit")
    assert f"/api/v4/users/{owner_id}/tokens" in out and "127.0.0.1" in out
    assert minted.json()["token"] not in out


@pytest.mark.parametrize("language", LANGUAGES)
def test_actions_without_an_admin_token_fail_clearly(
    language: str, launchers, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, launchers(language), language, tmp_path)
    del incident.env[catalog[SECRET].actions.admin_env]
    result = incident.launch(incident.programs["revoke"], incident.env)
    assert result.returncode != 0
    assert f"{catalog[SECRET].actions.admin_env} is not set" in result.stderr
    assert incident.token_status() == 200
