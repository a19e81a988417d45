"""Temporary copies of the project: a synthetic catalog of N secret types, and the baseline site."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator import stamp  # noqa: E402

REAL = "mattermost-personal-token"
# What a build reads (generator/stamp.py INPUTS), plus what the snippet tests read.
BUILD_FILES = [*stamp.INPUTS]
TEST_FILES = ["tests", "pyproject.toml"]
IGNORE = shutil.ignore_patterns("__pycache__", "node_modules", "target")
# Twenty categories, so a nested nav has about fifty playbooks a section at 1,000 types.
CATEGORIES = [
    "Chat and collaboration",
    "Source control",
    "CI and CD",
    "Cloud",
    "Databases",
    "Payments",
    "Email",
    "Monitoring",
    "Identity",
    "Storage",
    "Messaging",
    "Analytics",
    "CRM",
    "Search",
    "Feature flags",
    "Package registries",
    "Secrets management",
    "Issue tracking",
    "CDN",
    "AI",
]


def copy_tree(source: Path, target: Path, names: list[str]) -> Path:
    """Copy the named files and folders, without generated pages, caches or runner builds."""
    for name in names:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, target / name)
    for generated in ("docs/secrets", "docs/api"):
        shutil.rmtree(target / generated, ignore_errors=True)
    return target


def fake(text: str, number: int) -> tuple[str, str]:
    """The real catalog file as provider number N: new id, name, provider, variables, paths."""
    word = f"Provider{number:04d}"
    for old, new in (
        ("MATTERMOST", word.upper()),
        ("Mattermost", word),
        ("mattermost", word.lower()),
    ):
        text = text.replace(old, new)
    category = CATEGORIES[number % len(CATEGORIES)]
    text = text.replace("category: Chat and collaboration", f"category: {category}")
    return f"{word.lower()}-personal-token", text


def write_catalog(project: Path, size: int, keep_real: bool = False) -> list[str]:
    """Replace the catalog with `size` secret types; return their ids."""
    catalog = project / "catalog"
    real = (catalog / f"{REAL}.yaml").read_text(encoding="utf-8")
    ids = [REAL] if keep_real else []
    for path in catalog.glob("*.yaml"):
        if path.stem not in ids:
            path.unlink()
    for number in range(1, size - len(ids) + 1):
        secret_id, text = fake(real, number)
        (catalog / f"{secret_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(secret_id)
    return ids


def categories(project: Path) -> dict[str, list[str]]:
    """Secret type ids by category, read with libyaml (the pydantic model is not needed here)."""
    found: dict[str, list[str]] = {}
    for path in sorted((project / "catalog").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        found.setdefault(data["category"], []).append(path.stem)
    return found


def write_baseline(project: Path, target: Path) -> Path:
    """The same playbooks as static Markdown, with a minimal mkdocs.yml (no macros, no strict)."""
    sys.path.insert(0, str(project))
    from generator import playbook, snippets
    from generator.catalog import load_catalog

    # One Renderer for all pages: the output is the same, the preparation much shorter.
    renderer = snippets.Renderer(project)
    playbook.Renderer = lambda root: renderer
    docs = target / "docs"
    (docs / "secrets").mkdir(parents=True)
    rows = []
    for secret in load_catalog(project / "catalog"):
        head = f"---\ntitle: {secret.name}\n---\n\n"
        page = head + playbook.render_playbook(project, secret)
        (docs / "secrets" / f"{secret.id}.md").write_text(page, encoding="utf-8")
        rows.append(f"| [{secret.name}](secrets/{secret.id}.md) | {secret.provider} |")
    index = "# Leaked token playbooks\n\n| Secret type | Provider |\n|---|---|\n"
    (docs / "index.md").write_text(index + "\n".join(rows) + "\n", encoding="utf-8")

    ours = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    config = {
        "site_name": "Baseline",
        "theme": {"name": "material"},
        "plugins": ["search"],
        # The page content needs the same Markdown extensions (tabs, admonitions, attributes).
        "markdown_extensions": ours["markdown_extensions"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target


if __name__ == "__main__":
    # Subcommands run as subprocesses, so a copy's own generator package is the one imported.
    if sys.argv[1] == "baseline":
        write_baseline(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())
