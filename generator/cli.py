"""Command line: validate the catalog, or build the site without ever leaving a broken one."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import scaffold, stamp
from generator.base import SLUG
from generator.catalog import CatalogError, load_catalog

ROOT = Path(__file__).resolve().parent.parent


def check(root: Path) -> int:
    try:
        secrets = load_catalog(root / "catalog")
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"catalog: {len(secrets)} secret types valid")
    return 0


def new(root: Path, secret_id: str) -> int:
    if not re.fullmatch(SLUG, secret_id):
        print(f"error: '{secret_id}' is not a slug (lowercase words joined by -)", file=sys.stderr)
        return 1
    try:
        path = scaffold.write(root, secret_id)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}: fill in every empty field, then run `python -m generator check`")
    return 0


def build(root: Path, site: Path, force: bool = False) -> int:
    """Build into a fresh folder and swap it in only when the strict build passed.

    With nothing changed since the last good build, the site in place is that build's output.
    """
    inputs = stamp.digest(root)
    if not force and stamp.unchanged(root, site):
        print(f"nothing changed since the last good build: {site} kept")
        return 0
    fresh = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["--config-file", str(root / "mkdocs.yml"), "--site-dir", str(fresh)]
    if subprocess.run(command, env=env, check=False).returncode != 0:
        shutil.rmtree(fresh)
        print(f"error: the build failed; {site} still holds the last good site", file=sys.stderr)
        return 1

    if stamp.digest(root) != inputs:
        # An edit during the build: the output may mix old and new inputs, so stamp nothing.
        inputs = "changed during the build"
    stamp.write(root, fresh, inputs)
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"built {site}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every catalog file")
    new_parser = commands.add_parser("new", help="start catalog/<id>.yaml with every field")
    new_parser.add_argument("id", help="the secret type's slug, e.g. gitlab-personal-token")
    build_parser = commands.add_parser("build", help="strict build; keeps the last good site")
    build_parser.add_argument("--site-dir", type=Path, default=None)
    build_parser.add_argument(
        "--force", action="store_true", help="build even when nothing changed since the last one"
    )
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if args.command == "check":
        return check(root)
    if args.command == "new":
        return new(root, args.id)
    return build(root, (args.site_dir or root / "site").resolve(), args.force)
