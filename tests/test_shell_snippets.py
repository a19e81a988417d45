"""Run every shell snippet with curl, jq and the backends' own CLIs, as a reader would."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.catalog import SecretType
from generator.languages import LANGUAGES
from generator.snippets import Renderer, Snippet
from tests.lang_shell import (
    SHFMT_FLAGS,
    ShellProject,
    ToolMissing,
    build,
    read_argv_log,
    write_argv_shims,
)
from tests.pages import ROOT, all_snippets, render_pages
from tests.runner import run, snippet_id
from tests.scenario import Case, Servers, check_run, prepare

SNIPPETS = all_snippets("shell")
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


def by_backend(backend: str) -> Snippet:
    return next(s for s in SNIPPETS if s.backend.id == backend)


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


def leaked(
    case: Case, servers: Servers, secret: SecretType, started: list[list[str]]
) -> dict[str, list[list[str]]]:
    """Each secret of the run that some process had in its arguments, with those argvs.

    Header lines count too: Conjur's short-lived access token is unknown to the test, but it
    could only reach an argument inside its Authorization header.
    """
    headers = {secret.api.auth.header, "Authorization"}
    secrets = {f"the {header} header": f"{header}:" for header in headers}
    secrets |= {"the provider token": case.token, "VAULT_TOKEN": servers.vault_token}
    if "CONJUR_AUTHN_API_KEY" in case.env:
        secrets["CONJUR_AUTHN_API_KEY"] = case.env["CONJUR_AUTHN_API_KEY"]
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
    expected = {"curl"} | (
        {"aws-secrets-manager": {"aws"}, "vault": {"vault"}}.get(snippet.backend.id, set())
    )
    assert expected <= programs, f"the argv shims missed {expected - programs}: {started}"
    assert not leaked(case, servers, catalog[snippet.secret], started)


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
    found = leaked(case, servers, catalog[snippet.secret], started)
    assert sorted(found) == ["the Authorization header", "the provider token"], found


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_shell_snippet_is_shfmt_clean(snippet: Snippet, project: ShellProject) -> None:
    done = run([str(project.shfmt), "-d", *SHFMT_FLAGS, snippet.path], project.root)
    assert done.returncode == 0, f"shfmt {' '.join(SHFMT_FLAGS)} wants:\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_shell_snippet_is_shellcheck_clean(snippet: Snippet, project: ShellProject) -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail("shellcheck is missing: it comes from Debian, installed by .ci/tools")
    done = run([shellcheck, "--shell=bash", snippet.path], project.root)
    assert done.returncode == 0, done.stdout + done.stderr


# Typos a catalog edit could make; each must turn a passing snippet into a failing one.
BREAKS = {
    "wrong-auth-scheme": lambda api: {"auth": api.auth.model_copy(update={"scheme": "Token"})},
    "wrong-whoami-field": lambda api: {"whoami": api.whoami.model_copy(update={"field": "login"})},
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
