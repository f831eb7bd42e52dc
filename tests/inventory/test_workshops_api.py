"""Workshops 2 to 4 and the action plan through the API, on both databases: documents read
back as saved, every field's validation with its location, unknown ids refused with nothing
stored, the token rules on every route, workshop 3's hours against hand-computed figures and
the anonymity threshold, and the plan's items made once and kept when edited."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from ruamel.yaml import YAML
from sqlalchemy import func, select
from sqlmodel import Session

from app.core.catalogues.workshops import MAX_EFFECTS, MAX_PLAN_ITEMS, MAX_ROLES
from app.inventory.models import Inventory
from app.platform.settings import PROJECT_ROOT
from tests.support import add_school, manage_headers, new_authority, new_inventory, take_part

T1, T2, T3 = "rastvard", "kopiera-undervisningsmaterial", "bestalla-material"
NOBODY = "hembesok"  # a task of the catalogue that no participant in these tests does
KINDS = ("workshop2", "workshop3", "workshop4", "plan")
LONG = "å" * 2001


def path(inventory: dict[str, Any], kind: str = "") -> str:
    return f"/api/v1/inventories/{inventory['id']}" + (f"/{kind}" if kind else "")


def get(client: TestClient, inventory: dict[str, Any], kind: str) -> Any:
    response = client.get(path(inventory, kind), headers=manage_headers(inventory))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()


def put(client: TestClient, inventory: dict[str, Any], kind: str, body: Any) -> Any:
    response = client.put(path(inventory, kind), json=body, headers=manage_headers(inventory))
    assert response.status_code == 200, response.text
    return response.json()


def refused(client: TestClient, inventory: dict[str, Any], kind: str, body: Any) -> list[Any]:
    """(location, code) of each error of a 422 `invalid_request`."""
    response = client.put(path(inventory, kind), json=body, headers=manage_headers(inventory))
    assert response.status_code == 422, (kind, body, response.text)
    problem = response.json()
    assert problem["code"] == "invalid_request" and problem["message"]
    assert all(error["message"] for error in problem["errors"])
    return [(error["location"], error["code"]) for error in problem["errors"]]


def closed_inventory(client: TestClient, people: list[dict[str, float]], **extra: Any) -> Any:
    """An inventory with one teacher per dict of (task: hours), closed."""
    inventory = new_inventory(client, **extra)
    for tasks in people:
        answers = {
            task: {"hours": hours, "energy": 3, "teacher": "no"} for task, hours in tasks.items()
        }
        take_part(client, inventory, "teacher", answers)
    closed = client.post(path(inventory, "close"), headers=manage_headers(inventory))
    assert closed.status_code == 200
    return inventory


def role(title: str = "Lärarassistent", **fields: Any) -> dict[str, Any]:
    return {"title": title, "tasks": [T1], "fte_percent": 50, **fields}


WORKSHOP2 = {
    "tasks": {
        T1: {
            "others": "yes",
            "why": " Rastvakt kräver\r\ningen lärare ",
            "gain": "Tid för planering",
        },
        T2: {"others": "partly"},
        T3: {"others": "no", "why": "Lärarna väljer material"},
    }
}
WORKSHOP4 = {
    "roles": [
        {
            "title": " Lärarassistent ",
            "tasks": [T1, T2],
            "fte_percent": 75,
            "requirements": "Erfarenhet av arbete med barn",
            "placement": "I arbetslaget, leds av rektor",
            "effects": [
                {
                    "indicator": "Lärarnas tid för planering",
                    "baseline": "2 h/vecka",
                    "target": "4 h/vecka",
                    "follow_up": "2027-06-15",
                    "method": "Enkät",
                    "responsible": "Biträdande rektor",
                },
                {"indicator": "Elevernas närvaro", "target": "95 %"},
            ],
        },
        {"title": "IT-tekniker", "tasks": [], "fte_percent": 20, "effects": []},
    ]
}


def test_documents_are_empty_before_anything_is_saved(client: TestClient) -> None:
    inventory = new_inventory(client)
    assert get(client, inventory, "workshop2") == {"tasks": {}}
    assert get(client, inventory, "workshop3") == {
        "priorities": [],
        "hours_freed": {"respondents": None, "school": None},
    }
    assert get(client, inventory, "workshop4") == {"roles": []}
    assert get(client, inventory, "plan") == {"items": []}


def test_workshop2_reads_back_as_saved_and_is_replaced_whole(client: TestClient) -> None:
    inventory = new_inventory(client)
    saved = put(client, inventory, "workshop2", WORKSHOP2)
    assert saved == {
        "tasks": {
            T1: {
                "others": "yes",
                "why": "Rastvakt kräver\ningen lärare",
                "gain": "Tid för planering",
            },
            T2: {"others": "partly", "why": "", "gain": ""},
            T3: {"others": "no", "why": "Lärarna väljer material", "gain": ""},
        }
    }
    assert get(client, inventory, "workshop2") == saved
    # Tasks left out are undecided: the second document replaces the first.
    again = put(client, inventory, "workshop2", {"tasks": {T2: {"others": "no"}}})
    assert again == {"tasks": {T2: {"others": "no", "why": "", "gain": ""}}}
    assert get(client, inventory, "workshop2") == again
    assert put(client, inventory, "workshop2", {}) == {"tasks": {}}


def test_workshop4_reads_back_as_saved(client: TestClient) -> None:
    inventory = new_inventory(client)
    saved = put(client, inventory, "workshop4", WORKSHOP4)
    first, second = saved["roles"]
    assert first["title"] == "Lärarassistent" and first["tasks"] == [T1, T2]
    assert first["fte_percent"] == 75 and first["placement"] == "I arbetslaget, leds av rektor"
    assert first["effects"][0] == WORKSHOP4["roles"][0]["effects"][0]  # type: ignore[index]
    assert first["effects"][1] == {
        "indicator": "Elevernas närvaro",
        "baseline": "",
        "target": "95 %",
        "follow_up": None,
        "method": "",
        "responsible": "",
    }
    assert second == {
        "title": "IT-tekniker",
        "tasks": [],
        "fte_percent": 20,
        "requirements": "",
        "placement": "",
        "effects": [],
    }
    assert get(client, inventory, "workshop4") == saved


INVALID: dict[str, list[tuple[Any, str, str]]] = {
    "workshop2": [
        ({"tasks": {T1: {"others": "kanske"}}}, f"body.tasks.{T1}.others", "literal_error"),
        ({"tasks": {T1: {}}}, f"body.tasks.{T1}.others", "missing"),
        ({"tasks": {T1: {"others": "yes", "why": LONG}}}, f"body.tasks.{T1}.why", "too_long"),
        (
            {"tasks": {T1: {"others": "yes", "gain": "a\x07b"}}},
            f"body.tasks.{T1}.gain",
            "control_character",
        ),
        ({"tasks": {T1: {"others": "yes", "x": 1}}}, f"body.tasks.{T1}.x", "extra_forbidden"),
        ({"tasks": [T1]}, "body.tasks", "dict_type"),
        (
            {"tasks": {"Rastvård": {"others": "yes"}}},
            "body.tasks.Rastvård.[key]",
            "string_pattern_mismatch",
        ),
        ([], "body", "model_attributes_type"),
    ],
    "workshop3": [
        (
            {"priorities": [{"task": T1, "decision": "ge_bort"}]},
            "body.priorities.0.decision",
            "literal_error",
        ),
        ({"priorities": [{"decision": "keep"}]}, "body.priorities.0.task", "missing"),
        ({"priorities": [{"task": T1}]}, "body.priorities.0.decision", "missing"),
        (
            {"priorities": [{"task": T1, "decision": "keep", "consequences": LONG}]},
            "body.priorities.0.consequences",
            "too_long",
        ),
        (
            {"priorities": [{"task": T1, "decision": "keep", "consequences": "\x00"}]},
            "body.priorities.0.consequences",
            "control_character",
        ),
        (
            {"priorities": [{"task": T1, "decision": "keep"}, {"task": T1, "decision": "stop"}]},
            "body",
            "repeated",
        ),
    ],
    "workshop4": [
        ({"roles": [role(title="")]}, "body.roles.0.title", "blank"),
        ({"roles": [role(title="R" * 201)]}, "body.roles.0.title", "too_long"),
        ({"roles": [role(title="Två\nrader")]}, "body.roles.0.title", "control_character"),
        ({"roles": [role(fte_percent=0)]}, "body.roles.0.fte_percent", "greater_than_equal"),
        ({"roles": [role(fte_percent=101)]}, "body.roles.0.fte_percent", "less_than_equal"),
        ({"roles": [role(fte_percent="femtio")]}, "body.roles.0.fte_percent", "int_parsing"),
        ({"roles": [role(fte_percent=50.5)]}, "body.roles.0.fte_percent", "int_from_float"),
        ({"roles": [role(fte_percent=True)]}, "body.roles.0.fte_percent", "int_type"),
        ({"roles": [{"title": "R", "tasks": []}]}, "body.roles.0.fte_percent", "missing"),
        ({"roles": [role(tasks=[T1, T1])]}, "body.roles.0", "repeated"),
        ({"roles": [role(requirements=LONG)]}, "body.roles.0.requirements", "too_long"),
        ({"roles": [role(placement="\x1b")]}, "body.roles.0.placement", "control_character"),
        (
            {"roles": [role(effects=[{"indicator": " "}])]},
            "body.roles.0.effects.0.indicator",
            "blank",
        ),
        (
            {"roles": [role(effects=[{"target": "x"}])]},
            "body.roles.0.effects.0.indicator",
            "missing",
        ),
        (
            {"roles": [role(effects=[{"indicator": "Tid", "follow_up": "2027-02-30"}])]},
            "body.roles.0.effects.0.follow_up",
            "date_from_datetime_parsing",
        ),
        (
            {"roles": [role(effects=[{"indicator": "Tid", "method": LONG}])]},
            "body.roles.0.effects.0.method",
            "too_long",
        ),
        (
            {"roles": [role(effects=[{"indicator": "Tid", "responsible": "\x7f"}])]},
            "body.roles.0.effects.0.responsible",
            "control_character",
        ),
    ],
    "plan": [
        ({"items": [{"activity": "x", "status": "klar"}]}, "body.items.0.status", "literal_error"),
        ({"items": [{"activity": ""}]}, "body.items.0.activity", "blank"),
        ({"items": [{"status": "done"}]}, "body.items.0.activity", "missing"),
        ({"items": [{"activity": LONG}]}, "body.items.0.activity", "too_long"),
        ({"items": [{"activity": "x", "success": LONG}]}, "body.items.0.success", "too_long"),
        (
            {"items": [{"activity": "x", "responsible": "\t"}]},
            "body.items.0.responsible",
            "control_character",
        ),
        (
            {"items": [{"activity": "x", "start": "i morgon"}]},
            "body.items.0.start",
            "date_from_datetime_parsing",
        ),
        (
            {"items": [{"activity": "x", "start": "2027-03-01", "due": "2027-02-28"}]},
            "body.items.0",
            "due_before_start",
        ),
        (
            {"items": [{"id": "Punkt 1", "activity": "x"}]},
            "body.items.0.id",
            "string_pattern_mismatch",
        ),
        (
            {"items": [{"id": "a1", "activity": "x"}, {"id": "a1", "activity": "y"}]},
            "body",
            "repeated",
        ),
        (
            {"items": [{"activity": "x", "source": {"kind": "annan"}}]},
            "body.items.0.source.kind",
            "literal_error",
        ),
    ],
}
VALID = {
    "workshop2": {"tasks": {T1: {"others": "yes"}}},
    "workshop3": {"priorities": [{"task": T1, "decision": "hand_over"}]},
    "workshop4": {"roles": [role()]},
    "plan": {"items": [{"activity": "Boka möte"}]},
}


def test_every_invalid_field_is_422_at_its_location_and_nothing_is_stored(
    client: TestClient,
) -> None:
    inventory = new_inventory(client)
    for kind in KINDS:
        put(client, inventory, kind, VALID[kind])
        before = {k: get(client, inventory, k) for k in KINDS}
        for body, location, code in INVALID[kind]:
            assert (location, code) in refused(client, inventory, kind, body), (kind, body)
        assert {k: get(client, inventory, k) for k in KINDS} == before, kind
        response = client.put(
            path(inventory, kind),
            content=b"{nej",
            headers={**manage_headers(inventory), "content-type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["code"] == "json_invalid"


def test_text_of_exactly_2000_characters_counting_crlf_once_is_kept(client: TestClient) -> None:
    inventory = new_inventory(client)
    text = "a\r\n" * 999 + "bc"  # 2,999 sent; 2,000 once CRLF is one line break
    saved = put(client, inventory, "workshop2", {"tasks": {T1: {"others": "no", "why": text}}})
    assert saved["tasks"][T1]["why"] == "a\n" * 999 + "bc"
    assert len(saved["tasks"][T1]["why"]) == 2000
    too_long = {"tasks": {T1: {"others": "no", "why": text + "d"}}}
    assert refused(client, inventory, "workshop2", too_long) == [
        (f"body.tasks.{T1}.why", "too_long")
    ]


def test_unknown_task_ids_are_422_and_nothing_is_stored(client: TestClient) -> None:
    inventory = new_inventory(client)
    for kind in ("workshop2", "workshop3", "workshop4"):
        put(client, inventory, kind, VALID[kind])
    before = {k: get(client, inventory, k) for k in KINDS}
    cases = [
        (
            "workshop2",
            {"tasks": {T1: {"others": "yes"}, "okand": {"others": "no"}}},
            ["body.tasks.okand"],
        ),
        (
            "workshop3",
            {
                "priorities": [
                    {"task": T1, "decision": "keep"},
                    {"task": "okand", "decision": "stop"},
                ]
            },
            ["body.priorities.1.task"],
        ),
        (
            "workshop4",
            {
                "roles": [
                    role(),
                    role("Mentor", tasks=[T2, "nej", "okand"], effects=[{"indicator": "Tid"}]),
                ]
            },
            ["body.roles.1.tasks.1", "body.roles.1.tasks.2"],
        ),
    ]
    for kind, body, locations in cases:
        assert refused(client, inventory, kind, body) == [
            (where, "unknown_task") for where in locations
        ]
    # Nothing stored, and workshop 4's refused effect made no plan item.
    assert {k: get(client, inventory, k) for k in KINDS} == before


def test_tokens_on_every_route(app: FastAPI, client: TestClient) -> None:
    mine, theirs = new_authority(app, "Kommun A"), new_authority(app, "Kommun B")
    school = add_school(client, mine, "Provskolan", "12345678")
    made = client.post(
        f"/api/v1/schools/{school['id']}/inventories", json={"name": "VT"}, headers=mine.headers
    )
    assert made.status_code == 201
    inventory, other = made.json(), new_inventory(client)
    refusals = [
        ({}, 401),
        ({"Authorization": "Bearer fel"}, 401),
        (manage_headers(other), 404),
        (theirs.headers, 404),
    ]
    calls = [
        (m, path(inventory, k), b) for k in KINDS for m, b in (("GET", None), ("PUT", VALID[k]))
    ]
    for method, url, body in calls:
        for headers, expected in refusals:
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == expected, (method, url, headers)
    # The refused PUTs stored nothing.
    assert get(client, inventory, "workshop2") == {"tasks": {}}
    assert get(client, inventory, "workshop4") == {"roles": []}
    assert get(client, inventory, "plan") == {"items": []}
    for method, url, body in calls:
        for headers in (mine.headers, manage_headers(inventory)):
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == 200, (method, url, headers)
    stored = {"tasks": {T1: {"others": "yes", "why": "", "gain": ""}}}
    assert get(client, inventory, "workshop2") == stored
    unknown = path({"id": "finns-inte"}, "plan")
    assert client.get(unknown, headers=mine.headers).status_code == 404
    # Another inventory's token wrote nothing there: its own documents are still empty.
    assert get(client, other, "workshop2") == {"tasks": {}}
    assert get(client, other, "plan") == {"items": []}
    for headers, expected in (({}, 401), (manage_headers(other), 404), (theirs.headers, 404)):
        response = client.patch(path(inventory), json={"staff_count": 9}, headers=headers)
        assert response.status_code == expected
    assert client.get(path(inventory), headers=mine.headers).json()["staff_count"] is None
    assert (
        client.patch(path(inventory), json={"staff_count": 9}, headers=mine.headers).status_code
        == 200
    )


# Workshop 3's hours --------------------------------------------------------------------------

# Three teachers. T1: 1.5 + 0.5 + 2.5 = 4.5 h; T2: 2 + 1.5 = 3.5 h; T3: 1.2 h; NOBODY: 0.
PEOPLE = [{T1: 1.5, T2: 2}, {T1: 0.5, T3: 1.2}, {T1: 2.5, T2: 1.5}]
DECIDED = {
    "priorities": [
        {"task": T2, "decision": "hand_over", "consequences": "Assistenten kopierar"},
        {"task": T1, "decision": "keep"},
        {"task": T3, "decision": "hand_over"},
        {"task": NOBODY, "decision": "hand_over"},
    ]
}


def hours(body: dict[str, Any]) -> list[tuple[str, str, float | None]]:
    return [(p["task"], p["decision"], p["hours_total"]) for p in body["priorities"]]


def test_workshop3_hours_once_closed_at_the_threshold(client: TestClient) -> None:
    inventory = closed_inventory(client, PEOPLE, min_respondents=3, staff_count=40)
    saved = put(client, inventory, "workshop3", DECIDED)
    assert hours(saved) == [
        (T2, "hand_over", 3.5),
        (T1, "keep", 4.5),
        (T3, "hand_over", 1.2),
        (NOBODY, "hand_over", 0.0),
    ]
    assert saved["priorities"][0]["consequences"] == "Assistenten kopierar"
    # Handed over: 3.5 + 1.2 + 0 = 4.7 h over 3 respondents; × 40 staff / 3 = 62.67 → 62.7.
    assert saved["hours_freed"] == {"respondents": 4.7, "school": 62.7}
    assert get(client, inventory, "workshop3") == saved
    # 7 staff: 4.7 × 7 / 3 = 10.97 → 11.0; no staff count: no school figure.
    changed = client.patch(
        path(inventory), json={"staff_count": 7}, headers=manage_headers(inventory)
    )
    assert changed.status_code == 200 and changed.json()["staff_count"] == 7
    assert get(client, inventory, "workshop3")["hours_freed"] == {
        "respondents": 4.7,
        "school": 11.0,
    }
    cleared = client.patch(
        path(inventory), json={"staff_count": None}, headers=manage_headers(inventory)
    )
    assert cleared.json()["staff_count"] is None
    assert get(client, inventory, "workshop3")["hours_freed"] == {
        "respondents": 4.7,
        "school": None,
    }
    assert (
        client.get(path(inventory), headers=manage_headers(inventory)).json()["staff_count"] is None
    )


def test_workshop3_hours_are_null_while_open_and_below_the_threshold(client: TestClient) -> None:
    open_one = new_inventory(client, min_respondents=3, staff_count=40)
    for tasks in PEOPLE:
        take_part(
            client,
            open_one,
            "teacher",
            {t: {"hours": h, "energy": 2, "teacher": "no"} for t, h in tasks.items()},
        )
    below = closed_inventory(client, PEOPLE[:2], min_respondents=3, staff_count=40)
    for inventory in (open_one, below):
        saved = put(client, inventory, "workshop3", DECIDED)
        assert hours(saved) == [(p["task"], p["decision"], None) for p in DECIDED["priorities"]]
        assert saved["hours_freed"] == {"respondents": None, "school": None}
        assert get(client, inventory, "workshop3") == saved


def test_staff_count_on_create_and_patch_is_validated(client: TestClient) -> None:
    assert new_inventory(client, staff_count=1)["staff_count"] == 1
    assert new_inventory(client)["staff_count"] is None
    assert new_inventory(client, staff_count=40.0)["staff_count"] == 40
    for bad in (0, -3, 100_001, "fyrtio", 4.5, True):
        body = {"name": "Skola", "staff_count": bad}
        assert client.post("/api/v1/inventories", json=body).status_code == 422, bad
    inventory = new_inventory(client, staff_count=30)
    headers = manage_headers(inventory)
    for change in (
        {"staff_count": 0},
        {"staff_count": "trettio"},
        {"staff_count": True},
        {"staff_count": 2.5},
        {"name": ""},
        {"name": None},
        {"name": "Två\nrader"},
        {"name": "x" * 201},
        {"status": "closed"},
    ):
        response = client.patch(path(inventory), json=change, headers=headers)
        assert response.status_code == 422, change
        assert response.json()["code"] == "invalid_request"
    read = client.get(path(inventory), headers=headers).json()
    assert (read["name"], read["staff_count"]) == ("Workshop 1, Provskolan", 30)
    # Fields left out stay.
    renamed = client.patch(path(inventory), json={"name": "Nytt namn"}, headers=headers).json()
    assert (renamed["name"], renamed["staff_count"]) == ("Nytt namn", 30)
    assert client.patch(path(inventory), json={}, headers=headers).json()["staff_count"] == 30


# The plan ------------------------------------------------------------------------------------


def items(plan: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(i["activity"], i["source"]["kind"], i["status"]) for i in plan["items"]]


def test_workshop4_effects_become_plan_items_once(client: TestClient) -> None:
    inventory = new_inventory(client)
    put(client, inventory, "workshop4", WORKSHOP4)
    plan = get(client, inventory, "plan")
    assert [
        (i["activity"], i["source"]["kind"], i["responsible"], i["due"], i["success"], i["status"])
        for i in plan["items"]
    ] == [
        (
            "Följa upp: Lärarnas tid för planering",
            "workshop4",
            "Biträdande rektor",
            "2027-06-15",
            "4 h/vecka",
            "planned",
        ),
        ("Följa upp: Elevernas närvaro", "workshop4", "Lärarassistent", None, "95 %", "planned"),
    ]
    ids = [i["id"] for i in plan["items"]]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"[a-z0-9-]{1,32}", i) for i in ids)
    put(client, inventory, "workshop4", WORKSHOP4)
    assert get(client, inventory, "plan") == plan


def test_edited_items_are_kept_and_removed_ones_stay_away(client: TestClient) -> None:
    inventory = new_inventory(client)
    put(client, inventory, "workshop4", WORKSHOP4)
    first, second = get(client, inventory, "plan")["items"]
    edited = {
        **first,
        "activity": "Enkät till lärarna i maj",
        "status": "done",
        "start": "2027-05-01",
    }
    # A client cannot change where an item came from; a new item is always the plan's own.
    tampered = {**edited, "source": {"kind": "own", "ref": None}}
    own = {"activity": "Informera föräldrarna", "source": {"kind": "selfcheck", "ref": "x"}}
    saved = put(client, inventory, "plan", {"items": [tampered, own]})
    kept, added = saved["items"]
    assert kept == edited
    assert added["source"] == {"kind": "own", "ref": None}
    assert re.fullmatch(r"[a-z0-9-]{1,32}", added["id"]) and added["id"] != first["id"]
    assert (added["activity"], added["status"], added["due"]) == (
        "Informera föräldrarna",
        "planned",
        None,
    )
    assert get(client, inventory, "plan") == saved
    # Workshop 4 saved again, its roles in another order and the titles and indicators spaced
    # and cased differently: the same effects, so the plan is as it was.
    reordered = {
        "roles": [
            WORKSHOP4["roles"][1],
            {
                **WORKSHOP4["roles"][0],
                "title": "lärarassistent",
                "effects": [
                    {"indicator": "elevernas  närvaro"},
                    {"indicator": "LÄRARNAS tid för planering"},
                ],
            },
        ]
    }
    put(client, inventory, "workshop4", reordered)
    assert get(client, inventory, "plan") == saved
    assert second["id"] not in {i["id"] for i in get(client, inventory, "plan")["items"]}
    # A new effect: one new item, after the others.
    grown = {
        "roles": [
            role(
                "Mentor", effects=[{"indicator": "Kontakter med hemmet", "follow_up": "2027-12-01"}]
            )
        ]
    }
    put(client, inventory, "workshop4", grown)
    after = get(client, inventory, "plan")
    assert after["items"][:2] == saved["items"]
    assert items(after)[2:] == [("Följa upp: Kontakter med hemmet", "workshop4", "planned")]
    assert after["items"][2]["due"] == "2027-12-01" and after["items"][2]["responsible"] == "Mentor"


def test_an_indicator_of_2000_characters_makes_an_item_within_the_limit(
    client: TestClient,
) -> None:
    inventory = new_inventory(client)
    indicator = "Lärarnas tid " + "x" * 1987
    saved = put(
        client, inventory, "workshop4", {"roles": [role(effects=[{"indicator": indicator}])]}
    )
    assert saved["roles"][0]["effects"][0]["indicator"] == indicator
    [made] = get(client, inventory, "plan")["items"]
    assert made["activity"] == ("Följa upp: " + indicator)[:2000]


def test_workshop4_that_would_overfill_the_plan_is_422_and_stores_nothing(
    client: TestClient,
) -> None:
    inventory = new_inventory(client)
    own = [{"activity": f"Egen punkt {n}"} for n in range(MAX_PLAN_ITEMS - 1)]
    put(client, inventory, "plan", {"items": own})
    two_effects = [{"indicator": "Lärarnas tid"}, {"indicator": "Elevernas trygghet"}]
    body = {"roles": [role(effects=two_effects)]}
    response = client.put(
        path(inventory, "workshop4"), json=body, headers=manage_headers(inventory)
    )
    assert response.status_code == 422 and response.json()["code"] == "plan_full"
    assert get(client, inventory, "workshop4") == {"roles": []}
    assert len(get(client, inventory, "plan")["items"]) == MAX_PLAN_ITEMS - 1
    # One effect fits: the plan is then full.
    put(client, inventory, "workshop4", {"roles": [role(effects=two_effects[:1])]})
    assert len(get(client, inventory, "plan")["items"]) == MAX_PLAN_ITEMS


def test_every_role_with_every_effect_fits_in_the_plan(client: TestClient) -> None:
    inventory = new_inventory(client)
    effects = [{"indicator": f"Indikator {n}"} for n in range(MAX_EFFECTS)]
    roles = [role(f"Roll {n}", effects=effects) for n in range(MAX_ROLES)]
    put(client, inventory, "workshop4", {"roles": roles})
    made = get(client, inventory, "plan")["items"]
    assert len(made) == MAX_ROLES * MAX_EFFECTS
    assert len({item["id"] for item in made}) == len(made)


def test_unknown_item_ids_are_422_and_the_plan_is_unchanged(client: TestClient) -> None:
    inventory = new_inventory(client)
    saved = put(client, inventory, "plan", {"items": [{"activity": "Egen punkt"}]})
    [own] = saved["items"]
    body = {"items": [own, {"id": "finns-inte", "activity": "x"}, {"id": "ab12", "activity": "y"}]}
    response = client.put(path(inventory, "plan"), json=body, headers=manage_headers(inventory))
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"
    assert [(e["location"], e["code"]) for e in response.json()["errors"]] == [
        ("body.items.1.id", "unknown_item"),
        ("body.items.2.id", "unknown_item"),
    ]
    assert get(client, inventory, "plan") == saved
    # An id of another inventory's plan is unknown here too.
    other = new_inventory(client)
    [theirs] = put(client, other, "plan", {"items": [{"activity": "Deras"}]})["items"]
    refusal = refused(client, inventory, "plan", {"items": [theirs]})
    assert refusal == [("body.items.0.id", "unknown_item")]
    # Left out, an item is removed; sent with its id, it keeps it.
    assert put(client, inventory, "plan", {"items": [own]}) == saved
    assert put(client, inventory, "plan", {"items": []}) == {"items": []}


# Starting from a self-check ------------------------------------------------------------------


def rektor_yaml(version: int) -> Any:
    return YAML(typ="safe").load(PROJECT_ROOT / "questionnaires" / "rektor" / f"v{version}.yaml")


def self_check(client: TestClient, weak: set[str]) -> dict[str, Any]:
    """A principal's result: the lowest answer in the weak areas, the highest elsewhere."""
    current = max(
        int(p.stem[1:]) for p in (PROJECT_ROOT / "questionnaires" / "rektor").glob("v*.yaml")
    )
    questionnaire = rektor_yaml(current)
    answers = {
        s["id"]: (1 if area["id"] in weak else 4)
        for area in questionnaire["areas"]
        for s in area["statements"]
    }
    response = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": answers}
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    assert result["questionnaire"]["version"] == current
    assert set(result["weak_areas"]) == weak
    return result


def test_an_inventory_from_a_self_check_starts_with_its_weak_areas_activities(
    client: TestClient,
) -> None:
    weak = {"syfte-och-mal", "uppfoljning"}
    result = self_check(client, weak)
    expected = [
        ("selfcheck", activity["id"], activity["text"])
        for area in rektor_yaml(result["questionnaire"]["version"])["areas"]
        if area["id"] in weak
        for activity in area["activities"]
    ]
    assert len(expected) >= 4
    inventory = new_inventory(client, selfcheck_result=result["id"])
    plan = get(client, inventory, "plan")
    assert [
        (i["source"]["kind"], i["source"]["ref"], i["activity"]) for i in plan["items"]
    ] == expected
    assert all(i["status"] == "planned" for i in plan["items"])
    assert len({i["id"] for i in plan["items"]}) == len(expected)
    # Its items are edited like any other, and saving workshop 4 adds to them.
    put(client, inventory, "workshop4", {"roles": [role(effects=[{"indicator": "Tid"}])]})
    assert len(get(client, inventory, "plan")["items"]) == len(expected) + 1


def test_an_authority_starts_a_school_inventory_from_a_self_check(
    app: FastAPI, client: TestClient
) -> None:
    mine = new_authority(app, "Kommun A")
    school = add_school(client, mine, "Provskolan", "12345678")
    result = self_check(client, {"facklig-samverkan"})
    created = client.post(
        f"/api/v1/schools/{school['id']}/inventories",
        json={"name": "VT", "selfcheck_result": result["id"]},
        headers=mine.headers,
    )
    assert created.status_code == 201, created.text
    [area] = [
        a
        for a in rektor_yaml(result["questionnaire"]["version"])["areas"]
        if a["id"] == "facklig-samverkan"
    ]
    plan = client.get(path(created.json(), "plan"), headers=mine.headers).json()
    assert [i["source"]["ref"] for i in plan["items"]] == [a["id"] for a in area["activities"]]


def test_a_self_check_without_weak_areas_starts_an_empty_plan(client: TestClient) -> None:
    result = self_check(client, set())
    inventory = new_inventory(client, selfcheck_result=result["id"])
    assert get(client, inventory, "plan") == {"items": []}


def stored_inventories(client: TestClient) -> int:
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        count: int = session.execute(select(func.count()).select_from(Inventory)).scalar_one()
    return count


def test_an_unknown_self_check_result_is_404_and_creates_nothing(
    app: FastAPI, client: TestClient
) -> None:
    response = client.post(
        "/api/v1/inventories", json={"name": "Skola", "selfcheck_result": "finns-inte"}
    )
    assert response.status_code == 404 and response.json()["code"] == "unknown_result"
    assert response.json()["message"]
    malformed = client.post(
        "/api/v1/inventories", json={"name": "Skola", "selfcheck_result": "a b/c"}
    )
    assert malformed.status_code == 422 and malformed.json()["code"] == "invalid_request"
    mine = new_authority(app, "Kommun A")
    school = add_school(client, mine, "Provskolan", "12345678")
    by_authority = client.post(
        f"/api/v1/schools/{school['id']}/inventories",
        json={"name": "VT", "selfcheck_result": "finns-inte"},
        headers=mine.headers,
    )
    assert by_authority.status_code == 404 and by_authority.json()["code"] == "unknown_result"
    assert stored_inventories(client) == 0


def test_openapi_documents_the_new_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for kind in KINDS:
        assert {"get", "put"} <= set(paths[f"/api/v1/inventories/{{inventory_id}}/{kind}"])
    assert "patch" in paths["/api/v1/inventories/{inventory_id}"]
    # The text rules are in the schema too, for clients and for the fuzzing tests.
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    why = schemas["TaskView"]["properties"]["why"]
    assert why["maxLength"] == 2000
    assert re.fullmatch(why["pattern"], "rad\nrad") and not re.fullmatch(why["pattern"], "a\x07")
    title = schemas["Role"]["properties"]["title"]
    assert title["maxLength"] == 200 and not re.fullmatch(title["pattern"], "två\nrader")
    fte = schemas["Role"]["properties"]["fte_percent"]
    assert (fte["type"], fte["minimum"], fte["maximum"]) == ("integer", 1, 100)


def test_a_workshop2_of_long_texts_is_taken_up_to_2_mib(client: TestClient) -> None:
    """Every task with two texts at the limit is far over the 64 KiB of other bodies."""
    inventory = new_inventory(client)
    catalogue = client.get("/api/v1/catalogues/uppgifter").json()
    tasks = [task["id"] for area in catalogue["areas"] for task in area["tasks"]]
    text = "å" * 2000
    body = {"tasks": {task: {"others": "yes", "why": text, "gain": text} for task in tasks}}
    assert put(client, inventory, "workshop2", body) == body
    too_big = {"tasks": {"rastvard": {"others": "yes", "why": "x" * (2 * 1024 * 1024)}}}
    response = client.put(
        path(inventory, "workshop2"), json=too_big, headers=manage_headers(inventory)
    )
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert get(client, inventory, "workshop2") == body
    # Everywhere else the limit stays 64 KiB.
    response = client.patch(
        path(inventory), json={"name": "x" * 70_000}, headers=manage_headers(inventory)
    )
    assert response.status_code == 413
