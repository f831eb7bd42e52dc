"""The action plan's page, the print-ready summary and its Excel download, and starting an
inventory from a self-check result, on both databases: empty and filled, the POST round trip,
the 422 states with nothing saved, items from workshop 4 made once and their edits kept, the
figures only when visible, escaping, and unknown tokens."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from tests.support import all_answers, manage_headers, new_inventory, take_part

TASK = "rastvard"
ROLE = {
    "role-0.title": "Lärarassistent",
    "role-0.tasks": [TASK],
    "role-0.fte_percent": "50",
    "role-0.effect-0.indicator": "Lärarnas tid för planering",
    "role-0.effect-0.target": "4 timmar mer i veckan",
    "role-0.effect-0.follow_up": "2027-06-15",
}


def inventory(client: TestClient, answers: int = 0, close: bool = False) -> Any:
    created = new_inventory(client)
    for index in range(answers):
        tasks = {TASK: {"hours": 2 + index, "energy": 4, "teacher": "yes"}}
        take_part(client, created, "teacher", tasks)
    if close:
        path = f"/api/v1/inventories/{created['id']}/close"
        assert client.post(path, headers=manage_headers(created)).status_code == 200
    created["page"] = urlsplit(created["links"]["manage"]).path
    return created


def plan(client: TestClient, created: Any) -> list[dict[str, Any]]:
    path = f"/api/v1/inventories/{created['id']}/plan"
    response = client.get(path, headers=manage_headers(created))
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def post(client: TestClient, path: str, data: dict[str, Any], status: int = 303) -> str:
    response = client.post(path, data=data)
    assert response.status_code == status, response.text
    if status == 303:
        assert response.headers["location"] == path + "?sparat=1"
        return client.get(response.headers["location"]).text
    return response.text


def summary_links(page: str) -> list[str]:
    start = page.index('role="alert"')
    return re.findall(r'href="#([^"]+)"', page[start : page.index("</ul>", start)])


def form_of(item: dict[str, Any], n: int, **change: str) -> dict[str, str]:
    """The plan page's fields of one item, as the page would send them back."""
    fields = {k: item[k] or "" for k in ("id", "activity", "responsible", "start", "due")}
    fields |= {"success": item["success"], "status": item["status"], **change}
    return {f"item-{n}.{k}": v for k, v in fields.items()}


def test_the_empty_plan_has_one_row_for_a_new_item(client: TestClient) -> None:
    created = inventory(client)
    response = client.get(created["page"] + "/handlingsplan")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert response.text.count("<legend>Ny punkt</legend>") == 1
    assert "Punkt 1" not in response.text
    assert "allmän handling" in response.text


def test_an_item_from_workshop4_is_made_once_and_its_edits_kept(client: TestClient) -> None:
    created = inventory(client)
    post(client, created["page"] + "/workshop4", ROLE)
    [item] = plan(client, created)
    assert item["source"]["kind"] == "workshop4"
    assert item["activity"] == "Följa upp: Lärarnas tid för planering"
    assert item["due"] == "2027-06-15" and item["responsible"] == "Lärarassistent"
    path = created["page"] + "/handlingsplan"
    page = client.get(path).text
    assert "Källa: Uppföljning av en effekt i workshop 4" in page
    assert f'href="{created["page"]}/workshop4">se workshop 4</a>' in page
    edited = form_of(item, 0, responsible="Rektor", status="done", start="2027-01-10")
    page = post(client, path, edited)
    assert "Sparat." in page
    assert '<option value="done" selected>Klar</option>' in page
    post(client, created["page"] + "/workshop4", {**ROLE, "role-0.fte_percent": "60"})
    [kept] = plan(client, created)
    assert kept == {**item, "responsible": "Rektor", "status": "done", "start": "2027-01-10"}


def test_adding_and_removing_items(client: TestClient) -> None:
    created = inventory(client)
    path = created["page"] + "/handlingsplan"
    new = {"item-0.id": "", "item-0.activity": "Boka möte med <facket>", "item-0.status": "planned"}
    page = post(client, path, {**new, "item-0.due": "2027-02-01"})
    [first] = plan(client, created)
    assert first["source"] == {"kind": "own", "ref": None} and first["due"] == "2027-02-01"
    assert "Boka möte med &lt;facket&gt;" in page and "<facket>" not in page
    assert "Källa: Egen punkt" in page
    data = {**form_of(first, 0), "item-1.activity": "Andra punkten", "item-1.status": "ongoing"}
    post(client, path, data)
    assert [i["activity"] for i in plan(client, created)] == [first["activity"], "Andra punkten"]
    second = plan(client, created)[1]
    post(client, path, {**form_of(first, 0), "item-0.remove": "1", **form_of(second, 1)})
    assert [i["id"] for i in plan(client, created)] == [second["id"]]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"due": "15/6 2027"}, "item-0.due", "ÅÅÅÅ-MM-DD"),
        ({"start": "2027-02-30"}, "item-0.start", "ÅÅÅÅ-MM-DD"),
        ({"start": "2027-03-01", "due": "2027-02-01"}, "item-0.due", "före startdatumet"),
        ({"activity": "a" * 2001}, "item-0.activity", "högst 2 000 tecken"),
        ({"activity": "  "}, "item-0.activity", "får inte vara tomt"),
        ({"success": "ok\x1b"}, "item-0.success", "styrtecken"),
        ({"status": "forgotten"}, "item-0.status", "Välj ett av alternativen."),
        ({"id": "gone"}, "item-0.activity", "finns inte längre"),
    ],
)
def test_the_plan_refuses_bad_fields_and_saves_nothing(
    client: TestClient, change: dict[str, str], field: str, message: str
) -> None:
    created = inventory(client)
    post(client, created["page"] + "/workshop4", ROLE)
    before = plan(client, created)
    page = post(client, created["page"] + "/handlingsplan", form_of(before[0], 0, **change), 422)
    assert summary_links(page) == [field]
    assert message in page and "Ingenting har sparats" in page
    assert plan(client, created) == before


def test_starting_from_a_self_check_result(client: TestClient, rektor: Questionnaire) -> None:
    # Every statement answered 1: every area scores 0 and is weak.
    answers = {key: str(value) for key, value in all_answers(rektor, 1).items()}
    response = client.post(f"/check/{rektor.id}", data=answers)
    result = response.headers["location"]
    result_id = result.rsplit("/", 1)[1]
    results_page = client.get(result).text
    assert f'href="/inventering?resultat={result_id}">Börja inventeringen</a>' in results_page
    start = client.get(f"/inventering?resultat={result_id}").text
    assert f'name="selfcheck_result" value="{result_id}"' in start
    data = {"name": "Från resultatet", "selfcheck_result": result_id, "staff_count": "30"}
    created = client.post("/inventering", data=data)
    assert created.status_code == 303
    manage = created.headers["location"].split("?")[0]
    page = client.get(manage + "/handlingsplan").text
    expected = [a.text for area in rektor.areas for a in area.activities]
    assert expected, "the shipped questionnaire suggests activities"
    for text in expected:
        assert f">{text}</textarea>" in page
    assert page.count("Källa: Aktivitet från självskattningen") == len(expected)
    assert f'href="/results/{result_id}">se resultatet</a>' in page
    assert "30 anställda" in client.get(manage + "/sammanstallning").text


@pytest.mark.parametrize("result_id", ["okant-resultat", "<script>", "x" * 65])
def test_an_unknown_result_is_refused(client: TestClient, result_id: str) -> None:
    response = client.post("/inventering", data={"name": "Skolan", "selfcheck_result": result_id})
    assert response.status_code == 422
    assert "Resultatet av självskattningen finns inte" in response.text
    assert 'name="selfcheck_result"' not in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]


@pytest.mark.parametrize("count", ["0", "många"])
def test_the_start_page_refuses_a_bad_staff_count(client: TestClient, count: str) -> None:
    response = client.post("/inventering", data={"name": "Skolan", "staff_count": count})
    assert response.status_code == 422
    assert 'href="#staff_count"' in response.text and f'value="{count}"' in response.text


def test_the_summary_empty_and_filled(client: TestClient) -> None:
    created = inventory(client, answers=5, close=True)
    empty = client.get(created["page"] + "/sammanstallning")
    assert empty.status_code == 200 and empty.headers["cache-control"] == "no-store"
    assert "Inget är sparat i workshop 2." in empty.text and "Handlingsplanen är tom." in empty.text
    assert f'href="{created["page"]}/inventering.xlsx"' in empty.text
    post(client, created["page"] + "/workshop2", {f"{TASK}.others": "yes", f"{TASK}.why": "<b>"})
    post(client, created["page"] + "/workshop3", {f"{TASK}.decision": "hand_over"})
    post(client, created["page"] + "/workshop4", ROLE)
    page = client.get(created["page"] + "/sammanstallning").text
    # 2 + 3 + 4 + 5 + 6 = 20 hours of rastvård, all handed over.
    assert "<td>5</td><td>20,0</td><td>4,0</td><td>5 / 0 / 0</td>" in page
    assert "Lärartid som frigörs: 20,0 timmar per vecka" in page
    assert "Lärarassistent (50 procent av en heltid)" in page and "0,5 heltidstjänster" in page
    assert "Följa upp: Lärarnas tid för planering" in page and "&lt;b&gt;" in page
    export = client.get(created["page"] + "/inventering.xlsx")
    assert export.status_code == 200 and export.headers["cache-control"] == "no-store"
    assert export.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert export.content[:2] == b"PK"


def test_the_summary_hides_figures_below_the_threshold(client: TestClient) -> None:
    created = inventory(client, answers=4, close=True)
    page = client.get(created["page"] + "/sammanstallning").text
    assert "För få har svarat" in page
    assert "Timmar totalt" not in page


def test_unknown_tokens_are_404(client: TestClient) -> None:
    for path in ("handlingsplan", "sammanstallning", "inventering.xlsx"):
        assert client.get(f"/inventering/okand/{path}").status_code == 404
    assert client.post("/inventering/okand/handlingsplan", data={}).status_code == 404
