"""Where a build's time goes: wall-clock wrappers around the functions of each phase.

Run from inside a project copy: `python bench/phases.py PROJECT OUT.json [--cprofile]`. Each
phase counts its own time only (time spent in a nested wrapped function goes to that one), so
the phases add up to the build. The build runs in-process, as `mkdocs build --strict` would.
"""

from __future__ import annotations

import cProfile
import functools
import io
import json
import pstats
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

START = time.perf_counter()
PROJECT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(PROJECT))  # the copy's generator package, as the macros module sees it

import material.plugins.search.plugin as search  # noqa: E402
import mkdocs.commands.build as build  # noqa: E402
import mkdocs.utils  # noqa: E402
import mkdocs_macros.plugin as macros  # noqa: E402
import pymdownx.highlight  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

import generator.catalog  # noqa: E402
import generator.export  # noqa: E402
import generator.playbook  # noqa: E402
import generator.snippets  # noqa: E402

IMPORTS = time.perf_counter() - START
# (label, owner, attribute): every function whose own time makes one phase.
TARGETS = [
    ("Markdown to HTML (without Pygments)", Page, "render"),
    ("Pygments highlighting", pymdownx.highlight.Highlight, "highlight"),
    ("search indexing (HTML re-parse)", search.SearchPlugin, "on_page_context"),
    ("search index written", search.SearchPlugin, "on_post_build"),
    ("theme rendering (main.html, nav)", build, "_build_page"),
    ("writing HTML files", mkdocs.utils, "write_file"),
    ("copying theme assets", File, "copy_file"),
    ("mkdocs-macros: page Jinja", macros.MacrosPlugin, "on_page_markdown"),
    ("mkdocs-macros: config and define_env", macros.MacrosPlugin, "on_config"),
    ("generator: catalog load and validation", generator.catalog, "load_catalog"),
    ("generator: JSON export", generator.export, "detail"),
    ("generator: page template (new Jinja env per page)", generator.playbook, "render_playbook"),
    ("generator: Renderer set-up", generator.snippets.Renderer, "__init__"),
    ("generator: lock files parsed", generator.snippets.Renderer, "_locked"),
    ("generator: packages.yaml parsed", generator.snippets.Renderer, "_package_lists"),
    ("generator: snippet templates (Jinja)", generator.snippets.Renderer, "_render"),
]


class Phases:
    def __init__(self) -> None:
        self.own: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._stack: list[float] = []

    def wrap(self, label: str, func):
        @functools.wraps(func)
        def timed(*args, **kwargs):
            self._stack.append(0.0)
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                nested = self._stack.pop()
                self.own[label] += spent - nested
                self.calls[label] += 1
                if self._stack:
                    self._stack[-1] += spent

        return timed

    def install(self) -> None:
        for label, owner, name in TARGETS:
            raw = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
            if isinstance(raw, staticmethod):
                setattr(owner, name, staticmethod(self.wrap(label, raw.__func__)))
            else:
                setattr(owner, name, self.wrap(label, raw))


def run_build(site: str) -> float:
    start = time.perf_counter()
    config = load_config(config_file=str(PROJECT / "mkdocs.yml"), site_dir=site, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build.build(config)
    config.plugins.on_shutdown()
    return time.perf_counter() - start


def main() -> None:
    out = Path(sys.argv[2])
    pages = len(list((PROJECT / "catalog").glob("*.yaml")))
    result: dict = {"imports": round(IMPORTS, 2), "playbooks": pages}
    with tempfile.TemporaryDirectory() as site:
        if "--cprofile" in sys.argv:
            profile = cProfile.Profile()
            total = profile.runcall(run_build, site)
            text = io.StringIO()
            stats = pstats.Stats(profile, stream=text)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(25)
            result["cprofile"] = text.getvalue()
        else:
            phases = Phases()
            phases.install()
            total = run_build(site)
            result["phases"] = {
                label: {"seconds": round(phases.own[label], 2), "calls": phases.calls[label]}
                for label, _, _ in TARGETS
            }
            result["other"] = round(total - sum(phases.own.values()), 2)
    result["total"] = round(total, 2)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
