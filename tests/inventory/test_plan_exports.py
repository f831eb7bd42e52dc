"""The whole inventory's Excel file, on both databases: each sheet read back equals the JSON of
its workshop, numbers are numbers and dates dates, workshop 1's figures (and the hours in
workshop 3) appear only when visible, and text that looks like a formula stays text."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.support import manage_headers, new_inventory, take_part, workshop1_rows

T1 = "rastvard"
T2 = "kopiera-undervisningsmaterial"
T3 = "guida-elever"
SHEETS = [
    "Workshop 1 – nuläge",
    "Workshop 2 – önskat läge",
    "Workshop 3 – börläge",
    "Workshop 4 – konkretisera",
    "Handlingsplan",
]
# Written out here rather than taken from the module: the words a reader of the file sees.
OTHERS = {"yes": "Ja", "partly": "Delvis", "no": "Nej"}
DECISIONS = {
    "hand_over": "Lämna över",
    "simplify": "Förenkla",
    "stop": "Sluta göra",
    "keep": "Behåll",
}
SOURCES = {
    "selfcheck": "Aktivitet från självskattningen",
    "workshop4": "Uppföljning av en effekt i workshop 4",
    "own": "Egen punkt",
}
STATUSES = {"planned": "Planerad", "ongoing": "Pågår", "done": "Klar", "cancelled": "Avbruten"}
FORMULA = '=HYPERLINK("https://example.org","klicka")'

WORKSHOP2 = {
    "tasks": {
        T1: {"others": "yes", "why": FORMULA, "gain": "Mer tid för återkoppling.\nOch ro."},
        T2: {"others": "partly", "why": "", "gain": "+2 timmar i veckan"},
    }
}
WORKSHOP3 = {
    "priorities": [
        {"task": T2, "decision": "hand_over", "consequences": "-Färre kopior sent"},
        {"task": T1, "decision": "hand_over", "consequences": ""},
        {"task": T3, "decision": "keep", "consequences": "Läraren känner eleverna."},
    ]
}
WORKSHOP4 = {
    "roles": [
        {
            "title": "Lärarassistent",
            "tasks": [T1, T2],
            "fte_percent": 75,
            "requirements": "Erfarenhet av skolan, gärna barnskötarutbildning.",
            "placement": "@Skolledningen leder; sitter i arbetslaget.",
            "effects": [
                {
                    "indicator": "Lärarnas tid för planering",
                    "baseline": "1 timme",
                    "target": "3 timmar",
                    "follow_up": "2027-06-15",
                    "method": "Enkät till lärarna",
                    "responsible": "Rektor",
                }
            ],
        },
        {"title": "Elevkoordinator", "tasks": [], "fte_percent": 50, "effects": []},
    ]
}


def put(client: TestClient, inventory: dict[str, Any], what: str, body: Any) -> Any:
    path = f"/api/v1/inventories/{inventory['id']}/{what}"
    response = client.put(path, json=body, headers=manage_headers(inventory))
    assert response.status_code == 200, response.text
    return response.json()


def get(client: TestClient, inventory: dict[str, Any], what: str) -> Any:
    path = f"/api/v1/inventories/{inventory['id']}/{what}"
    response = client.get(path, headers=manage_headers(inventory))
    assert response.status_code == 200, response.text
    return response.json()


def fill(client: TestClient, respondents: int, close: bool = True) -> dict[str, Any]:
    """An inventory with `respondents` participations (threshold 3) and all four documents."""
    inventory = new_inventory(client, min_respondents=3, staff_count=40)
    for n in range(respondents):
        tasks = {
            T1: {"hours": 1 + n, "energy": 2, "teacher": "no"},
            T2: {"hours": 0.5, "energy": 4 + (n % 2), "teacher": "partly"},
        }
        take_part(client, inventory, "teacher", tasks)
    if close:
        path = f"/api/v1/inventories/{inventory['id']}/close"
        assert client.post(path, headers=manage_headers(inventory)).status_code == 200
    put(client, inventory, "workshop2", WORKSHOP2)
    put(client, inventory, "workshop3", WORKSHOP3)
    put(client, inventory, "workshop4", WORKSHOP4)
    plan = get(client, inventory, "plan")
    plan["items"][0]["status"] = "ongoing"
    plan["items"][0]["start"] = "2027-01-11"
    plan["items"].append({"activity": "=1+1", "responsible": "Rektor", "due": "2027-03-01"})
    put(client, inventory, "plan", plan)
    return inventory


def workbook_of(client: TestClient, inventory: dict[str, Any]) -> Workbook:
    path = f"/api/v1/inventories/{inventory['id']}/export.xlsx"
    response = client.get(path, headers=manage_headers(inventory))
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def places(client: TestClient) -> dict[str, tuple[str, str]]:
    catalogue = client.get("/api/v1/catalogues/uppgifter").json()
    return {t["id"]: (a["title"], t["text"]) for a in catalogue["areas"] for t in a["tasks"]}


def test_every_sheet_reads_back_equal_to_the_json(client: TestClient) -> None:
    inventory = fill(client, respondents=3)
    book = workbook_of(client, inventory)
    assert book.sheetnames == SHEETS
    where = places(client)

    one = get(client, inventory, "workshop1")
    assert one["visible"] is True
    rows = values(book[SHEETS[0]])
    assert rows[0][:4] == [
        "Område",
        "Arbetsuppgift",
        "Antal som utför uppgiften",
        "Timmar per vecka, totalt",
    ]
    assert rows[1:] == workshop1_rows(one)

    two = get(client, inventory, "workshop2")["tasks"]
    rows = values(book[SHEETS[1]])
    assert len(rows) == 1 + len(where)
    assert [r[:2] for r in rows[1:]] == [list(place) for place in where.values()]
    by_text = {text: task for task, (_, text) in where.items()}
    decided = {by_text[r[1]]: r[2:] for r in rows[1:] if r[2] is not None}
    assert decided == {
        task: [OTHERS[v["others"]], v["why"] or None, v["gain"] or None] for task, v in two.items()
    }

    three = get(client, inventory, "workshop3")
    rows = values(book[SHEETS[2]])
    assert rows[0][0] == "Prioritet"
    assert rows[1:4] == [
        [
            n,
            *where[p["task"]],
            DECISIONS[p["decision"]],
            p["hours_total"],
            p["consequences"] or None,
        ]
        for n, p in enumerate(three["priorities"], start=1)
    ]
    freed = three["hours_freed"]
    assert [r[:2] for r in rows[5:7]] == [
        ["Frigjord lärartid, timmar per vecka, bland dem som svarat", freed["respondents"]],
        ["Frigjord lärartid, timmar per vecka, hela skolan", freed["school"]],
    ]

    four = get(client, inventory, "workshop4")["roles"]
    rows = values(book[SHEETS[3]])
    assert rows[0][0] == "Roll"
    texts = {task: text for task, (_, text) in where.items()}
    assert [r[:6] for r in rows[1:3]] == [
        [
            r["title"],
            "\n".join(texts[t] for t in r["tasks"]) or None,
            r["fte_percent"],
            r["fte_percent"] / 100,
            r["requirements"] or None,
            r["placement"] or None,
        ]
        for r in four
    ]
    assert rows[3][:4] == ["Totalt", None, 125, 1.25]
    assert rows[5][0] == "Förväntade effekter och uppföljning"
    [effect] = four[0]["effects"]
    assert rows[7][:7] == [
        four[0]["title"],
        effect["indicator"],
        effect["baseline"],
        effect["target"],
        datetime.fromisoformat(effect["follow_up"]),
        effect["method"],
        effect["responsible"],
    ]

    plan = get(client, inventory, "plan")["items"]
    rows = values(book[SHEETS[4]])
    assert rows[0] == [
        "Aktivitet",
        "Källa",
        "Ansvarig (roll)",
        "Start",
        "Klart senast",
        "Framgångskriterium",
        "Status",
    ]

    def day(text: str | None) -> datetime | None:
        return None if text is None else datetime.fromisoformat(text)

    assert rows[1:] == [
        [
            i["activity"],
            SOURCES[i["source"]["kind"]],
            i["responsible"] or None,
            day(i["start"]),
            day(i["due"]),
            i["success"] or None,
            STATUSES[i["status"]],
        ]
        for i in plan
    ]
    assert [i["source"]["kind"] for i in plan] == ["workshop4", "own"]


def test_hand_computed_figures_numbers_and_dates(client: TestClient) -> None:
    inventory = fill(client, respondents=3)
    book = workbook_of(client, inventory)
    three = book[SHEETS[2]]
    # T2: 0.5 h by three people = 1.5; T1: 1 + 2 + 3 = 6 (T3 kept, done by none: 0); both
    # handed over: 7.5 among the respondents, and 7.5 × 40 staff / 3 respondents = 100 for
    # the school.
    assert [three[f"E{n}"].value for n in (2, 3, 4)] == [1.5, 6.0, 0.0]
    assert three["B6"].value == 7.5 and three["B7"].value == 100.0
    assert three["B6"].data_type == "n" and three["E2"].data_type == "n"
    four = book[SHEETS[3]]
    assert four["C2"].value == 75 and four["C2"].data_type == "n"
    assert four["D4"].value == 1.25 and four["D4"].number_format == "0.00"
    follow_up = four["E8"]
    assert follow_up.is_date and follow_up.value.date() == date(2027, 6, 15)
    plan = book[SHEETS[4]]
    assert plan["D2"].is_date and plan["D2"].value.date() == date(2027, 1, 11)
    assert plan["E2"].is_date and plan["E2"].value.date() == date(2027, 6, 15)
    assert plan["E3"].is_date and plan["E3"].value.date() == date(2027, 3, 1)
    assert plan["G2"].value == "Pågår" and plan["G3"].value == "Planerad"
    one = book[SHEETS[0]]
    rastvard = [row for row in one.iter_rows(min_row=2) if row[1].value == "Vara rastvärd"]
    assert [(c.value, c.data_type) for c in rastvard[0][2:5]] == [
        (3, "n"),
        (6.0, "n"),
        (2.0, "n"),
    ]


def test_text_that_looks_like_a_formula_stays_text(client: TestClient) -> None:
    inventory = fill(client, respondents=3)
    book = workbook_of(client, inventory)
    looking = {FORMULA, "+2 timmar i veckan", "-Färre kopior sent", "=1+1"}
    looking.add("@Skolledningen leder; sitter i arbetslaget.")
    cells = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in looking
    ]
    assert sorted(c.value for c in cells) == sorted(looking)
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert book[SHEETS[1]]["B2"].value == "Skapa arbetsro, trivsel och trygghet utanför klassrummen"


def test_below_the_threshold_no_figures_but_why(client: TestClient) -> None:
    inventory = fill(client, respondents=2)
    book = workbook_of(client, inventory)
    rows = values(book[SHEETS[0]])
    assert rows == [
        ["Siffrorna från workshop 1 visas inte.", None],
        ["För få har svarat: siffrorna visas först när minst 3 har svarat.", None],
        ["Antal som svarat", 2],
    ]
    three = values(book[SHEETS[2]])
    assert [r[4] for r in three[1:4]] == [None, None, None]
    assert three[5][:2] == [
        "Frigjord lärartid visas inte.",
        "För få har svarat: siffrorna visas först när minst 3 har svarat.",
    ]
    assert not any(isinstance(v, float) for r in three for v in r)
    # The rest is there all the same: it says nothing about the participants.
    assert values(book[SHEETS[3]])[1][2] == 75
    assert len(values(book[SHEETS[4]])) == 3


def test_while_open_no_figures_but_why(client: TestClient) -> None:
    inventory = fill(client, respondents=3, close=False)
    book = workbook_of(client, inventory)
    assert values(book[SHEETS[0]])[1][0] == "Siffrorna visas först när insamlingen är stängd."
    assert values(book[SHEETS[2]])[5][0] == "Frigjord lärartid visas inte."


def test_an_empty_inventory_still_has_five_sheets(client: TestClient) -> None:
    inventory = new_inventory(client)
    book = workbook_of(client, inventory)
    assert book.sheetnames == SHEETS
    assert values(book[SHEETS[1]])[1][2:] == [None, None, None]
    assert len(values(book[SHEETS[2]])) == 3  # the header, a blank row, why no hours
    assert values(book[SHEETS[3]])[1][:4] == ["Totalt", None, 0, 0.0]
    assert values(book[SHEETS[4]]) == [
        [
            "Aktivitet",
            "Källa",
            "Ansvarig (roll)",
            "Start",
            "Klart senast",
            "Framgångskriterium",
            "Status",
        ]
    ]
