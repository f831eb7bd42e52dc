"""A database that does not answer: short 503s in Swedish or JSON, never a stack trace.

The process-level tests in tests/system/ stop and restart a real PostgreSQL server; these show
the answers themselves, quickly, against a port where nothing listens.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.settings import Settings
from tests.support import QUESTIONNAIRES, all_answers

# Port 9 (discard) on the loopback: connections are refused at once.
UNREACHABLE = "postgresql+psycopg://koll:koll@127.0.0.1:9/koll"
LEAKS = ("Traceback", "psycopg", "OperationalError", "sqlalchemy", "127.0.0.1")


@pytest.fixture
def down_client() -> Iterator[TestClient]:
    app = create_app(Settings(database_url=UNREACHABLE, questionnaires_dir=QUESTIONNAIRES))
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        yield client


def assert_short_503(text: str) -> None:
    assert "Tjänsten är tillfälligt otillgänglig" in text
    for leak in LEAKS:
        assert leak not in text


def test_api_answers_503_json(down_client: TestClient, rektor: Questionnaire) -> None:
    posted = down_client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    )
    fetched = down_client.get("/api/v1/responses/abcdefghijklmnopqrstuv")
    for response in (posted, fetched):
        assert response.status_code == 503
        assert response.json() == {
            "code": "unavailable",
            "message": "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.",
        }
        assert response.headers["retry-after"] == "5"
        assert_short_503(response.text)


def test_pages_answer_503_in_swedish(down_client: TestClient, rektor: Questionnaire) -> None:
    submitted = down_client.post("/check/rektor", data=all_answers(rektor, 3))
    result = down_client.get("/results/abcdefghijklmnopqrstuv")
    for response in (submitted, result):
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/html")
        assert '<html lang="sv"' in response.text
        assert_short_503(response.text)


def test_pages_that_need_no_database_still_work(down_client: TestClient) -> None:
    assert down_client.get("/").status_code == 200
    assert down_client.get("/check/rektor").status_code == 200


def test_readiness_fails_but_liveness_holds(down_client: TestClient) -> None:
    assert down_client.get("/healthz").status_code == 200
    ready = down_client.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": False, "questionnaires": True}


def test_the_log_names_the_error_type_only(
    down_client: TestClient, rektor: Questionnaire, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="koll")
    down_client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    )
    messages = [r.getMessage() for r in caplog.records if r.name == "koll"]
    assert messages == ["database unavailable: OperationalError"]
    assert all(r.exc_info is None for r in caplog.records)
