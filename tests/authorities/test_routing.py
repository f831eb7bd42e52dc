"""The authorities' routes keep to their OpenAPI document: a method a path does not take is
405 naming every method it does, a body that is not JSON is the documented 422 (never 400),
and the document shows each body's rules and examples that exist."""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from tests.support import Account, add_school, get_json

PARAMETER = re.compile(r"\{[^}]+\}")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
BODIES = [
    (b"not json", "application/json"),
    (b"\xff\xfe", "application/json"),
    (b"", "application/json"),
    (b"name=Skola", "application/x-www-form-urlencoded"),
    (b"not json", "text/plain"),
]


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/openapi.json").json()
    return found


def authority_paths(document: dict[str, Any]) -> dict[str, set[str]]:
    """Each path of the authorities' API with its documented methods."""
    return {
        path: {method.upper() for method in operations if method in HTTP_METHODS}
        for path, operations in document["paths"].items()
        if any("authorities" in op.get("tags", []) for op in operations.values())
    }


def test_a_method_a_path_does_not_take_is_405_naming_every_method_it_does(
    client: TestClient, linkoping: Account, document: dict[str, Any]
) -> None:
    paths = authority_paths(document)
    assert paths["/api/v1/schools"] == paths["/api/v1/rounds"] == {"GET", "POST"}
    assert paths["/api/v1/schools/{school_id}"] == {"PATCH", "DELETE"}
    for path, documented in paths.items():
        url = PARAMETER.sub(secrets.token_urlsafe(9), path)
        refused = {"OPTIONS", "PUT", "PATCH", "DELETE", "POST", "TRACE", "FROBNICATE"}
        for method in sorted(refused - documented):
            for headers in ({}, linkoping.headers):
                response = client.request(method, url, headers=headers)
                assert response.status_code == 405, (method, path)
                assert set(response.headers["allow"].split(", ")) == documented, (method, path)
                assert response.json()["code"] == "method_not_allowed"


def test_options_on_the_collections_names_get_and_post(
    client: TestClient, linkoping: Account
) -> None:
    for path in ("/api/v1/schools", "/api/v1/rounds"):
        response = client.options(path, headers=linkoping.headers)
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST"


def test_the_routes_still_answer_their_own_methods(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    assert get_json(client, linkoping, "/api/v1/schools") == {"schools": [school]}
    assert get_json(client, linkoping, "/api/v1/rounds") == {"rounds": []}
    assert get_json(client, linkoping, f"/api/v1/schools/{school['id']}/history")["rounds"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/schools"),
        ("PATCH", "/api/v1/schools/{school}"),
        ("POST", "/api/v1/rounds"),
    ],
)
@pytest.mark.parametrize(("body", "content_type"), BODIES, ids=repr)
def test_a_body_that_is_not_json_is_the_documented_422(
    client: TestClient,
    linkoping: Account,
    document: dict[str, Any],
    method: str,
    path: str,
    body: bytes,
    content_type: str,
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")

    response = client.request(
        method,
        path.format(school=school["id"]),
        content=body,
        headers={**linkoping.headers, "Content-Type": content_type},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    [error] = response.json()["errors"]
    assert (error["location"], error["code"]) == ("body", "json_invalid")
    operation = document["paths"][path.replace("{school}", "{school_id}")][method.lower()]
    assert "422" in operation["responses"]
    assert get_json(client, linkoping, "/api/v1/schools") == {"schools": [school]}
    assert get_json(client, linkoping, "/api/v1/rounds") == {"rounds": []}


def test_no_operation_answers_or_documents_400(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "400" not in operation.get("responses", {}), (method, path)


def request_schema(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    body = document["paths"][path][method]["requestBody"]
    assert body["required"] is True
    schema: dict[str, Any] = body["content"]["application/json"]["schema"]
    return schema


def test_the_document_shows_every_body_with_its_rules(document: dict[str, Any]) -> None:
    create = request_schema(document, "/api/v1/schools", "post")
    change = request_schema(document, "/api/v1/schools/{school_id}", "patch")
    new_round = request_schema(document, "/api/v1/rounds", "post")

    assert create["required"] == ["name", "school_unit_code"]
    assert "required" not in change
    assert change["minProperties"] == 1
    assert new_round["required"] == ["name", "questionnaire"]
    for schema in (create, change, new_round):
        assert schema["additionalProperties"] is False
        name = schema["properties"]["name"]
        assert (name["type"], name["minLength"], name["maxLength"]) == ("string", 1, 200)
        assert name["pattern"].startswith("^[^\\u0000-\\u001f")
    for schema in (create, change):
        code = schema["properties"]["school_unit_code"]
        assert code == {**code, "type": "string", "pattern": "^[0-9]{8}$"}
    for field in change["properties"].values():
        assert "default" not in field and "anyOf" not in field


def test_the_example_answers_name_statements_of_the_questionnaire(
    document: dict[str, Any], rektor: Questionnaire
) -> None:
    schema = request_schema(document, "/api/v1/responses", "post")
    [example] = schema["properties"]["answers"]["examples"]
    assert schema["properties"]["questionnaire"]["examples"] == ["rektor"]
    assert example.keys() <= {statement.id for statement in rektor.statements}
