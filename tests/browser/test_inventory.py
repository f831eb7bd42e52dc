"""The inventory's pages in Chromium: axe-core finds no WCAG 2.1 A/AA violation, and nothing
scrolls sideways at 360 px, on the participation form, its 422 state, the thank-you page, the
management page below and above the threshold, and /uppgifter."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.flows import Server, assert_state_fits

pytestmark = pytest.mark.browser

TASK = "rastvard"


def post_json(server: Server, path: str, body: object, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        server.url + path, method="POST", data=json.dumps(body).encode(), headers=headers
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def inventory(server: Server, answers: int, close: bool) -> dict[str, Any]:
    created = post_json(server, "/api/v1/inventories", {"name": "Provskolan, workshop 1"})
    token = urlsplit(created["links"]["participate"]).path.removeprefix("/p/")
    for index in range(answers):
        role = ("teacher", "other_staff", "leadership")[index % 3]
        tasks = {TASK: {"hours": 1 + index, "energy": 5, "teacher": "no"}}
        post_json(server, "/api/v1/participations", {"token": token, "role": role, "tasks": tasks})
    if close:
        post_json(server, f"/api/v1/inventories/{created['id']}/close", {}, created["manage_token"])
    return created


def path(url: str) -> str:
    return urlsplit(url).path


def participation_form(page: Page, server: Server) -> None:
    page.goto(path(inventory(server, 0, close=False)["links"]["participate"]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workshop 1")


def participation_422(page: Page, server: Server) -> None:
    participation_form(page, server)
    page.locator(f"[id='{TASK}.hours']").fill("1,55")
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", name="Svaren kunde inte skickas in")).to_be_visible()
    expect(page.locator(f"[id='{TASK}.hours']")).to_have_value("1,55")


def thanks(page: Page, server: Server) -> None:
    participation_form(page, server)
    page.get_by_label("Lärare", exact=True).check()
    page.locator(f"[id='{TASK}.hours']").fill("2,5")
    fieldset = page.locator(f"#task-{TASK}")
    fieldset.get_by_label("Mycket energi", exact=True).check()
    fieldset.get_by_label("Delvis", exact=True).check()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar")).to_be_visible()


def manage_below(page: Page, server: Server) -> None:
    page.goto(path(inventory(server, 4, close=True)["links"]["manage"]))
    expect(page.get_by_text("För få har svarat")).to_be_visible()
    expect(page.locator("img.chart")).to_have_count(0)


def manage_above(page: Page, server: Server) -> None:
    page.goto(path(inventory(server, 5, close=True)["links"]["manage"]))
    expect(page.locator("img.chart")).to_have_count(2)
    expect(
        page.get_by_role("table", name="Trygghet och studiero: uppgifterna med flest timmar först")
    ).to_be_visible()


def tasks_page(page: Page, server: Server) -> None:
    page.goto("/uppgifter")
    expect(page.get_by_role("heading", name="Extra anpassningar och särskilt stöd")).to_be_visible()


STATES: dict[str, Callable[[Page, Server], None]] = {
    "participation-form": participation_form,
    "participation-422": participation_422,
    "thanks": thanks,
    "manage-below-threshold": manage_below,
    "manage-above-threshold": manage_above,
    "tasks": tasks_page,
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_inventory_pages_are_accessible_and_fit_360_px(
    browser: Browser, server: Server, state: str, viewport: str
) -> None:
    assert_state_fits(browser, server, viewport, STATES[state], f"inventory-{viewport}-{state}")
