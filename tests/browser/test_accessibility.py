"""WCAG 2.1 A/AA with axe-core on every page and state, at desktop and phone width; no sideways
scrolling at 360 px; visible focus on everything reachable by Tab; the skip link; printing."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Route, expect

from app.core.questionnaires import Catalog
from app.main import create_app
from app.platform import migrate
from app.platform.settings import Settings
from tests.browser.flows import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    Server,
    assert_accessible,
    axe_violations,
    chart_source,
    chart_text_sizes,
    focus_is_visible,
    screenshot,
    statements,
    submit,
)
from tests.support import QUESTIONNAIRES

pytestmark = pytest.mark.browser


def _posted_result(server: Server, catalog: Catalog, questionnaire_id: str) -> str:
    """A stored result with every level represented, posted like the form does."""
    version = catalog.current(questionnaire_id)
    assert version is not None
    questionnaire = version.questionnaire
    answers = {
        statement.id: str(1 + (index // 3) % 4)
        for index, statement in enumerate(questionnaire.statements)
    }
    body = urllib.parse.urlencode(answers).encode()
    address = f"{server.url}/check/{questionnaire_id}"
    with urllib.request.urlopen(address, data=body, timeout=10) as answer:
        path = urllib.parse.urlsplit(answer.geturl()).path  # followed the 303 to the result
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]{22,}", path), path
    return path


@pytest.fixture(scope="session")
def result_path(server: Server, catalog: Catalog) -> str:
    """A principal's result: the first three statements "Stämmer inte alls", so at least one
    weak area with its answers and activities."""
    return _posted_result(server, catalog, "rektor")


@pytest.fixture(scope="session")
def authority_result_path(server: Server, catalog: Catalog) -> str:
    return _posted_result(server, catalog, "huvudman")


@pytest.fixture(scope="session")
def about_with_operator(tmp_path_factory: pytest.TempPathFactory) -> str:
    """/om as a site whose operator has a long name and contact shows it.

    The browser tests' server has no operator, so this page comes from an app in this process
    and is served in the server's place (its stylesheet still comes from the server).
    """
    database = tmp_path_factory.mktemp("operator") / "koll.sqlite3"
    settings = Settings(
        database_url=f"sqlite:///{database}",
        questionnaires_dir=QUESTIONNAIRES,
        operator_name="Barn- och utbildningsförvaltningen i Upplands Väsby kommun",
        operator_contact="tillganglighetsredogorelse.barn-och-utbildning@upplandsvasby.se",
    )
    migrate.upgrade(settings)
    with TestClient(create_app(settings)) as client:
        return client.get("/om").text


def _go(path: str) -> Callable[[Page, pytest.FixtureRequest], None]:
    def go(page: Page, request: pytest.FixtureRequest) -> None:
        page.goto(path)

    return go


def _missing_answers(page: Page, request: pytest.FixtureRequest) -> None:
    page.goto("/check/rektor")
    statements(page).first.get_by_role("radio", name="Stämmer helt").click()
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()


def _results(page: Page, request: pytest.FixtureRequest) -> None:
    page.goto(request.getfixturevalue("result_path"))
    expect(page.locator("figure.chart img")).to_be_visible()
    expect(page.locator(".activities").first).to_be_visible()


def _authority_results(page: Page, request: pytest.FixtureRequest) -> None:
    page.goto(request.getfixturevalue("authority_result_path"))
    expect(page.locator("figure.chart img")).to_be_visible()
    expect(page.locator(".activities").first).to_be_visible()


def _not_found(page: Page, request: pytest.FixtureRequest) -> None:
    answer = page.goto("/finns-inte")
    assert answer is not None and answer.status == 404


def _invitation(page: Page, request: pytest.FixtureRequest) -> None:
    page.goto(request.getfixturevalue("invitation_url"))


def _about_with_operator(page: Page, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue("about_with_operator")

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    page.route("**/om", fulfil)
    page.goto("/om")
    expect(
        page.get_by_role("link", name=re.compile("^tillganglighetsredogorelse")).first
    ).to_be_visible()


# Every page and state a respondent can meet.
STATES: dict[str, Callable[[Page, pytest.FixtureRequest], None]] = {
    "start": _go("/"),
    "rektor-form": _go("/check/rektor"),
    "huvudman-form": _go("/check/huvudman"),
    "rektor-422": _missing_answers,
    "results": _results,
    "huvudman-results": _authority_results,
    "not-found": _not_found,
    "invitation-form": _invitation,
    "about": _go("/om"),
    "statement": _go("/tillganglighet"),
    "about-with-operator": _about_with_operator,
}


def _open(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    return browser.new_context(base_url=base_url, viewport=viewport).new_page()  # type: ignore[arg-type]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_wcag_21_aa_violations(
    browser: Browser,
    base_url: str,
    request: pytest.FixtureRequest,
    state: str,
    viewport: dict[str, int],
) -> None:
    page = _open(browser, base_url, viewport)
    try:
        STATES[state](page, request)
        assert_accessible(page, f"{state} at {viewport['width']} px")
    finally:
        page.context.close()


def test_the_audit_finds_what_it_looks_for(page: Page) -> None:
    """A page broken on purpose: the audit is running, with the WCAG and structure rules."""
    page.set_content("<title>Trasig</title><main><h1>Rubrik</h1><h3>Hopp</h3><img src=x></main>")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "heading-order"} <= found, found


@pytest.mark.parametrize("state", list(STATES))
def test_no_horizontal_scrolling_at_360_and_320_px(
    browser: Browser, base_url: str, request: pytest.FixtureRequest, state: str
) -> None:
    page = _open(browser, base_url, PHONE)
    try:
        STATES[state](page, request)
        screenshot(page, f"phone-{state}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{state} is {width} px wide at a 360 px viewport"
        # And at 320 px, the width of WCAG 1.4.10 (Reflow): 1280 px zoomed to 400 %.
        page.set_viewport_size({"width": 320, "height": PHONE["height"]})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{state} is {width} px wide at a 320 px viewport"
        if state == "results":
            # Shown as one block per area on a phone, it is still a table to assistive technology.
            table = page.get_by_role("table", name=re.compile("Poäng"))
            expect(table.get_by_role("rowheader").first).to_be_visible()
            expect(table.get_by_role("cell").first).to_be_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "state",
    [
        "start",
        "rektor-form",
        "rektor-422",
        "results",
        "not-found",
        "about",
        "statement",
        "about-with-operator",
    ],
)
def test_focus_is_visible_on_everything_reachable_by_tab(
    page: Page, request: pytest.FixtureRequest, state: str
) -> None:
    STATES[state](page, request)
    seen: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e === document.body ? '' : e.outerHTML.slice(0, 120); })()"
        )
        if not where or (seen and where == seen[0]):
            break  # back at the start: every stop has been visited
        assert focus_is_visible(page), f"no visible focus on {where}"
        seen.append(where)
    assert len(seen) >= 2, seen


def test_the_skip_link_shows_on_focus_and_moves_to_the_content(page: Page) -> None:
    page.goto("/check/rektor")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "radio"


def test_results_print_on_a4_without_navigation(page: Page, result_path: str) -> None:
    # The printable part of A4 at 96 dpi: 210 × 297 mm less the 15 mm margins of koll.css.
    printable = {"width": round(180 / 25.4 * 96), "height": round(267 / 25.4 * 96)}
    page.set_viewport_size(printable)
    page.goto(result_path)
    expect(page.locator("figure.chart img")).to_be_visible()
    expect(page.locator(".print-hint")).to_be_visible()  # on screen: how to print
    page.emulate_media(media="print")
    hidden = (".site-header", ".site-footer", ".skip-link", ".actions", ".permalink", ".print-hint")
    for element in hidden:
        expect(page.locator(element)).to_be_hidden()
    # What to do is printed: each weak area's answers and activities.
    expect(page.locator("ol.weak-areas > li")).to_have_count(4)
    expect(page.locator(".weak-areas .answers").first).to_be_visible()
    expect(page.locator(".weak-areas .activities").first).to_be_visible()
    table = page.get_by_role("table")
    chart = page.locator("figure.chart")
    for kept_whole in (page.locator("section.scores"), table, chart):
        expect(kept_whole).to_be_visible()
        assert kept_whole.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert page.evaluate("document.documentElement.scrollWidth") <= printable["width"]
    box = chart.locator("img").bounding_box()
    assert box is not None and box["width"] <= printable["width"]
    # The table and the chart, kept together, fit on one page.
    section = page.locator("section.scores").bounding_box()
    assert section is not None and section["height"] <= printable["height"], section
    screenshot(page, "results-print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "results-a4.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert sizes, "no page sizes in the PDF"
    for width, height in sizes:  # A4 in points, from @page { size: A4 }
        assert (round(float(width)), round(float(height))) == (595, 842)
    # Four weak areas, each with its answers and activities, the materials with their
    # addresses, and the table and chart together: five pages at most, none left half empty
    # by an area kept whole.
    assert len(sizes) <= 5, f"the result prints on {len(sizes)} A4 pages"


def test_the_chart_text_is_at_least_11_px_at_360_px(
    browser: Browser, base_url: str, result_path: str
) -> None:
    """Measured in Chromium: the chart the picture chooses at 360 px is drawn at the width the
    page gives it, and every text's rendered size is read from the browser's layout. The wide
    layout, drawn at the same width, is measured too: it is what a phone showed before, and
    proves the measure can fail."""
    # The page keeps its Content-Security-Policy for the real chart; only the measuring copy,
    # put into the page by the test, needs its inline styles allowed.
    context = browser.new_context(base_url=base_url, viewport=PHONE, bypass_csp=True)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(result_path)
        chart = page.locator("figure.chart img")
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        source = chart_source(page)
        assert source["loaded"] and source["src"].endswith("/chart.svg?layout=narrow"), source
        assert 300 <= source["width"] <= 328, source
        narrow = chart_text_sizes(page, source["src"])
        assert len(narrow) > 20, narrow
        assert min(narrow) >= 11, f"chart text at 360 px: {min(narrow):.1f} px"
        wide = chart_text_sizes(page, source["src"].removesuffix("?layout=narrow"))
        assert max(wide) < 11, wide
        screenshot(page, "phone-results-chart")
        (ARTIFACTS / "chart-text-360px.txt").write_text(
            f"narrow layout at {source['width']:.0f} px: smallest text {min(narrow):.1f} px, "
            f"largest {max(narrow):.1f} px; wide layout at the same width: largest text "
            f"{max(wide):.1f} px\n",
            encoding="utf-8",
        )
    finally:
        context.close()
