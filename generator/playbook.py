"""Render the playbook page for one secret type, as Markdown."""

from __future__ import annotations

import itertools
from pathlib import Path

import jinja2

from generator import templating
from generator.catalog import CatalogError, SecretType
from generator.rules import RuleRenderer
from generator.snippets import Renderer


class Playbooks:
    """Renders playbook pages. Make one per build: templates, lock files and pins load once."""

    def __init__(self, root: Path):
        self.env = templating.environment(root / "templates")
        self.snippets = Renderer(root)
        self.rules = RuleRenderer(root)

    def render(self, secret: SecretType) -> str:
        snippets = self.snippets.all(secret)
        tabs = [
            (backend, list(group))
            for backend, group in itertools.groupby(snippets, key=lambda s: s.backend)
        ]
        actions = {
            name: list(group)
            for name, group in itertools.groupby(
                self.snippets.actions(secret), key=lambda a: a.action
            )
        }
        rules = self.rules.render(secret)
        try:
            template = self.env.get_template("playbook.md.j2")
            return template.render(secret=secret, tabs=tabs, actions=actions, rules=rules)
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise CatalogError(f"templates/playbook.md.j2:{line}: {secret.id}: {exc}") from None


def render_playbook(root: Path, secret: SecretType) -> str:
    """One page on its own (tests); a build renders many through one `Playbooks`."""
    return Playbooks(root).render(secret)
