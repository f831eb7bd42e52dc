"""Renaming and removing schools: PATCH takes a new name, a new code or both with the checks
of POST; DELETE removes a school that has no responses, with its invitation links, and
refuses one that has. Another authority's school is 404, like one that does not exist."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session, col

from app.authorities.models import Invitation, School
from app.core.questionnaires import Questionnaire
from tests.support import (
    Account,
    add_school,
    all_answers,
    answer,
    get_json,
    invitation_path,
    start_round,
)


def patch(client: TestClient, account: Account, school_id: str, body: object) -> Any:
    return client.patch(f"/api/v1/schools/{school_id}", json=body, headers=account.headers)


def delete(client: TestClient, account: Account, school_id: str) -> Any:
    return client.delete(f"/api/v1/schools/{school_id}", headers=account.headers)


def schools(client: TestClient, account: Account) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = get_json(client, account, "/api/v1/schools")["schools"]
    return found


def invitations_of_school(client: TestClient, school_id: str) -> int:
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        return session.execute(
            select(func.count())
            .select_from(Invitation)
            .where(col(Invitation.school_id) == school_id)
        ).scalar_one()


# Renaming ---------------------------------------------------------------------------------


def test_a_school_is_renamed(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)

    response = patch(client, linkoping, school["id"], {"name": "  Åsa nya skola "})

    assert response.status_code == 200
    renamed = {**school, "name": "Åsa nya skola"}
    assert response.json() == renamed
    assert schools(client, linkoping) == [renamed]
    comparison = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}/comparison")
    assert [row["name"] for row in comparison["schools"]] == ["Åsa nya skola"]
    page = client.get(invitation_path(survey_round, school["id"]))
    assert "Åsa nya skola" in page.text


def test_a_school_gets_a_new_code_and_keeps_its_invitations(
    client: TestClient, linkoping: Account
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)

    response = patch(client, linkoping, school["id"], {"school_unit_code": "87654321"})

    assert response.status_code == 200
    assert response.json() == {**school, "school_unit_code": "87654321"}
    fetched = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}")
    assert fetched["invitations"] == [
        {**i, "responded": False} for i in survey_round["invitations"]
    ]


def test_name_and_code_change_together(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    body = {"name": "Åsa nya skola", "school_unit_code": "87654321"}
    response = patch(client, linkoping, school["id"], body)
    assert response.status_code == 200
    assert response.json() == {"id": school["id"], **body}


def test_a_school_may_keep_its_own_code(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    response = patch(client, linkoping, school["id"], {"school_unit_code": "12345678"})
    assert response.status_code == 200
    assert response.json() == school


def test_a_code_another_school_has_is_409(client: TestClient, linkoping: Account) -> None:
    first = add_school(client, linkoping, "Åsa skola", "12345678")
    second = add_school(client, linkoping, "Öjebyn", "23456789")

    response = patch(
        client, linkoping, second["id"], {"name": "Öjebyn nya", "school_unit_code": "12345678"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "Huvudmannen har redan en skola med den skolenhetskoden.",
    }
    assert sorted(schools(client, linkoping), key=lambda s: s["name"]) == [first, second]


def test_another_authoritys_code_is_no_conflict(
    client: TestClient, linkoping: Account, norrkoping: Account
) -> None:
    add_school(client, norrkoping, "Öjebyn", "23456789")
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    response = patch(client, linkoping, school["id"], {"school_unit_code": "23456789"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "location", "code"),
    [
        ({}, "body", "empty_update"),
        ({"name": None}, "body.name", "string_type"),
        ({"school_unit_code": None}, "body.school_unit_code", "string_type"),
        ({"name": "rad\nbrytning"}, "body.name", "control_character"),
        ({"name": "  "}, "body.name", "blank"),
        ({"name": ""}, "body.name", "string_too_short"),
        ({"school_unit_code": "1234567"}, "body.school_unit_code", "value_error"),
        ({"school_unit_code": 12345678}, "body.school_unit_code", "string_type"),
        ({"id": "annat"}, "body.id", "extra_forbidden"),
        ([], "body", "model_type"),
    ],
    ids=repr,
)
def test_an_invalid_change_is_422_and_changes_nothing(
    client: TestClient, linkoping: Account, body: object, location: str, code: str
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")

    response = patch(client, linkoping, school["id"], body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    [error] = response.json()["errors"]
    assert (error["location"], error["code"]) == (location, code)
    assert error["message"]
    assert schools(client, linkoping) == [school]


def test_an_empty_change_says_what_to_send(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    [error] = patch(client, linkoping, school["id"], {}).json()["errors"]
    assert error["message"] == (
        "Ange ett nytt namn (name), en ny skolenhetskod (school_unit_code) eller båda."
    )


# Removing ---------------------------------------------------------------------------------


def test_a_school_without_responses_is_removed_with_its_invitations(
    client: TestClient, linkoping: Account, rektor: Questionnaire
) -> None:
    kept = add_school(client, linkoping, "Åsa skola", "12345678")
    removed = add_school(client, linkoping, "Öjebyn", "23456789")
    first, second = start_round(client, linkoping), start_round(client, linkoping)
    answer(client, invitation_path(first, kept["id"]), all_answers(rektor, 3))
    assert invitations_of_school(client, removed["id"]) == 2

    response = delete(client, linkoping, removed["id"])

    assert response.status_code == 204
    assert response.content == b""
    assert schools(client, linkoping) == [kept]
    assert invitations_of_school(client, removed["id"]) == 0
    for survey_round in (first, second):
        fetched = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}")
        assert [i["school_id"] for i in fetched["invitations"]] == [kept["id"]]
        assert client.get(invitation_path(survey_round, removed["id"])).status_code == 404
    assert delete(client, linkoping, removed["id"]).status_code == 404


def test_a_school_never_invited_is_removed(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    assert delete(client, linkoping, school["id"]).status_code == 204
    assert schools(client, linkoping) == []
    # Its code is free again.
    assert add_school(client, linkoping, "Åsa skola", "12345678")["id"] != school["id"]


def test_a_school_with_responses_is_kept_with_409(
    client: TestClient, linkoping: Account, rektor: Questionnaire
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    answered, later = start_round(client, linkoping), start_round(client, linkoping)
    answer(client, invitation_path(answered, school["id"]), all_answers(rektor, 3))

    response = delete(client, linkoping, school["id"])

    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "Skolan har svar i en eller flera omgångar och kan inte tas bort.",
    }
    assert schools(client, linkoping) == [school]
    assert invitations_of_school(client, school["id"]) == 2
    assert client.get(invitation_path(later, school["id"])).status_code == 200


# Tokens and tenants -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_another_authoritys_school_is_404_like_none_at_all(
    client: TestClient, linkoping: Account, norrkoping: Account, method: str
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    body = {"name": "Kapad"} if method == "PATCH" else None

    peeking = client.request(
        method, f"/api/v1/schools/{school['id']}", json=body, headers=norrkoping.headers
    )
    missing = client.request(
        method,
        f"/api/v1/schools/{secrets.token_urlsafe(9)}",
        json=body,
        headers=norrkoping.headers,
    )

    assert peeking.status_code == missing.status_code == 404
    assert peeking.json() == missing.json()
    assert schools(client, linkoping) == [school]
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        assert session.get_one(School, school["id"]).name == "Åsa skola"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/schools"),
        ("PATCH", "/api/v1/schools/{school}"),
        ("POST", "/api/v1/rounds"),
    ],
)
@pytest.mark.parametrize(
    "body",
    [b"not json", b"\xff\xfe", b"", b"[]", b'{"name": "\\u0000"}'],
    ids=["text", "not-utf-8", "empty", "array", "invalid-name"],
)
def test_without_a_token_the_answer_is_401_whatever_the_body(
    client: TestClient, linkoping: Account, method: str, path: str, body: bytes
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    for headers in ({}, {"Authorization": "Bearer fel-nyckel"}):
        response = client.request(
            method,
            path.format(school=school["id"]),
            content=body,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
    assert schools(client, linkoping) == [school]
