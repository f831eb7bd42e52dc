"""A real PostgreSQL server goes away and comes back under a running `koll serve`."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from app.core.questionnaires import Questionnaire
from tests.support import all_answers
from tests.system.support import (
    Burst,
    Cluster,
    assert_all_acknowledged_stored,
    assert_no_traceback,
    serving,
)

pytestmark = pytest.mark.postgresql
UNAVAILABLE = "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund."


def test_stopped_database_gives_503_and_the_service_recovers_by_itself(
    throwaway_cluster: Cluster, rektor: Questionnaire, tmp_path: Path
) -> None:
    url = throwaway_cluster.new_database()
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    with serving(url, tmp_path) as server, httpx2.Client(base_url=server.base_url) as client:
        assert client.post("/api/v1/responses", json=body).status_code == 201
        throwaway_cluster.stop()
        try:
            api = client.post("/api/v1/responses", json=body)
            assert api.status_code == 503
            assert api.json() == {"code": "unavailable", "message": UNAVAILABLE}
            page = client.post("/check/rektor", data=all_answers(rektor, 3))
            assert page.status_code == 503
            assert UNAVAILABLE in page.text and "Traceback" not in page.text
            assert client.get("/results/abcdefghijklmnopqrstuv").status_code == 503
            assert client.get("/readyz").status_code == 503
            assert client.get("/healthz").status_code == 200
        finally:
            throwaway_cluster.start()
        # No restart of koll: the first request after the database is back succeeds.
        assert client.get("/readyz").status_code == 200
        created = client.post("/api/v1/responses", json=body)
        assert created.status_code == 201
        assert client.get(f"/results/{created.json()['id']}").status_code == 200
    assert_no_traceback(server.log())


def test_restart_during_concurrent_submissions_loses_nothing_acknowledged(
    throwaway_cluster: Cluster, rektor: Questionnaire, tmp_path: Path
) -> None:
    url = throwaway_cluster.new_database()
    with serving(url, tmp_path, workers=2) as server:
        # Bounded by time, not by count: a fast machine's clients spent 400 attempts each,
        # 503s included, before the restart had returned.
        burst = Burst(server.base_url, rektor, clients=6, max_per_client=1_000_000).start()
        try:
            burst.wait_for(lambda b: len(b.acknowledged()) >= 20)
            throwaway_cluster.restart()
            before = len(burst.acknowledged())
            # The service comes back without help: acknowledgements resume.
            burst.wait_for(lambda b: len(b.acknowledged()) >= before + 20, timeout=60)
        finally:
            attempts = burst.stop()
    statuses = {a.status for a in attempts}
    assert statuses <= {201, 303, 503, None}, statuses  # a fault is a 503, never a 500
    assert_all_acknowledged_stored(url, attempts, rektor)
    assert_no_traceback(server.log())
