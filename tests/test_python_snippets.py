"""Run every Python snippet as it appears on the generated playbook pages."""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from generator.catalog import load_catalog
from generator.rules import render_rules
from tests.pages import ROOT, all_actions, all_snippets, render_pages
from tests.scenario import WRONG_AUTH_SCHEME, Case, Servers, check_run, prepare

FOUND = [ex for ex in find_examples(render_pages()) if ex.prefix.startswith("python")]
SNIPPETS = {s.code: s for s in all_snippets("python")}
ACTIONS = {a.code: a for a in all_actions("python")}
HTTP_TYPES = {secret.id for secret in load_catalog(ROOT / "catalog") if secret.api}
# Prevention programs run here; action programs run in test_actions.py, the same bytes.
EXAMPLES = [ex for ex in FOUND if ex.source in SNIPPETS]


def run_example(
    eval_example: EvalExample,
    example: CodeExample,
    case: Case,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    """Run in-process with exactly the case's environment; return (exit code, stdout, stderr)."""
    for name in list(os.environ):
        monkeypatch.delenv(name)
    # boto3's default session keeps the first credentials it read; a fresh process has none.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)

    code, message = 0, ""
    try:
        eval_example.run(example)
    except SystemExit as exc:
        code, message = (exc.code, "") if isinstance(exc.code, int) else (1, str(exc.code))
    except Exception as exc:  # noqa: BLE001
        # pytest cannot render tracebacks through pytest-examples' rewritten frames
        # (INTERNALERROR); report the exception as text until that renders.
        code, message = 1, f"{type(exc).__name__}: {exc}"
    out, err = capsys.readouterr()
    return code, out, err + message


def test_every_python_program_is_on_a_page() -> None:
    rules = {
        block.text
        for secret in load_catalog(ROOT / "catalog")
        for block in render_rules(ROOT, secret).blocks
        if block.fence == "python"
    }
    shown = {ex.source for ex in FOUND}
    assert shown - rules == {*SNIPPETS, *ACTIONS}, "pages and rendered programs differ"


@pytest.mark.parametrize("example", FOUND, ids=str)
def test_python_program_is_formatted_and_lint_clean(
    example: CodeExample, eval_example: EvalExample
):
    # Snippets print their result by design, so the project-wide print ban does not apply.
    eval_example.set_config(
        line_length=88, target_version="py311", isort=True, upgrade=True, ruff_ignore=["T201"]
    )
    eval_example.lint(example)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_python_snippet_runs_against_backend(
    example, eval_example, servers: Servers, catalog, tmp_path: Path, monkeypatch, capsys
) -> None:
    snippet = SNIPPETS[example.source]
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    check_run(case, *run_example(eval_example, example, case, monkeypatch, capsys))


def env_example() -> tuple[CodeExample, object]:
    # An HTTP type's: the tests below break its auth scheme.
    example = next(
        ex
        for ex in EXAMPLES
        if SNIPPETS[ex.source].backend.id == "env" and SNIPPETS[ex.source].secret in HTTP_TYPES
    )
    return example, SNIPPETS[example.source]


def test_broken_python_snippet_fails(
    eval_example, servers: Servers, catalog, tmp_path: Path, monkeypatch, capsys
) -> None:
    example, snippet = env_example()
    secret = catalog[snippet.secret]
    scheme = f'f"{secret.api.auth.scheme} {{token}}"'
    assert scheme in example.source
    broken = CodeExample.create(example.source.replace(scheme, f'f"{WRONG_AUTH_SCHEME} {{token}}"'))
    case = prepare(servers, secret, "env", tmp_path)
    with pytest.raises(AssertionError, match="exit 1"):
        check_run(case, *run_example(eval_example, broken, case, monkeypatch, capsys))


def test_python_snippet_names_a_missing_variable(
    eval_example, servers: Servers, catalog, tmp_path: Path, monkeypatch, capsys
) -> None:
    example, snippet = env_example()
    secret = catalog[snippet.secret]
    case = prepare(servers, secret, "env", tmp_path)
    del case.env[secret.storage.env_var]
    code, out, err = run_example(eval_example, example, case, monkeypatch, capsys)
    assert code != 0 and f"{secret.storage.env_var} is not set" in err
