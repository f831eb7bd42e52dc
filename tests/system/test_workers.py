"""Several processes on one database agree, and `koll serve` treats the two databases right.

The processes keep only content-addressed or immutable things in memory (see
docs/architecture.md), so a result made through one is the same through any other.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import inspect

from app.core.questionnaires import Questionnaire
from app.platform.db import make_engine
from tests.support import all_answers
from tests.system.support import KOLL, Server, random_answers, serving


def result_views(base_url: str, result_id: str) -> dict[str, bytes]:
    """What every process must agree on, with its own address taken out."""
    views = {}
    with httpx2.Client(base_url=base_url) as client:
        for path in (
            f"/api/v1/responses/{result_id}",
            f"/results/{result_id}",
            f"/results/{result_id}/chart.svg",
            f"/results/{result_id}/chart.png",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            views[path] = response.content.replace(base_url.encode(), b"BASE")
    return views


def test_a_result_made_through_one_process_is_the_same_through_another(
    database_url: str, rektor: Questionnaire, tmp_path: Path
) -> None:
    rng = random.Random(7)
    with serving(database_url, tmp_path) as first, serving(database_url, tmp_path) as second:
        made = []
        with httpx2.Client(base_url=first.base_url) as client:
            for _ in range(3):
                body = {"questionnaire": "rektor", "answers": random_answers(rektor, rng)}
                made.append(client.post("/api/v1/responses", json=body).json()["id"])
        with httpx2.Client(base_url=second.base_url) as client:
            for _ in range(3):
                form = {k: str(v) for k, v in random_answers(rektor, rng).items()}
                posted = client.post("/check/rektor", data=form)
                assert posted.status_code == 303
                made.append(posted.headers["location"].rsplit("/", 1)[-1])
        for result_id in made:
            # Read each through the other process first, then through its maker (cached).
            assert result_views(second.base_url, result_id) == result_views(
                first.base_url, result_id
            )
            assert result_views(first.base_url, result_id) == result_views(
                second.base_url, result_id
            )


def test_workers_share_the_work_and_log_one_json_line_per_request(
    database_url: str, rektor: Questionnaire, tmp_path: Path
) -> None:
    with serving(database_url, tmp_path, workers=2) as server:
        workers = server.worker_pids()
        assert len(workers) == 2
        made: list[str] = []
        requests = 0
        body = {"questionnaire": "rektor", "answers": all_answers(rektor, 2)}
        # A new connection for every request, so the kernel hands them to either worker.
        for _ in range(10):
            created = httpx2.post(f"{server.base_url}/api/v1/responses", json=body)
            assert created.status_code == 201
            made.append(created.json()["id"])
            requests += 1
        for result_id in made:
            pages = set()
            for _ in range(4):
                page = httpx2.get(f"{server.base_url}/results/{result_id}")
                assert page.status_code == 200
                pages.add(page.content)
                requests += 1
            assert len(pages) == 1
        # A worker writes its line just after the answer is out: stop gently, so that every
        # line is written before the log is read (leaving the block would SIGKILL the rest).
        server.signal(signal.SIGTERM)
        server.wait()
    served = [e for e in server.access_entries() if e["path"] != "/readyz"]
    assert len(served) == requests  # exactly one line per request: uvicorn's own is off
    assert {e["pid"] for e in served} == workers  # both workers answered
    assert not any(result_id in server.log() for result_id in made)


def test_serve_upgrades_an_embedded_sqlite_database_itself(
    rektor: Questionnaire, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'koll.sqlite3'}"
    with serving(url, tmp_path) as server:
        body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
        created = httpx2.post(f"{server.base_url}/api/v1/responses", json=body)
        assert created.status_code == 201
        assert "server" not in created.headers  # which software answers is not told
        # A forwarded address is not believed without KOLL_TRUST_PROXY, even from loopback.
        spoofed = httpx2.get(
            f"{server.base_url}/api/v1/responses/{created.json()['id']}",
            headers={"X-Forwarded-Proto": "https"},
        )
        assert spoofed.json()["links"]["self"].startswith("http://127.0.0.1:")


@pytest.mark.postgresql
def test_serve_leaves_the_postgresql_schema_to_the_operator(
    postgresql_database: str, rektor: Questionnaire, tmp_path: Path
) -> None:
    engine = make_engine(postgresql_database)
    try:
        with engine.begin() as connection:
            for table in inspect(connection).get_table_names():
                connection.exec_driver_sql(f'DROP TABLE "{table}" CASCADE')
        environment = {**os.environ, "KOLL_DATABASE_URL": postgresql_database}
        server = Server(postgresql_database, tmp_path)
        try:
            server.wait_ready()  # reachable, so ready; the schema is the operator's business
            assert inspect(engine).get_table_names() == []
            assert "run `koll db upgrade`" in server.log()
            upgrade = subprocess.run(
                [KOLL, "db", "upgrade"], env=environment, capture_output=True, text=True
            )
            assert upgrade.returncode == 0, upgrade.stderr
            body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
            created = httpx2.post(f"{server.base_url}/api/v1/responses", json=body)
            assert created.status_code == 201  # the running service uses the new schema
        finally:
            server.kill_all()
    finally:
        engine.dispose()
