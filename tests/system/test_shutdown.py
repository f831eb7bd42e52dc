"""Stopping `koll serve` in the middle of a burst of submissions, gently and harshly.

Both tests run on SQLite and on PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx2
import pytest

from app.core.questionnaires import Questionnaire
from tests.system.support import (
    ACKNOWLEDGED,
    Burst,
    Server,
    assert_all_acknowledged_stored,
    assert_no_traceback,
    serving,
)


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_lets_requests_in_flight_finish(
    database_url: str, rektor: Questionnaire, tmp_path: Path, workers: int
) -> None:
    with serving(database_url, tmp_path, workers=workers) as server:
        burst = Burst(server.base_url, rektor, clients=8).start()
        try:
            burst.wait_for(lambda b: len(b.acknowledged()) >= 30)
            signalled = time.monotonic()
            server.signal(signal.SIGTERM)
            exit_code = server.wait()
        finally:
            attempts = burst.stop()
    # uvicorn re-raises the SIGTERM it handled once it is done, as the convention is; the
    # supervisor of several workers exits 0 after they have.
    assert exit_code in (0, -signal.SIGTERM), server.log()
    assert server.log().count("Finished server process") == workers
    assert {a.status for a in attempts} <= {*ACKNOWLEDGED, None}  # no error answers at all
    finished_after_sigterm = [
        a for a in attempts if a.status in ACKNOWLEDGED and a.sent < signalled < (a.received or 0)
    ]
    assert finished_after_sigterm, "no request was in flight at SIGTERM, or none finished"
    assert_all_acknowledged_stored(database_url, attempts, rektor)
    assert_no_traceback(server.log())


def test_sigkill_loses_nothing_acknowledged(
    database_url: str, rektor: Questionnaire, tmp_path: Path
) -> None:
    server = Server(database_url, tmp_path, workers=2)
    try:
        server.wait_ready()
        burst = Burst(server.base_url, rektor, clients=8).start()
        try:
            burst.wait_for(lambda b: len(b.acknowledged()) >= 30)
        finally:
            server.kill_all()  # supervisor and workers at once, mid-burst
            attempts = burst.stop()
    finally:
        server.kill_all()
    acknowledged = [a for a in attempts if a.status in ACKNOWLEDGED]
    assert len(acknowledged) >= 30
    assert_all_acknowledged_stored(database_url, attempts, rektor)
    with serving(database_url, tmp_path) as again, httpx2.Client(base_url=again.base_url) as client:
        for attempt in acknowledged:
            result = client.get(f"/api/v1/responses/{attempt.result_id}")
            assert result.status_code == 200
            assert result.json()["id"] == attempt.result_id
        page = client.get(f"/results/{acknowledged[-1].result_id}")
        assert page.status_code == 200
