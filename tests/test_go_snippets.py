"""Build every Go snippet in one module and run each program against its backend."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.catalog import SecretType
from generator.languages import LANGUAGES
from generator.playbook import render_playbook
from generator.snippets import BACKENDS, ActionSnippet, Renderer, Snippet
from tests.lang_go import BuildError, GoProject, build, program
from tests.pages import ROOT, all_actions, all_snippets
from tests.runner import snippet_id, write_project
from tests.scenario import WRONG_AUTH_SCHEME, Servers, check_run, isolated_env, prepare

GO = next(lang for lang in LANGUAGES if lang.id == "go")
ENV = next(backend for backend in BACKENDS if backend.id == "env")

# Rendered at collection so each program gets its own test id; the fixture writes the same code.
SNIPPETS = all_snippets("go")
ACTIONS = all_actions("go")

# Each breaks one catalog fact the env snippet uses; the check must then fail.
BREAKAGES = {
    "wrong-auth-scheme": lambda api: {
        "auth": api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})
    },
    "wrong-whoami-field": lambda api: {"whoami": api.whoami.model_copy(update={"field": "id"})},
}


def broken_snippet(secret: SecretType, breakage: str) -> Snippet:
    api = secret.api.model_copy(update=BREAKAGES[breakage](secret.api))
    return Renderer(ROOT).snippet(secret.model_copy(update={"api": api}), ENV, GO)


def broken_check(secret: SecretType) -> ActionSnippet:
    """The check action sending the token under a scheme the provider does not accept."""
    api = secret.api.model_copy(update=BREAKAGES["wrong-auth-scheme"](secret.api))
    return Renderer(ROOT).action(secret.model_copy(update={"api": api}), "check", GO)


def broken_programs(secret: SecretType) -> dict[str, str]:
    """Program folder under cmd/ -> code, for every deliberately broken program."""
    programs = {f"broken-{b}": broken_snippet(secret, b).code for b in BREAKAGES}
    return programs | {"broken-check-wrong-auth-scheme": broken_check(secret).code}


@pytest.fixture(scope="session")
def go(catalog: dict[str, SecretType]) -> GoProject:
    """The runner module under build/runners/go, with every program built once per session."""
    root, _ = write_project("go")

    # The broken programs join the same build, so proving they fail costs no second build.
    # tests.launchers builds this module too; it compiles them along, harmlessly.
    broken = broken_programs(next(s for s in catalog.values() if s.api))
    for folder, code in broken.items():
        target = root / "cmd" / folder / "main.go"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")

    # Only folders no program claims go, so a launcher building here meanwhile loses nothing.
    wanted = {program(p.path) for p in [*SNIPPETS, *ACTIONS]} | set(broken)
    for stale in (root / "cmd").iterdir():
        if stale.name not in wanted:
            shutil.rmtree(stale, ignore_errors=True)

    try:
        return build(root)
    except BuildError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_go_snippets_and_actions_are_gofmt_clean(go: GoProject) -> None:
    changed = go.unformatted([go.root / p.path for p in [*SNIPPETS, *ACTIONS]])
    assert not changed, f"gofmt would change these rendered snippets:\n{changed}"


def test_go_vet_finds_nothing(go: GoProject) -> None:
    # ./... covers every snippet and action program, and the broken ones.
    findings = go.vet()
    assert not findings, f"go vet:\n{findings}"


def test_every_go_module_is_pinned() -> None:
    for snippet in [*SNIPPETS, *ACTIONS]:
        for name, version in snippet.packages:
            assert re.fullmatch(r"v\d+\.\d+\.\d+", version), f"{name} has no pinned version"
            assert f"{name}@{version}" in snippet.install, snippet.install
        assert snippet.install.startswith("go get "), snippet.install


def test_every_go_snippet_is_on_its_playbook(catalog: dict[str, SecretType]) -> None:
    pages = {secret: render_playbook(ROOT, catalog[secret]) for secret in catalog}
    for snippet in SNIPPETS:
        page = pages[snippet.secret]
        shown = textwrap.indent(snippet.code, " " * 8, lambda line: bool(line.strip()))
        assert shown in page, f"{snippet_id(snippet)}: the page does not show the tested code"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_go_snippet_runs_against_backend(
    snippet: Snippet, go: GoProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    result = go.run(program(snippet.path), case.env)
    check_run(case, result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_broken_go_snippet_fails_its_check(
    breakage: str, go: GoProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    secret = next(s for s in catalog.values() if s.api)
    case = prepare(servers, secret, ENV.id, tmp_path)
    result = go.run(f"broken-{breakage}", case.env)
    with pytest.raises(AssertionError):
        check_run(case, result.returncode, result.stdout, result.stderr)


def test_go_env_snippet_names_the_missing_variable(
    go: GoProject, catalog: dict[str, SecretType], tmp_path: Path
) -> None:
    for snippet in (s for s in SNIPPETS if s.backend.id == ENV.id):
        secret = catalog[snippet.secret]
        env = isolated_env(tmp_path)
        if secret.api and secret.api.base_url_env:
            env[secret.api.base_url_env] = "http://127.0.0.1:9"
        if (
            secret.api and secret.api.auth.second_header
        ):  # a setting beside the token, set so the token is missed
            env[secret.api.auth.second_header.env] = "owner-id"
        # An SDK type's secret half, which isolated_env sets for the backend's SDK.
        env.pop(secret.storage.env_var, None)
        result = go.run(program(snippet.path), env)
        assert result.returncode != 0, f"{snippet_id(snippet)} exited 0 without a token"
        assert secret.storage.env_var in result.stderr, result.stderr


def test_broken_go_check_does_not_call_a_live_token_live(
    go: GoProject, servers: Servers, catalog: dict[str, SecretType], tmp_path: Path
) -> None:
    secret = next(s for s in catalog.values() if s.api)
    case = prepare(servers, secret, ENV.id, tmp_path)
    check = next(a for a in ACTIONS if a.secret == secret.id and a.action == "check")

    assert go.run(program(check.path), case.env).stdout.startswith("LIVE")
    result = go.run("broken-check-wrong-auth-scheme", case.env)
    assert not result.stdout.startswith("LIVE"), result.stdout
    assert result.stdout.startswith("DEAD") or result.returncode != 0, result.stdout
