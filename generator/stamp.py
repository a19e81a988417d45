"""A digest of everything a build reads, so a build with nothing changed can keep the last site.

The site is a pure function of these files and the package versions uv.lock pins; the pages
the build writes into docs/ itself are left out, since they follow from the rest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

INPUTS = (
    "catalog",
    "docs",
    "generator",
    "snippets",
    "templates",
    "mkdocs.yml",
    "pyproject.toml",
    "uv.lock",
)
GENERATED = ("docs/secrets", "docs/api")
SKIPPED_PARTS = {"__pycache__", "node_modules", "target"}
STAMP = ".build-inputs"  # written into site/; a file name the server never links to


def _files(root: Path, names: tuple[str, ...]):
    for name in names:
        top = root / name
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            relative = path.relative_to(root).as_posix()
            if SKIPPED_PARTS.intersection(path.parts) or relative.startswith(GENERATED):
                continue
            if path.is_file():
                yield relative, path


def digest(root: Path, names: tuple[str, ...] = INPUTS) -> str:
    """A digest of the named files and folders under root (all build inputs by default)."""
    sha = hashlib.sha256()
    for relative, path in _files(root, names):
        data = path.read_bytes()
        sha.update(f"{relative}\0{len(data)}\0".encode())
        sha.update(data)
    return sha.hexdigest()


def unchanged(root: Path, site: Path) -> bool:
    """True when `site` was built from exactly the files `root` holds now."""
    stamp = site / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest(root)


def write(root: Path, site: Path, value: str | None = None) -> None:
    (site / STAMP).write_text((value or digest(root)) + "\n", encoding="utf-8")
