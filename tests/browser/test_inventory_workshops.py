"""The inventory's step pages in Chromium: workshops 2, 3 and 4, the action plan and the
summary, each empty, filled and (for the forms) in a 422 state, at 1280 and 360 px: axe-core
finds no WCAG 2.1 A/AA violation, and nothing scrolls sideways at 360 px."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.flows import PHONE, Server, assert_accessible, assert_state_fits

pytestmark = pytest.mark.browser

TASK, OTHER = "rastvard", "hembesok"


def call(server: Server, method: str, path: str, body: object, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        server.url + path, method=method, data=json.dumps(body).encode(), headers=headers
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def inventory(server: Server, filled: bool) -> str:
    """The management page's path of a new inventory; filled: five answers, closed, and
    every workshop saved (with text long enough to wrap, and markup to be escaped)."""
    created = call(server, "POST", "/api/v1/inventories", {"name": "Provskolan", "staff_count": 40})
    manage = str(urlsplit(created["links"]["manage"]).path)
    if not filled:
        return manage
    token = str(urlsplit(created["links"]["participate"]).path).removeprefix("/p/")
    for index in range(5):
        tasks = {
            TASK: {"hours": 1 + index, "energy": 5, "teacher": "no"},
            OTHER: {"hours": 2, "energy": 3, "teacher": "partly"},
        }
        body = {"token": token, "role": "teacher", "tasks": tasks}
        call(server, "POST", "/api/v1/participations", body)
    base, key = f"/api/v1/inventories/{created['id']}", created["manage_token"]
    call(server, "POST", f"{base}/close", {}, key)
    long_text = "Rastvärden tar mycket tid <b>varje</b> dag, " * 8
    views = {TASK: {"others": "yes", "why": long_text, "gain": "Mer tid för planering"}}
    call(server, "PUT", f"{base}/workshop2", {"tasks": views}, key)
    priorities = [
        {"task": TASK, "decision": "hand_over", "consequences": long_text},
        {"task": OTHER, "decision": "simplify"},
    ]
    call(server, "PUT", f"{base}/workshop3", {"priorities": priorities}, key)
    effect = {
        "indicator": "Lärarnas tid för planering",
        "baseline": "2 timmar",
        "target": "4 timmar",
        "follow_up": "2027-06-15",
        "method": long_text,
        "responsible": "Rektor",
    }
    role = {"title": "Lärarassistent", "tasks": [TASK], "fte_percent": 50, "effects": [effect]}
    call(server, "PUT", f"{base}/workshop4", {"roles": [role]}, key)
    return manage


def step(name: str, filled: bool, heading: str) -> Callable[[Page, Server], None]:
    def open_page(page: Page, server: Server) -> None:
        page.goto(inventory(server, filled) + name)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)

    return open_page


def refused(
    name: str, heading: str, fill: Callable[[Page], None], button: str
) -> Callable[[Page, Server], None]:
    def open_page(page: Page, server: Server) -> None:
        step(name, False, heading)(page, server)
        fill(page)
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.locator(".field-error").first).to_be_visible()

    return open_page


def too_long_why(page: Page) -> None:
    page.locator(f"[id='{TASK}.why']").fill("x" * 2001)
    page.locator(f"#task-{TASK}").get_by_label("Ja", exact=True).check()


def priority_without_decision(page: Page) -> None:
    page.locator(f"[id='{TASK}.priority']").fill("ett")


def fte_out_of_range(page: Page) -> None:
    page.locator("[id='role-0.title']").fill("Lärarassistent")
    page.locator("[id='role-0.fte_percent']").fill("101")
    page.locator("[id='role-0.effect-0.baseline']").fill("Utan indikator")


def too_long_activity(page: Page) -> None:
    page.locator("[id='item-0.activity']").fill("a" * 2001)


STATES: dict[str, Callable[[Page, Server], None]] = {
    "workshop2-empty": step("/workshop2", False, "Workshop 2"),
    "workshop2-filled": step("/workshop2", True, "Workshop 2"),
    "workshop2-422": refused("/workshop2", "Workshop 2", too_long_why, "Spara workshop 2"),
    "workshop3-empty": step("/workshop3", False, "Workshop 3"),
    "workshop3-filled": step("/workshop3", True, "Workshop 3"),
    "workshop3-422": refused(
        "/workshop3", "Workshop 3", priority_without_decision, "Spara workshop 3"
    ),
    "workshop4-empty": step("/workshop4", False, "Workshop 4"),
    "workshop4-filled": step("/workshop4", True, "Workshop 4"),
    "workshop4-422": refused("/workshop4", "Workshop 4", fte_out_of_range, "Spara workshop 4"),
    "plan-empty": step("/handlingsplan", False, "Handlingsplan"),
    "plan-filled": step("/handlingsplan", True, "Handlingsplan"),
    "plan-422": refused(
        "/handlingsplan", "Handlingsplan", too_long_activity, "Spara handlingsplanen"
    ),
    "summary-empty": step("/sammanstallning", False, "Sammanställning"),
    "summary-filled": step("/sammanstallning", True, "Sammanställning"),
    "manage-steps": step("", False, "Inventering"),
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_step_pages_are_accessible_and_fit_360_px(
    browser: Browser, server: Server, state: str, viewport: str
) -> None:
    assert_state_fits(
        browser, server, viewport, STATES[state], f"inventory-workshops-{viewport}-{state}"
    )


def test_saving_a_step_shows_the_confirmation_and_keeps_the_values(
    browser: Browser, server: Server
) -> None:
    context = browser.new_context(base_url=server.url, viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(inventory(server, False) + "/workshop3")
        page.locator(f"[id='{TASK}.decision']").select_option("hand_over")
        page.locator(f"[id='{TASK}.priority']").fill("1")
        page.get_by_role("button", name="Spara workshop 3").click()
        expect(page.get_by_role("status")).to_have_text("Sparat.")
        expect(page.locator(f"[id='{TASK}.decision']")).to_have_value("hand_over")
        assert_accessible(page, "workshop 3 after saving")
    finally:
        context.close()
