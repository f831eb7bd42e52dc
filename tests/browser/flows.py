"""Helpers of the browser tests: what a respondent does on the pages, as Playwright steps,
screenshots, and the axe-core accessibility check. Fixtures are in conftest.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's best-practice rules that the pages keep too: landmarks, one h1, heading order.
STRUCTURE_RULES = [
    "landmark-one-main",
    "landmark-unique",
    "page-has-heading-one",
    "heading-order",
    "region",
    "skip-link",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
RESULT_URL = re.compile(r"/results/[A-Za-z0-9_-]{22,}$")
SUBMIT = "Visa resultat"


def statements(page: Page) -> Locator:
    """The statement fieldsets of a form page, in order."""
    return page.locator("form fieldset.statement")


def option_labels(page: Page) -> list[str]:
    """The answer options of the first statement, as their labels read (the scale's order)."""
    return [label.strip() for label in statements(page).first.locator("label").all_inner_texts()]


def answer_by_clicking(page: Page, choose: Callable[[int], int]) -> None:
    """Click the label of option `choose(i)` in statement i, as a mouse user does."""
    labels = option_labels(page)
    groups = statements(page)
    for index in range(groups.count()):
        label = labels[choose(index) % len(labels)]
        # By role and accessible name: this also proves every radio has its label.
        groups.nth(index).get_by_role("radio", name=label, exact=True).click()


def submit(page: Page) -> None:
    page.get_by_role("button", name=SUBMIT).click()


def expect_result_page(page: Page) -> None:
    """A stored result: its URL, a chart with a text alternative, and the data table."""
    expect(page).to_have_url(RESULT_URL)
    expect(page).to_have_title(re.compile(r"^Resultat – "))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resultat")
    chart = page.locator("figure.chart img")
    expect(chart).to_be_visible()
    alt = chart.get_attribute("alt") or ""
    assert alt.startswith("Stapeldiagram") and len(alt) > 40, alt
    table = page.get_by_role("table", name=re.compile("Poäng"))
    expect(table).to_be_visible()
    areas = table.get_by_role("rowheader")
    assert areas.count() >= 1
    # The chart's text alternative names every area of the table.
    for area in areas.all_inner_texts():
        assert area.strip() in alt, area


def complete_check(page: Page, path: str, choose: Callable[[int], int] = lambda i: i) -> None:
    page.goto(path)
    answer_by_clicking(page, choose)
    submit(page)
    expect_result_page(page)


def chart_source(page: Page) -> dict[str, Any]:
    """The result chart as the browser chose and drew it: the source it picked from the
    picture, whether it loaded, and its width on the page in CSS px."""
    chart: dict[str, Any] = page.evaluate(
        """() => {
          const img = document.querySelector("figure.chart img");
          return {src: img.currentSrc, loaded: img.complete && img.naturalWidth > 0,
                  width: img.getBoundingClientRect().width};
        }"""
    )
    return chart


def chart_text_sizes(page: Page, src: str) -> list[float]:
    """The font size in CSS px of every text of the SVG at `src`, drawn at the width the page
    gives the chart now: the SVG is fetched, put in the page at that width, and each text's
    size taken from the browser's own layout (its font size times its screen transform)."""
    sizes: list[float] = page.evaluate(
        """async (src) => {
          const img = document.querySelector("figure.chart img");
          const width = img.getBoundingClientRect().width;
          const markup = await (await fetch(src)).text();
          const svg = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
          svg.removeAttribute("height");
          svg.setAttribute("width", String(width));
          const holder = document.createElement("div");
          holder.append(document.importNode(svg, true));
          document.body.append(holder);
          const drawn = holder.querySelector("svg");
          const sizes = [...drawn.querySelectorAll("text")].map((text) => {
            const m = text.getScreenCTM();
            return parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
          });
          holder.remove();
          return sizes;
        }""",
        src,
    )
    return sizes


def focus_is_visible(page: Page) -> bool:
    """Whether the focused element draws a focus indicator: an outline or a box shadow."""
    return bool(
        page.evaluate(
            """() => {
              const style = getComputedStyle(document.activeElement);
              const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
              return outline || style.boxShadow !== "none";
            }"""
        )
    )


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]  # what `koll` commands need to reach the same database


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact (test-artifacts/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core (bundled with axe-playwright-python): every WCAG 2.1 A and AA rule, and ours."""
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "rules": {rule: {"enabled": True} for rule in STRUCTURE_RULES},
        "resultTypes": ["violations"],
    }
    violations: list[dict[str, Any]] = Axe().run(page, options=options).response["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule broken: what, why it matters, where, and how to fix it."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    """No WCAG 2.1 A/AA violation, nor a break of the landmark and heading rules we keep."""
    violations = axe_violations(page)
    assert not violations, f"axe found violations on {where}:\n" + describe_violations(violations)


def assert_state_fits(
    browser: Browser,
    server: Server,
    viewport: str,
    prepare: Callable[[Page, Server], None],
    name: str,
) -> None:
    """`prepare` brings a new page to a state; at the viewport ("desktop" or "phone") it is
    then screenshot as `name`, has no axe violation and does not scroll sideways."""
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(base_url=server.url, viewport=size)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        prepare(page, server)
        screenshot(page, name)
        assert_accessible(page, f"{name} at {viewport} width")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name} is {width} px wide at {size['width']} px"
    finally:
        context.close()
