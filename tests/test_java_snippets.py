"""Build every Java snippet in one Maven project and run each against its backend."""

from __future__ import annotations

import re
import secrets
import textwrap
from pathlib import Path

import pytest

from generator.catalog import SecretType
from generator.languages import LANGUAGES
from generator.playbook import render_playbook
from generator.snippets import BACKENDS, Renderer, Snippet
from tests.lang_java import BuildError, JavaProject, build, main_class
from tests.pages import ROOT, all_actions, all_snippets
from tests.runner import snippet_id, write_project
from tests.scenario import WRONG_AUTH_SCHEME, Servers, check_run, isolated_env, prepare

JAVA = next(lang for lang in LANGUAGES if lang.id == "java")
ENV = next(backend for backend in BACKENDS if backend.id == "env")


@pytest.fixture(scope="session")
def java() -> JavaProject:
    """The runner project under build/runners/java, built once per session.

    tests.launchers builds the same root for the action tests; lang_java.build caches it, so
    Maven starts once however the two test files are combined.
    """
    root, _ = write_project("java")
    try:
        return build(root)
    except BuildError as exc:
        pytest.fail(str(exc), pytrace=False)


# Rendered at collection so each program gets its own test id; the fixture writes the same code.
SNIPPETS = all_snippets("java")
ACTIONS = all_actions("java")


def test_java_snippets_and_actions_compile_and_are_formatter_clean(java: JavaProject) -> None:
    # The build compiles and format-checks every file of the project, action programs included.
    for program in [*SNIPPETS, *ACTIONS]:
        compiled = java.classes / f"{main_class(program)}.class"
        assert compiled.exists(), f"{program.path} was not compiled"
    assert not java.format_problems, (
        f"google-java-format would change the rendered programs:\n{java.format_problems}"
    )


def test_every_java_package_is_pinned() -> None:
    for snippet in [*SNIPPETS, *ACTIONS]:
        for name, version in snippet.packages:
            assert re.fullmatch(r"\d+(\.\d+)*", version), f"{name} has no pinned version"
        assert snippet.install.startswith("Maven: "), snippet.install


def test_every_java_snippet_is_on_its_playbook(catalog: dict[str, SecretType]) -> None:
    for snippet in SNIPPETS:
        page = render_playbook(ROOT, catalog[snippet.secret])
        shown = textwrap.indent(snippet.code, " " * 8, lambda line: bool(line.strip()))
        assert shown in page, f"{snippet_id(snippet)}: the page does not show the tested code"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_java_snippet_runs_against_backend(
    snippet: Snippet, java: JavaProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    result = java.run(snippet, case.env)
    check_run(case, result.returncode, result.stdout, result.stderr)


# How each deliberate mistake changes the catalog's api section, and how check_run must fail.
BREAKAGES = {
    "wrong-auth-scheme": (
        lambda api: {"auth": api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})},
        "exit 1",
    ),
    "wrong-whoami-field": (
        lambda api: {"whoami": api.whoami.model_copy(update={"field": "id"})},
        "the username is not in the output",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_broken_java_snippet_fails_its_check(
    breakage: str, java: JavaProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    secret = next(s for s in catalog.values() if s.api)
    change, failure = BREAKAGES[breakage]
    api = secret.api.model_copy(update=change(secret.api))
    broken = Renderer(ROOT).snippet(secret.model_copy(update={"api": api}), ENV, JAVA)
    source = tmp_path / Path(broken.path).name
    source.write_text(broken.code, encoding="utf-8")

    case = prepare(servers, secret, ENV.id, tmp_path)
    result = java.run_source(source, case.env)
    with pytest.raises(AssertionError, match=failure):
        check_run(case, result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.backend == ENV], ids=snippet_id)
def test_env_snippet_names_the_unset_variable(
    snippet: Snippet, java: JavaProject, catalog, tmp_path: Path
) -> None:
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

    result = java.run(snippet, env)
    assert result.returncode != 0, f"{main_class(snippet)} exited 0 without its token"
    assert f"{secret.storage.env_var} is not set" in result.stderr, result.stderr


def test_check_with_a_wrong_auth_scheme_reports_a_live_token_dead(
    java: JavaProject, servers: Servers, catalog, tmp_path: Path
) -> None:
    secret = next(s for s in catalog.values() if s.id in servers.providers and s.api)
    url, standin = servers.providers[secret.id]
    owner = standin.add_user(f"bot-{secrets.token_hex(3)}")
    _, token = standin.create_token(owner["id"], "ci notifier")
    env = isolated_env(tmp_path) | {secret.api.base_url_env: url, secret.storage.env_var: token}

    auth = secret.api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})
    api = secret.api.model_copy(update={"auth": auth})
    broken = Renderer(ROOT).action(secret.model_copy(update={"api": api}), "check", JAVA)
    source = tmp_path / Path(broken.path).name
    source.write_text(broken.code, encoding="utf-8")

    # The same token, checked by the tested program and by the broken one.
    check = next(a for a in ACTIONS if a.secret == secret.id and a.action == "check")
    assert java.run(check, env).stdout.startswith("LIVE")
    result = java.run_source(source, env)
    assert result.returncode == 0 and result.stdout.startswith("DEAD"), (
        result.stdout + result.stderr
    )
