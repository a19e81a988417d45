"""No page carries another provider's words, and no template hard-codes a provider."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.catalog import CatalogError, SecretType, load_catalog, load_file
from generator.playbook import render_playbook
from generator.scaffold import scaffold
from tests.pages import ROOT
from tests.sitebuild import copy_project

# A tab's install line names its language's package manager, as `npm install ...` does on every
# JavaScript tab: tooling of the page, not a provider the page talks about.
INSTALL_LINE = re.compile(r"^\s*Install: `[^`\n]*`$", re.MULTILINE)


def foreign_mentions(page: str, secret: SecretType, others: list[SecretType]) -> list[str]:
    """Names of other secret types or providers on a page that does not link their playbook."""
    page = INSTALL_LINE.sub("", page)
    found = []
    for other in others:
        if other.provider == secret.provider:
            continue
        linked = f"{other.id}.md" in page or f"/secrets/{other.id}/" in page
        for word in (other.name, other.provider):
            if re.search(rf"\b{re.escape(word)}\b", page) and not linked:
                found.append(f"{secret.id} names {word!r} without linking {other.id}")
    return found


def provider_words(secrets: list[SecretType]) -> set[str]:
    words = set()
    for s in secrets:
        words |= {s.provider, s.name, s.storage.env_var, s.api.base_url_env, s.api.url_start}
    return words - {None}  # a URL secret has no base URL; a header secret no url_start


# A link to a repository on github.com, or a Go module path there, names where some code is
# hosted, not a provider the template hard-codes: https://github.com/getmoto/moto,
# "github.com/hashicorp/vault/api". API hosts such as api.github.com are still caught.
REPOSITORY = re.compile(r'(?:https://|")github\.com/[\w.-]+/[\w.-]+')


def test_no_template_names_a_provider() -> None:
    words = provider_words(load_catalog(ROOT / "catalog"))
    templates = [*ROOT.glob("snippets/**/*.j2"), *ROOT.glob("templates/**/*.j2")]
    assert templates
    texts = {path: REPOSITORY.sub("", path.read_text(encoding="utf-8")) for path in templates}
    offenders = [
        f"{path.relative_to(ROOT)}: {word}"
        for path, text in texts.items()
        for word in words
        if word.lower() in text.lower()
    ]
    assert not offenders, "templates must take provider words from the catalog: " + ", ".join(
        offenders
    )


def test_no_playbook_names_another_secret_type() -> None:
    secrets = load_catalog(ROOT / "catalog")
    problems = [
        problem
        for secret in secrets
        for problem in foreign_mentions(
            render_playbook(ROOT, secret), secret, [s for s in secrets if s is not secret]
        )
    ]
    assert not problems


def second_provider(project: Path) -> None:
    """Add a made-up provider built from the Mattermost entry, renamed throughout."""
    source = project / "catalog" / "mattermost-personal-token.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("mattermost-personal-token", "examplechat-personal-token")
    text = text.replace("Mattermost", "Examplechat").replace("MATTERMOST", "EXAMPLECHAT")
    text = text.replace("mattermost", "examplechat")
    (project / "catalog" / "examplechat-personal-token.yaml").write_text(text, encoding="utf-8")


def test_the_check_catches_a_page_that_names_another_provider(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    second_provider(project)
    secrets = {s.id: s for s in load_catalog(project / "catalog")}
    mine, other = secrets["mattermost-personal-token"], secrets["examplechat-personal-token"]
    assert not foreign_mentions(render_playbook(project, mine), mine, [other])

    # A copy-and-paste slip: a fact of one provider's file names the other provider.
    path = project / "catalog" / "mattermost-personal-token.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["risks"]["facts"][0]["text"] += " Examplechat tokens work the same way."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    mine = {s.id: s for s in load_catalog(project / "catalog")}["mattermost-personal-token"]
    assert foreign_mentions(render_playbook(project, mine), mine, [other])


def test_new_secret_type_starts_invalid_with_every_field_named(tmp_path: Path) -> None:
    path = tmp_path / "gitlab-personal-token.yaml"
    path.write_text(scaffold("gitlab-personal-token"), encoding="utf-8")
    with pytest.raises(CatalogError) as failure:
        load_file(path)
    message = str(failure.value)
    for field in ("name", "api.whoami.path", "actions.check.request", "detection.keywords"):
        assert f"field '{field}" in message, f"{field} missing from: {message[:300]}"
