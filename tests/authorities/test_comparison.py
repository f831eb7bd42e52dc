"""A round's comparison on a small questionnaire whose scores are worked out by hand below,
its CSV, Excel and heatmap exports, and a school's history across rounds.

`prov` (tests/support.py): scale 1–3, so 1 → 0, 2 → 0.5, 3 → 1 (reversed: 1 − that).
Levels: low from 0 (weak), mid from 50, high from 80.
Areas: plan [p1, p2 with weight 3], samverkan [s1, s2 reversed].
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlmodel import Session

from app.platform.settings import Settings
from app.selfcheck.models import Response
from tests.support import (
    MINIMAL_YAML,
    Account,
    add_school,
    answer,
    app_over,
    get_json,
    invitation_path,
    minimal_questionnaire,
    new_authority,
    pick,
    start_round,
)

# A: plan (1·1 + 3·1)/4 = 100.0 high; samverkan (0 + (1 − 1))/2 = 0.0 low, weak.
A_ANSWERS = {"p1": 3, "p2": 3, "s1": 1, "s2": 3}
# B: plan (1·0 + 3·0.5)/4 = 37.5 low, weak; samverkan (1 + (1 − 0))/2 = 100.0 high.
B_ANSWERS = {"p1": 1, "p2": 2, "s1": 3, "s2": 1}
# A again: plan 0.0 low, weak; samverkan (0 + (1 − 0))/2 = 50.0 mid.
A_SECOND_ANSWERS = {"p1": 1, "p2": 1, "s1": 1, "s2": 1}
NO_SCORES = {"plan": {"score": None, "level": None}, "samverkan": {"score": None, "level": None}}
HEADER = [
    "Skola",
    "Skolenhetskod",
    "Svarat",
    "Inskickat",
    "Sammanlagd poäng",
    "Plan – poäng",
    "Plan – nivå",
    "Samverkan – poäng",
    "Samverkan – nivå",
]
LEVEL_IDS = {level.label: level.id for level in minimal_questionnaire().levels}


@pytest.fixture
def client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with app_over(settings, {"prov.yaml": MINIMAL_YAML}, tmp_path / "questionnaires") as client:
        yield client


@pytest.fixture
def account(client: TestClient) -> Account:
    return new_authority(client.app, "Linköpings kommun")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Survey:
    round: dict[str, Any]
    schools: dict[str, dict[str, Any]]  # by letter: A, B, C
    responses: dict[str, str]  # letter → response id

    @property
    def comparison_path(self) -> str:
        return f"/api/v1/rounds/{self.round['id']}/comparison"

    def invitation(self, letter: str) -> str:
        return invitation_path(self.round, self.schools[letter]["id"])


@pytest.fixture
def survey(client: TestClient, account: Account) -> Survey:
    """Three schools in a round on `prov`: A and B answer, C does not."""
    schools = {
        "A": add_school(client, account, "Åsa skola", "18000001"),
        "B": add_school(client, account, "Öjebyn", "18000002"),
        "C": add_school(client, account, "Ängby skola", "18000003"),
    }
    survey_round = start_round(client, account, "prov", "VT 2027")
    survey = Survey(survey_round, schools, {})
    survey.responses["A"] = answer(client, survey.invitation("A"), A_ANSWERS)
    survey.responses["B"] = answer(client, survey.invitation("B"), B_ANSWERS)
    return survey


def rows_by_letter(survey: Survey, comparison: dict[str, Any]) -> dict[str, dict[str, Any]]:
    by_id = {row["id"]: row for row in comparison["schools"]}
    assert by_id.keys() == {school["id"] for school in survey.schools.values()}
    return {letter: by_id[school["id"]] for letter, school in survey.schools.items()}


def submitted_at(client: TestClient, response_id: str) -> datetime:
    created = client.get(f"/api/v1/responses/{response_id}").json()["created_at"]
    return datetime.fromisoformat(created)


def test_comparison_shows_each_schools_scores_and_the_spread(
    client: TestClient, account: Account, survey: Survey
) -> None:
    comparison = get_json(client, account, survey.comparison_path)

    assert comparison.keys() == {
        "round",
        "questionnaire",
        "areas",
        "schools",
        "summary",
        "authority",
    }
    assert comparison["round"] == {"id": survey.round["id"], "name": "VT 2027"}
    assert comparison["questionnaire"] == {"id": "prov", "version": 1}
    assert comparison["areas"] == [
        {"id": "plan", "title": "Plan"},
        {"id": "samverkan", "title": "Samverkan"},
    ]
    rows = rows_by_letter(survey, comparison)
    for letter in "AB":
        assert datetime.fromisoformat(rows[letter]["submitted_at"]) == submitted_at(
            client, survey.responses[letter]
        )
    assert rows["A"] == {
        **survey.schools["A"],
        "responded": True,
        "response_id": survey.responses["A"],
        "submitted_at": rows["A"]["submitted_at"],
        "overall": 50.0,  # (100 + 0) / 2
        "areas": {
            "plan": {"score": 100.0, "level": "high"},
            "samverkan": {"score": 0.0, "level": "low"},
        },
        "weak_areas": ["samverkan"],
    }
    assert rows["B"] == {
        **survey.schools["B"],
        "responded": True,
        "response_id": survey.responses["B"],
        "submitted_at": rows["B"]["submitted_at"],
        "overall": 68.8,  # (37.5 + 100) / 2 = 68.75
        "areas": {
            "plan": {"score": 37.5, "level": "low"},
            "samverkan": {"score": 100.0, "level": "high"},
        },
        "weak_areas": ["plan"],
    }
    assert rows["C"] == {
        **survey.schools["C"],
        "responded": False,
        "response_id": None,
        "submitted_at": None,
        "overall": None,
        "areas": NO_SCORES,
        "weak_areas": [],
    }
    assert comparison["summary"] == {
        # plan: A 100, B 37.5 (weak); mean 68.75
        "plan": {"mean": 68.8, "min": 37.5, "max": 100.0, "responded": 2, "weak": 1},
        # samverkan: A 0 (weak), B 100
        "samverkan": {"mean": 50.0, "min": 0.0, "max": 100.0, "responded": 2, "weak": 1},
    }
    assert comparison["authority"] is None


def test_the_latest_response_counts_and_earlier_ones_are_kept(
    client: TestClient, account: Account, survey: Survey
) -> None:
    second = answer(client, survey.invitation("A"), A_SECOND_ANSWERS)
    assert second != survey.responses["A"]

    comparison = get_json(client, account, survey.comparison_path)
    row = rows_by_letter(survey, comparison)["A"]
    assert row["response_id"] == second
    assert datetime.fromisoformat(row["submitted_at"]) == submitted_at(client, second)
    assert row["overall"] == 25.0  # (0 + 50) / 2
    assert row["areas"] == {
        "plan": {"score": 0.0, "level": "low"},
        "samverkan": {"score": 50.0, "level": "mid"},
    }
    assert row["weak_areas"] == ["plan"]
    assert comparison["summary"] == {
        # plan: A 0 (weak), B 37.5 (weak); mean 18.75
        "plan": {"mean": 18.8, "min": 0.0, "max": 37.5, "responded": 2, "weak": 2},
        # samverkan: A 50, B 100
        "samverkan": {"mean": 75.0, "min": 50.0, "max": 100.0, "responded": 2, "weak": 0},
    }

    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        first_row = session.get(Response, survey.responses["A"])
        second_row = session.get(Response, second)
        assert first_row is not None and second_row is not None
        assert first_row.invitation_id is not None
        assert first_row.invitation_id == second_row.invitation_id
        count = session.execute(
            select(func.count())
            .select_from(Response)
            .where(Response.invitation_id == first_row.invitation_id)
        ).scalar_one()
    assert count == 2


def test_the_round_shows_who_has_responded(
    client: TestClient, account: Account, survey: Survey
) -> None:
    fetched = get_json(client, account, f"/api/v1/rounds/{survey.round['id']}")
    responded = {i["school_id"]: i["responded"] for i in fetched["invitations"]}
    assert responded == {
        survey.schools["A"]["id"]: True,
        survey.schools["B"]["id"]: True,
        survey.schools["C"]["id"]: False,
    }


def csv_time(submitted_at: str) -> str:
    """The JSON's time as the CSV shows it: Swedish local time, to the minute."""
    local = datetime.fromisoformat(submitted_at).astimezone(ZoneInfo("Europe/Stockholm"))
    return local.strftime("%Y-%m-%d %H:%M")


def excel_time(submitted_at: str) -> datetime:
    """The JSON's time as the Excel file holds it: Swedish local time, naive, to the second."""
    local = datetime.fromisoformat(submitted_at).astimezone(ZoneInfo("Europe/Stockholm"))
    return local.replace(tzinfo=None, microsecond=0)


def expected_rows(comparison: dict[str, Any], shown: Callable[[str], Any]) -> list[list[Any]]:
    """The comparison's schools as export rows, levels as ids (the files hold their labels),
    each time as the file shows it (`shown`)."""
    return [
        [
            school["name"],
            school["school_unit_code"],
            "ja" if school["responded"] else "nej",
            shown(school["submitted_at"]) if school["submitted_at"] else None,
            school["overall"],
            school["areas"]["plan"]["score"],
            school["areas"]["plan"]["level"],
            school["areas"]["samverkan"]["score"],
            school["areas"]["samverkan"]["level"],
        ]
        for school in comparison["schools"]
    ]


def from_csv_cell(column: int, cell: str) -> Any:
    if cell == "":
        return None
    if column in (4, 5, 7):
        return float(cell.replace(",", "."))
    if column in (6, 8):
        return LEVEL_IDS[cell]
    return cell


def test_csv_holds_the_comparison_for_swedish_excel(
    client: TestClient, account: Account, survey: Survey
) -> None:
    comparison = get_json(client, account, survey.comparison_path)
    response = client.get(f"{survey.comparison_path}.csv", headers=account.headers)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    assert "68,8" in text  # decimal comma
    header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    assert header == HEADER
    parsed = [[from_csv_cell(i, cell) for i, cell in enumerate(row)] for row in rows]
    assert parsed == expected_rows(comparison, csv_time)
    assert {row[0] for row in rows} == {"Åsa skola", "Öjebyn", "Ängby skola"}


def test_excel_holds_the_comparison_with_real_numbers(
    client: TestClient, account: Account, survey: Survey
) -> None:
    comparison = get_json(client, account, survey.comparison_path)
    response = client.get(f"{survey.comparison_path}.xlsx", headers=account.headers)

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    header, *rows = workbook["Jämförelse"].iter_rows(values_only=True)
    assert list(header) == HEADER
    for row in rows:
        for column in (4, 5, 7):
            value = row[column]
            assert value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    parsed = [
        [
            LEVEL_IDS[cell] if i in (6, 8) and cell is not None else cell
            for i, cell in enumerate(row)
        ]
        for row in rows
    ]
    assert parsed == expected_rows(comparison, excel_time)
    assert {row[0] for row in rows} == {"Åsa skola", "Öjebyn", "Ängby skola"}


def test_heatmap_is_svg_naming_every_school_and_area(
    client: TestClient, account: Account, survey: Survey
) -> None:
    response = client.get(f"{survey.comparison_path}.svg", headers=account.headers)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join(root.itertext())
    for name in ("Åsa skola", "Öjebyn", "Ängby skola", "Plan", "Samverkan"):
        assert name in text


def test_history_lists_every_round_oldest_first(client: TestClient, account: Account) -> None:
    school = add_school(client, account, "Åsa skola", "18000001")
    first = start_round(client, account, "prov", "VT 2027")
    response_id = answer(client, invitation_path(first, school["id"]), A_ANSWERS)
    second = start_round(client, account, "prov", "HT 2027")

    history = get_json(client, account, f"/api/v1/schools/{school['id']}/history")

    assert history["school"] == school
    entries = history["rounds"]
    assert [entry["round"] for entry in entries] == [
        pick(first, "id", "name", "created_at"),
        pick(second, "id", "name", "created_at"),
    ]
    assert [entry["questionnaire"] for entry in entries] == [{"id": "prov", "version": 1}] * 2
    answered, unanswered = entries
    assert pick(answered, "response_id", "overall", "areas") == {
        "response_id": response_id,
        "overall": 50.0,
        "areas": {
            "plan": {"score": 100.0, "level": "high"},
            "samverkan": {"score": 0.0, "level": "low"},
        },
    }
    assert pick(unanswered, "response_id", "overall", "areas") == {
        "response_id": None,
        "overall": None,
        "areas": NO_SCORES,
    }


def test_a_round_keeps_its_version_when_a_newer_one_is_published(
    settings: Settings, tmp_path: Path, client: TestClient, account: Account
) -> None:
    school = add_school(client, account, "Åsa skola", "18000001")
    old_round = start_round(client, account, "prov", "VT 2027")
    assert old_round["questionnaire"] == {"id": "prov", "version": 1}
    version_2 = MINIMAL_YAML.replace("version: 1", "version: 2").replace(
        "Vi har en plan.", "Vi har en skriftlig plan."
    )

    # The next release ships version 2 only; the round stays on the version it was made with.
    with app_over(settings, {"prov.yaml": version_2}, tmp_path / "release-2") as upgraded:
        form = upgraded.get(invitation_path(old_round, school["id"]))
        assert form.status_code == 200
        assert "Vi har en plan." in form.text
        assert "Vi har en skriftlig plan." not in form.text
        response_id = answer(upgraded, invitation_path(old_round, school["id"]), A_ANSWERS)
        stored = upgraded.get(f"/api/v1/responses/{response_id}").json()
        assert stored["questionnaire"] == {"id": "prov", "version": 1}
        comparison = get_json(upgraded, account, f"/api/v1/rounds/{old_round['id']}/comparison")
        assert comparison["questionnaire"] == {"id": "prov", "version": 1}
        assert start_round(upgraded, account, "prov", "HT 2027")["questionnaire"] == {
            "id": "prov",
            "version": 2,
        }


def test_history_compares_areas_across_versions_and_marks_the_change(
    settings: Settings, tmp_path: Path, client: TestClient, account: Account
) -> None:
    school = add_school(client, account, "Åsa skola", "18000001")
    first = start_round(client, account, "prov", "VT 2027")
    answer(client, invitation_path(first, school["id"]), A_ANSWERS)
    version_2 = MINIMAL_YAML.replace("version: 1", "version: 2").replace(
        "      - {id: s1, text: Vi samverkar.}\n",
        "      - {id: s1, text: Vi samverkar.}\n      - {id: s3, text: Vi följer upp.}\n",
    )
    with app_over(settings, {"prov.yaml": version_2}, tmp_path / "release-2") as upgraded:
        second = start_round(upgraded, account, "prov", "HT 2027")
        answer(upgraded, invitation_path(second, school["id"]), {**A_ANSWERS, "s3": 3})
        third = start_round(upgraded, account, "prov", "VT 2028")
        history = get_json(upgraded, account, f"/api/v1/schools/{school['id']}/history")
    rounds = history["rounds"]
    assert [r["round"]["id"] for r in rounds] == [first["id"], second["id"], third["id"]]
    assert [r["questionnaire"]["version"] for r in rounds] == [1, 2, 2]
    assert [r["version_changed"] for r in rounds] == [False, True, False]
    # The same area ids compare across versions: plan is 100 in both answered rounds, and
    # samverkan gains the new statement s3 (answered 3 → 1) in version 2: (0 + 0 + 1)/3.
    assert [r["areas"]["plan"]["score"] for r in rounds] == [100.0, 100.0, None]
    assert [r["areas"]["samverkan"]["score"] for r in rounds] == [0.0, 33.3, None]
