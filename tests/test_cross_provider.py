"""No page carries another provider's words, and no template hard-codes a provider."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.catalog import CatalogError, SecretType, load_catalog, load_file
from generator.playbook import render_playbook
from generator.scaffold import scaffold
from generator.snippets import BACKENDS
from tests.pages import ROOT
from tests.sitebuild import copy_project

# A tab's install line names its language's package manager, as `npm install ...` does on every
# JavaScript tab: tooling of the page, not a provider the page talks about.
INSTALL_LINE = re.compile(r"^\s*Install: `[^`\n]*`$", re.MULTILINE)
# Backends are page tooling too: every page offers AWS Secrets Manager as a place to keep the
# secret. Its name, its tab (label, setup link, and programs that call its vendor's SDK or CLI
# for it) name a backend, not a provider the page talks about.
LABELS = re.compile("|".join(re.escape(backend.label) for backend in BACKENDS))
VENDOR = "aws-secrets-manager"
VENDOR_LABEL = next(b.label for b in BACKENDS if b.id == VENDOR)


def backend_tabs(page: str) -> str:
    """The page without the AWS Secrets Manager tab: its programs call that vendor's SDKs."""
    kept, skipping = [], None
    for line in page.splitlines(keepends=True):
        tab = re.match(r'^(\s*)=== "([^"]+)"', line)
        if skipping is not None and (
            (tab and len(tab[1]) <= skipping) or (line.strip() and not line.startswith(" "))
        ):
            skipping = None
        if tab and tab[2] == VENDOR_LABEL:
            skipping = len(tab[1])
        if skipping is None:
            kept.append(line)
    return "".join(kept)


def foreign_mentions(page: str, secret: SecretType, others: list[SecretType]) -> list[str]:
    """Names of other secret types or providers on a page that does not link their playbook."""
    page = LABELS.sub("", backend_tabs(INSTALL_LINE.sub("", page)))
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
        words |= {s.provider, s.name, s.storage.env_var}
        words |= {s.api.base_url_env, s.api.url_start} if s.api else set()
        words |= {s.storage.id.env_var} if s.storage.id else set()
    return words - {None}  # a URL secret has no base URL; a header secret no url_start


# Templates written for one vendor's SDKs and CLI: the AWS Secrets Manager backend's, and the
# sdk/ templates, which call the same SDKs (boto3, the AWS SDKs for JavaScript, Go, Java and
# Rust, the AWS CLI) for secret types whose provider is that vendor. They name it by nature,
# in package names and parameters such as aws_access_key_id; every other provider's words
# are still checked in them.
VENDOR_TEMPLATES = (f"*/{VENDOR}.j2", "*/sdk/*.j2")


def vendor_words(secrets: list[SecretType]) -> set[str]:
    """The words of secret types whose provider is the vendor in that backend's label."""
    return provider_words([s for s in secrets if s.sdk and s.provider in VENDOR_LABEL.split()])


# A link to a repository on github.com, or a Go module path there, names where some code is
# hosted, not a provider the template hard-codes: https://github.com/getmoto/moto,
# "github.com/hashicorp/vault/api". API hosts such as api.github.com are still caught.
REPOSITORY = re.compile(r'(?:https://|")github\.com/[\w.-]+/[\w.-]+')


def test_no_template_names_a_provider() -> None:
    catalog = load_catalog(ROOT / "catalog")
    words, vendor = provider_words(catalog), vendor_words(catalog)
    templates = [*ROOT.glob("snippets/**/*.j2"), *ROOT.glob("templates/**/*.j2")]
    assert templates
    texts = {
        path: LABELS.sub("", REPOSITORY.sub("", path.read_text(encoding="utf-8")))
        for path in templates
    }
    offenders = [
        f"{path.relative_to(ROOT)}: {word}"
        for path, text in texts.items()
        for word in words
        if word.lower() in text.lower()
        and not (word in vendor and any(path.match(glob) for glob in VENDOR_TEMPLATES))
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


def test_backend_text_is_tooling_but_the_vendor_named_elsewhere_is_caught(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    secrets = {s.id: s for s in load_catalog(project / "catalog")}
    vendor = [s for s in secrets.values() if s.sdk]
    assert vendor, "the catalog has no secret type whose provider is a backend's vendor"
    mine = secrets["slack-bot-token"]
    page = render_playbook(project, mine)
    assert LABELS.search(page) and "AWS credentials" in page  # the backend's tab says so
    assert not foreign_mentions(page, mine, vendor)

    # Named outside the backend's own text, the vendor is a provider the page talks about.
    path = project / "catalog" / "slack-bot-token.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["risks"]["facts"][0]["text"] += f" {vendor[0].provider} keys leak the same way."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    mine = {s.id: s for s in load_catalog(project / "catalog")}["slack-bot-token"]
    assert foreign_mentions(render_playbook(project, mine), mine, vendor)


def test_new_secret_type_starts_invalid_with_every_field_named(tmp_path: Path) -> None:
    path = tmp_path / "gitlab-personal-token.yaml"
    path.write_text(scaffold("gitlab-personal-token"), encoding="utf-8")
    with pytest.raises(CatalogError) as failure:
        load_file(path)
    message = str(failure.value)
    for field in ("name", "api.whoami.path", "actions.check.request", "detection.keywords"):
        assert f"field '{field}" in message, f"{field} missing from: {message[:300]}"
