"""The comparison's files as an official opens and prints them: Swedish local times, scores
with one decimal, school codes that keep their leading zeros, a print set-up read back from the
Excel file, its "Om" sheet, the heatmap's title, and schools in Swedish order in every list an
authority gets (JSON, files, heatmap, invitations).

Times are set in the database to a summer and a winter moment, so both offsets from UTC
(CEST +2, CET +1) are seen. Expected local times are written out by hand below.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import update
from sqlmodel import col

from app.authorities.models import SurveyRound
from app.core.questionnaires import Questionnaire
from app.platform.db import transaction
from app.selfcheck.models import Response
from tests.support import (
    Account,
    add_school,
    all_answers,
    answer,
    get_json,
    invitation_path,
    new_authority,
    start_round,
)

# Added in this order; Swedish order is the one below (case aside, Å, Ä, Ö after Z).
ADDED = ["Ängby skola", "Ågårdsskolan", "öjebyn", "Zetaskolan", "Björkskolan", "Åsa skola"]
SWEDISH = ["Björkskolan", "Zetaskolan", "Ågårdsskolan", "Åsa skola", "Ängby skola", "öjebyn"]
CODES = {"Ängby skola": "01234567", "Ågårdsskolan": "00000042"}
SUMMER = datetime(2026, 7, 1, 12, 0, 5, 123456, tzinfo=UTC)  # 14:00:05 CEST
WINTER = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # 13:00 CET
ZONE = ZoneInfo("Europe/Stockholm")
# 23:30 UTC on 30 November is already 1 December in Sweden.
ROUND_MADE = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Survey:
    account: Account
    round: dict[str, Any]
    schools: dict[str, dict[str, Any]]  # by name

    @property
    def path(self) -> str:
        return f"/api/v1/rounds/{self.round['id']}/comparison"

    def get(self, client: TestClient, suffix: str = "") -> bytes:
        response = client.get(self.path + suffix, headers=self.account.headers)
        assert response.status_code == 200, response.text
        return response.content


def set_times(app: FastAPI, round_id: str, responses: dict[str, datetime]) -> None:
    with transaction(app.state.koll.engine, write=True) as session:
        session.execute(
            update(SurveyRound).where(col(SurveyRound.id) == round_id).values(created_at=ROUND_MADE)
        )
        for response_id, moment in responses.items():
            session.execute(
                update(Response).where(col(Response.id) == response_id).values(created_at=moment)
            )


@pytest.fixture
def survey(client: TestClient, app: FastAPI, rektor: Questionnaire) -> Survey:
    """Six schools on `rektor`: Ängby skola answers in summer, Björkskolan in winter."""
    account = new_authority(app, "Linköpings kommun")
    schools = {
        name: add_school(client, account, name, CODES.get(name, f"1800000{i}"))
        for i, name in enumerate(ADDED)
    }
    survey_round = start_round(client, account, "rektor", "VT 2027")
    summer = answer(
        client, invitation_path(survey_round, schools["Ängby skola"]["id"]), all_answers(rektor, 3)
    )
    winter = answer(
        client, invitation_path(survey_round, schools["Björkskolan"]["id"]), all_answers(rektor, 2)
    )
    set_times(app, survey_round["id"], {summer: SUMMER, winter: WINTER})
    return Survey(account, survey_round, schools)


def workbook_sheet(content: bytes, name: str = "Jämförelse") -> Worksheet:
    sheet = load_workbook(io.BytesIO(content))[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def by_name(rows: list[Any], column: int = 0) -> dict[str, Any]:
    return {row[column]: row for row in rows}


def test_times_are_swedish_local_time_in_both_files(client: TestClient, survey: Survey) -> None:
    [_, *rows] = csv_rows(survey.get(client, ".csv"))
    assert by_name(rows)["Ängby skola"][3] == "2026-07-01 14:00"
    assert by_name(rows)["Björkskolan"][3] == "2026-12-01 13:00"
    assert by_name(rows)["Zetaskolan"][3] == ""

    sheet = workbook_sheet(survey.get(client, ".xlsx"))
    cells = {row[0].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert cells["Ängby skola"].value == datetime(2026, 7, 1, 14, 0, 5)  # naive: Excel has no zones
    assert cells["Björkskolan"].value == datetime(2026, 12, 1, 13, 0)
    assert {cells[name].number_format for name in ("Ängby skola", "Björkskolan")} == {
        "yyyy-mm-dd hh:mm"
    }
    assert cells["Zetaskolan"].value is None

    # The JSON keeps its UTC time with the offset, as before.
    [row] = [
        s
        for s in get_json(client, survey.account, survey.path)["schools"]
        if s["name"] == "Ängby skola"
    ]
    assert datetime.fromisoformat(row["submitted_at"]) == SUMMER


def test_scores_are_numbers_shown_with_one_decimal(client: TestClient, survey: Survey) -> None:
    sheet = workbook_sheet(survey.get(client, ".xlsx"))
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Björkskolan")
    scores = [cell for cell, title in zip(row, header, strict=True) if "poäng" in str(title)]
    assert len(scores) == 1 + 8  # the overall score and one per area
    for cell in scores:
        assert cell.data_type == "n" and isinstance(cell.value, float)
        assert cell.number_format == "0.0"
    levels = [
        cell for cell, title in zip(row, header, strict=True) if str(title).endswith("– nivå")
    ]
    assert len(levels) == 8 and all(isinstance(cell.value, str) for cell in levels)


def test_school_codes_are_text_keeping_their_leading_zeros(
    client: TestClient, survey: Survey
) -> None:
    sheet = workbook_sheet(survey.get(client, ".xlsx"))
    codes = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for name, code in CODES.items():
        assert (codes[name].value, codes[name].data_type, codes[name].number_format) == (
            code,
            "s",
            "@",
        )
    # The CSV holds the digits as they are (a spreadsheet may still convert them on opening).
    assert by_name(csv_rows(survey.get(client, ".csv"))[1:])["Ängby skola"][1] == "01234567"


def test_columns_fit_their_headers_and_values(client: TestClient, survey: Survey) -> None:
    sheet = workbook_sheet(survey.get(client, ".xlsx"))
    widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
    for cell, width in zip(sheet[1], widths, strict=True):
        assert cell.alignment.wrap_text, cell.value  # a long header wraps, never cut
        assert 6 <= width <= 42
    # The first five lie down, each as wide as its header's longest word ...
    for cell, width in zip(sheet[1][:5], widths[:5], strict=True):
        assert width >= max(len(word) for word in str(cell.value).split()), cell.value
        assert cell.alignment.textRotation == 0
    # ... the areas' headers stand upright, so those columns fit their values.
    for cell in sheet[1][5:]:
        assert cell.alignment.textRotation == 90
    for row in sheet.iter_rows(min_row=2):
        for cell, width in zip(row, widths, strict=True):
            if isinstance(cell.value, float):
                assert width >= len(f"{cell.value:.1f}")
            elif isinstance(cell.value, str):
                assert width >= max(len(word) for word in cell.value.split()) + 1
    assert widths[0] >= max(len(name) for name in ADDED)
    assert sheet.row_dimensions[1].height > 100  # room for the longest upright header


def test_a_long_name_wraps_in_a_column_of_sensible_width(
    client: TestClient, app: FastAPI, rektor: Questionnaire
) -> None:
    account = new_authority(app, "Malmö stad")
    name = "Västra Innerstadens skolområde, " * 5 + "Rosengårdsskolan"
    add_school(client, account, name.strip(), "12345678")
    survey_round = start_round(client, account)
    response = client.get(
        f"/api/v1/rounds/{survey_round['id']}/comparison.xlsx", headers=account.headers
    )
    sheet = workbook_sheet(response.content)
    assert sheet.column_dimensions["A"].width <= 42
    assert sheet["A2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height >= 4 * 15  # every line of it shows


def test_the_sheet_prints_landscape_one_page_wide_with_titles_on_every_page(
    client: TestClient, survey: Survey
) -> None:
    sheet = workbook_sheet(survey.get(client, ".xlsx"))
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize or 0)) == ("landscape", 9)  # A4
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr is not None
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_title_cols == "$A:$A"
    assert sheet.freeze_panes == "B2"
    assert sheet.oddHeader is not None and sheet.oddHeader.center.text == "VT 2027"
    assert sheet.oddFooter is not None and "&P" in str(sheet.oddFooter.center.text)


def test_the_om_sheet_says_what_was_exported_and_when(client: TestClient, survey: Survey) -> None:
    before = datetime.now(UTC)
    content = survey.get(client, ".xlsx")
    after = datetime.now(UTC)
    about = {row[0]: row[1] for row in workbook_sheet(content, "Om").iter_rows(values_only=True)}
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Jämförelse", "Om"]

    assert about["Omgång"] == "VT 2027"
    assert about["Enkät"] == "Koll på lärares avlastningsbehov – rektor"
    assert (about["Enkätens id"], about["Version"]) == ("rektor", 2)
    assert about["Omgången skapad"] == datetime(2026, 12, 1, 0, 30)  # Swedish local time
    assert about["Tider"] == "Svensk tid (Europe/Stockholm)"
    exported = about["Exporterad"]
    assert isinstance(exported, datetime) and exported.tzinfo is None
    local = [m.astimezone(ZONE).replace(tzinfo=None, microsecond=0) for m in (before, after)]
    assert local[0] <= exported <= local[1]


def test_schools_are_in_swedish_order_in_every_list(client: TestClient, survey: Survey) -> None:
    headers = survey.account.headers
    listed = get_json(client, survey.account, "/api/v1/schools")["schools"]
    assert [s["name"] for s in listed] == SWEDISH
    comparison = get_json(client, survey.account, survey.path)
    assert [s["name"] for s in comparison["schools"]] == SWEDISH
    assert [row[0] for row in csv_rows(survey.get(client, ".csv"))[1:]] == SWEDISH
    sheet = workbook_sheet(survey.get(client, ".xlsx"))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == SWEDISH
    shown = [t for t in ET.fromstring(survey.get(client, ".svg")).itertext() if t.strip()]
    assert [t for t in shown if t in SWEDISH] == SWEDISH
    fetched = client.get(f"/api/v1/rounds/{survey.round['id']}", headers=headers).json()
    assert [i["school_name"] for i in fetched["invitations"]] == SWEDISH
    assert [i["school_name"] for i in survey.round["invitations"]] == SWEDISH


def test_the_heatmap_is_titled_with_the_round_and_its_swedish_date(
    client: TestClient, survey: Survey
) -> None:
    shown = " ".join(ET.fromstring(survey.get(client, ".svg")).itertext())
    assert "VT 2027 · 1 december 2026" in shown


def test_the_heatmap_title_is_text_whatever_the_stored_name(
    client: TestClient, app: FastAPI, survey: Survey
) -> None:
    stored = "Omgång 50$ & <b>\x0b$\\frac$"
    with transaction(app.state.koll.engine, write=True) as session:
        session.execute(
            update(SurveyRound).where(col(SurveyRound.id) == survey.round["id"]).values(name=stored)
        )
    shown = " ".join(ET.fromstring(survey.get(client, ".svg")).itertext())  # well-formed XML
    assert "Omgång 50$ & <b>\ufffd$\\frac$ · 1 december 2026" in shown


def test_each_invitation_names_its_school(client: TestClient, survey: Survey) -> None:
    ids = {school["id"]: name for name, school in survey.schools.items()}
    fetched = get_json(client, survey.account, f"/api/v1/rounds/{survey.round['id']}")
    for body in (survey.round, fetched):
        for invitation in body["invitations"]:
            assert invitation["school_name"] == ids[invitation["school_id"]]
            assert invitation.keys() == {"school_id", "url", "responded", "school_name"}


def test_the_authoritys_own_invitation_has_no_school_name(client: TestClient, app: FastAPI) -> None:
    account = new_authority(app, "Linköpings kommun")
    add_school(client, account, "Åsa skola", "12345678")
    created = start_round(client, account, "huvudman", "VT 2027, huvudman")
    fetched = get_json(client, account, f"/api/v1/rounds/{created['id']}")
    for body in (created, fetched):
        [invitation] = body["invitations"]
        assert (invitation["school_id"], invitation["school_name"]) == (None, None)
