"""The inventory API on both databases: creating, the token rules, participations, the
anonymity rule at its edges, and the exports read back equal to the JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.support import (
    add_school,
    manage_headers,
    new_authority,
    new_inventory,
    participate_token_of,
    stored_participations,
    take_part,
    workshop1_rows,
)

T1 = "rastvard"
T2 = "kopiera-undervisningsmaterial"


def answers(hours: float, energy: int = 3, teacher: str = "no") -> dict[str, Any]:
    return {T1: {"hours": hours, "energy": energy, "teacher": teacher}}


def workshop1(client: TestClient, inventory: dict[str, Any], query: str = "") -> dict[str, Any]:
    response = client.get(
        f"/api/v1/inventories/{inventory['id']}/workshop1{query}", headers=manage_headers(inventory)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def close(client: TestClient, inventory: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/inventories/{inventory['id']}/close", headers=manage_headers(inventory)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def task(body: dict[str, Any], task_id: str) -> dict[str, Any]:
    [found] = [t for area in body["areas"] for t in area["tasks"] if t["id"] == task_id]
    return found


def test_creating_pins_the_current_catalogue_and_gives_two_links(client: TestClient) -> None:
    created = new_inventory(client)
    assert created["catalogue"] == {"id": "uppgifter", "version": 1}
    assert created["status"] == "open" and created["min_respondents"] == 5
    assert len(created["manage_token"]) >= 43  # 256 bits in URL-safe base64
    assert created["links"]["manage"].endswith("/inventering/" + created["manage_token"])
    assert len(participate_token_of(created)) >= 22
    read = client.get(f"/api/v1/inventories/{created['id']}", headers=manage_headers(created))
    assert read.status_code == 200
    assert "manage_token" not in read.json()
    assert read.json()["links"] == {"manage": None, "participate": created["links"]["participate"]}
    assert read.json()["created_at"] == created["created_at"]
    assert created["created_at"].endswith("+00:00")


def test_bad_creation_bodies_are_refused(client: TestClient) -> None:
    for body in (
        {"name": ""},
        {"name": "x" * 201},
        {"name": "Rad\nbrytning"},
        {"name": "Skola", "min_respondents": 2},
        {"name": "Skola", "min_respondents": 51},
    ):
        assert client.post("/api/v1/inventories", json=body).status_code == 422, body
    unknown = client.post("/api/v1/inventories", json={"name": "S", "catalogue": "okand"})
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "unknown_catalogue"


def test_tokens_401_404_and_410(client: TestClient) -> None:
    first, second = new_inventory(client), new_inventory(client)
    path = f"/api/v1/inventories/{first['id']}"
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer fel"}).status_code == 401
    assert client.get(path, headers=manage_headers(second)).status_code == 404
    assert client.get("/api/v1/inventories/okand", headers=manage_headers(first)).status_code == 404
    assert client.get(path + "/workshop1", headers=manage_headers(second)).status_code == 404
    close(client, first)
    gone = client.post(
        "/api/v1/participations",
        json={"token": participate_token_of(first), "role": "teacher", "tasks": {}},
    )
    assert gone.status_code == 410 and gone.json()["code"] == "closed"
    assert client.get(urlpath(first)).status_code == 410
    unknown = client.post("/api/v1/participations", json={"token": "x", "role": "teacher"})
    assert unknown.status_code == 404
    assert client.get("/p/okand").status_code == 404


def urlpath(inventory: dict[str, Any]) -> str:
    return "/p/" + participate_token_of(inventory)


def test_rejected_participations_store_nothing_and_name_each_problem(client: TestClient) -> None:
    inventory = new_inventory(client)
    body = {
        "token": participate_token_of(inventory),
        "tasks": {
            T1: {"hours": 1.55, "energy": 3, "teacher": "no"},
            T2: {"hours": 2, "energy": 9},
            "okand": {"hours": 1},
        },
    }
    response = client.post("/api/v1/participations", json=body)
    assert response.status_code == 422
    assert [(e["task"], e["field"], e["code"]) for e in response.json()["errors"]] == [
        (None, "role", "missing_role"),
        (T1, "hours", "invalid_hours"),
        (T2, "energy", "invalid_energy"),
        (T2, "teacher", "missing_teacher"),
        ("okand", "task", "unknown_task"),
    ]
    assert client.post("/api/v1/participations", content=b"[1]").status_code == 422
    assert stored_participations(client) == (0, 0)


def test_four_then_five_respondents_open_then_closed(client: TestClient) -> None:
    inventory = new_inventory(client)
    for hours in (1, 2, 3, 4):
        take_part(client, inventory, "teacher", answers(hours))
    assert stored_participations(client) == (4, 4)
    open_four = workshop1(client, inventory)
    assert (open_four["visible"], open_four["reason"], open_four["respondents"]) == (
        False,
        "open",
        4,
    )
    assert open_four["roles"] == {"teacher": 4, "other_staff": 0, "leadership": 0}
    assert task(open_four, T1)["doing"] is None
    assert open_four["areas"][0]["hours_total"] is None
    take_part(client, inventory, "other_staff", answers(2.5, energy=5, teacher="yes"))
    assert workshop1(client, inventory)["visible"] is False  # five, but still open
    close(client, inventory)
    shown = workshop1(client, inventory)
    assert shown["visible"] is True and shown["inventory"]["status"] == "closed"
    figures = task(shown, T1)
    # Hours 1, 2, 3, 4, 2.5: total 12.5, median 2.5; energy 3, 3, 3, 3, 5: mean 3.4.
    assert figures["doing"] == 5
    assert figures["hours_total"] == 12.5
    assert figures["hours_median"] == 2.5
    assert figures["energy_mean"] == 3.4
    assert figures["teacher"] == {"yes": 1, "partly": 0, "no": 4}
    assert task(shown, T2)["doing"] == 0 and task(shown, T2)["hours_median"] is None
    assert shown["areas"][0]["hours_total"] == 12.5


def test_four_closed_show_nothing_and_exports_say_why(client: TestClient) -> None:
    inventory = new_inventory(client)
    for _ in range(4):
        take_part(client, inventory, "teacher", answers(1))
    for export in ("workshop1.xlsx", "workshop1.csv"):
        path = f"/api/v1/inventories/{inventory['id']}/{export}"
        response = client.get(path, headers=manage_headers(inventory))
        assert response.status_code == 409 and response.json()["code"] == "not_visible"
        assert "stängd" in response.json()["message"]
    close(client, inventory)
    body = workshop1(client, inventory)
    assert (body["visible"], body["reason"]) == (False, "below_threshold")
    response = client.get(
        f"/api/v1/inventories/{inventory['id']}/workshop1.csv", headers=manage_headers(inventory)
    )
    assert response.status_code == 409 and "minst 5" in response.json()["message"]


def test_a_role_is_shown_only_when_its_rest_is_nobody_or_enough(client: TestClient) -> None:
    inventory = new_inventory(client, min_respondents=3)
    for _ in range(3):
        take_part(client, inventory, "teacher", answers(1))
    take_part(client, inventory, "leadership", answers(4))
    close(client, inventory)
    assert workshop1(client, inventory)["visible"] is True
    teachers = workshop1(client, inventory, "?role=teacher")
    assert (teachers["visible"], teachers["reason"]) == (False, "rest_below_threshold")
    assert task(teachers, T1)["hours_total"] is None
    assert workshop1(client, inventory, "?role=leadership")["reason"] == "below_threshold"

    only_teachers = new_inventory(client, min_respondents=3)
    for hours in (1, 2, 3):
        take_part(client, only_teachers, "teacher", answers(hours))
    close(client, only_teachers)
    shown = workshop1(client, only_teachers, "?role=teacher")
    assert shown["visible"] is True and task(shown, T1)["hours_total"] == 6.0


def test_exports_read_back_equal_the_json(client: TestClient) -> None:
    inventory = new_inventory(client, min_respondents=3)
    for hours, energy in ((1.5, 2), (2, 4), (0.5, 5)):
        take_part(
            client,
            inventory,
            "teacher",
            {**answers(hours, energy), T2: {"hours": "1,5", "energy": 1, "teacher": "partly"}},
        )
    close(client, inventory)
    body = workshop1(client, inventory)
    expected = workshop1_rows(body)
    base = f"/api/v1/inventories/{inventory['id']}"
    xlsx = client.get(base + "/workshop1.xlsx", headers=manage_headers(inventory))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Område" and len(rows) == 1 + 28
    assert rows[1:] == expected
    text = client.get(base + "/workshop1.csv", headers=manage_headers(inventory))
    assert text.content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig")), delimiter=";"))

    def cell(value: Any) -> str:
        if value is None:
            return ""
        return f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)

    assert parsed[1:] == [[cell(v) for v in row] for row in expected]
    assert "Förbrukningsmaterial och läromedel" in text.content.decode("utf-8-sig")


def test_authorities_make_and_read_inventories_of_their_own_schools(
    app: FastAPI, client: TestClient
) -> None:
    mine, other = new_authority(app, "Kommun A"), new_authority(app, "Kommun B")
    school = add_school(client, mine, "Provskolan", "12345678")
    path = f"/api/v1/schools/{school['id']}/inventories"
    assert client.post(path, json={"name": "VT"}).status_code == 401
    assert client.post(path, json={"name": "VT"}, headers=other.headers).status_code == 404
    created = client.post(path, json={"name": "VT"}, headers=mine.headers)
    assert created.status_code == 201
    inventory = created.json()
    assert inventory["school_id"] == school["id"]
    listed = client.get("/api/v1/inventories", headers=mine.headers).json()["inventories"]
    assert [i["id"] for i in listed] == [inventory["id"]]
    assert client.get("/api/v1/inventories", headers=other.headers).json()["inventories"] == []
    own = f"/api/v1/inventories/{inventory['id']}"
    assert (
        client.get(own, headers=mine.headers).json()["links"]["participate"]
        == inventory["links"]["participate"]
    )
    assert client.get(own, headers=other.headers).status_code == 404
    assert client.post(own + "/close", headers=mine.headers).json()["status"] == "closed"


def test_catalogues_as_json(client: TestClient) -> None:
    assert client.get("/api/v1/catalogues").json() == {
        "catalogues": [
            {
                "id": "uppgifter",
                "version": 1,
                "title": "Arbetsuppgifter som andra än lärare kan utföra",
            }
        ]
    }
    body = client.get("/api/v1/catalogues/uppgifter?version=1").json()
    assert body["areas"][0]["id"] == "trygghet-och-studiero"
    assert body["energy"][0] == {"value": 1, "label": "Mycket lite energi"}
    assert client.get("/api/v1/catalogues/uppgifter?version=9").status_code == 404
