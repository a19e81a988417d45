"""The built site as readers use it, in Debian's chromium: tabs, copy, search, the first screen,
accessibility and no third-party requests; then every link and anchor, and a Lighthouse audit."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Request, expect

from generator.catalog import SecretType, load_catalog
from generator.snippets import Renderer, Snippet
from tests.browser import lighthouse
from tests.browser.chromium import FLAGS, chromium
from tests.browser.linkcheck import LinkCheck
from tests.browser.server import serve
from tests.pages import all_snippets
from tests.sitebuild import ROOT, build

CATALOG: list[SecretType] = load_catalog(ROOT / "catalog")
# Site-wide behaviour is tried on one playbook; layout and weight on every one.
SECRET = CATALOG[0]
PLAYBOOK = f"secrets/{SECRET.id}/"
PLAYBOOKS = [pytest.param(f"secrets/{s.id}/", id=s.id) for s in CATALOG]
BY_PLAYBOOK = {f"secrets/{s.id}/": s for s in CATALOG}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class Summary:
    """Lines shown at the end of the pytest run, under their own heading."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.lines:
            terminalreporter.section("site checks")
            for line in self.lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def summary(pytestconfig: pytest.Config) -> Summary:
    found = Summary()
    pytestconfig.pluginmanager.register(found, "site-checks-summary")
    return found


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("browser") / "site"
    result = build(ROOT, target)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module", autouse=True)
def link_check(site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LinkCheck]:
    """linkchecker over the served site, running while the browser tests do."""
    check = LinkCheck(site_url, tmp_path_factory.mktemp("links"))
    yield check
    check.stop()


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    # Replaces pytest-playwright 0.10's fallback, an instance-method session fixture that
    # pytest 9 deprecates (an error under filterwarnings=error).
    return site_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(chromium()), "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": DESKTOP,
        "permissions": ["clipboard-read", "clipboard-write"],
    }


@pytest.fixture
def visit(page: Page, site_url: str) -> Iterator[Page]:
    """The browser page; any request to a host other than the site is refused and fails the test."""
    own = (site_url, "data:", "blob:")
    foreign: list[str] = []

    def record(request: Request) -> None:
        if not request.url.startswith(own):
            foreign.append(request.url)

    page.context.on("request", record)
    page.context.route(lambda url: not url.startswith(own), lambda route: route.abort())
    yield page
    assert not foreign, f"the site asked other hosts for: {foreign}"


def tab_label(group: Locator, text: str) -> Locator:
    """A tab group's own label with exactly this text (not one of a nested group)."""
    labels = group.locator(":scope > .tabbed-labels > label")
    return labels.filter(has_text=re.compile(f"^{re.escape(text)}$"))


def chosen_tabs(page: Page) -> list[dict]:
    """Every tab group on the page: its labels and the one chosen."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(".tabbed-set")).map((set) => {
            const labels = Array.from(set.querySelectorAll(":scope > .tabbed-labels > label"))
                .map((label) => label.textContent.trim());
            const inputs = Array.from(set.querySelectorAll(":scope > input"));
            return {labels, chosen: labels[inputs.findIndex((input) => input.checked)]};
        })"""
    )


def groups_with(page: Page, label: str) -> list[dict]:
    return [group for group in chosen_tabs(page) if label in group["labels"]]


def test_home_page_filters_the_catalog(visit: Page) -> None:
    visit.goto("")
    rows = visit.locator("table[data-catalog] tbody tr")
    expect(rows).to_have_count(len(load_catalog(ROOT / "catalog")))
    query = visit.locator("form[data-catalog-filter] input[name=q]")

    # A provider may issue several secret types; the one looked for is among the rows left.
    query.fill(SECRET.provider.lower())
    expect(rows.filter(visible=True).filter(has_text=SECRET.name)).to_have_count(1)
    query.fill("no such provider anywhere")
    expect(rows.filter(visible=True)).to_have_count(0)
    expect(visit.locator("[data-catalog-empty]")).to_be_visible()


def test_language_choice_applies_to_every_tab_group_and_survives_navigation(
    visit: Page,
) -> None:
    languages = [lang.label for lang in Renderer(ROOT).languages]
    if len(languages) < 2:
        pytest.skip("one language only: there is no choice to make")
    choice = languages[-1]  # not the default, so the test sees a change
    visit.goto(PLAYBOOK)

    tab_label(visit.locator("section.snippets .tabbed-set").nth(1), choice).click()
    groups = groups_with(visit, choice)
    assert len(groups) >= 2, "expected a language tab group per backend"
    assert {g["chosen"] for g in groups} == {choice}, groups

    # Instant navigation to a backend page: its language tabs show the same choice.
    setup = visit.locator("section.snippets a", has_text="access").filter(visible=True).first
    setup.click()
    expect(visit).to_have_url(re.compile(r"/backends/[^/]+/$"))
    expect(visit.locator(".tabbed-set")).not_to_have_count(0)
    assert {g["chosen"] for g in groups_with(visit, choice)} == {choice}

    # A full page load of the playbook keeps it too.
    visit.goto(PLAYBOOK)
    assert {g["chosen"] for g in groups_with(visit, choice)} == {choice}


def one_per_language() -> list[Snippet]:
    """A snippet in every language, taking the backends in turn so that each one comes up."""
    snippets = [s for s in all_snippets() if s.secret == SECRET.id]
    languages = list(dict.fromkeys(s.language.id for s in snippets))
    backends = list(dict.fromkeys(s.backend.id for s in snippets))
    return [
        next(
            s
            for s in snippets
            if s.language.id == language and s.backend.id == backends[i % len(backends)]
        )
        for i, language in enumerate(languages)
    ]


def test_copy_button_copies_the_tested_snippet(visit: Page) -> None:
    visit.goto(PLAYBOOK)
    outer = visit.locator("section.snippets > .tabbed-set")
    for snippet in one_per_language():
        tab_label(outer, snippet.backend.label).click()
        inner = outer.locator(":scope > .tabbed-content > .tabbed-block:visible > .tabbed-set")
        tab_label(inner, snippet.language.label).click()
        block = inner.locator(":scope > .tabbed-content > .tabbed-block:visible")
        block.locator("button[data-md-type=copy]").click()

        # Material trims trailing white space from every copy; a tested file ends in one newline.
        copied = visit.evaluate("navigator.clipboard.readText()")
        where = f"{snippet.backend.label} / {snippet.language.label}"
        assert copied + "\n" == snippet.code, f"{where}: the copy button copied other text"


def search(page: Page, query: str) -> Locator:
    """Type a query into the site search; return the result links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)  # Material searches on key presses, not on input events
    return page.locator(".md-search-result a.md-search-result__link")


def search_index(site: Path) -> list[dict]:
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data["docs"]


def test_search_finds_a_secret_type_by_provider_and_by_phrase(
    visit: Page, built_site: Path
) -> None:
    visit.goto("")
    links = search(visit, SECRET.provider)
    expect(links.and_(visit.locator(f'[href*="{PLAYBOOK}"]')).first).to_be_visible()

    # A phrase from the page body, not its title, leads to the section that holds it.
    words = re.sub(r"[`*\[\]()]", "", SECRET.what.facts[0].text).split()
    phrase = " ".join(words[:6])
    holder = next(
        doc["location"]
        for doc in search_index(built_site)
        if phrase.lower() in html.unescape(doc["text"]).lower()
    )
    page_path, _, anchor = holder.partition("#")
    assert page_path == PLAYBOOK, f"{phrase!r} is indexed under {holder}"
    links = search(visit, phrase)
    hit = visit.locator(f'.md-search-result a[href*="{PLAYBOOK}"][href$="#{anchor}"]')
    expect(hit.first).to_be_attached()


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_search_index_stays_small(built_site: Path, playbook: str) -> None:
    """What a reader's browser downloads to search grows by at most 5 KB a secret type."""
    entries = [doc for doc in search_index(built_site) if doc["location"].startswith(playbook)]
    size = len(json.dumps(entries, ensure_ascii=False).encode())
    assert 0 < size <= 5_000, f"{playbook} adds {size} bytes to the search index"


def test_search_index_leaves_code_out(built_site: Path) -> None:
    text = html.unescape(" ".join(doc["text"] for doc in search_index(built_site)))
    for snippet in [s for s in all_snippets() if s.secret == SECRET.id]:
        longest = max(snippet.code.splitlines(), key=len).strip()
        assert longest not in text, f"{snippet.path}: its code is in the search index"


@pytest.mark.parametrize("playbook", PLAYBOOKS)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_first_screen_shows_the_revoke_step(visit: Page, viewport: dict, playbook: str) -> None:
    visit.set_viewport_size(viewport)
    visit.goto(playbook)
    title = visit.locator(".admonition-title", has_text="In the first minutes")
    step = visit.locator(".admonition", has=title).locator("ol > li").first
    expect(step).to_contain_text(re.compile("revoke", re.I))

    box = step.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (
        f"the revoke step ends {box['y'] + box['height']:.0f}px down a "
        f"{viewport['height']}px screen"
    )


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_first_screen_on_a_laptop_offers_check_revoke_and_audit_code(
    visit: Page, playbook: str
) -> None:
    visit.set_viewport_size(DESKTOP)
    visit.goto(playbook)
    first_minutes = visit.locator(".admonition", has=visit.locator(".admonition-title"))
    offered = BY_PLAYBOOK[playbook].actions
    if offered.revoke is None:
        # No program revokes it; the box says so instead, still on the first screen.
        note = first_minutes.first.locator("p", has_text="No program can revoke it").first
        box = note.bounding_box()
        assert box is not None and box["y"] + box["height"] <= DESKTOP["height"], (
            "the box does not say on the first screen that no program can revoke it"
        )
    # The box shows the actions the catalog picks for it, else check, revoke and audit.
    labels = {"check": "Check", "revoke": "Revoke", "disable": "Disable", "audit": "Audit"}
    names = offered.first_minutes or ["check", "revoke", "audit"]
    for label in (labels[name] for name in names if getattr(offered, name)):
        tab = first_minutes.first.locator(".tabbed-labels > label", has_text=label).first
        box = tab.bounding_box()
        assert box is not None, f"no {label} tab in the first-minutes box"
        assert 0 <= box["y"] and box["y"] + box["height"] <= DESKTOP["height"], (
            f"the {label} tab sits {box['y']:.0f}px down an {DESKTOP['height']}px screen"
        )
    # The check program itself starts on the first screen too.
    code = first_minutes.first.locator("pre").first
    box = code.bounding_box()
    assert box is not None and box["y"] < DESKTOP["height"], "no check program on the first screen"


@pytest.mark.parametrize(
    "path",
    ["", *(f"secrets/{s.id}/" for s in CATALOG), "backends/vault/"],
    ids=["home", *(s.id for s in CATALOG), "backend"],
)
def test_no_accessibility_violations(visit: Page, path: str) -> None:
    visit.goto(path)
    results = Axe().run(visit)
    assert results.violations_count == 0, results.generate_report()


def test_pages_carry_link_preview_metadata(built_site: Path) -> None:
    page = (built_site / PLAYBOOK / "index.html").read_text(encoding="utf-8")
    tag = re.compile(r'<meta (?:property|name)="((?:og|twitter):\w+)" content="([^"]*)"')
    meta = dict(tag.findall(page))
    assert meta["og:title"].startswith(SECRET.name)
    assert SECRET.name in meta["og:description"]
    assert meta["og:url"].endswith(PLAYBOOK)
    assert meta["twitter:card"] == "summary"


def test_missing_page_shows_the_site_404(visit: Page) -> None:
    response = visit.goto("no/such/page/")
    assert response is not None and response.status == 404
    expect(visit.locator("h1")).to_have_text("Page not found")
    # Served three folders deep, it still finds the theme's style sheets.
    empty = visit.evaluate(
        "Array.from(document.styleSheets).filter((sheet) => !sheet.cssRules.length).length"
    )
    assert empty == 0, "a style sheet of the 404 page did not load"


def test_pages_ask_no_host_but_the_site(visit: Page, built_site: Path) -> None:
    pages = sorted(p.parent.relative_to(built_site) for p in built_site.rglob("index.html"))
    for path in pages:
        visit.goto("" if path == Path(".") else f"{path.as_posix()}/")
    visit.wait_for_load_state("networkidle")


def test_every_link_and_anchor_resolves(link_check: LinkCheck) -> None:
    status, report = link_check.result()
    assert status == 0, report


def test_lighthouse_scores(site_url: str, tmp_path: Path, summary: Summary) -> None:
    report = lighthouse.run(site_url + PLAYBOOK, tmp_path)
    summary.lines.append(report.summary())

    floors = {"performance": 0.5, "accessibility": 0.9, "best-practices": 0.9, "seo": 0.9}
    low = [name for name, floor in floors.items() if report.scores[name] < floor]
    assert not low, f"{low} below the floor {floors}: {report.summary()}"
