"""The real scanners the detection tests run, their installation, and their reports."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.rules import GITLEAKS_MODULE as GITLEAKS
from generator.rules import GITLEAKS_VERSION
from tests.pages import ROOT

TOOLS = ROOT / "build" / "tools" / "bin"
VENV_BIN = Path(sys.executable).parent
# A cold `go install` of gitleaks fetches its modules and compiles them on two cores.
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 300


class ToolMissing(RuntimeError):
    """A program the detection tests need is not installed; the message says how to get it."""


def install_gitleaks(bin_dir: Path = TOOLS) -> Path:
    """`go install` the pinned gitleaks into bin_dir, unless that version is already there."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    # One install at a time, so parallel test workers wait for the first instead of racing it.
    with open(bin_dir / ".gitleaks.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install_gitleaks(bin_dir)


def _install_gitleaks(bin_dir: Path) -> Path:
    binary = bin_dir / "gitleaks"
    if binary.exists() and version(binary) == GITLEAKS_VERSION:
        return binary
    go = shutil.which("go")
    if go is None:
        raise ToolMissing("'go' is missing: the Go toolchain builds gitleaks")

    # The release builds stamp the version this way; `gitleaks version` then names the pin.
    stamp = f"-ldflags=-X {GITLEAKS}/version.Version={GITLEAKS_VERSION}"
    env = {**os.environ, "GOBIN": str(bin_dir), "GOTOOLCHAIN": "local", "GOWORK": "off"}
    command = [go, "install", stamp, f"{GITLEAKS}@{GITLEAKS_VERSION}"]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise ToolMissing(
            "go install of gitleaks failed: the Go module proxy must be reachable "
            f"(GOPROXY={os.environ.get('GOPROXY', 'default')}):\n{result.stderr}"
        )
    return binary


def version(binary: Path) -> str:
    result = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def venv_tool(name: str) -> Path:
    found = shutil.which(name, path=str(VENV_BIN))
    if found is None:
        raise ToolMissing(f"'{name}' is missing from the venv: run `uv sync` (uv.lock pins it)")
    return Path(found)


@dataclass(frozen=True)
class Shell:
    """Runs the page's command blocks as a reader would: bash, in a folder, with the tools."""

    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        path = os.pathsep.join([str(TOOLS), str(VENV_BIN), os.environ.get("PATH", "")])
        env = {
            "PATH": path,
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Test Author",
            "GIT_COMMITTER_EMAIL": "author@example.com",
            "PRE_COMMIT_HOME": str(self.home / ".cache" / "pre-commit"),
        }
        return env | extra

    def run(self, script: str, cwd: Path, *, strict: bool = False, **extra: str):
        """Run a block; `strict` stops at the first failing command, as a careful reader would."""
        flags = ["-e", "-o", "pipefail"] if strict else []
        return subprocess.run(
            ["bash", *flags, "-c", script],
            cwd=cwd,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )

    def git(self, cwd: Path, *args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=cwd, env=self.env(), capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stderr}"
        return result.stdout


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    line: int
    commit: str = ""
    secret: str = ""  # as the report gives it: redacted by gitleaks, hashed by detect-secrets


def gitleaks_report(path: Path) -> list[Finding]:
    return [
        Finding(item["RuleID"], item["File"], item["StartLine"], item.get("Commit", ""))
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]


def detect_secrets_report(path: Path) -> list[Finding]:
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    return [
        Finding(item["type"], filename, item["line_number"], secret=item["hashed_secret"])
        for filename, items in results.items()
        for item in items
    ]
