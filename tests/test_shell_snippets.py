"""Run every shell snippet with curl, jq and the backends' own CLIs, as a reader would.

The incident-action programs run their scenario in test_actions.py; here they get the same
argv, shfmt and shellcheck checks as the prevention snippets.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.catalog import SecretType, load_catalog
from generator.languages import LANGUAGES
from generator.snippets import Program, Renderer, Snippet
from tests.lang_shell import (
    SHFMT_FLAGS,
    ShellProject,
    ToolMissing,
    build,
    read_argv_log,
    write_argv_shims,
)
from tests.pages import ROOT, all_actions, all_snippets, render_pages
from tests.runner import run, snippet_id
from tests.scenario import WRONG_AUTH_SCHEME, Case, Servers, check_run, prepare
from tests.test_actions import Incident

SNIPPETS = all_snippets("shell")
ACTIONS = all_actions("shell")
PROGRAMS: list[Program] = [*SNIPPETS, *ACTIONS]
# Types called through the provider's CLI; their actions run in test_actions_sdk.py.
SDK_TYPES = {s.id for s in load_catalog(ROOT / "catalog") if s.sdk}
HTTP_ACTIONS = [a for a in ACTIONS if a.secret not in SDK_TYPES]
# The catalog typos below are tried on one secret type; the scenario runs the same for all.
SECRET = "mattermost-personal-token"
SHELL = next(lang for lang in LANGUAGES if lang.id == "shell")


@pytest.fixture(scope="session")
def project() -> ShellProject:
    try:
        return build()
    except ToolMissing as exc:
        pytest.fail(f"cannot build the shell runner project: {exc}", pytrace=False)


def run_script(project: ShellProject, script: Path, env: dict[str, str], path: str | None = None):
    env = {**env, "PATH": path or project.path_env()}
    return run([project.which("bash"), str(script)], project.root, env)


def program_id(program: Program) -> str:
    return f"{program.secret}/{program.name}"


def by_backend(backend: str) -> Snippet:
    """An HTTP type's snippet: the tests that take one break its HTTP call."""
    return next(s for s in SNIPPETS if s.backend.id == backend and s.secret not in SDK_TYPES)


def fenced_blocks(page: str, fence: str) -> list[str]:
    """The code of each ```fence block on a Markdown page, with the tab indentation removed."""
    blocks = re.finditer(rf"^( *)```{fence}\n(.*?)^\1```$", page, re.M | re.S)
    return [
        "".join(line.removeprefix(found[1]) for line in found[2].splitlines(keepends=True))
        for found in blocks
    ]


def test_every_shell_snippet_is_on_a_page() -> None:
    pages = [path.read_text(encoding="utf-8") for path in render_pages().glob("*.md")]
    shown = [code for page in pages for code in fenced_blocks(page, SHELL.fence)]
    missing = [snippet_id(s) for s in SNIPPETS if s.code not in shown]
    assert not missing, f"no page shows these exactly as tested: {missing}"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_shell_snippet_runs_against_backend(
    snippet: Snippet, project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    done = run_script(project, project.script(snippet), case.env)
    check_run(case, done.returncode, done.stdout, done.stderr)


def run_with_argv_log(project: ShellProject, script: Path, case: Case, tmp_path: Path):
    """Run a script whose PATH holds only argv-logging shims; return the run and every argv."""
    shims, log = tmp_path / "shims", tmp_path / "argv.log"
    write_argv_shims(project, shims, log)
    done = run_script(project, script, case.env, path=str(shims))
    return done, read_argv_log(log)


def backend_secrets(case: Case, servers: Servers) -> dict[str, str]:
    """The secrets of a prevention snippet's run, by name."""
    found = {"the provider token": case.token, "VAULT_TOKEN": servers.vault_token}
    if case.env.get("AWS_SECRET_ACCESS_KEY") not in (None, case.token, "testing"):
        found["the backend's AWS secret"] = case.env["AWS_SECRET_ACCESS_KEY"]
    if "CONJUR_AUTHN_API_KEY" in case.env:
        found["CONJUR_AUTHN_API_KEY"] = case.env["CONJUR_AUTHN_API_KEY"]
    return found


def leaked(
    secret: SecretType, values: dict[str, str], started: list[list[str]]
) -> dict[str, list[list[str]]]:
    """Each secret of the run that some process had in its arguments, with those argvs.

    Header lines count too: Conjur's short-lived access token is unknown to the test, but it
    could only reach an argument inside its Authorization header.
    """
    headers = {secret.api.auth.header if secret.api else "Authorization", "Authorization"}
    secrets = {f"the {header} header": f"{header}:" for header in headers} | values
    found = {
        name: [argv for argv in started if any(secret in arg for arg in argv)]
        for name, secret in secrets.items()
    }
    return {name: argvs for name, argvs in found.items() if argvs}


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_shell_snippet_puts_no_secret_in_any_process_argument(
    snippet: Snippet, project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    done, started = run_with_argv_log(project, project.script(snippet), case, tmp_path)
    check_run(case, done.returncode, done.stdout, done.stderr)

    programs = {argv[0] for argv in started}
    secret = catalog[snippet.secret]
    # An SDK type's call goes through its provider's CLI; curl only reaches Conjur.
    calls = {secret.sdk.cli} if secret.sdk else {"curl"}
    calls |= {"curl"} if secret.sdk and snippet.backend.id == "conjur" else set()
    expected = calls | (
        {"aws-secrets-manager": {"aws"}, "vault": {"vault"}}.get(snippet.backend.id, set())
    )
    assert expected <= programs, f"the argv shims missed {expected - programs}: {started}"
    assert not leaked(catalog[snippet.secret], backend_secrets(case, servers), started)


def test_argv_check_catches_a_token_passed_as_an_argument(
    project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    snippet = by_backend("env")
    auth = catalog[snippet.secret].api.auth
    header = f"{auth.header}: {auth.scheme} $token"
    piped = f"printf '%s\\n' \"{header}\" |\n    request --header @- "
    assert piped in snippet.code
    script = tmp_path / "leaky.sh"
    script.write_text(snippet.code.replace(piped, f'request --header "{header}" '), "utf-8")

    case = prepare(servers, catalog[snippet.secret], "env", tmp_path)
    done, started = run_with_argv_log(project, script, case, tmp_path)
    check_run(case, done.returncode, done.stdout, done.stderr)
    found = leaked(catalog[snippet.secret], backend_secrets(case, servers), started)
    assert sorted(found) == ["the Authorization header", "the provider token"], found


def shimmed_incident(
    project: ShellProject,
    servers: Servers,
    secret: SecretType,
    tmp_path: Path,
    scripts: dict[str, Path] | None = None,
) -> tuple[Incident, Path]:
    """An incident whose programs run with only argv-logging shims on PATH, and the log.

    scripts maps an action to a script that runs in place of its rendered program.
    """
    shims, log = tmp_path / "shims", tmp_path / "argv.log"
    write_argv_shims(project, shims, log)

    def launch(program: Program, env: dict[str, str]):
        script = (scripts or {}).get(program.name, project.script(program))
        return run_script(project, script, env, path=str(shims))

    return Incident(servers, secret, launch, "shell", tmp_path), log


def incident_secrets(incident: Incident) -> dict[str, str]:
    return {"the leaked token": incident.token, "the admin token": incident.admin_token}


@pytest.mark.parametrize("program", HTTP_ACTIONS, ids=program_id)
def test_shell_action_puts_no_secret_in_any_process_argument(
    program: Program, project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    incident, log = shimmed_incident(project, servers, catalog[program.secret], tmp_path)
    if program.name == "audit":
        # The audit action has something to show only once the token was used.
        incident.standin.misuse(incident.url, incident.token, incident.owner)
    incident.run(program.name)

    started = read_argv_log(log)
    assert "curl" in {argv[0] for argv in started}, f"the argv shims missed curl: {started}"
    assert not leaked(catalog[program.secret], incident_secrets(incident), started)


def test_argv_check_catches_an_admin_token_passed_as_an_argument(
    project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    program = next(a for a in ACTIONS if a.secret == SECRET and a.name == "revoke")
    auth = catalog[program.secret].api.auth
    header = f"{auth.header}: {auth.scheme} $credential"
    piped = f"printf '%s\\n' \"{header}\" |\n    request --header @- "
    assert piped in program.code
    script = tmp_path / "leaky.sh"
    script.write_text(program.code.replace(piped, f'request --header "{header}" '), "utf-8")

    secret = catalog[SECRET]
    incident, log = shimmed_incident(project, servers, secret, tmp_path, {"revoke": script})
    incident.run("revoke")
    found = leaked(catalog[program.secret], incident_secrets(incident), read_argv_log(log))
    assert sorted(found) == ["the Authorization header", "the admin token"], found


@pytest.mark.parametrize("program", PROGRAMS, ids=program_id)
def test_shell_program_is_shfmt_clean(program: Program, project: ShellProject) -> None:
    done = run([str(project.shfmt), "-d", *SHFMT_FLAGS, program.path], project.root)
    assert done.returncode == 0, f"shfmt {' '.join(SHFMT_FLAGS)} wants:\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("program", PROGRAMS, ids=program_id)
def test_shell_program_is_shellcheck_clean(program: Program, project: ShellProject) -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail("shellcheck is missing: it comes from Debian, installed by .ci/tools")
    done = run([shellcheck, "--shell=bash", program.path], project.root)
    assert done.returncode == 0, done.stdout + done.stderr


# Typos a catalog edit could make; each must turn a passing snippet into a failing one.
BREAKS = {
    "wrong-auth-scheme": lambda api: {
        "auth": api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})
    },
    # A field the provider's answer lacks: login where it names the account by username.
    "wrong-whoami-field": lambda api: {
        "whoami": api.whoami.model_copy(
            update={"field": "login" if api.whoami.field != "login" else "username"}
        )
    },
}


@pytest.mark.parametrize("name", BREAKS)
def test_broken_shell_snippet_fails_its_check(
    name: str, project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    snippet = by_backend("env")
    secret = catalog[snippet.secret]
    api = secret.api.model_copy(update=BREAKS[name](secret.api))
    code = Renderer(ROOT).snippet(secret.model_copy(update={"api": api}), snippet.backend, SHELL)
    script = tmp_path / "broken.sh"
    script.write_text(code.code, encoding="utf-8")

    case = prepare(servers, secret, "env", tmp_path)
    done = run_script(project, script, case.env)
    assert done.returncode != 0, f"the {name} snippet exited 0:\n{done.stdout}"
    with pytest.raises(AssertionError):
        check_run(case, done.returncode, done.stdout, done.stderr)


# Catalog typos in the check action; each must keep a live token from reading as LIVE.
CHECK_BREAKS = {
    "wrong-auth-scheme": lambda secret: {
        "api": secret.api.model_copy(
            update={"auth": secret.api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})}
        )
    },
    "wrong-check-field": lambda secret: {
        "actions": secret.actions.model_copy(
            update={"check": secret.actions.check.model_copy(update={"field": "login"})}
        )
    },
}


@pytest.mark.parametrize("name", CHECK_BREAKS)
def test_broken_shell_check_misses_a_live_token(
    name: str, project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    secret = catalog[SECRET]
    broken = secret.model_copy(update=CHECK_BREAKS[name](secret))
    script = tmp_path / "broken-check.sh"
    script.write_text(Renderer(ROOT).action(broken, "check", SHELL).code, encoding="utf-8")

    incident, _ = shimmed_incident(project, servers, secret, tmp_path, {"check": script})
    done = incident.launch(incident.programs["check"], incident.env)
    output = done.stdout + done.stderr
    assert incident.token_status() == 200, "the token is live"
    if name == "wrong-auth-scheme":
        assert done.returncode == 0 and done.stdout.startswith("DEAD"), output
    else:
        assert done.returncode != 0 and "sent no login" in done.stderr, output
    # The first step of the shared incident scenario fails on it.
    with pytest.raises(AssertionError):
        assert incident.run("check").startswith("LIVE")


def test_env_snippet_names_the_missing_variable(
    project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    snippet = by_backend("env")
    secret = catalog[snippet.secret]
    case = prepare(servers, secret, "env", tmp_path)
    del case.env[secret.storage.env_var]

    done = run_script(project, project.script(snippet), case.env)
    assert done.returncode != 0
    assert f"{secret.storage.env_var}: is not set" in done.stderr, done.stderr


def test_shell_snippet_reports_a_rejected_token(
    project: ShellProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    snippet = by_backend("env")
    secret = catalog[snippet.secret]
    case = prepare(servers, secret, "env", tmp_path)
    case.env[secret.storage.env_var] = "x" * len(case.token)

    done = run_script(project, project.script(snippet), case.env)
    assert done.returncode != 0
    assert f"{secret.provider} answered 401" in done.stderr, done.stderr
