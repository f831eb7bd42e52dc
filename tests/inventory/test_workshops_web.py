"""The step pages of workshops 2, 3 and 4 on both databases: empty and filled, the POST round
trip (checked through the API), every 422 state with nothing saved, workshop 1's figures only
when visible, the step navigation and the workshop facts, escaping, and unknown tokens."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.support import manage_headers, new_inventory, take_part

A, B, C, D = "arbetsro-utanfor-klassrummet", "rastvard", "kopiera-undervisningsmaterial", "hembesok"


def inventory(client: TestClient, answers: int = 0, close: bool = False, **extra: Any) -> Any:
    """An inventory whose i-th participant (from 0) gives B 1 + i hours and D 2 hours."""
    created = new_inventory(client, **extra)
    for index in range(answers):
        tasks = {
            B: {"hours": 1 + index, "energy": 5, "teacher": "no"},
            D: {"hours": 2, "energy": 3, "teacher": "partly"},
        }
        take_part(client, created, ("teacher", "other_staff", "leadership")[index % 3], tasks)
    if close:
        path = f"/api/v1/inventories/{created['id']}/close"
        assert client.post(path, headers=manage_headers(created)).status_code == 200
    created["page"] = urlsplit(created["links"]["manage"]).path
    return created


def stored(client: TestClient, created: Any, kind: str) -> Any:
    path = f"/api/v1/inventories/{created['id']}/{kind}"
    response = client.get(path, headers=manage_headers(created))
    assert response.status_code == 200
    return response.json()


def post(client: TestClient, path: str, data: dict[str, Any], status: int = 303) -> str:
    response = client.post(path, data=data)
    assert response.status_code == status, response.text
    if status == 303:
        assert response.headers["location"] == path + "?sparat=1"
        return client.get(response.headers["location"]).text
    return response.text


def summary_links(page: str) -> list[str]:
    summary = page[page.index('role="alert"') : page.index("</ul>", page.index('role="alert"'))]
    return re.findall(r'href="#([^"]+)"', summary)


def test_every_step_page_has_the_navigation_and_the_workshop_facts(client: TestClient) -> None:
    created = inventory(client)
    manage = client.get(created["page"]).text
    assert 'href="' + created["page"] + '" aria-current="step">Workshop 1' in manage
    assert "Omkring tre timmar." in manage
    for step, time in (("workshop2", "tre"), ("workshop3", "två"), ("workshop4", "två")):
        response = client.get(f"{created['page']}/{step}")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        number = step[-1]
        assert f'aria-current="step">Workshop {number}' in response.text
        assert response.text.count('aria-current="step"') == 1
        assert f"Omkring {time} timmar." in response.text
        assert "Vilka deltar" in response.text and "Syfte" in response.text
    assert (
        'aria-current="step">Handlingsplan' in client.get(created["page"] + "/handlingsplan").text
    )


def test_workshop2_empty_shows_every_task_undecided_and_no_figures(client: TestClient) -> None:
    created = inventory(client, answers=5)
    page = client.get(created["page"] + "/workshop2").text
    assert page.count('value="undecided" checked') == 28
    assert "Siffrorna visas först när insamlingen är stängd." in page
    assert "timmar per vecka totalt" not in page


def test_workshop2_round_trip(client: TestClient) -> None:
    created = inventory(client)
    path = created["page"] + "/workshop2"
    data = {
        f"{B}.others": "yes",
        f"{B}.why": "Tar tid\r\nfrån planering",
        f"{B}.gain": "Mer tid för eleverna",
        f"{C}.others": "partly",
        f"{D}.others": "undecided",
    }
    page = post(client, path, data)
    assert "Sparat." in page
    assert f'name="{B}.others" value="yes" checked' in page
    assert f'name="{C}.others" value="partly" checked' in page
    assert "Tar tid\nfrån planering</textarea>" in page
    assert stored(client, created, "workshop2") == {
        "tasks": {
            B: {"others": "yes", "why": "Tar tid\nfrån planering", "gain": "Mer tid för eleverna"},
            C: {"others": "partly", "why": "", "gain": ""},
        }
    }
    # Saving replaces: B left undecided is gone.
    post(client, path, {f"{C}.others": "no"})
    assert stored(client, created, "workshop2") == {
        "tasks": {C: {"others": "no", "why": "", "gain": ""}}
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({f"{B}.others": "yes", f"{B}.why": "x" * 2001}, f"{B}.why", "högst 2 000 tecken"),
        ({f"{B}.others": "no", f"{B}.gain": "a\x07b"}, f"{B}.gain", "styrtecken"),
        ({f"{B}.others": "undecided", f"{B}.why": "Text"}, f"{B}.others", "Välj ja, delvis"),
        ({f"{B}.others": "maybe"}, f"{B}.others", "Välj ett av alternativen."),
    ],
)
def test_workshop2_refuses_bad_fields_and_saves_nothing(
    client: TestClient, data: dict[str, str], field: str, message: str
) -> None:
    created = inventory(client)
    post(client, created["page"] + "/workshop2", {f"{C}.others": "yes"})
    page = post(client, created["page"] + "/workshop2", data, status=422)
    assert summary_links(page) == [field]
    assert message in page
    assert f'id="{field}-error"' in page
    assert "Ingenting har sparats" in page
    assert stored(client, created, "workshop2") == {
        "tasks": {C: {"others": "yes", "why": "", "gain": ""}}
    }


def test_workshop2_shows_figures_only_when_closed_at_the_threshold(client: TestClient) -> None:
    below = inventory(client, answers=4, close=True)
    page = client.get(below["page"] + "/workshop2").text
    assert "För få har svarat" in page and "timmar per vecka totalt" not in page
    at = inventory(client, answers=5, close=True)
    page = client.get(at["page"] + "/workshop2").text
    assert "För få har svarat" not in page
    # B: 1 + 2 + 3 + 4 + 5 = 15 hours, energy 5 from all; D: 5 × 2 = 10 hours, energy 3.
    assert "Workshop 1: 15,0 timmar per vecka totalt, energi 5,0 i medel" in page
    assert "behöver lärare: ja 0, delvis 0, nej 5." in page
    assert "Workshop 1: 10,0 timmar per vecka totalt, energi 3,0 i medel" in page
    assert "behöver lärare: ja 0, delvis 5, nej 0." in page


def test_text_is_escaped(client: TestClient) -> None:
    created = inventory(client)
    script = "<script>alert(1)</script>"
    page = post(client, created["page"] + "/workshop2", {f"{B}.others": "yes", f"{B}.why": script})
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    refused = post(
        client, created["page"] + "/workshop2", {f"{B}.why": script, f"{B}.others": "x"}, 422
    )
    assert script not in refused and "&lt;script&gt;" in refused


def test_workshop3_saves_in_priority_order(client: TestClient) -> None:
    created = inventory(client)
    path = created["page"] + "/workshop3"
    assert "Timmarna räknas inte ut ännu" in client.get(path).text
    data = {
        f"{A}.decision": "simplify",  # no priority: after the numbered ones
        f"{B}.decision": "hand_over",
        f"{B}.priority": "2",
        f"{C}.decision": "keep",
        f"{C}.priority": "1",
        f"{D}.decision": "hand_over",
        f"{D}.priority": "1",  # a tie with C: the catalogue's order, C first
        f"{D}.consequences": "Färre <hembesök>",
    }
    page = post(client, path, data)
    expected = [
        {"task": C, "decision": "keep", "consequences": ""},
        {"task": D, "decision": "hand_over", "consequences": "Färre <hembesök>"},
        {"task": B, "decision": "hand_over", "consequences": ""},
        {"task": A, "decision": "simplify", "consequences": ""},
    ]
    priorities = stored(client, created, "workshop3")["priorities"]
    assert priorities == [{**p, "hours_total": None} for p in expected]  # hidden while open
    # The page numbers them as saved, so saving again keeps the order.
    assert f'id="{C}.priority" name="{C}.priority" value="1"' in page
    assert f'id="{A}.priority" name="{A}.priority" value="4"' in page
    assert "Färre &lt;hembesök&gt;" in page
    assert "samma prioritet, eller utan prioritet" in page


def test_workshop3_hours_freed_for_the_respondents_and_the_school(client: TestClient) -> None:
    created = inventory(client, answers=5, close=True)
    path = created["page"] + "/workshop3"
    data = {f"{B}.decision": "hand_over", f"{D}.decision": "hand_over", f"{C}.decision": "stop"}
    page = post(client, path, data)
    # B 15 hours + D 10 hours, handed over; C (0 hours) is stopped, not handed over.
    assert "tar <strong>25,0 timmar per vecka</strong>" in page
    assert "för de 5 som svarade" in page
    assert re.search(
        r"Workshop 2: inte bestämt\.\s+Workshop 1: 15,0 timmar per vecka totalt\.", page
    )
    assert "Ange hur många anställda skolan har" in page
    response = client.post(path + "/personal", data={"staff_count": "42"})
    assert response.status_code == 303
    assert response.headers["location"] == path + "?sparat=personal"
    page = client.get(response.headers["location"]).text
    assert "Antalet anställda är sparat." in page
    # 25 × 42 / 5 = 210 hours for the whole school.
    assert "skolans 42 anställda blir det omkring <strong>210,0 timmar per vecka" in page
    inventory_json = client.get(
        f"/api/v1/inventories/{created['id']}", headers=manage_headers(created)
    ).json()
    assert inventory_json["staff_count"] == 42
    assert client.post(path + "/personal", data={"staff_count": ""}).status_code == 303
    assert "Ange hur många anställda skolan har" in client.get(path).text


@pytest.mark.parametrize("count", ["0", "100001", "tio", "-3"])
def test_workshop3_refuses_a_bad_staff_count(client: TestClient, count: str) -> None:
    created = inventory(client, staff_count=12)
    page = post(client, created["page"] + "/workshop3/personal", {"staff_count": count}, 422)
    assert summary_links(page) == ["staff_count"]
    assert "Ange antalet anställda som ett heltal" in page
    assert f'value="{count}"' in page
    got = client.get(f"/api/v1/inventories/{created['id']}", headers=manage_headers(created))
    assert got.json()["staff_count"] == 12


def test_workshop3_figures_hidden_below_the_threshold_and_while_open(client: TestClient) -> None:
    for answers, close, reason in ((4, True, "För få har svarat"), (5, False, "stängd")):
        created = inventory(client, answers=answers, close=close, staff_count=40)
        page = post(client, created["page"] + "/workshop3", {f"{B}.decision": "hand_over"})
        assert "Timmarna räknas inte ut ännu" in page and reason in page
        assert "timmar per vecka</strong>" not in page
        assert "timmar per vecka totalt" not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({f"{B}.decision": "hand_over", f"{B}.priority": "x"}, f"{B}.priority", "heltal"),
        ({f"{B}.decision": "keep", f"{B}.priority": "0"}, f"{B}.priority", "heltal"),
        ({f"{B}.consequences": "Utan beslut"}, f"{B}.decision", "Välj ett beslut"),
        (
            {f"{B}.decision": "hand_over", f"{B}.consequences": "y" * 2001},
            f"{B}.consequences",
            "2 000",
        ),
        ({f"{B}.decision": "give_up"}, f"{B}.decision", "Välj ett av alternativen."),
    ],
)
def test_workshop3_refuses_bad_fields_and_saves_nothing(
    client: TestClient, data: dict[str, str], field: str, message: str
) -> None:
    created = inventory(client)
    page = post(client, created["page"] + "/workshop3", data, status=422)
    assert summary_links(page) == [field]
    assert message in page
    assert stored(client, created, "workshop3") == {
        "priorities": [],
        "hours_freed": {"respondents": None, "school": None},
    }


ROLE = {
    "role-0.title": "Lärarassistent",
    "role-0.tasks": [D, B],
    "role-0.fte_percent": "50",
    "role-0.requirements": "Erfarenhet av <barn>",
    "role-0.placement": "Under rektor",
    "role-0.effect-0.indicator": "Lärarnas tid för planering",
    "role-0.effect-0.baseline": "2 h",
    "role-0.effect-0.target": "4 h",
    "role-0.effect-0.follow_up": "2027-06-15",
    "role-0.effect-0.method": "Enkät",
    "role-0.effect-0.responsible": "Rektor",
}


def test_workshop4_empty_and_round_trip(client: TestClient) -> None:
    created = inventory(client)
    path = created["page"] + "/workshop4"
    empty = client.get(path).text
    assert "Roll 1 (ny)" in empty and "Roll 2" not in empty
    assert "Ansvarig är en roll, inte en person" in empty and "allmän handling" in empty
    assert "0 roller sparade, sammanlagt" in empty
    second = {
        "role-1.title": "Administratör",
        "role-1.fte_percent": "30",
        "role-1.effect-0.indicator": "",  # an empty effect slot is left out
    }
    page = post(client, path, {**ROLE, **second, "role-0.effect-1.indicator": ""})
    roles = stored(client, created, "workshop4")["roles"]
    assert roles == [
        {
            "title": "Lärarassistent",
            "tasks": [D, B],  # as sent
            "fte_percent": 50,
            "requirements": "Erfarenhet av <barn>",
            "placement": "Under rektor",
            "effects": [
                {
                    "indicator": "Lärarnas tid för planering",
                    "baseline": "2 h",
                    "target": "4 h",
                    "follow_up": "2027-06-15",
                    "method": "Enkät",
                    "responsible": "Rektor",
                }
            ],
        },
        {
            "title": "Administratör",
            "tasks": [],
            "fte_percent": 30,
            "requirements": "",
            "placement": "",
            "effects": [],
        },
    ]
    # 50 % + 30 % = 0.8 full-time posts.
    assert "2 roller sparade, sammanlagt" in page and "<strong>0,8 heltidstjänster</strong>" in page
    assert "(80 procent av en heltid)" in page
    assert "Roll 3 (ny)" in page and "Erfarenhet av &lt;barn&gt;" in page
    assert f'value="{B}" checked' in page and 'value="2027-06-15"' in page
    removed = {**ROLE, "role-0.remove": "1", "role-1.title": "Administratör"}
    post(client, path, {**removed, "role-1.fte_percent": "30"})
    assert [r["title"] for r in stored(client, created, "workshop4")["roles"]] == ["Administratör"]


def test_workshop4_lists_the_prioritised_tasks_first(client: TestClient) -> None:
    created = inventory(client)
    data = {f"{D}.decision": "hand_over", f"{D}.priority": "1", f"{A}.decision": "simplify"}
    post(client, created["page"] + "/workshop3", data)
    page = client.get(created["page"] + "/workshop4").text
    role = page[page.index('id="role-0"') :]
    first_d, first_a = role.index(f'value="{D}"'), role.index(f'value="{A}"')
    others = role.index("Övriga uppgifter i katalogen")
    assert first_d < first_a < others < role.index(f'value="{B}"')
    assert "(Lämna över)" in role and "(Förenkla)" in role


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"role-0.fte_percent": "0"}, "role-0.fte_percent", "heltal från 1 till 100"),
        ({"role-0.fte_percent": "101"}, "role-0.fte_percent", "heltal från 1 till 100"),
        ({"role-0.fte_percent": ""}, "role-0.fte_percent", "heltal från 1 till 100"),
        ({"role-0.effect-0.indicator": ""}, "role-0.effect-0.indicator", "får inte vara tomt"),
        ({"role-0.effect-0.follow_up": "2027-13-01"}, "role-0.effect-0.follow_up", "ÅÅÅÅ-MM-DD"),
        ({"role-0.title": "a\nb"}, "role-0.title", "på en rad"),
        ({"role-0.title": "t" * 201}, "role-0.title", "högst 200"),
        ({"role-0.requirements": "r" * 2001}, "role-0.requirements", "2 000"),
        ({"role-0.tasks": ["okand"]}, "role-0.tasks", "finns inte i inventeringens"),
    ],
)
def test_workshop4_refuses_bad_fields_and_saves_nothing(
    client: TestClient, change: dict[str, Any], field: str, message: str
) -> None:
    created = inventory(client)
    page = post(client, created["page"] + "/workshop4", {**ROLE, **change}, status=422)
    assert summary_links(page) == [field]
    assert message in page
    assert f'id="{field}-error"' in page
    assert "Under rektor</textarea>" in page  # the form keeps what was sent
    assert stored(client, created, "workshop4") == {"roles": []}
    assert stored(client, created, "plan") == {"items": []}


def test_unknown_tokens_are_404(client: TestClient) -> None:
    for step in ("workshop2", "workshop3", "workshop4"):
        assert client.get(f"/inventering/okand/{step}").status_code == 404
        assert client.post(f"/inventering/okand/{step}", data={}).status_code == 404
    assert client.post("/inventering/okand/workshop3/personal", data={}).status_code == 404
