"""The link check itself: it must report a missing page and a missing anchor, on either page."""

from __future__ import annotations

from pathlib import Path

from linkcheck.htmlutil import htmlsoup

from tests.browser import linkchecker_cached
from tests.browser.linkcheck import LinkCheck
from tests.browser.server import serve

HEADINGS = '<h2 id="revoke">Revoke</h2><h2 id="rotate">Rotate</h2>'


def check(site: Path, links: str, workdir: Path) -> tuple[int, str]:
    site.mkdir()
    (site / "index.html").write_text(f"<html><body>{HEADINGS}{links}</body></html>")
    (site / "other.html").write_text(f"<html><body>{HEADINGS}</body></html>")
    with serve(site) as url:
        run = LinkCheck(url, workdir)
        try:
            return run.result()
        finally:
            run.stop()


def test_good_links_and_anchors_pass(tmp_path: Path) -> None:
    links = '<a href="#revoke">a</a><a href="#rotate">b</a><a href="other.html#rotate">c</a>'
    status, report = check(tmp_path / "site", links, tmp_path)
    assert status == 0, report


def test_a_missing_anchor_on_another_page_is_reported(tmp_path: Path) -> None:
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


class Link:
    """What the anchor check reads of one checked URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.anchor = url.partition("#")[2]
        self.encoding = "utf-8"
        self.reads = 0
        self.warnings: list[str] = []

    def get_soup(self):
        self.reads += 1
        return htmlsoup.make_soup(f"<html><body>{HEADINGS}</body></html>".encode())

    def add_warning(self, message: str, tag: str | None = None) -> None:
        self.warnings.append(message)


def test_a_page_read_once_still_fails_a_missing_anchor() -> None:
    # In a fixed order, unlike linkchecker's threads: the page is read for the good anchor,
    # then the missing one is checked against what was kept.
    page = "http://127.0.0.1:9/read-once.html"
    good, missing, again = Link(f"{page}#revoke"), Link(f"{page}#no-such"), Link(f"{page}#rotate")
    for link in (good, missing, again):
        linkchecker_cached._check(None, link)
    assert (good.reads, missing.reads, again.reads) == (1, 0, 0)
    assert good.warnings == [] and again.warnings == []
    assert len(missing.warnings) == 1 and "no-such" in missing.warnings[0]
