"""The site builds strictly, shows exactly the tested code, and fails closed on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pages import all_actions, all_snippets
from tests.sitebuild import ROOT, build, code_blocks, copy_project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site") / "site"
    result = build(ROOT, target)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_playbook_code_blocks_equal_the_tested_programs(site: Path) -> None:
    programs = [*all_snippets(), *all_actions()]
    for secret_id in {p.secret for p in programs}:
        html = (site / "secrets" / secret_id / "index.html").read_text(encoding="utf-8")
        expected = sorted(p.code for p in programs if p.secret == secret_id)
        shown = sorted(block for block in code_blocks(html) if block in expected)
        assert shown == expected, f"{secret_id}: page code differs from the tested programs"


def test_export_lists_every_secret_type(site: Path) -> None:
    index = json.loads((site / "api" / "secrets.json").read_text(encoding="utf-8"))
    ids = [entry["id"] for entry in index["secret_types"]]
    assert ids == sorted(p.stem for p in (ROOT / "catalog").glob("*.yaml"))
    for secret_id in ids:
        detail = json.loads((site / "api" / "secrets" / f"{secret_id}.json").read_text())
        assert set(detail["backends"]) == {"env", "aws-secrets-manager", "vault", "conjur"}
        assert detail["sources"] and detail["id"] == secret_id


def test_export_says_where_snippets_look(site: Path) -> None:
    detail = json.loads((site / "api/secrets/mattermost-personal-token.json").read_text())
    assert detail["backends"]["env"] == {"variable": "MATTERMOST_TOKEN"}
    assert detail["backends"]["vault"]["mount"] == "secret"
    assert detail["backends"]["vault"]["key"] == "token"


def break_and_build(project: Path, tmp_path: Path, path: str, old: str, new: str):
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")

    site = tmp_path / "site"
    site.mkdir()
    (site / "last-good.txt").write_text("kept")
    result = build(project, site)
    assert result.returncode != 0, "a broken input built"
    assert (site / "last-good.txt").read_text() == "kept", "the last good site was touched"
    assert sorted(p.name for p in site.iterdir()) == ["last-good.txt"]
    return result.stderr


def test_catalog_error_names_file_and_field(project: Path, tmp_path: Path) -> None:
    whoami_path = "    path: /api/v4/users/me\n"
    err = break_and_build(
        project, tmp_path, "catalog/mattermost-personal-token.yaml", whoami_path, ""
    )
    assert "mattermost-personal-token.yaml: field 'api.whoami.path': Field required" in err


def test_undefined_template_variable_fails(project: Path, tmp_path: Path) -> None:
    err = break_and_build(
        project, tmp_path, "snippets/python/env.j2", "storage.env_var", "storage.no_such"
    )
    assert "snippets/python/env.j2" in err and "no_such" in err


def test_undefined_macro_variable_fails(project: Path, tmp_path: Path) -> None:
    err = break_and_build(project, tmp_path, "docs/method.md", "# How", "{{ no_such }}\n# How")
    assert "no_such" in err


def test_broken_link_fails(project: Path, tmp_path: Path) -> None:
    err = break_and_build(project, tmp_path, "docs/method.md", "# How", "[gone](gone.md)\n# How")
    assert "gone.md" in err


def test_broken_anchor_fails(project: Path, tmp_path: Path) -> None:
    err = break_and_build(
        project, tmp_path, "templates/playbook.md.j2", "## Check for abuse", "## Look for abuse"
    )
    assert "check-for-abuse" in err


def test_a_build_with_nothing_changed_keeps_the_site_and_an_edit_rebuilds(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    page = site / "secrets" / "mattermost-personal-token" / "index.html"
    built_at = page.stat().st_mtime_ns

    again = build(project, site)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert page.stat().st_mtime_ns == built_at

    catalog = project / "catalog" / "mattermost-personal-token.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("the first one stops the damage", "step one ends it"))
    edited = build(project, site)
    assert edited.returncode == 0 and "nothing changed" not in edited.stdout
    assert "step one ends it" in page.read_text(encoding="utf-8")
