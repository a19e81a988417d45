"""Incident actions of secret types called through the provider's SDKs, against moto.

The leaked pair signs only the check; every other action signs with an administrator's
credentials from the SDK's default chain, so the tests give each its own environment.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from tests.launchers import Launch, LaunchError, launcher
from tests.pages import ROOT, all_actions
from tests.scenario import Servers, isolated_env

CATALOG = [secret for secret in load_catalog(ROOT / "catalog") if secret.sdk]
CASES = [
    pytest.param((secret.id, language), id=f"{secret.id}-{language}")
    for secret in CATALOG
    for language in sorted({a.language.id for a in all_actions() if a.secret == secret.id})
]


class Incident:
    """A leaked pair of a fresh user, an administrator, and the programs a reader runs."""

    def __init__(self, servers: Servers, secret, launch: Launch, language: str, tmp_path: Path):
        self.secret = secret
        _, self.standin = servers.providers[secret.id]
        self.username = self.standin.add_user(f"bot-{secrets.token_hex(3)}")["username"]
        self.token_id, self.token = self.standin.create_token(self.username, "ci notifier")
        owner = {"id": self.username, "username": self.username}
        values = self.standin.inputs(owner, self.token_id, self.token)
        base = isolated_env(tmp_path) | {"AWS_ENDPOINT_URL": self.standin.url}
        base |= {env: values[name] for name, env in secret.actions.inputs.items()}
        # The leaked pair, where the SDKs read it; and an administrator's, for the rest.
        self.leaked = base | {
            secret.storage.id.env_var: self.token_id,
            secret.storage.env_var: self.token,
        }
        admin_id, self.admin_secret = self.standin.admin_pair
        self.admin = base | {
            secret.storage.id.env_var: admin_id,
            secret.storage.env_var: self.admin_secret,
        }
        self.programs = {a.action: a for a in all_actions(language) if a.secret == secret.id}
        self.launch = launch

    def run(self, action: str, expect_ok: bool = True) -> str:
        env = (
            self.leaked
            if self.secret.actions.check is dict(self.secret.actions.named())[action]
            else self.admin
        )
        result = self.launch(self.programs[action], env)
        output = result.stdout + result.stderr
        for value in (self.token, self.admin_secret):
            assert value not in output, f"{action} printed a secret"
        assert (result.returncode == 0) == expect_ok, f"{action} exit {result.returncode}: {output}"
        return result.stdout

    def status(self) -> str | None:
        return self.standin.key_status(self.username, self.token_id)


@pytest.fixture
def incident(request, servers: Servers, catalog, tmp_path: Path) -> Incident:
    secret_id, language = request.param
    try:
        launch = launcher(language)
    except LaunchError as exc:
        pytest.fail(str(exc), pytrace=False)
    return Incident(servers, catalog[secret_id], launch, language, tmp_path)


@pytest.mark.parametrize("incident", CASES, indirect=True)
def test_check_disable_enable_revoke_change_the_key_state(incident: Incident) -> None:
    out = incident.run("check")
    assert out.startswith("LIVE") and incident.username in out

    assert f"Disabled token {incident.token_id}" in incident.run("disable")
    # moto accepts an Inactive key (see tests/standins/aws.py), so read the status IAM keeps.
    assert incident.status() == "Inactive"
    assert f"Enabled token {incident.token_id}" in incident.run("enable")
    assert incident.status() == "Active"

    assert f"Revoked token {incident.token_id}" in incident.run("revoke")
    assert incident.status() is None
    out = incident.run("check")
    assert out.startswith("DEAD") and "InvalidClientTokenId" in out
    incident.run("enable", expect_ok=False)  # deleting is final


@pytest.mark.parametrize("incident", CASES, indirect=True)
def test_find_lists_the_key_id_and_status_never_the_secret(incident: Incident) -> None:
    out = incident.run("find")
    assert incident.token_id in out and "Active" in out


@pytest.mark.parametrize("incident", CASES, indirect=True)
def test_admin_actions_never_sign_with_the_leaked_pair(incident: Incident) -> None:
    # With the leaked pair still in the environment, as after a Check in the same shell, the
    # programs that take the key's ID stop before any call; find, which does not, signs as
    # the leaked user, whom moto refuses (no IAM permission).
    for action in ("disable", "revoke"):
        result = incident.launch(incident.programs[action], incident.leaked)
        assert result.returncode != 0, action
        assert "is the leaked ID: unset" in result.stdout + result.stderr, action
    result = incident.launch(incident.programs["find"], incident.leaked)
    assert result.returncode != 0 and "AccessDenied" in result.stdout + result.stderr
    assert incident.status() == "Active"


@pytest.mark.parametrize("incident", CASES, indirect=True)
def test_a_wrong_secret_is_refused_not_called_dead(incident: Incident) -> None:
    wrong = incident.leaked | {incident.secret.storage.env_var: secrets.token_urlsafe(30)}
    result = incident.launch(incident.programs["check"], wrong)
    assert result.returncode != 0 and "SignatureDoesNotMatch" in result.stderr


SHELL_CASES = [case for case in CASES if case.values[0][1] == "shell"]


@pytest.mark.parametrize("incident", SHELL_CASES, indirect=True)
def test_shell_actions_put_no_secret_in_any_process_argument(
    incident: Incident, tmp_path: Path
) -> None:
    from tests.lang_shell import build, read_argv_log, write_argv_shims
    from tests.runner import run

    project = build()
    shims, log = tmp_path / "shims", tmp_path / "argv.log"
    write_argv_shims(project, shims, log)

    def launch(program, env):
        env = {**env, "PATH": str(shims)}
        return run([project.which("bash"), str(project.root / program.path)], project.root, env)

    incident.launch = launch
    for action in ("check", "find", "disable", "enable", "revoke"):
        incident.run(action)
    started = read_argv_log(log)
    assert incident.secret.sdk.cli in {argv[0] for argv in started}, started
    for value in (incident.token, incident.admin_secret):
        assert not [argv for argv in started if any(value in arg for arg in argv)]
