"""The exports never fail on what is already stored, and never run what a name says.

Older versions stored any name; these tests put such names straight into the database, past
the API's checks, and download every export: XML has no room for most control characters, so
the Excel file and the heatmap show U+FFFD instead, and a name that a spreadsheet would take
for a formula (OWASP's CSV injection) stays text in both files while the numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.exc import DataError
from sqlmodel import col

from app.authorities.accounts import new_id
from app.authorities.models import School, SurveyRound
from app.core.questionnaires import Questionnaire
from app.platform.db import transaction
from app.platform.settings import Settings
from tests.support import (
    Account,
    all_answers,
    answer,
    get_json,
    invitation_path,
    start_round,
)

# Stored name → what the Excel file and the heatmap show.
UNFIT_FOR_XML = {
    "\x00nul": "\ufffdnul",
    "\x01start\x1b[31m": "\ufffdstart\ufffd[31m",
    "vertikal\x0btabb": "vertikal\ufffdtabb",
    "icke-tecken \ufffe\uffff": "icke-tecken \ufffd\ufffd",
}
FORMULAS = [
    '=HYPERLINK("http://x","klicka")',
    "+46 kommun",
    "-1+2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
SHEET = "xl/worksheets/sheet1.xml"


def storable(app: FastAPI, settings: Settings, account: Account, name: str) -> str:
    """The name as the database can hold it. PostgreSQL refuses NUL in text outright, so no
    name stored there holds one: prove that, and take the next control character instead,
    which XML cannot hold either."""
    if "\x00" not in name or not settings.database_url.startswith("postgresql"):
        return name
    with pytest.raises(DataError), transaction(app.state.koll.engine, write=True) as session:
        session.add(School(id=new_id(), authority_id=account.id, name=name, school_unit_code="1"))
    return name.replace("\x00", "\x01")


def store_school(app: FastAPI, settings: Settings, account: Account, name: str) -> str:
    """A school stored as an older version would have, with no check of its name."""
    school_id = new_id()
    with transaction(app.state.koll.engine, write=True) as session:
        session.add(
            School(id=school_id, authority_id=account.id, name=name, school_unit_code="12345678")
        )
    return school_id


def rename_round(app: FastAPI, round_id: str, name: str) -> None:
    with transaction(app.state.koll.engine, write=True) as session:
        session.execute(
            update(SurveyRound).where(col(SurveyRound.id) == round_id).values(name=name)
        )


def answered_round(
    client: TestClient, account: Account, rektor: Questionnaire, school_id: str
) -> str:
    survey_round = start_round(client, account)
    answer(client, invitation_path(survey_round, school_id), all_answers(rektor, 3))
    return f"/api/v1/rounds/{survey_round['id']}/comparison"


def download(client: TestClient, account: Account, path: str) -> bytes:
    response = client.get(path, headers=account.headers)
    assert response.status_code == 200, response.text
    return response.content


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(content))["Jämförelse"].iter_rows(values_only=True))


def svg_text(content: bytes) -> str:
    root = ET.fromstring(content)  # fails unless the SVG is well-formed XML
    return " ".join(root.itertext())


def no_formulas(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ET.fromstring(archive.read(SHEET))
    assert [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "f"] == []


@pytest.mark.parametrize("stored", UNFIT_FOR_XML, ids=ascii)
def test_every_export_opens_whatever_the_stored_name(
    client: TestClient,
    app: FastAPI,
    settings: Settings,
    linkoping: Account,
    rektor: Questionnaire,
    stored: str,
) -> None:
    shown = UNFIT_FOR_XML[stored]
    stored = storable(app, settings, linkoping, stored)
    school_id = store_school(app, settings, linkoping, stored)
    path = answered_round(client, linkoping, rektor, school_id)
    rename_round(app, path.split("/")[4], f"Omgång {stored}")

    # The JSON bodies hold the name as stored: JSON can carry any character.
    [row] = get_json(client, linkoping, path)["schools"]
    assert row["name"] == stored
    history = get_json(client, linkoping, f"/api/v1/schools/{school_id}/history")
    assert history["school"]["name"] == stored

    [_, cells] = csv_rows(download(client, linkoping, f"{path}.csv"))
    assert cells[0] == shown
    xlsx = download(client, linkoping, f"{path}.xlsx")
    [_, values] = sheet_rows(xlsx)
    assert values[0] == shown
    assert isinstance(values[4], int | float)  # the score, still a number
    assert load_workbook(io.BytesIO(xlsx)).properties.title == f"Omgång {shown}"
    assert shown.strip() in svg_text(download(client, linkoping, f"{path}.svg"))


@pytest.mark.parametrize(
    "stored", ["$\\frac$ skola", "Skola 50$ och 60$", "$x^2$"], ids=["unbalanced", "two", "math"]
)
def test_a_dollar_sign_in_a_name_is_text_in_the_heatmap(
    client: TestClient,
    app: FastAPI,
    settings: Settings,
    linkoping: Account,
    rektor: Questionnaire,
    stored: str,
) -> None:
    path = answered_round(client, linkoping, rektor, store_school(app, settings, linkoping, stored))
    assert stored in svg_text(download(client, linkoping, f"{path}.svg"))


@pytest.mark.parametrize("stored", FORMULAS, ids=ascii)
def test_a_name_like_a_formula_is_text_in_csv_and_excel(
    client: TestClient,
    app: FastAPI,
    settings: Settings,
    linkoping: Account,
    rektor: Questionnaire,
    stored: str,
) -> None:
    path = answered_round(client, linkoping, rektor, store_school(app, settings, linkoping, stored))

    [_, cells] = csv_rows(download(client, linkoping, f"{path}.csv"))
    assert cells[0] == "'" + stored
    assert cells[1:3] == ["12345678", "ja"]
    assert not cells[4].startswith("'")  # a number, in the decimal comma
    float(cells[4].replace(",", "."))

    xlsx = download(client, linkoping, f"{path}.xlsx")
    no_formulas(xlsx)
    [_, row] = load_workbook(io.BytesIO(xlsx))["Jämförelse"].iter_rows()
    # XML reads a raw carriage return as a line feed, and openpyxl writes it raw.
    text = stored.replace("\r", "\n")
    assert (row[0].value, row[0].data_type, row[0].quotePrefix) == (text, "s", True)
    assert (row[1].value, row[1].quotePrefix) == ("12345678", False)
    assert row[4].data_type == "n" and isinstance(row[4].value, int | float)


def test_a_formula_sent_through_the_api_is_text_too(
    client: TestClient, linkoping: Account, rektor: Questionnaire
) -> None:
    name = '=HYPERLINK("http://x","klicka")'
    response = client.post(
        "/api/v1/schools",
        json={"name": name, "school_unit_code": "12345678"},
        headers=linkoping.headers,
    )
    assert response.status_code == 201
    path = answered_round(client, linkoping, rektor, response.json()["id"])

    assert csv_rows(download(client, linkoping, f"{path}.csv"))[1][0] == "'" + name
    xlsx = download(client, linkoping, f"{path}.xlsx")
    no_formulas(xlsx)
    assert sheet_rows(xlsx)[1][0] == name
