"""Benchmark: what the pieces of one self-check submission cost in the process, without HTTP.

The figures behind docs/deploy.md's "Where a submission's time goes": for each piece, the
median over seven rounds of its time per call, in µs, on a new migrated SQLite database with
the same random answers bench/selfcheck.py posts:

* the event loop's part: checking the answers, scoring, the result's JSON body as sent (each
  area's part encoded once for the same answers, `result_body`), its four links, and one pass
  of route matching for the submission and for /healthz;
* the writer thread's part (CPU time of the thread, and wall time): a one-row write
  transaction through the pool (`Database.transaction`) and on the kept connection the group
  committer uses on SQLite (`KeptConnection`), and a batch of 16 rows on the latter, inserted
  in one driver call at its end (app.platform.batched_inserts).

A measurement, not a test: it prints figures and has no targets.
Run: .venv/bin/python bench/submission_parts.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from selfcheck import QUESTIONNAIRE, random_answers
from starlette.requests import Request
from starlette.routing import Match
from throwaway import ROOT

from app.core.answers import validate_answers
from app.core.questionnaires import QuestionnaireVersion
from app.core.score_codec import scores_to_json
from app.core.scoring import score
from app.main import create_app
from app.platform import migrate
from app.platform.db import Database, WriterQueue, write_engine
from app.platform.definitions import ensure_definition
from app.platform.kept_connection import KeptConnection
from app.platform.settings import Settings
from app.platform.tables import utc_now
from app.selfcheck import queries
from app.selfcheck.schemas import result_body, result_links
from app.selfcheck.service import Submitted

ROUNDS = 7


def per_call(job: Callable[[], object], calls: int, clock: Callable[[], float]) -> float:
    """Median µs per call over ROUNDS rounds of `calls` calls, after one round of warming."""
    for _ in range(calls):
        job()
    rounds = []
    for _ in range(ROUNDS):
        start = clock()
        for _ in range(calls):
            job()
        rounds.append((clock() - start) / calls * 1e6)
    return statistics.median(rounds)


def scope_for(app: Any, method: str, path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "server": ("127.0.0.1", 8000),
        "app": app,
    }


def matching_pass(app: Any, method: str, path: str) -> Callable[[], object]:
    """One pass over the app's routes until the one that answers, as the router makes it."""

    def match() -> object:
        scope = scope_for(app, method, path)
        for route in app.router.routes:
            found, _ = route.matches(scope)
            if found == Match.FULL:
                return route
        raise LookupError(path)

    return match


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="koll-bench-") as tmp:
        settings = replace(
            Settings.from_env(),
            database_url=f"sqlite:///{Path(tmp) / 'koll.sqlite3'}",
            secret_key_file=Path(tmp) / "secret.key",
            questionnaires_dir=ROOT / "questionnaires",
            catalogues_dir=ROOT / "catalogues",
        )
        migrate.upgrade(settings)
        app = create_app(settings)
        version = app.state.koll.catalog.current(QUESTIONNAIRE)
        ids = [statement.id for statement in version.questionnaire.statements]
        raw = random_answers(ids, random.Random(7))
        answers, problems = validate_answers(version.questionnaire, raw)
        if problems:
            raise ValueError(f"the random answers are invalid: {problems}")
        try:
            loop_part(app, version, raw, answers)
            writer_part(app.state.koll.db, version, answers)
        finally:
            app.state.koll.db.close()
    return 0


def loop_part(
    app: Any, version: QuestionnaireVersion, raw: dict[str, int | str], answers: dict[str, Any]
) -> None:
    questionnaire = version.questionnaire
    scores = score(questionnaire, answers)
    submitted = Submitted("x" * 22, utc_now(), questionnaire, scores, answers)
    request = Request(scope_for(app, "POST", "/api/v1/responses"))
    links = result_links(request, submitted.id)
    body = result_body(submitted, links)
    pieces: list[tuple[str, Callable[[], object]]] = [
        ("check the answers", lambda: validate_answers(questionnaire, raw)),
        ("score", lambda: score(questionnaire, answers)),
        (f"result body, encoded ({len(body):,} bytes)", lambda: result_body(submitted, links)),
        ("its four links", lambda: result_links(request, submitted.id)),
        ("route match, POST /api/v1/responses", matching_pass(app, "POST", "/api/v1/responses")),
        ("route match, GET /healthz", matching_pass(app, "GET", "/healthz")),
    ]
    print("event loop, per call (µs)")
    for label, job in pieces:
        print(f"  {label:<40} {per_call(job, 2000, time.perf_counter):8.1f}", flush=True)


def writer_part(database: Database, version: QuestionnaireVersion, answers: dict[str, Any]) -> None:
    with database.transaction(write=True) as session:
        ensure_definition(session, version)
    stored_scores = scores_to_json(score(version.questionnaire, answers))

    def row() -> Any:
        result_id = queries.new_result_id()
        return queries.response_parameters(
            database.engine.dialect, result_id, utc_now(), version, answers, stored_scores
        )

    def through_pool() -> None:
        with database.transaction(write=True) as session:
            queries.add_response(session, row())

    lock = WriterQueue(database.engine.url.database)
    kept = KeptConnection(write_engine(database.engine), lock)

    def on_kept(rows: int) -> Callable[[], None]:
        def write() -> None:
            with kept.transaction() as session:
                for _ in range(rows):
                    queries.add_response(session, row())

        return write

    print("writer thread, per transaction (µs): thread CPU, wall")
    writes = [
        ("one row, through the pool", through_pool),
        ("one row, on the kept connection", on_kept(1)),
        ("16 rows, on the kept connection", on_kept(16)),
    ]
    try:
        for label, job in writes:
            cpu = per_call(job, 200, time.thread_time)
            wall = per_call(job, 200, time.perf_counter)
            print(f"  {label:<40} {cpu:8.0f} {wall:8.0f}", flush=True)
    finally:
        kept.close()
        lock.close()


if __name__ == "__main__":
    sys.exit(main())
