"""A school's invitation link, end to end through the Swedish pages: the form names the school,
a complete form is stored for the invitation, an incomplete one comes back to the same link."""

from __future__ import annotations

import secrets
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from tests.support import (
    Account,
    add_school,
    all_answers,
    get_json,
    invitation_path,
    new_authority,
    start_round,
)


class PageParser(HTMLParser):
    """The text of <title> and <h1>, where the page's forms post, and the checked radios."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {"title": "", "h1": ""}
        self.form_actions: list[str] = []
        self.checked: dict[str, str] = {}
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.texts:
            self._inside = tag
        elif tag == "form":
            self.form_actions.append(dict(attrs).get("action") or "")
        elif tag == "input" and ("checked", None) in attrs:
            attributes = dict(attrs)
            self.checked[attributes.get("name") or ""] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.texts[self._inside] += data


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


@pytest.fixture
def account(app: FastAPI) -> Account:
    return new_authority(app, "Linköpings kommun")


@pytest.fixture
def schools(client: TestClient, account: Account) -> list[dict[str, Any]]:
    return [
        add_school(client, account, "Åsa skola", "12345678"),
        add_school(client, account, "Öjebyn", "23456789"),
    ]


@pytest.fixture
def survey_round(
    client: TestClient, account: Account, schools: list[dict[str, Any]]
) -> dict[str, Any]:
    return start_round(client, account, "rektor", "VT 2027")


def responded(
    client: TestClient, account: Account, survey_round: dict[str, Any]
) -> dict[str, bool]:
    fetched = get_json(client, account, f"/api/v1/rounds/{survey_round['id']}")
    return {i["school_id"]: i["responded"] for i in fetched["invitations"]}


def test_the_form_names_the_invited_school(
    client: TestClient, schools: list[dict[str, Any]], survey_round: dict[str, Any]
) -> None:
    first, second = schools
    for school, other in ((first, second), (second, first)):
        path = invitation_path(survey_round, school["id"])
        page = client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        parsed = parse(page.text)
        assert school["name"] in parsed.texts["h1"]
        assert school["name"] in parsed.texts["title"]
        assert other["name"] not in page.text
        assert parsed.form_actions == [path]


def test_a_complete_form_is_stored_for_the_invitation(
    client: TestClient,
    account: Account,
    rektor: Questionnaire,
    schools: list[dict[str, Any]],
    survey_round: dict[str, Any],
) -> None:
    answering, silent = schools
    path = invitation_path(survey_round, answering["id"])

    posted = client.post(path, data={k: str(v) for k, v in all_answers(rektor, 3).items()})

    assert posted.status_code == 303
    location = posted.headers["location"]
    assert location.startswith("/results/")
    result = client.get(location)
    assert result.status_code == 200
    for area in rektor.areas:
        assert area.title in result.text
    assert responded(client, account, survey_round) == {
        answering["id"]: True,
        silent["id"]: False,
    }
    comparison = get_json(client, account, f"/api/v1/rounds/{survey_round['id']}/comparison")
    [row] = [s for s in comparison["schools"] if s["id"] == answering["id"]]
    assert row["response_id"] == location.removeprefix("/results/")


def test_an_incomplete_form_comes_back_to_the_invitation_with_422(
    client: TestClient,
    account: Account,
    rektor: Questionnaire,
    schools: list[dict[str, Any]],
    survey_round: dict[str, Any],
) -> None:
    school = schools[0]
    path = invitation_path(survey_round, school["id"])
    first = rektor.statements[0].id

    response = client.post(path, data={first: "3"})

    assert response.status_code == 422
    parsed = parse(response.text)
    assert parsed.form_actions == [path]
    assert 'class="error-summary"' in response.text[: response.text.index("<form")]
    assert parsed.texts["title"].startswith("Fel:")
    assert school["name"] in parsed.texts["h1"]
    assert parsed.checked == {first: "3"}
    assert not any(responded(client, account, survey_round).values())


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_invitation_is_a_swedish_404_page(client: TestClient, method: str) -> None:
    response = client.request(method, f"/i/{secrets.token_urlsafe(32)}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in response.text
    assert "Sidan finns inte" in parse(response.text).texts["h1"]


def test_the_form_says_the_answers_go_to_the_authority(
    client: TestClient,
    account: Account,
    rektor: Questionnaire,
    schools: list[dict[str, Any]],
    survey_round: dict[str, Any],
) -> None:
    path = invitation_path(survey_round, schools[0]["id"])
    first = rektor.statements[0].id
    for page in (client.get(path).text, client.post(path, data={first: "3"}).text):
        sharing = page.index('<h2 id="sharing">Vem ser svaren?</h2>')
        assert sharing < page.index("<fieldset")
        said = " ".join(page[sharing : page.index("<form")].split())
        assert f"Ni svarar via en inbjudan från {account.name}." in said
        assert f"Svaren och resultatet delas med {account.name}" in said
        assert "att svaren kom via den här inbjudan" in said
        assert "Inga namn eller andra personuppgifter sparas." in said
