"""Shared by every language's snippet tests: lay out a runner project and run programs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.snippets import Snippet
from tests.pages import ROOT, all_actions, all_snippets

RUNNERS = ROOT / "build" / "runners"


def write_project(language: str) -> tuple[Path, list[Snippet]]:
    """Copy the language's project files (manifests, lock files) and write every snippet.

    The folder persists under build/runners/<language> so package caches and compiled
    dependencies stay warm between runs; the snippet files themselves are rewritten.
    """
    source = ROOT / "snippets" / language
    project = RUNNERS / language
    project.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.suffix == ".j2" or item.name == "packages.yaml":
            continue
        if item.is_dir():
            shutil.copytree(item, project / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, project / item.name)

    snippets = all_snippets(language)
    for snippet in [*snippets, *all_actions(language)]:
        target = project / snippet.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != snippet.code:
            target.write_text(snippet.code, encoding="utf-8")
    return project, snippets


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120):
    """Run a command and return the completed process; never raises on a non-zero exit."""
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def snippet_id(snippet: Snippet) -> str:
    return f"{snippet.secret}/{snippet.backend.id}"
