"""The JSON self-check API: questionnaires, responses and every error case."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.definitions import QuestionnaireDefinition
from app.platform.settings import Settings
from app.selfcheck.models import Response
from tests.support import ACTIVITIES_YAML, MINIMAL_YAML, all_answers, stored_responses


def test_lists_current_questionnaires(client: TestClient) -> None:
    body = client.get("/api/v1/questionnaires").json()
    assert body == {
        "questionnaires": [
            {
                "id": "rektor",
                "version": 2,
                "audience": "principal",
                "title": body["questionnaires"][0]["title"],
            },
            {
                "id": "huvudman",
                "version": 2,
                "audience": "authority",
                "title": body["questionnaires"][1]["title"],
            },
        ]
    }


def test_questionnaire_definition_has_the_yaml_structure(
    client: TestClient, rektor: Questionnaire
) -> None:
    body = client.get("/api/v1/questionnaires/rektor").json()
    assert body["id"] == "rektor"
    assert [a["id"] for a in body["areas"]] == [a.id for a in rektor.areas]
    assert body["scale"]["options"][0] == {"value": 1, "label": rektor.scale.options[0].label}
    assert Questionnaire.model_validate(body) == rektor


def test_unknown_questionnaire_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/questionnaires/finns-inte")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_submitting_stores_and_returns_the_result(
    client: TestClient, rektor: Questionnaire
) -> None:
    answers = all_answers(rektor, 4)
    answers[rektor.statements[0].id] = "dont_know"
    created = client.post("/api/v1/responses", json={"questionnaire": "rektor", "answers": answers})
    assert created.status_code == 201
    body = created.json()
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", body["id"])
    assert body["questionnaire"] == {"id": "rektor", "version": 2}
    assert [a["id"] for a in body["areas"]] == [a.id for a in rektor.areas]
    first = body["areas"][0]
    assert first["answered"] == first["total"] - 1
    assert body["links"]["html"].endswith(f"/results/{body['id']}")
    assert body["links"]["chart_svg"].endswith(f"/results/{body['id']}/chart.svg")
    assert created.headers["location"].endswith(f"/api/v1/responses/{body['id']}")
    fetched = client.get(f"/api/v1/responses/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == body
    assert stored_responses(client) == 1


def test_stored_row_holds_answers_scores_and_definition_hash(
    client: TestClient, rektor: Questionnaire
) -> None:
    answers = all_answers(rektor, 2)
    result_id = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": answers}
    ).json()["id"]
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        row = session.get(Response, result_id)
        assert row is not None
        assert row.answers == answers
        assert row.questionnaire_id == "rektor" and row.questionnaire_version == 2
        assert len(row.scores["areas"]) == len(rektor.areas)
        definition = session.get(QuestionnaireDefinition, row.definition_hash)
        assert definition is not None
        assert Questionnaire.model_validate(definition.definition) == rektor


def test_all_lowest_answers_make_every_area_weak_and_recommend_material(
    client: TestClient, rektor: Questionnaire
) -> None:
    body = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 1)}
    ).json()
    reversed_areas = {a.id for a in rektor.areas if any(s.reverse for s in a.statements)}
    plain = [a["id"] for a in body["areas"] if a["id"] not in reversed_areas]
    assert all(a["score"] == 0.0 and a["weak"] for a in body["areas"] if a["id"] in plain)
    assert set(plain) <= set(body["weak_areas"])
    assert body["recommendations"], "weak areas should bring support material"
    assert all(r["url"].startswith("https://") for r in body["recommendations"])


def test_unknown_result_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/responses/finns-inte").status_code == 404


def test_unknown_questionnaire_in_a_response_is_404(client: TestClient) -> None:
    response = client.post("/api/v1/responses", json={"questionnaire": "nej", "answers": {}})
    assert response.status_code == 404
    assert stored_responses(client) == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda a, ids: a.pop(ids[0]), "missing"),
        (lambda a, ids: a.update({"finns-inte": 2}), "unknown_statement"),
        (lambda a, ids: a.update({ids[0]: 7}), "invalid_value"),
        (lambda a, ids: a.update({ids[0]: 2.5}), "invalid_value"),
        (lambda a, ids: a.update({ids[0]: 2.0}), "invalid_value"),
        (lambda a, ids: a.update({ids[0]: "2"}), "invalid_value"),
        (lambda a, ids: a.update({ids[0]: True}), "invalid_value"),
        (lambda a, ids: a.update({ids[0]: None}), "invalid_value"),
    ],
)
def test_invalid_answers_are_422_naming_the_statement(
    client: TestClient, rektor: Questionnaire, change, code: str
) -> None:  # type: ignore[no-untyped-def]
    answers: dict[str, object] = dict(all_answers(rektor, 3))
    ids = [s.id for s in rektor.statements]
    change(answers, ids)
    response = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": answers}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_answers"
    named = {e["statement"] for e in body["errors"] if e["code"] == code}
    assert named == ({"finns-inte"} if code == "unknown_statement" else {ids[0]})
    assert stored_responses(client) == 0


def test_every_offending_statement_is_named(client: TestClient, rektor: Questionnaire) -> None:
    ids = [s.id for s in rektor.statements]
    response = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": {ids[0]: 9}}
    )
    errors = response.json()["errors"]
    assert {e["statement"] for e in errors} == set(ids)
    assert all(e["message"] for e in errors)


def test_dont_know_is_refused_where_the_scale_has_none(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from app.main import create_app
    from tests.support import MINIMAL_YAML

    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "prov.yaml").write_text(MINIMAL_YAML.replace("  dont_know: Vet inte\n", ""))
    app = create_app(replace(settings, questionnaires_dir=tmp_path / "q"))
    with TestClient(app) as client:
        answers = {"p1": "dont_know", "p2": 1, "s1": 1, "s2": 1}
        response = client.post(
            "/api/v1/responses", json={"questionnaire": "prov", "answers": answers}
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {
                "statement": "p1",
                "code": "dont_know_not_allowed",
                "message": response.json()["errors"][0]["message"],
            }
        ]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"questionnaire": "rektor"}',
        b'{"questionnaire": "rektor", "answers": [], "x": 1}',
    ],
)
def test_malformed_bodies_are_422_with_the_error_shape(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/v1/responses", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    payload = response.json()
    assert payload["code"] == "invalid_request"
    assert payload["errors"] and all(
        {"location", "code", "message"} <= e.keys() for e in payload["errors"]
    )


def test_bodies_over_64_kib_are_413(client: TestClient, rektor: Questionnaire) -> None:
    answers: dict[str, object] = dict(all_answers(rektor, 3))
    answers["padding"] = "x" * 70_000
    response = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": answers}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert stored_responses(client) == 0


def test_a_streamed_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b" " * 4096

    response = client.post(
        "/api/v1/responses", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_read(client: TestClient, rektor: Questionnaire) -> None:
    body = json.dumps({"questionnaire": "rektor", "answers": all_answers(rektor, 3)})
    padded = body + " " * (64 * 1024 - len(body.encode()))
    response = client.post(
        "/api/v1/responses", content=padded, headers={"content-type": "application/json"}
    )
    assert response.status_code == 201


def test_openapi_documents_the_self_check(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/v1/questionnaires",
        "/api/v1/questionnaires/{questionnaire_id}",
        "/api/v1/responses",
        "/api/v1/responses/{result_id}",
    } <= paths.keys()


def test_openapi_documents_the_submission_body(client: TestClient) -> None:
    """The route reads its body itself; the documented schema must still be the model's."""
    post = client.get("/openapi.json").json()["paths"]["/api/v1/responses"]["post"]
    body = post["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert set(schema["required"]) == {"questionnaire", "answers"}
    assert schema["additionalProperties"] is False
    assert "201" in post["responses"]


def test_json_errors_name_the_body_location(client: TestClient) -> None:
    response = client.post(
        "/api/v1/responses",
        json={"questionnaire": "rektor", "answers": {}, "extra": 1},
    )
    assert response.status_code == 422
    assert {"location": "body.extra", "code": "extra_forbidden"}.items() <= (
        response.json()["errors"][0].items()
    )


@pytest.fixture
def prov_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    """An app serving only MINIMAL_YAML (tests/support.py), whose results are worked by hand."""
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "prov.yaml").write_text(MINIMAL_YAML)
    with TestClient(
        create_app(replace(settings, questionnaires_dir=folder)), follow_redirects=False
    ) as client:
        yield client


def test_result_body_has_the_overall_level_and_the_answers_given(
    prov_client: TestClient,
) -> None:
    # plan: 100 × (1·1 + 3·1) / 4 = 100; samverkan: s1 = 1 → n 0, s2 dont_know → 0.
    # Overall (100 + 0) / 2 = 50, exactly mid's min → mid.
    answers = {"p1": 3, "p2": 3, "s1": 1, "s2": "dont_know"}
    created = prov_client.post(
        "/api/v1/responses", json={"questionnaire": "prov", "answers": answers}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["overall"] == 50.0
    assert body["level"] == {"id": "mid", "label": "Delvis på plats"}
    assert [a["statements"] for a in body["areas"]] == [
        [
            {"id": "p1", "text": "Vi har en plan.", "answer": 3, "answer_label": "Stämmer"},
            {"id": "p2", "text": "Planen är känd.", "answer": 3, "answer_label": "Stämmer"},
        ],
        [
            {"id": "s1", "text": "Vi samverkar.", "answer": 1, "answer_label": "Stämmer inte"},
            {
                "id": "s2",
                "text": "Det är oklart vem som ansvarar.",
                "answer": "dont_know",
                "answer_label": "Vet inte",
            },
        ],
    ]
    fetched = prov_client.get(f"/api/v1/responses/{body['id']}")
    assert fetched.content == created.content
    assert fetched.json() == body


def test_result_body_level_is_null_when_nothing_was_answered(prov_client: TestClient) -> None:
    answers = dict.fromkeys(("p1", "p2", "s1", "s2"), "dont_know")
    created = prov_client.post(
        "/api/v1/responses", json={"questionnaire": "prov", "answers": answers}
    )
    body = created.json()
    assert (body["overall"], body["level"]) == (None, None)
    assert all(s["answer_label"] == "Vet inte" for a in body["areas"] for s in a["statements"])
    assert prov_client.get(f"/api/v1/responses/{body['id']}").content == created.content


@pytest.fixture
def activities_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    """An app serving ACTIVITIES_YAML: MINIMAL_YAML with example activities per area."""
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "prov.yaml").write_text(ACTIVITIES_YAML)
    with TestClient(
        create_app(replace(settings, questionnaires_dir=folder)), follow_redirects=False
    ) as client:
        yield client


def test_result_body_gives_the_activities_of_weak_areas_in_201_and_get_alike(
    activities_client: TestClient,
) -> None:
    # plan: 100 × (1·1 + 3·1) / 4 = 100 → high, not weak; samverkan: s1 = 1 → 0, s2 = 3
    # reversed → 0: 0 → low, weak. Only samverkan's activity is given.
    answers = {"p1": 3, "p2": 3, "s1": 1, "s2": 3}
    created = activities_client.post(
        "/api/v1/responses", json={"questionnaire": "prov", "answers": answers}
    )
    assert created.status_code == 201
    body = created.json()
    assert [(a["id"], a["weak"], a["activities"]) for a in body["areas"]] == [
        ("plan", False, []),
        ("samverkan", True, [{"id": "boka-mote", "text": "Boka ett möte."}]),
    ]
    fetched = activities_client.get(f"/api/v1/responses/{body['id']}")
    assert fetched.content == created.content
    # The questionnaire's definition carries them too, with the YAML's structure.
    definition = activities_client.get("/api/v1/questionnaires/prov").json()
    assert [a.get("activities") for a in definition["areas"]] == [
        [
            {"id": "skriv-plan", "text": "Skriv en plan."},
            {"id": "visa-plan", "text": "Visa planen för personalen."},
        ],
        [{"id": "boka-mote", "text": "Boka ett möte."}],
    ]


def test_shipped_results_give_activities_exactly_for_the_weak_areas(
    client: TestClient, rektor: Questionnaire
) -> None:
    body = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 1)}
    ).json()
    assert body["weak_areas"] == [a.id for a in rektor.areas]  # all 0: every area is weak
    for area, shipped in zip(body["areas"], rektor.areas, strict=True):
        assert area["activities"] == [{"id": a.id, "text": a.text} for a in shipped.activities]
        assert 2 <= len(area["activities"]) <= 4
    body = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 4)}
    ).json()
    assert body["weak_areas"] == []
    assert all(area["activities"] == [] for area in body["areas"])


def test_openapi_documents_the_activities(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    area = schemas["AreaResultOut"]
    assert "activities" in area["required"]
    assert area["properties"]["activities"]["items"] == {"$ref": "#/components/schemas/ActivityOut"}
    assert set(schemas["ActivityOut"]["properties"]) == {"id", "text"}
