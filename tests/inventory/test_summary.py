"""GET /api/v1/inventories/summary on both databases, against figures worked out by hand: each
school by its latest inventory, area hours only from visible figures, roles grouped by title
whatever their case and spaces, and nothing of another authority's schools."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support import Account, add_school, manage_headers, new_authority, take_part

SUMMARY = "/api/v1/inventories/summary"
AREAS = [
    "trygghet-och-studiero",
    "praktiskt-arbete",
    "forbrukningsmaterial-och-laromedel",
    "it",
    "mentorskap-och-kontakt-med-vardnadshavare",
    "extra-anpassningar-och-sarskilt-stod",
]


def task(hours: float) -> dict[str, Any]:
    return {"hours": hours, "energy": 3, "teacher": "no"}


def inventory_of(client: TestClient, account: Account, school: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/schools/{school['id']}/inventories",
        json={"name": f"Inventering {school['name']}", "min_respondents": 3},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def fill(
    client: TestClient,
    inventory: dict[str, Any],
    participations: list[dict[str, float]],
    priorities: list[tuple[str, str]],
    roles: list[tuple[str, int]],
    close: bool = True,
) -> None:
    for answers in participations:
        take_part(client, inventory, "teacher", {t: task(h) for t, h in answers.items()})
    base, headers = f"/api/v1/inventories/{inventory['id']}", manage_headers(inventory)
    if close:
        assert client.post(base + "/close", headers=headers).status_code == 200
    body3 = {"priorities": [{"task": t, "decision": d} for t, d in priorities]}
    assert client.put(base + "/workshop3", json=body3, headers=headers).status_code == 200
    body4 = {"roles": [{"title": t, "fte_percent": p} for t, p in roles]}
    assert client.put(base + "/workshop4", json=body4, headers=headers).status_code == 200


def summary(client: TestClient, account: Account) -> dict[str, Any]:
    response = client.get(SUMMARY, headers=account.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def hours(*pairs: tuple[float, float] | None) -> dict[str, Any]:
    """Area figures in AREAS' order: (hours_total, hours_handed_over), None for nulls."""
    return {
        area: {"hours_total": None, "hours_handed_over": None}
        if pair is None
        else {"hours_total": pair[0], "hours_handed_over": pair[1]}
        for area, pair in zip(AREAS, pairs, strict=True)
    }


def two_visible_schools(
    app: FastAPI, client: TestClient
) -> tuple[Account, Account, dict[str, str]]:
    """Kommun A: Björkskolan and Alléskolan visible, Dalskolan below the threshold,
    Fjällskolan still open, Ekskolan without an inventory. Kommun B: Annaskolan."""
    mine, other = new_authority(app, "Kommun A"), new_authority(app, "Kommun B")
    schools = {
        name: add_school(client, mine, name, code)
        for name, code in (
            ("Björkskolan", "11111111"),
            ("Alléskolan", "22222222"),
            ("Ekskolan", "33333333"),
            ("Dalskolan", "44444444"),
            ("Fjällskolan", "55555555"),
        )
    }
    bjork = inventory_of(client, mine, schools["Björkskolan"])
    fill(
        client,
        bjork,
        [
            {"rastvard": 2, "guida-elever": 1, "kopiera-undervisningsmaterial": 0.5},
            {"rastvard": 1.5, "kopiera-undervisningsmaterial": 1},
            {"rastvard": 0.5},
        ],
        [
            ("rastvard", "hand_over"),
            ("kopiera-undervisningsmaterial", "simplify"),
            ("guida-elever", "hand_over"),
        ],
        [(" lärarassistent", 50), ("IT-tekniker", 25)],
    )
    older = inventory_of(client, mine, schools["Alléskolan"])
    fill(client, older, [{"rastvard": 10}] * 3, [("rastvard", "hand_over")], [("Gammal roll", 100)])
    alle = inventory_of(client, mine, schools["Alléskolan"])
    fill(
        client,
        alle,
        [{"kopiera-undervisningsmaterial": 1, "bestalla-material": 2}] * 3
        + [
            {"kopiera-undervisningsmaterial": 1, "bestalla-material": 2, "rapportera-franvaro": 0.5}
        ],
        [
            ("kopiera-undervisningsmaterial", "hand_over"),
            ("bestalla-material", "hand_over"),
            ("rapportera-franvaro", "keep"),
        ],
        [("Lärarassistent", 100), ("LÄRARASSISTENT  ", 30)],
    )
    dal = inventory_of(client, mine, schools["Dalskolan"])
    fill(
        client, dal, [{"rastvard": 4}] * 2, [("rastvard", "hand_over")], [("Elevkoordinator", 100)]
    )
    fjall = inventory_of(client, mine, schools["Fjällskolan"])
    fill(client, fjall, [{"rastvard": 9}] * 3, [("rastvard", "hand_over")], [], close=False)
    theirs = add_school(client, other, "Annaskolan", "66666666")
    fill(
        client,
        inventory_of(client, other, theirs),
        [{"rastvard": 7}] * 3,
        [("rastvard", "hand_over")],
        [("Lärarassistent", 100)],
    )
    ids = {name: school["id"] for name, school in schools.items()}
    ids |= {"Allé": alle["id"], "Björk": bjork["id"], "Dal": dal["id"], "Fjäll": fjall["id"]}
    ids |= {"Annaskolan": theirs["id"], "fjall_token": fjall["manage_token"]}
    ids |= {"bjork_token": bjork["manage_token"]}
    return mine, other, ids


def test_two_schools_against_hand_computed_figures(app: FastAPI, client: TestClient) -> None:
    mine, _other, ids = two_visible_schools(app, client)
    body = summary(client, mine)
    # Alphabetical (Å, Ä, Ö last); Ekskolan has no inventory and is left out.
    assert [s["school_id"] for s in body["schools"]] == [
        ids["Alléskolan"],
        ids["Björkskolan"],
        ids["Dalskolan"],
        ids["Fjällskolan"],
    ]
    alle, bjork, dal, fjall = body["schools"]
    # Alléskolan's latest inventory: copying 4 × 1 h and ordering 4 × 2 h, both handed over;
    # absence reports 0.5 h, kept. Its older inventory (rastvard 30 h) does not count.
    assert alle == {
        "school_id": ids["Alléskolan"],
        "inventory_id": ids["Allé"],
        "respondents": 4,
        "visible": True,
        "areas": hours((0, 0), (4, 4), (8, 8), (0, 0), (0.5, 0), (0, 0)),
        # 100 % + 30 % of the same role (case and spaces aside): 1.3 full-time posts.
        "roles": [{"title": "Lärarassistent", "fte": 1.3}],
    }
    # Björkskolan: break duty 2 + 1.5 + 0.5 = 4 h and guiding 1 h, both handed over (5 h);
    # copying 0.5 + 1 = 1.5 h, simplified (not handed over).
    assert bjork["areas"] == hours((5, 5), (1.5, 0), (0, 0), (0, 0), (0, 0), (0, 0))
    assert (bjork["respondents"], bjork["visible"]) == (3, True)
    # 25 % is 0.25, shown at one decimal, half away from zero.
    assert bjork["roles"] == [
        {"title": "lärarassistent", "fte": 0.5},
        {"title": "IT-tekniker", "fte": 0.3},
    ]
    # Below the threshold, and still open: no hours, but the roles count.
    assert (dal["respondents"], dal["visible"], dal["areas"]) == (2, False, hours(*[None] * 6))
    assert dal["roles"] == [{"title": "Elevkoordinator", "fte": 1.0}]
    assert (fjall["respondents"], fjall["visible"], fjall["areas"]) == (
        3,
        False,
        hours(*[None] * 6),
    )
    totals = body["totals"]
    assert totals["areas"] == {
        area: {"hours_total": total, "hours_handed_over": handed, "schools": 2}
        for area, (total, handed) in zip(
            AREAS, [(5, 5), (5.5, 4), (8, 8), (0, 0), (0.5, 0), (0, 0)], strict=True
        )
    }
    # Lärarassistent: Alléskolan's 1.3 and Björkskolan's 0.5, shown by the title seen first.
    assert totals["roles"] == [
        {"title": "Lärarassistent", "fte": 1.8, "schools": 2},
        {"title": "IT-tekniker", "fte": 0.3, "schools": 1},
        {"title": "Elevkoordinator", "fte": 1.0, "schools": 1},
    ]
    assert summary(client, mine) == body  # the second time from the closed inventories' cache


def test_an_inventory_counts_once_it_is_closed(app: FastAPI, client: TestClient) -> None:
    mine, _other, ids = two_visible_schools(app, client)
    summary(client, mine)
    path = f"/api/v1/inventories/{ids['Fjäll']}/close"
    assert client.post(path, headers={"Authorization": f"Bearer {ids['fjall_token']}"}).is_success
    body = summary(client, mine)
    fjall = body["schools"][3]
    # Break duty 3 × 9 h, handed over.
    assert fjall["visible"] is True
    assert fjall["areas"]["trygghet-och-studiero"] == {"hours_total": 27, "hours_handed_over": 27}
    assert body["totals"]["areas"]["trygghet-och-studiero"] == {
        "hours_total": 32,
        "hours_handed_over": 32,
        "schools": 3,
    }


def test_workshops_saved_again_show_at_once(app: FastAPI, client: TestClient) -> None:
    mine, _other, ids = two_visible_schools(app, client)
    summary(client, mine)
    base = f"/api/v1/inventories/{ids['Björk']}"
    headers = {"Authorization": f"Bearer {ids['bjork_token']}"}
    # Copying (1.5 h) handed over now, break duty (4 h) kept; guiding (1 h) left out.
    body3 = {
        "priorities": [
            {"task": "kopiera-undervisningsmaterial", "decision": "hand_over"},
            {"task": "rastvard", "decision": "keep"},
        ]
    }
    assert client.put(base + "/workshop3", json=body3, headers=headers).status_code == 200
    body4 = {"roles": [{"title": "Elevkoordinator", "fte_percent": 20}]}
    assert client.put(base + "/workshop4", json=body4, headers=headers).status_code == 200
    body = summary(client, mine)
    bjork = body["schools"][1]
    assert bjork["areas"]["trygghet-och-studiero"] == {"hours_total": 5, "hours_handed_over": 0}
    assert bjork["areas"]["praktiskt-arbete"] == {"hours_total": 1.5, "hours_handed_over": 1.5}
    assert bjork["roles"] == [{"title": "Elevkoordinator", "fte": 0.2}]
    assert body["totals"]["roles"] == [
        {"title": "Lärarassistent", "fte": 1.3, "schools": 1},
        {"title": "Elevkoordinator", "fte": 1.2, "schools": 2},
    ]
    assert body["totals"]["areas"]["praktiskt-arbete"] == {
        "hours_total": 5.5,
        "hours_handed_over": 5.5,
        "schools": 2,
    }


def test_tenant_isolation_and_tokens(app: FastAPI, client: TestClient) -> None:
    mine, other, ids = two_visible_schools(app, client)
    mine_ids = {s["school_id"] for s in summary(client, mine)["schools"]}
    assert ids["Annaskolan"] not in mine_ids
    theirs = summary(client, other)
    assert [s["school_id"] for s in theirs["schools"]] == [ids["Annaskolan"]]
    assert theirs["totals"]["roles"] == [{"title": "Lärarassistent", "fte": 1.0, "schools": 1}]
    assert theirs["totals"]["areas"]["trygghet-och-studiero"]["hours_total"] == 21
    nobody = new_authority(app, "Kommun C")
    assert summary(client, nobody) == {"schools": [], "totals": {"areas": {}, "roles": []}}
    assert client.get(SUMMARY).status_code == 401
    assert client.get(SUMMARY, headers={"Authorization": "Bearer fel"}).status_code == 401
    # An inventory's manage token is not an authority's.
    manage = {"Authorization": f"Bearer {ids['fjall_token']}"}
    assert client.get(SUMMARY, headers=manage).status_code == 401


def test_inventories_without_a_school_are_not_in_it(app: FastAPI, client: TestClient) -> None:
    mine = new_authority(app, "Kommun A")
    loose = client.post("/api/v1/inventories", json={"name": "Fristående", "min_respondents": 3})
    assert loose.status_code == 201
    fill(client, loose.json(), [{"rastvard": 1}] * 3, [], [("Lärarassistent", 100)])
    assert summary(client, mine)["schools"] == []
