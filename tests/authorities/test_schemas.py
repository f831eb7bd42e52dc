"""Names of schools and rounds are one line of text: control characters, line breaks and the
two BMP noncharacters are refused with 422 naming the field, surrounding whitespace is removed,
and a name of whitespace alone is refused. The OpenAPI document's pattern says the same."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic_core import PydanticCustomError

from app.authorities.schemas import ONE_LINE_NAME, one_line
from tests.support import Account, add_school, get_json, start_round

REFUSED = [
    "\x00nul",
    "rad\nbrytning",
    "Åsa skola\n",
    "\ttabb först",
    "vagn\rretur",
    "\x0bvertikal tabb",
    "\x1bescape",
    "\x1f",
    "\x7fdelete",
    "\x85NEL",
    "C1 \x9f",
    "radseparator\u2028",
    "stycke\u2029separator",
    "\ufffe",
    "icke-tecken \uffff",
]
BLANK = ["   ", "\u00a0", "\u3000 \u2003"]
NAME_ENDPOINTS = {
    "school": ("/api/v1/schools", {"school_unit_code": "12345678"}),
    "round": ("/api/v1/rounds", {"questionnaire": "rektor"}),
}


def post(client: TestClient, account: Account, path: str, body: dict[str, Any]) -> Any:
    # Encoded here, escaping every non-ASCII character: a lone surrogate has no UTF-8 form.
    return client.post(
        path,
        content=json.dumps(body),
        headers={**account.headers, "Content-Type": "application/json"},
    )


def stored_names(client: TestClient, account: Account) -> list[str]:
    schools = get_json(client, account, "/api/v1/schools")["schools"]
    rounds = get_json(client, account, "/api/v1/rounds")["rounds"]
    return [item["name"] for item in [*schools, *rounds]]


def assert_name_refused(response: Any, code: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == "invalid_request"
    assert body["message"] == "Förfrågan innehåller fel."
    [error] = body["errors"]
    assert error.keys() == {"location", "code", "message"}
    assert error["location"] == "body.name"
    assert error["code"] == code
    return body


@pytest.mark.parametrize("kind", NAME_ENDPOINTS)
@pytest.mark.parametrize("name", REFUSED, ids=ascii)
def test_a_name_with_a_control_character_is_422_naming_it(
    client: TestClient, linkoping: Account, kind: str, name: str
) -> None:
    path, rest = NAME_ENDPOINTS[kind]
    response = post(client, linkoping, path, {"name": name, **rest})

    body = assert_name_refused(response, "control_character")
    refused = next(c for c in name if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cn"))
    assert body["errors"][0]["message"] == (
        "Namnet får inte innehålla styrtecken eller radbrytningar "
        f"(tecknet U+{ord(refused):04X} på plats {name.index(refused) + 1})."
    )
    assert stored_names(client, linkoping) == []


@pytest.mark.parametrize("kind", NAME_ENDPOINTS)
@pytest.mark.parametrize("name", BLANK, ids=ascii)
def test_a_name_of_whitespace_alone_is_422(
    client: TestClient, linkoping: Account, kind: str, name: str
) -> None:
    path, rest = NAME_ENDPOINTS[kind]
    body = assert_name_refused(post(client, linkoping, path, {"name": name, **rest}), "blank")
    assert body["errors"][0]["message"] == "Namnet får inte vara tomt."
    assert stored_names(client, linkoping) == []


@pytest.mark.parametrize("kind", NAME_ENDPOINTS)
def test_a_lone_surrogate_is_invalid_json(
    client: TestClient, linkoping: Account, kind: str
) -> None:
    path, rest = NAME_ENDPOINTS[kind]
    response = post(client, linkoping, path, {"name": "halv \ud800", **rest})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["location"], error["code"]) == ("body", "json_invalid")
    assert stored_names(client, linkoping) == []


def test_surrounding_whitespace_is_removed(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "  Åsa skola\u00a0 ", "12345678")
    survey_round = start_round(client, linkoping, "rektor", "\u3000VT 2027, rektor ")
    assert school["name"] == "Åsa skola"
    assert survey_round["name"] == "VT 2027, rektor"
    assert stored_names(client, linkoping) == ["Åsa skola", "VT 2027, rektor"]


def test_other_names_are_kept_as_sent(client: TestClient, linkoping: Account) -> None:
    names = ["Skola – ny", "=1+1", "Hjärtat 🏫 skola", "a" * 200, "Zero\u200bwidth"]
    for number, name in enumerate(names):
        assert add_school(client, linkoping, name, f"{number:08d}")["name"] == name
    assert sorted(stored_names(client, linkoping)) == sorted(names)


def test_the_length_limit_is_of_the_name_as_sent(client: TestClient, linkoping: Account) -> None:
    response = post(
        client,
        linkoping,
        "/api/v1/schools",
        {"name": " " + "a" * 200, "school_unit_code": "12345678"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.name"


def accepted(name: str) -> bool:
    try:
        one_line(name)
    except PydanticCustomError:
        return False
    return True


def test_the_documented_pattern_is_the_rule_applied() -> None:
    """Every code point alone, between letters and after a space: the OpenAPI pattern (which
    Python's `re` reads as ECMA-262 does here) and the validator agree on each."""
    pattern = re.compile(ONE_LINE_NAME)
    code_points = [*range(0xD800), *range(0xE000, 0x10000), 0x1F3EB, 0x10FFFF]
    for point in code_points:
        character = chr(point)
        for name in (character, f"a{character}a", f" {character}"):
            assert bool(pattern.fullmatch(name)) == accepted(name), ascii(name)
