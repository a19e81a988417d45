"""Build each language's runner project once per process and run any program in it.

The action tests use this to run the same incident scenario in every language; the
per-language snippet tests share the same builds where they need nothing extra.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.snippets import Program
from tests import lang_go, lang_java, lang_shell
from tests.runner import run, write_project

Launch = Callable[[Program, dict[str, str]], subprocess.CompletedProcess]
RUN_TIMEOUT = 60


class LaunchError(RuntimeError):
    """A runner project could not be built; the message says why."""


@functools.cache
def launcher(language: str) -> Launch:
    try:
        return _BUILDERS[language]()
    except (lang_go.BuildError, lang_java.BuildError, lang_shell.ToolMissing) as exc:
        raise LaunchError(f"{language}: {exc}") from None


def _python() -> Launch:
    root, _ = write_project("python")
    return lambda program, env: run(
        [sys.executable, str(root / program.path)], root, env, RUN_TIMEOUT
    )


def _javascript() -> Launch:
    from tests.lang_javascript import install

    root, _ = write_project("javascript")
    install(root)
    node = shutil.which("node") or "node"
    return lambda program, env: run([node, str(root / program.path)], root, env, RUN_TIMEOUT)


def _go() -> Launch:
    root, _ = write_project("go")
    project = lang_go.build(root)
    return lambda program, env: project.run(lang_go.program(program.path), env)


def _java() -> Launch:
    root, _ = write_project("java")
    project = lang_java.build(root)
    return lambda program, env: project.run(program, env)


def _shell() -> Launch:
    project = lang_shell.build()

    def launch(program: Program, env: dict[str, str]):
        env = {**env, "PATH": project.path_env()}
        return run([project.which("bash"), str(project.root / program.path)], project.root, env)

    return launch


def _rust() -> Launch:
    from tests import lang_rust

    # The same cached build as tests/test_rust_snippets.py, so cargo runs once a session.
    try:
        project = lang_rust.build()
    except lang_rust.BuildError as exc:
        raise LaunchError(f"rust: {exc}") from None
    return lambda program, env: run(
        [str(lang_rust.program(project, program.path))], project, env, RUN_TIMEOUT
    )


_BUILDERS: dict[str, Callable[[], Launch]] = {
    "python": _python,
    "javascript": _javascript,
    "go": _go,
    "java": _java,
    "shell": _shell,
    "rust": _rust,
}


def languages() -> list[str]:
    return list(_BUILDERS)


def path_of(root: Path, program: Program) -> Path:
    return root / program.path
