"""End to end in Chromium: both self-checks by mouse, one by keyboard only, the 422 state,
the invitation flow, a check with JavaScript turned off, and both results as a new user sees
them at 1280 and 360 px. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.flows import (
    RESULT_URL,
    answer_by_clicking,
    chart_source,
    expect_result_page,
    focus_is_visible,
    screenshot,
    statements,
    submit,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("questionnaire_id", "track"),
    [("rektor", "Självskattning för rektor"), ("huvudman", "Självskattning för huvudman")],
    ids=["rektor", "huvudman"],
)
def test_complete_a_check_with_the_mouse(page: Page, questionnaire_id: str, track: str) -> None:
    page.goto("/")
    screenshot(page, "start")
    page.get_by_role("link", name=re.compile(questionnaire_id)).click()
    expect(page).to_have_url(re.compile(f"/check/{questionnaire_id}$"))
    expect(page).to_have_title(f"{track} – Koll på lärares avlastningsbehov")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    count = statements(page).count()
    assert count >= 10
    # Progress: every statement says where it is in the questionnaire.
    expect(statements(page).first.locator("legend")).to_contain_text(f"1 av {count}")
    expect(statements(page).last.locator("legend")).to_contain_text(f"{count} av {count}")
    expect(page.get_by_role("group", name=re.compile(f"^1 av {count}"))).to_be_visible()
    areas = page.locator("form section.area")
    expect(areas.first.get_by_role("heading", level=2)).to_contain_text(
        f"Område 1 av {areas.count()}"
    )
    screenshot(page, f"{questionnaire_id}-form")

    answer_by_clicking(page, lambda i: i)  # every option of the scale, "Vet inte" too
    screenshot(page, f"{questionnaire_id}-form-answered")
    submit(page)
    expect_result_page(page)
    screenshot(page, f"{questionnaire_id}-results")


def test_complete_a_check_with_the_keyboard_only(page: Page) -> None:
    """Tab into each radio group, choose with the arrow keys, Enter on the button."""
    page.goto("/check/rektor")
    groups = statements(page)
    count = groups.count()
    options = groups.first.get_by_role("radio").count()
    chosen: dict[str, str] = {}
    for index in range(count):
        group_id = groups.nth(index).get_attribute("id")
        page.keyboard.press("Tab")
        for _ in range(3):  # the skip link and the site name come before the first group
            if _focused(page, "closest('fieldset')?.id") == group_id:
                break
            page.keyboard.press("Tab")
        assert _focused(page, "closest('fieldset')?.id") == group_id, f"statement {index + 1}"
        assert _focused(page, "type") == "radio"
        assert focus_is_visible(page), f"no visible focus in statement {index + 1}"
        target = index % options
        # Tab lands on the first option without choosing it; the arrow keys move and choose.
        for _ in range(max(target, 1)):
            page.keyboard.press("ArrowDown")
        if target == 0:
            page.keyboard.press("ArrowUp")
        chosen[group_id or ""] = _focused(page, "value")
        expect(groups.nth(index).locator("input:checked")).to_have_value(chosen[group_id or ""])
    page.keyboard.press("Tab")
    assert _focused(page, "textContent") == "Visa resultat"
    assert focus_is_visible(page)
    screenshot(page, "keyboard-submit-focused")
    page.keyboard.press("Enter")
    expect_result_page(page)
    assert len(set(chosen.values())) == options  # every option was reached by keyboard


def test_missing_answers_show_a_focused_error_summary_that_links_to_the_fields(
    page: Page,
) -> None:
    page.goto("/check/rektor")
    groups = statements(page)
    count = groups.count()
    groups.nth(0).get_by_role("radio", name="Stämmer helt").click()
    groups.nth(2).get_by_role("radio", name="Vet inte").click()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page)
    assert posted.value.status == 422
    expect(page).to_have_title(re.compile(r"^Fel: Självskattning för rektor"))

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # autofocus: no JavaScript needed
    assert page.evaluate("document.activeElement.id") == "error-summary"
    expect(summary).to_be_in_viewport()
    links = summary.get_by_role("link")
    expect(links).to_have_count(count - 2)
    expect(links.first).to_have_text("Påstående 2: Svar saknas.")
    screenshot(page, "rektor-422")

    # The answers given are still checked.
    expect(groups.nth(0).get_by_role("radio", name="Stämmer helt")).to_be_checked()
    expect(groups.nth(2).get_by_role("radio", name="Vet inte")).to_be_checked()
    expect(page.locator("input:checked")).to_have_count(2)

    # By keyboard: Tab to the first link, Enter: the second statement gets focus and is in view.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    second = groups.nth(1)
    expect(second).to_be_focused()
    expect(second).to_be_in_viewport()
    expect(second).to_contain_text("Svar saknas.")
    # The error message is part of the group's description, read with the group's name.
    described = (second.get_attribute("aria-describedby") or "").split()
    assert second.locator(".field-error").get_attribute("id") in described
    screenshot(page, "rektor-422-first-link-followed")
    # From the statement, Tab goes on into its radio group.
    page.keyboard.press("Tab")
    assert _focused(page, "name") == groups.nth(1).locator("input").first.get_attribute("name")

    # A mouse user clicking a later link lands on that statement.
    later = links.nth(3)
    target = later.get_attribute("href") or ""
    assert target == f"#{groups.nth(5).get_attribute('id')}"  # statements 1 and 3 are answered
    later.click()
    expect(page.locator(target)).to_be_in_viewport()

    # Answer the rest and submit: the result is stored.
    answer_by_clicking(page, lambda i: 3)
    submit(page)
    expect_result_page(page)


def test_complete_an_invited_check(page: Page, invitation_url: str) -> None:
    """An authority's invitation link opens the form for one school; it posts to the link."""
    page.goto(invitation_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provskolan")
    expect(page).to_have_title(re.compile(r"^Självskattning för rektor: Provskolan – "))
    screenshot(page, "invitation-form")
    # A gap first: the 422 state of the invitation form keeps its address and heading.
    statements(page).first.get_by_role("radio", name="Stämmer helt").click()
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provskolan")
    answer_by_clicking(page, lambda i: 2)
    submit(page)
    expect_result_page(page)
    screenshot(page, "invitation-results")


def test_a_check_works_with_javascript_turned_off(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name=re.compile("huvudman")).click()
        # A missing answer: the server's error summary, focused by autofocus, not by a script.
        submit(page)
        expect(page.locator("#error-summary")).to_be_focused()
        answer_by_clicking(page, lambda i: i + 1)
        submit(page)
        expect(page).to_have_url(RESULT_URL)
        expect_result_page(page)
        screenshot(page, "huvudman-results-without-javascript")
    finally:
        context.close()


def _focused(page: Page, expression: str) -> str:
    """A property of document.activeElement, e.g. "type" or "closest('fieldset')?.id"."""
    value = page.evaluate(f"document.activeElement?.{expression}")
    return "" if value is None else str(value)


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("questionnaire_id", ["rektor", "huvudman"])
def test_a_result_leads_to_action_at_desktop_and_phone_width(
    browser: Browser, base_url: str, questionnaire_id: str, width: int
) -> None:
    """As a new user: many "Stämmer inte alls", so some areas are weak; the result names the
    overall level, lists each weak area's answers and activities, says how to print, and
    shows the chart layout drawn for the screen."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"/check/{questionnaire_id}")
        answer_by_clicking(page, lambda i: (0, 0, 2, 3, 1)[i % 5])
        submit(page)
        expect_result_page(page)
        expect(page.locator(".overall-level")).to_be_visible()
        expect(page.locator("p.overall")).to_contain_text("nivå:")
        weak = page.locator("ol.weak-areas > li")
        assert weak.count() >= 1
        first = weak.first
        expect(first.get_by_role("heading", level=4, name=re.compile("^Era svar"))).to_be_visible()
        expect(first.locator(".answers li").first).to_contain_text("Svar:")
        expect(first.get_by_role("heading", level=4, name="Exempel på aktiviteter")).to_be_visible()
        activities = first.locator(".activities li")
        assert 2 <= activities.count() <= 4
        expect(activities.first).to_have_attribute("id", re.compile(r"^aktivitet-[a-z0-9-]+$"))
        expect(page.locator(".print-hint")).to_contain_text("Skriv ut")
        # The picture's own choice: the narrow layout on a phone, the wide one on a desktop.
        chart = page.locator("figure.chart img")
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        source = chart_source(page)
        assert source["loaded"], source
        assert source["src"].endswith("layout=narrow") == (width < 480), source
        assert source["width"] <= width - 32 + 0.5, source
        # The overall level is above the fold, before any scrolling.
        page.evaluate("window.scrollTo(0, 0)")
        expect(page.locator(".overall-level")).to_be_in_viewport()
        screenshot(page, f"{questionnaire_id}-results-{width}")
    finally:
        context.close()
