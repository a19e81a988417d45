"""Run every JavaScript snippet with Node.js, exactly as rendered, against the shared servers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalog import SecretType, load_catalog
from generator.snippets import ActionSnippet, Renderer, Snippet
from tests.lang_javascript import InstallError, install
from tests.pages import ROOT, all_actions, all_snippets, render_pages
from tests.runner import run, snippet_id, write_project
from tests.scenario import WRONG_AUTH_SCHEME, Servers, check_run, prepare

LANGUAGE = "javascript"
SNIPPETS = all_snippets(LANGUAGE)
ACTIONS = all_actions(LANGUAGE)
# The tests that break an HTTP call take an HTTP type's programs.
HTTP_TYPES = {s.id for s in load_catalog(ROOT / "catalog") if s.api}
FENCE = re.compile(rf"^( *)```{LANGUAGE}\n(.*?)^\1```$", re.M | re.S)


@pytest.fixture(scope="session")
def project() -> Path:
    """build/runners/javascript with every snippet written and its packages installed."""
    folder, _ = write_project(LANGUAGE)
    try:
        install(folder)
    except InstallError as exc:
        pytest.fail(str(exc), pytrace=False)
    return folder


@pytest.fixture(scope="session")
def unformatted(project: Path) -> set[str]:
    """The snippet and action files prettier, at its defaults, would change: one run over all.

    A misformatted canary goes along to prove prettier really checked the files it was given.
    """
    canary = project / "canary-unformatted.mjs"
    canary.write_text("const  canary=1\n", encoding="utf-8")
    prettier = ["npx", "--no", "--", "prettier", "--no-config", "--no-editorconfig"]
    try:
        paths = [canary.name, *(s.path for s in [*SNIPPETS, *ACTIONS])]
        done = run([*prettier, "--list-different", *paths], cwd=project)
    finally:
        canary.unlink()
    listed = set(done.stdout.split())
    if done.returncode not in (0, 1) or canary.name not in listed:
        pytest.fail(f"prettier did not check the snippets:\n{done.stdout}{done.stderr}")
    return listed


def node(project: Path, path: str, env: dict[str, str]):
    return run(["node", path], cwd=project, env=env, timeout=60)


def action_id(action: ActionSnippet) -> str:
    return f"{action.secret}/{action.action}"


def render_broken(
    snippet: Snippet, secret: SecretType, section: str, field: str, wrong: str
) -> Snippet:
    """The snippet rendered from a catalog entry with one wrong fact in its api section."""
    part = getattr(secret.api, section).model_copy(update={field: wrong})
    broken = secret.model_copy(update={"api": secret.api.model_copy(update={section: part})})
    return Renderer(ROOT).snippet(broken, snippet.backend, snippet.language)


def env_snippet() -> Snippet:
    return next(s for s in SNIPPETS if s.backend.id == "env" and s.secret in HTTP_TYPES)


def shown_on_pages() -> tuple[list[str], str]:
    """The JavaScript code blocks of every rendered playbook page, dedented, and all the text."""
    text = "".join(page.read_text(encoding="utf-8") for page in render_pages().glob("*.md"))
    blocks = [re.sub(rf"^{indent}", "", body, flags=re.M) for indent, body in FENCE.findall(text)]
    return blocks, text


def test_every_javascript_program_is_on_a_page() -> None:
    blocks, text = shown_on_pages()
    programs = [*SNIPPETS, *all_actions(LANGUAGE)]
    assert sorted(blocks) == sorted(p.code for p in programs), "pages and programs differ"
    for snippet in programs:
        if snippet.packages:
            assert f"Install: `{snippet.install}`" in text


def test_every_backend_has_a_javascript_snippet() -> None:
    assert {s.backend.id for s in SNIPPETS} == {"env", "aws-secrets-manager", "vault", "conjur"}


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_javascript_snippet_is_prettier_clean(snippet: Snippet, unformatted: set[str]) -> None:
    assert snippet.path not in unformatted, f"run prettier on the output of {snippet.path}"


@pytest.mark.parametrize("action", ACTIONS, ids=action_id)
def test_javascript_action_is_prettier_clean(action: ActionSnippet, unformatted: set[str]) -> None:
    assert action.path not in unformatted, f"run prettier on the output of {action.path}"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_javascript_snippet_runs_against_backend(
    snippet: Snippet, project: Path, servers: Servers, catalog, tmp_path: Path
) -> None:
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    done = node(project, snippet.path, case.env)
    check_run(case, done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize(
    ("section", "field", "wrong"),
    [("auth", "scheme", WRONG_AUTH_SCHEME), ("whoami", "field", "id")],
    ids=["wrong-auth-scheme", "wrong-whoami-field"],
)
def test_broken_javascript_snippet_fails_its_check(
    section: str,
    field: str,
    wrong: str,
    project: Path,
    servers: Servers,
    catalog,
    tmp_path: Path,
) -> None:
    snippet = env_snippet()
    secret = catalog[snippet.secret]
    broken = render_broken(snippet, secret, section, field, wrong)
    assert broken.code != snippet.code
    program = tmp_path / "broken.mjs"
    program.write_text(broken.code, encoding="utf-8")

    case = prepare(servers, secret, "env", tmp_path)
    done = node(project, str(program), case.env)
    with pytest.raises(AssertionError):
        check_run(case, done.returncode, done.stdout, done.stderr)


def test_javascript_snippet_with_wrong_path_fails_and_breaks_the_contract(
    project: Path, backend_servers: Servers, catalog, tmp_path: Path
) -> None:
    snippet = env_snippet()
    secret = catalog[snippet.secret]
    wrong = "/api/v4/user/me"
    broken = render_broken(snippet, secret, "whoami", "path", wrong)
    program = tmp_path / "broken.mjs"
    program.write_text(broken.code, encoding="utf-8")

    case = prepare(backend_servers, secret, "env", tmp_path)
    case.standin.assert_clean()  # so the reset below hides nothing but this test's own traffic
    try:
        done = node(project, str(program), case.env)
        with pytest.raises(AssertionError):
            check_run(case, done.returncode, done.stdout, done.stderr)
        assert any(wrong in v for v in case.standin.violations), case.standin.violations
    finally:
        # This test breaks the contract on purpose; leave the shared stand-in clean.
        case.standin.reset()


@pytest.mark.parametrize("variable", ["token", "base_url"])
def test_env_snippet_names_the_missing_variable(
    variable: str, project: Path, servers: Servers, catalog, tmp_path: Path
) -> None:
    snippet = env_snippet()
    secret = catalog[snippet.secret]
    name = secret.storage.env_var if variable == "token" else secret.api.base_url_env
    case = prepare(servers, secret, "env", tmp_path)
    del case.env[name]

    done = node(project, snippet.path, case.env)
    assert done.returncode != 0, done.stdout
    assert f"{name} is not set" in done.stderr, done.stderr
    assert case.token not in done.stdout + done.stderr
    assert case.token not in case.standin.seen_tokens, "the snippet called the provider anyway"


def test_javascript_check_with_wrong_auth_scheme_calls_a_live_token_dead(
    project: Path, servers: Servers, catalog, tmp_path: Path
) -> None:
    check = next(a for a in ACTIONS if a.action == "check" and a.secret in HTTP_TYPES)
    secret = catalog[check.secret]
    auth = secret.api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})
    broken_secret = secret.model_copy(update={"api": secret.api.model_copy(update={"auth": auth})})
    broken = Renderer(ROOT).action(broken_secret, "check", check.language)
    assert broken.code != check.code
    program = tmp_path / "broken-check.mjs"
    program.write_text(broken.code, encoding="utf-8")

    case = prepare(servers, secret, "env", tmp_path)
    assert node(project, check.path, case.env).stdout.startswith("LIVE")
    done = node(project, str(program), case.env)
    assert done.stdout.startswith("DEAD"), done.stdout + done.stderr
    assert case.token not in done.stdout + done.stderr
