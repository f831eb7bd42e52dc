"""The inventory's cached pages are never stale, on both databases: after a save (API PUT or
page POST), a close, a participation, or a PATCH of the name or staff count, every page shows
the change at once, and it equals the page a new process renders from the same database. Two
inventories never share a page; pages with form problems are not kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.inventory.page_cache import without_indentation
from app.main import create_app
from app.platform.settings import Settings
from tests.support import manage_headers, new_inventory, take_part

A, B = "arbetsro-utanfor-klassrummet", "rastvard"
PAGES = ("", "/workshop2", "/workshop3", "/workshop4", "/handlingsplan", "/sammanstallning")


@pytest.fixture
def other(settings: Settings) -> Iterator[TestClient]:
    """A second process over the same database: its pages are rendered afresh."""
    application: FastAPI = create_app(settings)
    with TestClient(application, follow_redirects=False) as test_client:
        yield test_client
    application.state.koll.db.close()


def made(client: TestClient, name: str = "Provskolan", answers: int = 0) -> dict[str, Any]:
    created = new_inventory(client, name=name)
    for index in range(answers):
        tasks = {B: {"hours": 1 + index, "energy": 4, "teacher": "no"}}
        take_part(client, created, "teacher", tasks)
    created["page"] = urlsplit(created["links"]["manage"]).path
    return created


def pages(client: TestClient, created: dict[str, Any]) -> dict[str, str]:
    """Every page of the inventory, each asked for twice (the second from the cache)."""
    shown = {}
    for page in PAGES:
        first = client.get(created["page"] + page)
        again = client.get(created["page"] + page)
        assert first.status_code == again.status_code == 200, page
        assert first.headers["cache-control"] == "no-store"
        assert again.content == first.content
        shown[page] = first.text
    return shown


def fresh(client: TestClient, other: TestClient, created: dict[str, Any]) -> dict[str, str]:
    """The pages now, checked against those the other process renders from scratch."""
    shown = pages(client, created)
    other.app.state.koll.pages._items.clear()  # type: ignore[attr-defined]
    other.app.state.koll.inventory_figures._items.clear()  # type: ignore[attr-defined]
    for page, text in shown.items():
        assert other.get(created["page"] + page).text == text, page
    return shown


def api(client: TestClient, created: dict[str, Any], method: str, path: str, body: Any) -> None:
    url = f"/api/v1/inventories/{created['id']}{path}"
    response = client.request(method, url, json=body, headers=manage_headers(created))
    assert response.status_code == 200, response.text


def test_a_workshop_2_saved_by_the_api_shows_at_once(client: TestClient, other: TestClient) -> None:
    created = made(client)
    before = fresh(client, other, created)
    assert "Gemensam rastvakt" not in before["/workshop2"]
    body = {"tasks": {B: {"others": "yes", "why": "Gemensam rastvakt", "gain": "Mer tid"}}}
    api(client, created, "PUT", "/workshop2", body)
    after = fresh(client, other, created)
    for page in ("/workshop2", "/workshop3", "/sammanstallning"):
        assert "Gemensam rastvakt" in after[page], page
    assert 'value="yes" checked' in after["/workshop2"]


def test_a_workshop_2_saved_on_its_page_shows_at_once(
    client: TestClient, other: TestClient
) -> None:
    created = made(client)
    before = fresh(client, other, created)
    assert before["/workshop2"].count('value="undecided" checked') == 28
    path = created["page"] + "/workshop2"
    response = client.post(path, data={f"{A}.others": "no", f"{A}.why": "Lärarens uppgift"})
    assert response.status_code == 303
    confirmed = client.get(response.headers["location"]).text
    assert "Sparat." in confirmed and "Lärarens uppgift" in confirmed
    after = fresh(client, other, created)
    assert "Sparat." not in after["/workshop2"]
    assert after["/workshop2"].count('value="undecided" checked') == 27
    assert "Lärarens uppgift" in after["/workshop2"]
    assert "Lärarens uppgift" in after["/sammanstallning"]


def test_workshops_3_and_4_and_the_plan_show_at_once(client: TestClient, other: TestClient) -> None:
    created = made(client)
    fresh(client, other, created)
    priorities = [{"task": B, "decision": "hand_over", "consequences": "Färre raster"}]
    api(client, created, "PUT", "/workshop3", {"priorities": priorities})
    after = fresh(client, other, created)
    assert "Färre raster" in after["/workshop3"] and "Färre raster" in after["/sammanstallning"]
    assert "Prioriterade i workshop 3:" in after["/workshop4"]
    effect = {"indicator": "Lärarnas rasttid", "follow_up": "2027-06-15"}
    role = {"title": "Rastvärd", "tasks": [B], "fte_percent": 50, "effects": [effect]}
    api(client, created, "PUT", "/workshop4", {"roles": [role]})
    after = fresh(client, other, created)
    assert "Roll 1: Rastvärd" in after["/workshop4"]
    assert "Rastvärd (50 procent av en heltid)" in after["/sammanstallning"]
    assert "Lärarnas rasttid" in after["/handlingsplan"]  # the plan item made from the effect
    plan = client.get(f"/api/v1/inventories/{created['id']}/plan", headers=manage_headers(created))
    items = [{**item, "status": "done"} for item in plan.json()["items"]]
    api(client, created, "PUT", "/plan", {"items": items})
    after = fresh(client, other, created)
    assert 'value="done" selected' in after["/handlingsplan"]
    assert "<td>Klar</td>" in after["/sammanstallning"]


def test_the_plan_saved_on_its_page_shows_at_once(client: TestClient, other: TestClient) -> None:
    created = made(client)
    fresh(client, other, created)
    data = {"item-0.id": "", "item-0.activity": "Boka möte med facket", "item-0.status": "planned"}
    response = client.post(created["page"] + "/handlingsplan", data=data)
    assert response.status_code == 303, response.text
    after = fresh(client, other, created)
    assert "Boka möte med facket" in after["/handlingsplan"]
    assert "Boka möte med facket" in after["/sammanstallning"]


def test_a_participation_and_a_close_show_at_once(client: TestClient, other: TestClient) -> None:
    created = made(client, answers=4)
    before = fresh(client, other, created)
    assert '<th scope="row">Totalt</th><td>4</td>' in before[""]
    assert "4 har svarat i workshop 1." in before["/sammanstallning"]
    take_part(client, created, "leadership", {B: {"hours": 3, "energy": 2, "teacher": "yes"}})
    after = fresh(client, other, created)
    assert '<th scope="row">Totalt</th><td>5</td>' in after[""]
    assert "5 har svarat i workshop 1." in after["/sammanstallning"]
    assert "timmar per vecka totalt" not in after["/workshop2"]
    response = client.post(created["page"] + "/stang")
    assert response.status_code == 303
    closed = fresh(client, other, created)
    assert "<strong>stängd</strong>" in closed[""]
    assert "Stäng insamlingen" not in closed[""]
    assert "insamlingen är stängd" in closed["/sammanstallning"]
    # 1 + 2 + 3 + 4 hours from the teachers, 3 from the leadership.
    assert "Workshop 1: 13,0 timmar per vecka totalt" in closed["/workshop2"]
    assert "Workshop 1: 13,0 timmar per vecka totalt." in closed["/workshop3"]


def test_a_patch_of_the_name_and_the_staff_count_shows_at_once(
    client: TestClient, other: TestClient
) -> None:
    created = made(client, name="Gamla namnet")
    before = fresh(client, other, created)
    assert all("Gamla namnet" in text for text in before.values())
    api(client, created, "PATCH", "", {"name": "Nya namnet", "staff_count": 42})
    after = fresh(client, other, created)
    for page, text in after.items():
        assert "Nya namnet" in text and "Gamla namnet" not in text, page
    assert 'value="42"' in after["/workshop3"]
    assert "Skolan har 42 anställda." in after["/sammanstallning"]
    response = client.post(created["page"] + "/workshop3/personal", data={"staff_count": "17"})
    assert response.status_code == 303
    assert "Antalet anställda är sparat." in client.get(response.headers["location"]).text
    again = fresh(client, other, created)
    assert 'value="17"' in again["/workshop3"]
    assert "Skolan har 17 anställda." in again["/sammanstallning"]


def test_two_inventories_never_share_a_page(client: TestClient) -> None:
    first, second = made(client, name="Samma namn"), made(client, name="Samma namn")
    body = {"tasks": {B: {"others": "partly", "why": "Bara i första", "gain": ""}}}
    api(client, first, "PUT", "/workshop2", body)
    shown_first, shown_second = pages(client, first), pages(client, second)
    for page in PAGES:
        assert first["manage_token"] in shown_first[page], page
        assert second["manage_token"] in shown_second[page], page
        assert first["manage_token"] not in shown_second[page], page
        assert second["manage_token"] not in shown_first[page], page
    assert "Bara i första" in shown_first["/workshop2"]
    assert "Bara i första" not in shown_second["/workshop2"]


def test_a_page_with_form_problems_is_not_kept(client: TestClient) -> None:
    created = made(client)
    path = created["page"] + "/workshop2"
    client.get(path)
    refused = client.post(path, data={f"{A}.others": "no", f"{A}.why": "x" * 2001})
    assert refused.status_code == 422
    shown = client.get(path)
    assert shown.status_code == 200
    assert 'role="alert"' in refused.text and "x" * 2001 in refused.text
    assert 'role="alert"' not in shown.text and "x" * 2001 not in shown.text
    assert shown.text.count('value="undecided" checked') == 28
    # A made-up confirmation shows none and is the plain page.
    assert client.get(path + "?sparat=inget").content == client.get(path).content


def test_the_participation_link_follows_the_address_asked_for(client: TestClient) -> None:
    created = made(client)
    token = urlsplit(created["links"]["participate"]).path
    assert f"http://testserver{token}" in client.get(created["page"]).text
    other_host = client.get(created["page"], headers={"host": "koll.example"}).text
    assert f"http://koll.example{token}" in other_host


def test_an_unknown_token_is_404_on_every_cached_page(client: TestClient) -> None:
    for page in PAGES:
        assert client.get("/inventering/inte-en-token" + page).status_code == 404


def test_indentation_goes_but_textareas_and_text_stay() -> None:
    html = (
        '<div>\n    <p>Rad ett\n    rad två</p>\n\n  <textarea id="t">a\n    b</textarea>\n  </div>'
    )
    assert without_indentation(html) == (
        '<div>\n<p>Rad ett\n    rad två</p>\n\n  <textarea id="t">a\n    b</textarea>\n</div>'
    )
