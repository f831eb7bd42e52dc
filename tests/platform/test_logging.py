"""The access log: one line per request, the path template only, text or JSON, nothing secret."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.logs import ACCESS_LOGGER, JsonFormatter, TextFormatter, log_config
from app.platform.settings import Settings
from tests.support import all_answers

SECRET_ANSWER = "hemligt-svar-4711"
SECRET_TOKEN = "hemlig-token-0815"


@pytest.fixture
def sqlite_client(sqlite_settings: Settings) -> Iterator[TestClient]:
    """Logging does not depend on the database: SQLite only."""
    app = create_app(sqlite_settings)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == ACCESS_LOGGER]


def every_line(caplog: pytest.LogCaptureFixture) -> str:
    """All records as both formatters write them."""
    formatters = (TextFormatter(), JsonFormatter())
    return "\n".join(f.format(r) for r in caplog.records for f in formatters)


def test_one_line_per_request_with_the_path_template(
    sqlite_client: TestClient, rektor: Questionnaire, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="koll")
    created = sqlite_client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    )
    result_id = created.json()["id"]
    sqlite_client.get(f"/results/{result_id}")
    sqlite_client.get(f"/api/v1/responses/{result_id}?token={SECRET_TOKEN}")
    sqlite_client.get("/static/koll.css")
    sqlite_client.get("/finns/inte")

    records = access_records(caplog)
    assert [(r.method, r.path, r.status) for r in records] == [  # type: ignore[attr-defined]
        ("POST", "/api/v1/responses", 201),
        ("GET", "/results/{result_id}", 200),
        ("GET", "/api/v1/responses/{result_id}", 200),
        ("GET", "/static/{path}", 200),
        ("GET", "<unmatched>", 404),
    ]
    assert all(r.duration_ms >= 0 for r in records)  # type: ignore[attr-defined]
    text = TextFormatter().format(records[1])
    assert text.endswith("INFO koll.access: GET /results/{result_id} 200 " + text.split()[-1])
    assert result_id not in every_line(caplog)
    assert SECRET_TOKEN not in every_line(caplog)


def test_answers_never_reach_the_log(
    sqlite_client: TestClient, rektor: Questionnaire, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="koll")
    answers: dict[str, object] = dict(all_answers(rektor, 3))
    answers[rektor.statements[0].id] = SECRET_ANSWER  # invalid: echoed in the 422 body only
    response = sqlite_client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": answers}
    )
    assert response.status_code == 422
    form = {s.id: SECRET_ANSWER for s in rektor.statements}
    assert sqlite_client.post("/check/rektor", data=form).status_code == 422
    assert len(access_records(caplog)) == 2
    assert SECRET_ANSWER not in every_line(caplog)


def test_json_lines_carry_the_fields(
    sqlite_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="koll")
    sqlite_client.get("/healthz")
    (record,) = access_records(caplog)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "info"
    assert entry["logger"] == ACCESS_LOGGER
    assert isinstance(entry["pid"], int)
    assert entry["time"].endswith("Z")
    assert {k: entry[k] for k in ("method", "path", "status")} == {
        "method": "GET",
        "path": "/healthz",
        "status": 200,
    }
    assert isinstance(entry["duration_ms"], float)


def test_an_unexpected_error_is_logged_as_500(
    sqlite_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(sqlite_settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    caplog.set_level(logging.INFO, logger="koll")
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "RuntimeError" not in response.text
    assert [(r.path, r.status) for r in access_records(caplog)] == [("/boom", 500)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_log_config_is_valid_for_dictconfig(log_format: str) -> None:
    config = log_config("json" if log_format == "json" else "text")
    formatter = config["formatters"]["koll"]["()"]
    assert formatter in ("app.platform.logs.TextFormatter", "app.platform.logs.JsonFormatter")
    # uvicorn's own access log stays quiet: the middleware writes the only line.
    assert config["loggers"]["uvicorn.access"]["level"] == "WARNING"
