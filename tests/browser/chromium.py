"""Debian's chromium, and the flags every headless run here uses; never a downloaded browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# No sandbox: the tests may run as root. The rest keeps Chromium from calling home.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> Path:
    """The browser binary, or a test failure that says how to install it."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/tools)")
    return CHROMIUM


def node_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' is not on PATH: install Node.js 20 and npm")
    return found
