"""Failed lookups of secrets, limited per client: 429 with Retry-After past the limit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.main import create_app
from app.platform.ratelimit import WINDOW_SECONDS, FailureLimiter
from app.platform.settings import Settings
from tests.support import new_authority

LIMIT = 3


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@given(st.lists(st.floats(min_value=0, max_value=200), max_size=30), st.integers(1, 5))
def test_a_client_is_refused_exactly_while_its_window_holds_the_limit(
    gaps: list[float], limit: int
) -> None:
    clock = Clock()
    limiter = FailureLimiter(limit, clock)
    times: list[float] = []
    for gap in gaps:
        clock.now += gap
        recent = [t for t in times if t > clock.now - WINDOW_SECONDS]
        retry = limiter.retry_after("203.0.113.7")
        if len(recent) >= limit:
            # The oracle: blocked until the oldest failure still counted leaves the window.
            assert retry is not None
            assert retry >= recent[-limit] + WINDOW_SECONDS - clock.now
        else:
            assert retry is None
            limiter.failed("203.0.113.7")
            times.append(clock.now)
    assert limiter.retry_after("198.51.100.1") is None  # another client is not affected


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    app = create_app(replace(settings, failure_limit=LIMIT))
    with TestClient(app, follow_redirects=False) as client:
        yield client
    app.state.koll.db.close()


def test_bogus_tokens_are_refused_with_429_past_the_limit(limited: TestClient) -> None:
    real = new_authority(limited.app, "Kommunen")  # type: ignore[arg-type]
    bogus = {"Authorization": "Bearer gissning"}
    assert [limited.get("/api/v1/schools", headers=bogus).status_code for _ in range(LIMIT)] == [
        401
    ] * LIMIT
    refused = limited.get("/api/v1/schools", headers=real.headers)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["code"] == "too_many_requests"


@pytest.mark.parametrize("path", ["/i/gissning", "/results/gissning", "/api/v1/responses/x"])
def test_guessed_links_are_refused_with_429_past_the_limit(limited: TestClient, path: str) -> None:
    assert [limited.get(path).status_code for _ in range(LIMIT)] == [404] * LIMIT
    refused = limited.get(path)
    assert refused.status_code == 429
    assert "retry-after" in refused.headers
    if not path.startswith("/api/"):
        assert "För många misslyckade försök" in refused.text


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(settings: Settings) -> None:
    # The test client's address is "testclient": trusted as a proxy only when named.
    for trusted, expected in ((False, 429), (True, 404)):
        app = create_app(
            replace(
                settings, failure_limit=LIMIT, trust_proxy=trusted, trusted_proxies="testclient"
            )
        )
        with TestClient(app) as client:
            for number in range(LIMIT):
                forwarded = {"X-Forwarded-For": f"10.0.0.9, 192.0.2.{number}"}
                assert client.get("/i/gissning", headers=forwarded).status_code == 404
            last = client.get("/i/gissning", headers={"X-Forwarded-For": "192.0.2.99"})
            assert last.status_code == expected
        app.state.koll.db.close()
