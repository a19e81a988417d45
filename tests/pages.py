"""Render every playbook page to Markdown files the tests collect examples from."""

from __future__ import annotations

from pathlib import Path

from generator.catalog import load_catalog
from generator.playbook import render_playbook
from generator.snippets import ActionSnippet, Renderer, Snippet

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "build" / "pages"


def render_pages() -> Path:
    """Write build/pages/<id>.md with exactly what the site's playbook macro returns."""
    PAGES.mkdir(parents=True, exist_ok=True)
    for old in PAGES.glob("*.md"):
        old.unlink()
    for secret in load_catalog(ROOT / "catalog"):
        (PAGES / f"{secret.id}.md").write_text(render_playbook(ROOT, secret), encoding="utf-8")
    return PAGES


def all_snippets(language: str | None = None) -> list[Snippet]:
    """Every prevention program, optionally of one language."""
    renderer = Renderer(ROOT)
    return [s for secret in load_catalog(ROOT / "catalog") for s in renderer.all(secret, language)]


def all_actions(language: str | None = None) -> list[ActionSnippet]:
    """Every incident-action program, optionally of one language."""
    renderer = Renderer(ROOT)
    catalog = load_catalog(ROOT / "catalog")
    return [s for secret in catalog for s in renderer.actions(secret, language)]
