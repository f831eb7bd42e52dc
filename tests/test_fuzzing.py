"""Schema-driven fuzzing: requests generated from the app's own OpenAPI document, on both
databases, with and without an authority's token. No answer is a server error, and every
answer (status, headers, body) is one the document promises."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from app.main import create_app
from app.platform.settings import Settings
from tests.support import new_authority

# Bounded so the whole module adds well under a minute to `make test`.
EXAMPLES = 25


def fuzz(app: FastAPI, headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def call(case: schemathesis.Case) -> None:
            # A generated key may come again with another body, which is rightly 422
            # (tests/*/test_idempotency.py test the header itself).
            if case.headers:
                case.headers.pop("Idempotency-Key", None)
            case.call_and_validate(headers=headers)

        call()


@pytest.fixture
def unlimited_app(settings: Settings) -> Iterator[FastAPI]:
    """The limit on failed lookups would soon answer every guess 429 (documented, and
    tested in tests/platform/test_ratelimit.py): lifted here, so the fuzzer reaches the routes."""
    app = create_app(replace(settings, failure_limit=1_000_000))
    yield app
    app.state.koll.db.close()


@pytest.mark.parametrize("with_token", [False, True], ids=["without-token", "with-token"])
def test_the_api_keeps_to_its_openapi_document(unlimited_app: FastAPI, with_token: bool) -> None:
    headers = new_authority(unlimited_app, "Fuzzkommunen").headers if with_token else {}
    fuzz(unlimited_app, headers)
