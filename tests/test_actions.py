"""Incident actions change the stand-in's state the way the provider documents."""

from __future__ import annotations

import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from generator.snippets import ActionSnippet
from tests.pages import all_actions
from tests.scenario import Servers, isolated_env

SECRET = "mattermost-personal-token"
LANGUAGES = sorted({a.language.id for a in all_actions()})


def python_launcher(folder: Path) -> Callable[[ActionSnippet], list[str]]:
    def argv(program: ActionSnippet) -> list[str]:
        path = folder / program.path
        path.write_text(program.code, encoding="utf-8")
        return [sys.executable, str(path)]

    return argv


class Incident:
    """A leaked token, its owner, an admin, and the programs a reader runs against them."""

    def __init__(self, servers: Servers, catalog, language: str, tmp_path: Path):
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
        self.argv = python_launcher(tmp_path)
        self.whoami = f"{self.url}{secret.api.whoami.path}"

    def run(self, action: str, expect_ok: bool = True) -> str:
        result = subprocess.run(
            self.argv(self.programs[action]),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
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
    language: str, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, language, tmp_path)

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
    language: str, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, language, tmp_path)
    out = incident.run("find")
    assert incident.token_id in out and "ci notifier" in out


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_shows_what_the_leaked_token_did(
    language: str, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, language, tmp_path)
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
    language: str, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident = Incident(servers, catalog, language, tmp_path)
    del incident.env[catalog[SECRET].actions.admin_env]
    result = subprocess.run(
        incident.argv(incident.programs["revoke"]),
        env=incident.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert f"{catalog[SECRET].actions.admin_env} is not set" in result.stderr
    assert incident.token_status() == 200
