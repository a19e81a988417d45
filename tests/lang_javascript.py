"""The Node.js side of the JavaScript tests: one package, installed from its lock file."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from tests.runner import run

# Written into node_modules after a good `npm ci`: the hash of the manifest and lock it installed.
STAMP = ".installed-from"


class InstallError(RuntimeError):
    """The package could not be installed; the message says why."""


def _lock_hash(project: Path) -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((project / name).read_bytes())
    return digest.hexdigest()


def install(project: Path) -> None:
    """`npm ci` from the lock file, skipped while node_modules still matches it."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise InstallError(f"'{tool}' is not on PATH: install Node.js 20 and npm")
    stamp = project / "node_modules" / STAMP
    wanted = _lock_hash(project)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return
    done = run(
        ["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"], cwd=project, timeout=600
    )
    if done.returncode != 0:
        raise InstallError(
            f"npm ci failed in {project} (is the npm registry reachable?):\n{done.stderr}"
        )
    stamp.write_text(wanted, encoding="utf-8")
