"""What a respondent does on the pages, as Playwright steps shared by the browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

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
