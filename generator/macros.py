"""The thin layer between the site engine and the generator (loaded by mkdocs-macros).

It writes one small page per secret type and the JSON export into the docs folder, then
offers macros that return rendered Markdown. Pages call macros; code never passes through
the page's own Jinja, so `{{` in a snippet is safe.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator import export, guides, home, stamp
from generator.catalog import CatalogError, SecretType, load_catalog
from generator.playbook import Playbooks

log = logging.getLogger("mkdocs.plugins.generator")

# Front matter values are JSON strings, which YAML reads unchanged whatever they contain.
# `inputs` changes whenever anything the page is rendered from does, so `mkdocs serve --dirty`,
# which rebuilds only pages whose file changed, rebuilds exactly the playbooks an edit touches.
PAGE = """---
title: {title}
description: {description}
inputs: {inputs}
---

{{{{ playbook("{id}") }}}}
"""


def write_if_changed(path: Path, text: str) -> None:
    # mkdocs serve watches the docs folder: rewriting equal content would rebuild forever.
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# What every playbook is rendered from besides its own catalog entry.
SHARED_INPUTS = ("generator", "snippets", "templates", "uv.lock")


def page(secret: SecretType, shared: str = "") -> str:
    """The stub page of one secret type: front matter, then the macro that renders it."""
    description = (
        f"What to do when a {secret.name} leaks: revoke it, check for abuse, rotate it "
        "without an outage, and keep the next one out of your code."
    )
    return PAGE.format(
        title=json.dumps(f"{secret.name} leaked: what to do now"),
        description=json.dumps(description),
        id=secret.id,
        inputs=hashlib.sha256((shared + secret.model_dump_json()).encode()).hexdigest()[:16],
    )


def generate(root: Path, docs: Path) -> dict:
    """Validate the catalog and write the generated docs files; return secret types by id."""
    secrets = load_catalog(root / "catalog")
    wanted = {docs / "secrets" / f"{s.id}.md" for s in secrets}
    wanted |= {docs / "api" / "secrets" / f"{s.id}.json" for s in secrets}
    for stale in [*docs.glob("secrets/*.md"), *docs.glob("api/secrets/*.json")]:
        if stale not in wanted:
            stale.unlink()

    shared = stamp.digest(root, SHARED_INPUTS)
    for s in secrets:
        write_if_changed(docs / "secrets" / f"{s.id}.md", page(s, shared))
        write_if_changed(docs / "api" / "secrets" / f"{s.id}.json", export.detail(s))
    write_if_changed(docs / "api" / "secrets.json", export.index(secrets))
    log.debug("generated pages for %d secret types", len(secrets))
    return {s.id: s for s in secrets}


def define_env(env) -> None:
    root = Path(env.conf["config_file_path"]).parent
    try:
        secrets = generate(root, Path(env.conf["docs_dir"]))
    except CatalogError as exc:
        raise PluginError(str(exc)) from None
    playbooks = Playbooks(root)

    def rendered(make, *args) -> str:
        try:
            return make(*args)
        except CatalogError as exc:
            raise PluginError(str(exc)) from None

    @env.macro
    def playbook(secret_id: str) -> str:
        return rendered(playbooks.render, secrets[secret_id])

    @env.macro
    def catalog_finder() -> str:
        return rendered(home.catalog_finder, secrets.values())

    @env.macro
    def backend_install(backend_id: str) -> str:
        return rendered(guides.backend_install, playbooks.snippets, backend_id)

    @env.macro
    def language_packages(language_id: str) -> str:
        return rendered(guides.language_packages, playbooks.snippets, language_id)
