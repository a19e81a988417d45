"""Time each language's snippet tests for one secret type, cold and warm, and for a second type."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from measure import median, timed
from project import BUILD_FILES, TEST_FILES, copy_tree, write_catalog

LANGUAGES = ["python", "javascript", "go", "java", "rust", "shell", "actions"]
# Tests find each secret type's stand-in by id; a synthetic type reuses Mattermost's, whose API
# its catalog entry copies.
STANDINS = Path("tests") / "standins" / "providers.py"
REGISTER = "\nSTANDINS.update(dict.fromkeys({ids!r}, MattermostStandIn))\n"


def test_file(project: Path, language: str) -> Path:
    """A language's snippet tests; "actions" is the incident scenario in every language."""
    if language == "actions":
        return project / "tests" / "test_actions.py"
    return project / "tests" / f"test_{language}_snippets.py"


def prepare(source: Path, target: Path, types: int) -> Path | None:
    """A copy with tests and 1 or 2 secret types; None when the tests cannot serve a second."""
    project = copy_tree(source, target, BUILD_FILES + TEST_FILES)
    if types == 1:
        write_catalog(project, 1, keep_real=True)
        return project
    registry = project / STANDINS
    text = registry.read_text(encoding="utf-8")
    if "STANDINS" not in text:
        return None
    ids = write_catalog(project, types, keep_real=True)
    registry.write_text(text + REGISTER.format(ids=ids[1:]), encoding="utf-8")
    return project


def pytest_run(project: Path, language: str) -> dict:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
    record = timed([*command, str(test_file(project, language).relative_to(project))], project)
    outcome = re.findall(r"(\d+) (passed|failed|skipped|errors?)", record["tail"])
    record["outcome"] = {kind: int(n) for n, kind in outcome} or None
    return record


def time_language(one: Path, two: Path | None, language: str, runs: int) -> dict:
    """Cold = first run in a fresh copy (empty runner folder; shared package caches as found)."""
    result: dict = {"cold": pytest_run(one, language)}
    result["warm"] = [pytest_run(one, language) for _ in range(runs)]
    if two is not None:
        result["cold_2"] = pytest_run(two, language)
        result["warm_2"] = [pytest_run(two, language) for _ in range(runs)]
        one_warm, two_warm = median(result["warm"], "wall"), median(result["warm_2"], "wall")
        if one_warm is not None and two_warm is not None:
            result["added_per_type"] = round(two_warm - one_warm, 2)
    return result
