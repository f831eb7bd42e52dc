"""The site's address in links: each request's own, however many hosts were seen before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.settings import Settings
from app.platform.urls import MAX_BASE_URLS, base_url
from tests.support import all_answers


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.koll.db.close()


def request_to(
    app: FastAPI, host: str | None, scheme: str = "http", root_path: str = ""
) -> Request:
    headers = [(b"host", host.encode())] if host is not None else []
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "path": "/",
        "root_path": root_path,
        "query_string": b"",
        "headers": headers,
        "server": ("10.0.0.1", 8000),
        "app": app,
    }
    return Request(scope)


def test_each_request_gets_the_address_it_was_sent_to(app: FastAPI) -> None:
    cases = [
        (("a.example", "http", ""), "http://a.example"),
        (("b.example:8080", "http", ""), "http://b.example:8080"),
        (("a.example", "https", ""), "https://a.example"),
        (("a.example", "http", "/koll"), "http://a.example/koll"),
        ((None, "http", ""), "http://10.0.0.1:8000"),
    ]
    for _ in range(2):  # the second time, from what was remembered the first
        for (host, scheme, root_path), expected in cases:
            assert base_url(request_to(app, host, scheme, root_path)) == expected


def test_what_is_remembered_is_bounded_and_stays_right(app: FastAPI) -> None:
    for n in range(MAX_BASE_URLS * 3):
        assert base_url(request_to(app, f"h{n}.example")) == f"http://h{n}.example"
        assert len(app.state.base_urls) <= MAX_BASE_URLS


def test_a_submissions_links_follow_its_host(app: FastAPI, rektor: Questionnaire) -> None:
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    with TestClient(app) as client:
        for host in ("first.example", "second.example:8443", "first.example"):
            created = client.post("/api/v1/responses", json=body, headers={"Host": host})
            assert created.status_code == 201
            links = created.json()["links"]
            assert all(link.startswith(f"http://{host}/") for link in links.values())
            assert created.headers["location"] == links["self"]
