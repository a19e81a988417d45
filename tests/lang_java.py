"""The Maven side of the Java snippet tests: build the runner project once, run its classes."""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.snippets import Program
from tests.runner import run

# A cold build fetches the AWS SDK and Maven's own plugins from Maven Central.
BUILD_TIMEOUT = 900
RUN_TIMEOUT = 60
FORMAT_CHECK = "com.spotify.fmt:fmt-maven-plugin:check"  # the version is pinned in the pom


class BuildError(Exception):
    """The runner project could not be built or checked; the message says what to look at."""


@dataclass(frozen=True)
class JavaProject:
    root: Path
    dependencies: str  # every dependency jar, joined with the path separator
    format_problems: str  # google-java-format's complaints; empty when every file is clean

    @property
    def classes(self) -> Path:
        return self.root / "target" / "classes"

    def run(self, program: Program, env: dict[str, str]):
        """Run the program's compiled class with only `env` as its environment."""
        return self._java(["-cp", f"{self.classes}:{self.dependencies}", main_class(program)], env)

    def run_source(self, source: Path, env: dict[str, str]):
        """Compile and run one source file in memory, against the dependencies only.

        target/classes stays off the class path so a class of the same name there cannot win.
        """
        return self._java(["-cp", self.dependencies, str(source)], env)

    def _java(self, args: list[str], env: dict[str, str]):
        return run([tool("java"), *args], cwd=self.root, env=env, timeout=RUN_TIMEOUT)


def main_class(program: Program) -> str:
    return Path(program.path).stem


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"{name} is not on PATH: install OpenJDK 17 and Maven 3.8")
    return found


@functools.cache
def build(root: Path) -> JavaProject:
    """Compile, list the dependency class path, then check the format: one Maven start.

    Fetches whatever ~/.m2 lacks. The format check runs last, so a file that only needs
    formatting still leaves a built project and fails one test instead of all of them.
    Cached per root: the snippet tests and tests.launchers share one Maven run per session
    (a failed build is not cached, so the next caller retries it).
    """
    listing = root / "target" / "classpath.txt"
    listing.unlink(missing_ok=True)
    goals = ["compile", "dependency:build-classpath", f"-Dmdep.outputFile={listing}"]
    result = _mvn(root, *goals, FORMAT_CHECK)
    output = result.stdout + result.stderr
    if not listing.exists():
        raise BuildError(
            f"mvn could not build {root} (a fresh machine fetches from Maven Central):\n{output}"
        )
    problems = output if result.returncode != 0 else ""
    return JavaProject(root, listing.read_text(encoding="utf-8").strip(), problems)


def _mvn(root: Path, *goals: str):
    return run(
        [tool("mvn"), "-q", "-B", "-Dstyle.color=never", *goals], cwd=root, timeout=BUILD_TIMEOUT
    )
