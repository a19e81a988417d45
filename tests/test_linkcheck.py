"""The link check itself: it must report a missing page and a missing anchor, on either page."""

from __future__ import annotations

from pathlib import Path

from tests.browser.linkcheck import LinkCheck
from tests.browser.server import serve

HEADINGS = '<h2 id="revoke">Revoke</h2><h2 id="rotate">Rotate</h2>'


def check(site: Path, links: str, workdir: Path) -> tuple[int, str]:
    site.mkdir()
    (site / "index.html").write_text(f"<html><body>{HEADINGS}{links}</body></html>")
    (site / "other.html").write_text(f"<html><body>{HEADINGS}</body></html>")
    with serve(site) as url:
        return LinkCheck(url, workdir).result()


def test_good_links_and_anchors_pass(tmp_path: Path) -> None:
    links = '<a href="#revoke">a</a><a href="#rotate">b</a><a href="other.html#rotate">c</a>'
    status, report = check(tmp_path / "site", links, tmp_path)
    assert status == 0, report


def test_a_missing_anchor_on_a_page_already_read_is_reported(tmp_path: Path) -> None:
    # other.html's anchors are read for the good link first; the bad one must still fail.
    links = '<a href="other.html#revoke">a</a><a href="other.html#no-such">b</a>'
    status, report = check(tmp_path / "site", links, tmp_path)
    assert status != 0 and "no-such" in report, report


def test_a_missing_anchor_on_the_same_page_is_reported(tmp_path: Path) -> None:
    links = '<a href="#revoke">a</a><a href="#nope">b</a>'
    status, report = check(tmp_path / "site", links, tmp_path)
    assert status != 0 and "nope" in report, report


def test_a_missing_page_is_reported(tmp_path: Path) -> None:
    status, report = check(tmp_path / "site", '<a href="gone.html">a</a>', tmp_path)
    assert status != 0 and "gone.html" in report, report
