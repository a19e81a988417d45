"""Build the site the way the README does, in a copy of the project when a test edits it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from generator import stamp

ROOT = Path(__file__).resolve().parent.parent
PROJECT = list(stamp.INPUTS)


def copy_project(target: Path) -> Path:
    """A copy of everything a build reads, without generated files."""
    ignore = shutil.ignore_patterns("__pycache__", "secrets", "api")
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "--root", str(project), "build"]
    return subprocess.run(
        [*command, "--site-dir", str(site)], capture_output=True, text=True, check=False
    )


class CodeBlocks(HTMLParser):
    """The text of every highlighted code block, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0  # >0 while inside <pre><code>
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._in_pre = True
        elif tag == "code" and self._in_pre:
            self._depth += 1
            if self._depth == 1:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._depth:
            self._depth -= 1
        elif tag == "pre":
            self._in_pre = False

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.blocks[-1] += data


def code_blocks(html: str) -> list[str]:
    parser = CodeBlocks()
    parser.feed(html)
    return parser.blocks
