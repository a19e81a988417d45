"""The Rust runner: one Cargo package whose src/bin holds every snippet, built once a session."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import SecretType
from generator.languages import LANGUAGES
from generator.snippets import BACKENDS, Renderer, Snippet
from tests.pages import ROOT
from tests.runner import write_project

RUST = next(lang for lang in LANGUAGES if lang.id == "rust")
SOURCE = ROOT / "snippets" / "rust"

# A cold build fetches ~200 crates and compiles aws-lc-sys (C); on 2 busy cores that is minutes.
BUILD_TIMEOUT = 2400  # seconds


@dataclass(frozen=True)
class Broken:
    """A snippet rendered from a deliberately wrong catalog entry; its run must fail."""

    name: str
    secret: SecretType
    snippet: Snippet

    @property
    def path(self) -> str:
        return f"src/bin/broken_{self.name}.rs"


def edition() -> str:
    manifest = tomllib.loads((SOURCE / "Cargo.toml").read_text(encoding="utf-8"))
    return manifest["package"]["edition"]


def broken_snippets(secret: SecretType) -> list[Broken]:
    """The env snippet with a wrong auth scheme, and with a wrong whoami field."""
    api = secret.api
    variants = {
        "auth_scheme": api.model_copy(
            update={"auth": api.auth.model_copy(update={"scheme": "Token"})}
        ),
        "whoami_field": api.model_copy(
            update={"whoami": api.whoami.model_copy(update={"field": "id"})}
        ),
    }
    env = next(b for b in BACKENDS if b.id == "env")
    renderer = Renderer(ROOT)
    found = []
    for name, wrong_api in variants.items():
        wrong = secret.model_copy(update={"api": wrong_api})
        found.append(Broken(name, wrong, renderer.snippet(wrong, env, RUST)))
    return found


def binary_name(path: str) -> str:
    """Cargo names a src/bin/<name>.rs program <name>."""
    return Path(path).stem


def build(broken: list[Broken]) -> tuple[Path, list[Snippet]]:
    """Lay out build/runners/rust with every snippet and broken copy, then compile them once."""
    cargo = shutil.which("cargo")
    if cargo is None:
        raise RuntimeError("cargo is not on PATH: install Rust 1.95 (rustup) to run these tests")

    project, snippets = write_project("rust")
    wanted = {project / s.path: s.code for s in snippets}
    wanted |= {project / b.path: b.snippet.code for b in broken}
    bins = project / "src" / "bin"
    for stale in bins.glob("*.rs"):
        if stale not in wanted:
            stale.unlink()
    for path, code in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != code:
            path.write_text(code, encoding="utf-8")

    command = [cargo, "build", "--locked", "--bins", "--target-dir", str(project / "target")]
    try:
        done = subprocess.run(
            command, cwd=project, capture_output=True, text=True, timeout=BUILD_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"cargo build took over {BUILD_TIMEOUT}s in {project}") from None
    if done.returncode != 0:
        raise RuntimeError(
            f"cargo build failed in {project} (are crates.io and Cargo.lock reachable and "
            f"consistent?):\n{done.stderr[-6000:]}"
        )
    return project, snippets


def program(project: Path, path: str) -> Path:
    return project / "target" / "debug" / binary_name(path)
