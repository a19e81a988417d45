"""The GitHub Actions workflow: actionlint finds nothing, and only a tested site is published."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
SITE = WORKFLOWS / "site.yml"
ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint"
ACTIONLINT_VERSION = "1.7.12"
TOOLS = ROOT / "build" / "tools" / "bin"


@pytest.fixture(scope="module")
def actionlint() -> Path:
    """The pinned actionlint, built once into build/tools/bin; rebuilt when the pin changes."""
    binary = TOOLS / "actionlint"
    if binary.exists():
        shown = subprocess.run([binary, "-version"], capture_output=True, text=True, check=False)
        if shown.stdout.startswith(f"{ACTIONLINT_VERSION}\n"):
            return binary

    go = shutil.which("go")
    if go is None:
        pytest.fail("the workflow check needs Go to build actionlint; install Go (see README.md)")
    TOOLS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOBIN": str(TOOLS)}
    built = subprocess.run(
        [go, "install", f"{ACTIONLINT}@v{ACTIONLINT_VERSION}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, f"go install {ACTIONLINT} failed:\n{built.stderr}"
    return binary


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(SITE.read_text(encoding="utf-8"))


def test_actionlint_reports_nothing(actionlint: Path) -> None:
    result = subprocess.run(
        [actionlint, "-no-color"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_deploy_job_waits_for_the_test_job(workflow: dict) -> None:
    deploy = workflow["jobs"]["deploy"]
    needs = deploy["needs"]
    assert "test" in ([needs] if isinstance(needs, str) else needs)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step.get("uses", "").split("@")[0] for step in deploy["steps"]] == [
        "actions/deploy-pages"
    ]


def test_only_a_site_built_after_every_test_is_uploaded(workflow: dict) -> None:
    steps = workflow["jobs"]["test"]["steps"]
    runs = [step.get("run") for step in steps]
    upload = next(
        i
        for i, s in enumerate(steps)
        if s.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert runs.index("make test") < runs.index("make build") < upload
    assert steps[upload]["with"]["path"] == "site"
    # A failed step stops the job, so nothing after it may opt back in.
    assert all("always()" not in str(s.get("if", "")) for s in steps)
    assert not any(s.get("continue-on-error") for s in steps)


def test_pull_requests_never_deploy(workflow: dict) -> None:
    condition = workflow["jobs"]["deploy"]["if"]
    assert "github.event_name != 'pull_request'" in condition
    assert "default_branch" in condition
