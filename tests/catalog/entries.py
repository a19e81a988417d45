"""Catalog entries the model tests start from, and how they write and load a changed one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.catalog import CatalogError, load_file

ROOT = Path(__file__).resolve().parents[2]
# The shipped entries each kind of test starts from, named by what sets them apart.
GOOD = ROOT / "catalog" / "mattermost-personal-token.yaml"
OK_FIELD = ROOT / "catalog" / "slack-bot-token.yaml"  # 200 either way; the answer says
SECOND_HEADER = ROOT / "catalog" / "rocketchat-personal-token.yaml"  # a user ID beside it
URL_SECRET = ROOT / "catalog" / "slack-incoming-webhook-url.yaml"  # the secret is a URL
HOOK = "slack-incoming-webhook-url"
MATTERMOST_HOOK = ROOT / "catalog" / "mattermost-incoming-webhook-url.yaml"
PYPI = ROOT / "catalog" / "pypi-api-token.yaml"  # a multipart probe, HTTP Basic
PAIR = ROOT / "catalog" / "aws-access-key.yaml"  # a pair, called through the SDKs
GOOD_SOURCE = "https://docs.mattermost.com/"


def entry(path: Path) -> dict:
    """A shipped entry as plain data, for a test to change."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "mattermost-personal-token") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def page_section(tmp_path: Path, data: dict, heading: str) -> str:
    """The rendered playbook's section under a level-2 heading, up to the next one."""
    from generator.playbook import render_playbook

    page = render_playbook(ROOT, load_file(write(tmp_path, data)))
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def load_paired(tmp_path: Path, paired: dict):
    return load_file(write(tmp_path, paired, name="rocketchat-personal-token"))


def refused(tmp_path: Path, data: dict, match: str) -> None:
    """The entry, written under its own id, fails with a message that matches."""
    with pytest.raises(CatalogError, match=match):
        load_file(write(tmp_path, data, name=data["id"]))


def as_form(entry: dict) -> dict:
    """The same entry with its probe sent as a URL-encoded form, no file part."""
    for request in (entry["api"]["whoami"], entry["actions"]["check"]["request"]):
        request["body_format"] = "form"
        request.pop("file", None)
    return entry
