"""The Go side of the Go snippet tests: one module, one `go build`, each program run as a binary."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.runner import run

# A cold build downloads the AWS SDK, the Vault API module and the Conjur client, then
# compiles them on two cores.
BUILD_TIMEOUT = 900
RUN_TIMEOUT = 60


class BuildError(Exception):
    """The runner module could not be fetched, built or checked; the message says why."""


@dataclass(frozen=True)
class GoProject:
    root: Path

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    def run(self, program: str, env: dict[str, str]):
        """Run a built program (named by its folder under cmd/) with only `env` as environment."""
        return run([str(self.bin / program)], cwd=self.root, env=env, timeout=RUN_TIMEOUT)

    def vet(self) -> str:
        """`go vet`'s findings over the whole module; empty when there are none."""
        result = _go(self.root, "vet", "./...")
        return "" if result.returncode == 0 else result.stdout + result.stderr

    def unformatted(self, sources: list[Path]) -> str:
        """The files gofmt would change, one a line; empty when all are clean."""
        result = run([tool("gofmt"), "-l", *map(str, sources)], cwd=self.root)
        if result.returncode != 0:
            raise BuildError(f"gofmt failed:\n{result.stderr}")
        return result.stdout


def program(path: str) -> str:
    """The binary `go build` makes for cmd/<name>/main.go: <name>."""
    return Path(path).parent.name


def build(root: Path) -> GoProject:
    """Fetch the modules go.mod and go.sum pin, then build every program into bin/."""
    fetched = _go(root, "mod", "download")
    if fetched.returncode != 0:
        raise BuildError(
            "go mod download failed: the Go module proxy must be reachable "
            f"(GOPROXY={os.environ.get('GOPROXY', 'default')}):\n{fetched.stderr}"
        )
    built = _go(root, "build", "-o", f"{root / 'bin'}{os.sep}", "./cmd/...")
    if built.returncode != 0:
        raise BuildError(f"go build failed in {root}:\n{built.stderr}")
    return GoProject(root)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"{name} is not on PATH: install Go 1.26")
    return found


def _go(root: Path, *args: str):
    # readonly: go.mod and go.sum are the lock, so a missing pin fails instead of being added;
    # local toolchain and no workspace, so the build uses exactly what is installed and pinned.
    env = {**os.environ, "GOFLAGS": "-mod=readonly", "GOTOOLCHAIN": "local", "GOWORK": "off"}
    return run([tool("go"), *args], cwd=root, env=env, timeout=BUILD_TIMEOUT)
