"""The Rust runner: one Cargo package whose src/bin holds every program, built once a session.

The snippet tests and the action tests (through tests.launchers) both call build(); it lays out
the same files for either, and is cached, so cargo runs once however the two are combined.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import SecretType, load_catalog
from generator.languages import LANGUAGES
from generator.snippets import BACKENDS, Program, Renderer
from tests.pages import ROOT, all_actions
from tests.runner import run, write_project
from tests.scenario import WRONG_AUTH_SCHEME

RUST = next(lang for lang in LANGUAGES if lang.id == "rust")
SOURCE = ROOT / "snippets" / "rust"

# A cold build fetches ~200 crates and compiles aws-lc-sys (C); on 2 busy cores that is minutes.
BUILD_TIMEOUT = 2400  # seconds


class BuildError(RuntimeError):
    """The runner project could not be built; the message says why."""


@dataclass(frozen=True)
class Broken:
    """A program rendered from a deliberately wrong catalog entry; its run must fail."""

    name: str
    secret: SecretType
    program: Program

    @property
    def key(self) -> str:
        return f"{self.secret.id}/{self.name}"

    @property
    def path(self) -> str:
        return f"src/bin/broken_{self.secret.id.replace('-', '_')}_{self.name}.rs"


def edition() -> str:
    manifest = tomllib.loads((SOURCE / "Cargo.toml").read_text(encoding="utf-8"))
    return manifest["package"]["edition"]


def broken_snippets(secret: SecretType) -> list[Broken]:
    """The env snippet with a wrong auth scheme, and with a wrong whoami field.

    Where the programs prove the secret with a probe, which sends no auth scheme and reads no
    field, the two breakages are the probe's: a live answer taken from a dead one, and a live
    answer with another status. Either way a live secret must fail.
    """
    api = secret.api
    live = api.whoami.live
    if live is not None:
        dead = secret.actions.check.dead_answers[0]
        other = live.model_copy(update={"status": 499 if live.status != 499 else 498})
        variants = {
            "auth_scheme": _with_live(api, dead),
            "whoami_field": _with_live(api, other),
        }
    else:
        variants = _header_variants(api)
    env = next(b for b in BACKENDS if b.id == "env")
    renderer = Renderer(ROOT)
    found = []
    for name, wrong_api in variants.items():
        wrong = secret.model_copy(update={"api": wrong_api})
        found.append(Broken(name, wrong, renderer.snippet(wrong, env, RUST)))
    return found


def _with_live(api, live):
    return api.model_copy(update={"whoami": api.whoami.model_copy(update={"live": live})})


def _header_variants(api) -> dict:
    return {
        "auth_scheme": api.model_copy(
            update={"auth": api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})}
        ),
        # A field other than the one that names the account; `login` where that is `id`.
        "whoami_field": api.model_copy(
            update={"whoami": api.whoami.model_copy(update={"field": wrong_field(api)})}
        ),
    }


def wrong_field(api) -> str:
    return "id" if api.whoami.field != "id" else "login"


def broken_check(secret: SecretType) -> Broken:
    """The check action with a wrong auth scheme: it must call a live token dead.

    A probe sends no auth scheme: there the live answer and the first dead one swap places.
    """
    api = secret.api
    check = secret.actions.check
    if check.probe:
        dead = [check.live, *check.dead_answers[1:]]
        swapped = check.model_copy(update={"live": check.dead_answers[0], "dead_answers": dead})
        actions = secret.actions.model_copy(update={"check": swapped})
        wrong = secret.model_copy(update={"actions": actions})
        return Broken("check_auth_scheme", wrong, Renderer(ROOT).action(wrong, "check", RUST))
    auth = api.auth.model_copy(update={"scheme": WRONG_AUTH_SCHEME})
    wrong = secret.model_copy(update={"api": api.model_copy(update={"auth": auth})})
    return Broken("check_auth_scheme", wrong, Renderer(ROOT).action(wrong, "check", RUST))


def broken_programs() -> dict[str, Broken]:
    """Every deliberately broken program of every secret type, by "<secret id>/<name>"."""
    found = []
    for secret in load_catalog(ROOT / "catalog"):
        if secret.api is None:
            continue  # the breakages are of an HTTP call
        found += [*broken_snippets(secret), broken_check(secret)]
    return {b.key: b for b in found}


def binary_name(path: str) -> str:
    """Cargo names a src/bin/<name>.rs program <name>."""
    return Path(path).stem


@functools.cache
def build() -> Path:
    """Lay out build/runners/rust with every snippet, action and broken copy, then compile them.

    Cached, so one session runs cargo once; a failed build is not cached and is retried.
    """
    cargo = shutil.which("cargo")
    if cargo is None:
        raise BuildError("cargo is not on PATH: install Rust 1.95 (rustup) to run these tests")

    project, snippets = write_project("rust")
    wanted = {project / p.path: p.code for p in [*snippets, *all_actions("rust")]}
    wanted |= {project / b.path: b.program.code for b in broken_programs().values()}
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
        raise BuildError(f"cargo build took over {BUILD_TIMEOUT}s in {project}") from None
    if done.returncode != 0:
        raise BuildError(
            f"cargo build failed in {project} (are crates.io and Cargo.lock reachable and "
            f"consistent?):\n{done.stderr[-6000:]}"
        )
    return project


def clippy(project: Path, programs: list[Program]) -> subprocess.CompletedProcess:
    """Lint the programs with clippy, every warning an error; builds check-mode dependencies."""
    bins = [f"--bin={binary_name(p.path)}" for p in programs]
    target = ["--target-dir", str(project / "target")]
    command = ["cargo", "clippy", "--locked", *target, *bins, "--", "-D", "warnings"]
    return run(command, project, timeout=BUILD_TIMEOUT)


def program(project: Path, path: str) -> Path:
    return project / "target" / "debug" / binary_name(path)
