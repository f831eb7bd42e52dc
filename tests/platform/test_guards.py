"""Refusals before any route: control characters in a path, hosts that are not the site."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.guards import has_control_character
from app.platform.settings import Settings
from tests.support import all_answers, new_authority

NUL_PATHS = [
    ("GET", "/api/v1/responses/%00"),
    ("GET", "/api/v1/responses/abc%00def"),
    ("GET", "/results/abc%00def"),
    ("GET", "/results/abc%00def/chart.svg"),
    ("GET", "/results/abc%00def/chart.png"),
    ("GET", "/i/abc%00def"),
    ("POST", "/i/x%00"),
    ("GET", "/api/v1/rounds/abc%00def"),
    ("GET", "/api/v1/schools/abc%00def/history"),
    ("GET", "/check/rektor%01"),
    ("GET", "/api/v1/questionnaires/rektor%7f"),
]


@pytest.mark.parametrize(("method", "path"), NUL_PATHS)
def test_a_control_character_in_a_path_is_404_before_any_query(
    client: TestClient, method: str, path: str
) -> None:
    account = new_authority(client.app, "Kommunen")  # type: ignore[arg-type]
    queries: list[str] = []
    engine = client.app.state.koll.engine  # type: ignore[attr-defined]

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        queries.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        answered = client.request(method, path, headers=account.headers)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert answered.status_code == 404
    assert queries == []
    if path.startswith("/api/"):
        assert answered.json()["code"] == "not_found"
    else:
        assert "text/html" in answered.headers["content-type"]


@pytest.fixture
def public_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(replace(settings, public_url="https://koll.example.se"))
    with TestClient(app, base_url="https://koll.example.se", follow_redirects=False) as client:
        yield client
    app.state.koll.db.close()


def test_links_use_the_public_url_and_other_hosts_are_refused(
    public_client: TestClient, rektor: Questionnaire
) -> None:
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    created = public_client.post("/api/v1/responses", json=body)
    assert created.status_code == 201
    assert created.json()["links"]["self"].startswith("https://koll.example.se/api/v1/responses/")
    assert created.headers["strict-transport-security"].startswith("max-age=")
    spoofed = public_client.post(
        "/api/v1/responses", json=body, headers={"Host": "angripare.example"}
    )
    assert spoofed.status_code == 400
    assert spoofed.json()["code"] == "bad_request"
    assert "strict-transport-security" in spoofed.headers


def test_without_a_public_url_no_host_is_refused_and_no_hsts_is_sent(client: TestClient) -> None:
    answered = client.get("/healthz", headers={"Host": "valfri.example"})
    assert answered.status_code == 200
    assert "strict-transport-security" not in answered.headers


def test_the_control_characters_are_unicodes_own() -> None:
    """The pattern against Unicode's own category, over every code point."""
    every = (chr(point) for point in range(0x110000) if not 0xD800 <= point <= 0xDFFF)
    for character in every:
        expected = unicodedata.category(character) == "Cc"
        assert has_control_character(f"/a{character}b") is expected, hex(ord(character))
