"""Changes a benchmark may make to its temporary copy, to measure a proposal before adopting it.

Each variant edits only the copy. A text edit that no longer finds its target raises, so a
variant never measures an unchanged build by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from project import categories


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"{path}: variant cannot find {old!r}")
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _config(project: Path, change: Callable[[dict], None]) -> None:
    path = project / "mkdocs.yml"
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    change(config)
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _playbooks_in_nav(project: Path, grouped: bool) -> None:
    """List every playbook in the nav, after the hand-written pages (the site keeps them out)."""
    docs = project / "docs"
    pages = sorted(
        str(p.relative_to(docs)) for p in docs.rglob("*.md") if p.parent.name != "secrets"
    )
    pages.sort(key=lambda page: page != "index.md")
    by_category = sorted(categories(project).items())
    if grouped:
        playbooks = [{c: [f"secrets/{i}.md" for i in ids]} for c, ids in by_category]
    else:
        playbooks = sorted(f"secrets/{i}.md" for _, ids in by_category for i in ids)

    def change(config: dict) -> None:
        config["nav"] = [*(config.get("nav") or pages), {"Secret types": playbooks}]
        kept = [line for line in config.pop("not_in_nav", "").splitlines() if "secrets" not in line]
        if kept:
            config["not_in_nav"] = "\n".join(kept)

    _config(project, change)


def flat_nav(project: Path) -> None:
    """Every playbook in one nav section: each page then carries a link to every other."""
    _playbooks_in_nav(project, grouped=False)


def nested_nav(project: Path) -> None:
    """Playbooks in the nav, one section per category."""
    _playbooks_in_nav(project, grouped=True)


def prune(project: Path) -> None:
    """Nested nav plus Material's navigation.prune: a page renders only its own branch."""
    nested_nav(project)
    _config(project, lambda config: config["theme"]["features"].append("navigation.prune"))


def no_pygments(project: Path) -> None:
    """Highlight code in the browser instead of with Pygments at build time."""

    def change(config: dict) -> None:
        extensions = config["markdown_extensions"]
        at = extensions.index("pymdownx.highlight")
        extensions[at] = {"pymdownx.highlight": {"use_pygments": False}}

    _config(project, change)


def yaml_c(project: Path) -> None:
    """Parse catalog files with libyaml's CSafeLoader instead of the pure-Python loader."""
    _edit(
        project / "generator" / "catalog.py",
        'yaml.safe_load(path.read_text(encoding="utf-8"))',
        'yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)',
    )


VARIANTS: dict[str, Callable[[Path], None]] = {
    "navflat": flat_nav,
    "nested": nested_nav,
    "prune": prune,
    "nopygments": no_pygments,
    "yamlc": yaml_c,
}


def apply(project: Path, variant: str) -> None:
    """Apply a variant name or a `+`-joined combination such as `prune+rendercache`."""
    for name in filter(None, variant.split("+")):
        if name == "base":
            continue
        if name not in VARIANTS:
            raise SystemExit(f"unknown variant '{name}'; known: {', '.join(VARIANTS)}")
        # Nav variants read the catalog, so catalog-changing steps must already have run.
        VARIANTS[name](project)
