"""Run every Python snippet as it appears on the generated playbook pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from tests.pages import all_snippets, render_pages
from tests.scenario import Servers, check_run, prepare

EXAMPLES = [ex for ex in find_examples(render_pages()) if ex.prefix.startswith("python")]
SNIPPETS = {s.code: s for s in all_snippets("python")}


def test_every_python_snippet_is_on_a_page() -> None:
    shown = [ex.source for ex in EXAMPLES]
    assert sorted(shown) == sorted(SNIPPETS), "pages and rendered snippets differ"


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_python_snippet_is_formatted_and_lint_clean(example: CodeExample, eval_example: EvalExample):
    eval_example.set_config(line_length=88, target_version="py311", isort=True, upgrade=True)
    eval_example.lint(example)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_python_snippet_runs_against_backend(
    example: CodeExample,
    eval_example: EvalExample,
    servers: Servers,
    catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    snippet = SNIPPETS[example.source]
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)

    code, message = 0, ""
    try:
        eval_example.run(example)
    except SystemExit as exc:
        code, message = (exc.code, "") if isinstance(exc.code, int) else (1, str(exc.code))
    out, err = capsys.readouterr()
    check_run(case, code, out, err + message)
