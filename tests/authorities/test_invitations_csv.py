"""`GET /api/v1/rounds/{id}/invitations.csv`: a round's links as a file an official can send
out. It follows the comparison CSV's conventions (a byte order mark, semicolons, formulas kept
as text, Swedish order), is never stored along the way (it holds secret links), and another
authority's round is 404 exactly like a missing one."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col

from app.authorities.models import School
from app.core.questionnaires import Questionnaire
from app.platform.db import transaction
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

HEADER = ["Skola", "Skolenhetskod", "Länk", "Svarat"]


def path_of(survey_round: dict[str, Any]) -> str:
    return f"/api/v1/rounds/{survey_round['id']}/invitations.csv"


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8").removeprefix("\ufeff")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_file_lists_every_school_with_its_link_in_swedish_order(
    client: TestClient, linkoping: Account, rektor: Questionnaire
) -> None:
    ostra = add_school(client, linkoping, "Östra skolan", "00000007")
    add_school(client, linkoping, "Ängby skola", "01234567")
    add_school(client, linkoping, "ågårdsskolan", "12345678")
    add_school(client, linkoping, "Zetaskolan", "87654321")
    survey_round = start_round(client, linkoping)
    answer(client, invitation_path(survey_round, ostra["id"]), all_answers(rektor, 3))

    response = client.get(path_of(survey_round), headers=linkoping.headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="inbjudningar-{survey_round["id"]}.csv"'
    )
    header, *rows = csv_rows(response.content)
    assert header == HEADER
    links = {i["school_name"]: i["url"] for i in survey_round["invitations"]}
    assert rows == [
        ["Zetaskolan", "87654321", links["Zetaskolan"], "nej"],
        ["ågårdsskolan", "12345678", links["ågårdsskolan"], "nej"],
        ["Ängby skola", "01234567", links["Ängby skola"], "nej"],
        ["Östra skolan", "00000007", links["Östra skolan"], "ja"],
    ]


def test_the_links_are_the_ones_the_round_shows(client: TestClient, linkoping: Account) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)
    fetched = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}")
    [_, row] = csv_rows(client.get(path_of(survey_round), headers=linkoping.headers).content)
    assert row[2] == fetched["invitations"][0]["url"] == survey_round["invitations"][0]["url"]
    # The link opens the school's form.
    page = client.get(invitation_path(survey_round, fetched["invitations"][0]["school_id"]))
    assert page.status_code == 200 and "Åsa skola" in page.text


def test_the_authoritys_own_invitation_is_named_after_the_authority(
    client: TestClient, linkoping: Account
) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping, "huvudman", "VT 2027, huvudman")
    [_, row] = csv_rows(client.get(path_of(survey_round), headers=linkoping.headers).content)
    assert row == [
        "Linköpings kommun (huvudmannen)",
        "",
        survey_round["invitations"][0]["url"],
        "nej",
    ]


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x","klicka")', "+46 kommun", "-1+2", "@SUM(A1:A9)"],
    ids=ascii,
)
def test_a_name_like_a_formula_stays_text(
    client: TestClient, linkoping: Account, name: str
) -> None:
    add_school(client, linkoping, name, "12345678")
    survey_round = start_round(client, linkoping)
    [_, row] = csv_rows(client.get(path_of(survey_round), headers=linkoping.headers).content)
    assert row[0] == "'" + name
    assert row[1] == "12345678"


def test_a_stored_name_with_a_control_character_shows_a_replacement(
    client: TestClient, app: FastAPI, linkoping: Account
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    with transaction(app.state.koll.engine, write=True) as session:
        session.execute(
            update(School).where(col(School.id) == school["id"]).values(name="\x01=1+1\x1b")
        )
    survey_round = start_round(client, linkoping)
    [_, row] = csv_rows(client.get(path_of(survey_round), headers=linkoping.headers).content)
    assert row[0] == "\ufffd=1+1\ufffd"


def test_another_authoritys_round_is_404_like_a_missing_one(
    client: TestClient, app: FastAPI, linkoping: Account
) -> None:
    norrkoping = new_authority(app, "Norrköpings kommun")
    add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)

    peeking = client.get(path_of(survey_round), headers=norrkoping.headers)
    missing = client.get(path_of({"id": secrets.token_hex(8)}), headers=norrkoping.headers)

    assert peeking.status_code == missing.status_code == 404
    assert peeking.json() == missing.json()
    assert peeking.json()["code"] == "not_found"


def test_without_a_token_it_is_401(client: TestClient, linkoping: Account) -> None:
    survey_round = start_round(client, linkoping)
    response = client.get(path_of(survey_round))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_other_methods_are_405_naming_get(client: TestClient, linkoping: Account) -> None:
    survey_round = start_round(client, linkoping)
    response = client.post(path_of(survey_round), headers=linkoping.headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_the_openapi_document_describes_the_file(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"][
        "/api/v1/rounds/{round_id}/invitations.csv"
    ]["get"]
    ok = operation["responses"]["200"]
    assert "text/csv" in ok["content"]
    assert ok["headers"]["Cache-Control"]["schema"]["const"] == "no-store"
    assert {"401", "404"} <= operation["responses"].keys()
