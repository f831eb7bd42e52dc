"""Benchmark: the comparison call of an authority with 200 schools, in a full database.

Seeds an SQLite database (through the real migrations) with 300 authorities and 6,000 schools,
5 rounds per authority and a response from most schools in each round (some twice), then starts
`koll serve` with one worker and times GET /api/v1/rounds/{id}/comparison for the authority with
200 schools, one request at a time; then the same comparison as the web view's page
(GET /authority/rounds/{id}/comparison), signed in as one of the authority's users. Prints the
median and p95 of each; the target is p95 under 50 ms for both.

Run: .venv/bin/python bench/comparison.py [--requests 300] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import insert

from app.authorities import accounts, users
from app.authorities.models import Authority, Invitation, School, SurveyRound
from app.authorities.passwords import hash_password
from app.core.questionnaires import Catalog, QuestionnaireVersion
from app.core.score_codec import scores_to_json
from app.core.scoring import score
from app.platform import migrate
from app.platform.db import make_engine, transaction
from app.platform.definitions import QuestionnaireDefinition
from app.platform.settings import PROJECT_ROOT, Settings
from app.selfcheck.models import Response

AUTHORITIES = 300
SCHOOLS = 6000
BIG = 200
ROUNDS = 5
TARGET_P95_MS = 50.0


def seed(database_url: str, version: QuestionnaireVersion) -> tuple[str, str]:
    """Fill the database; return the big authority's token and its newest round id."""
    rng = random.Random(2027)
    questionnaire = version.questionnaire
    options = [o.value for o in questionnaire.scale.options] + ["dont_know"]
    answer_pool = [
        {s.id: rng.choice(options) for s in questionnaire.statements} for _ in range(300)
    ]
    scored = [scores_to_json(score(questionnaire, answers)) for answers in answer_pool]
    sizes = [BIG, *_spread(SCHOOLS - BIG, AUTHORITIES - 1)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows: dict[str, list[dict[str, Any]]] = {"a": [], "s": [], "r": [], "i": [], "x": []}
    tokens = []
    for a, size in enumerate(sizes):
        token = accounts.new_secret()
        tokens.append(token)
        authority_id = f"a{a}"
        rows["a"].append(
            {
                "id": authority_id,
                "name": f"Kommun {a}",
                "token_hash": accounts.hash_token(token),
                "created_at": start,
            }
        )
        school_ids = [f"a{a}s{s}" for s in range(size)]
        rows["s"] += [
            {
                "id": sid,
                "authority_id": authority_id,
                "name": f"Skola {sid}",
                "school_unit_code": f"{a:04d}{s:04d}",
                "created_at": start,
            }
            for s, sid in enumerate(school_ids)
        ]
        for r in range(ROUNDS):
            round_id = f"a{a}r{r}"
            created = start + timedelta(days=30 * r)
            rows["r"].append(
                {
                    "id": round_id,
                    "authority_id": authority_id,
                    "name": f"Omgång {r}",
                    "questionnaire_id": questionnaire.id,
                    "questionnaire_version": questionnaire.version,
                    "audience": questionnaire.audience,
                    "definition_hash": version.hash,
                    "created_at": created,
                }
            )
            for sid in school_ids:
                invitation_id = f"{round_id}{sid}"
                rows["i"].append(
                    {
                        "id": invitation_id,
                        "round_id": round_id,
                        "school_id": sid,
                        "created_at": created,
                    }
                )
                for attempt in range(_attempts(rng)):
                    pick = rng.randrange(len(answer_pool))
                    rows["x"].append(
                        {
                            "id": accounts.new_secret()[:22],
                            "questionnaire_id": questionnaire.id,
                            "questionnaire_version": questionnaire.version,
                            "definition_hash": version.hash,
                            "created_at": created
                            + timedelta(days=1 + attempt, seconds=rng.randrange(3600)),
                            "answers": answer_pool[pick],
                            "scores": scored[pick],
                            "invitation_id": invitation_id,
                        }
                    )
    engine = make_engine(database_url)
    try:
        with transaction(engine, write=True) as session:
            session.execute(
                insert(QuestionnaireDefinition),
                [
                    {
                        "hash": version.hash,
                        "questionnaire_id": questionnaire.id,
                        "version": questionnaire.version,
                        "definition": questionnaire.model_dump(mode="json"),
                        "created_at": start,
                    }
                ],
            )
            for model, key in (
                (Authority, "a"),
                (School, "s"),
                (SurveyRound, "r"),
                (Invitation, "i"),
                (Response, "x"),
            ):
                session.execute(insert(model), rows[key])
    finally:
        engine.dispose()
    counts = {k: len(v) for k, v in rows.items()}
    print(
        f"seeded: {counts['a']} authorities, {counts['s']} schools, {counts['r']} rounds, "
        f"{counts['i']} invitations, {counts['x']} responses"
    )
    return tokens[0], f"a0r{ROUNDS - 1}"


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _attempts(rng: random.Random) -> int:
    """Most schools answer once, some not at all, some twice."""
    roll = rng.random()
    return 0 if roll < 0.1 else 2 if roll > 0.9 else 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KOLL_DATABASE_URL": database_url}
    koll = Path(sys.executable).with_name("koll")
    process = subprocess.Popen(
        [str(koll), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx2.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


BENCH_EMAIL = "bench@example.se"
BENCH_PASSWORD = "a password for the benchmark"


def add_page_user(database_url: str) -> None:
    """A user of the big authority, with a password, to sign in to the web view."""
    engine = make_engine(database_url)
    try:
        with transaction(engine, write=True) as session:
            user, _link = users.add_user(session, "a0", BENCH_EMAIL, datetime.now(UTC))
            user.password_hash = hash_password(BENCH_PASSWORD)
    finally:
        engine.dispose()


def measure_page(port: int, round_id: str, requests: int) -> list[float]:
    """The comparison page, signed in through the sign-in form as a browser is."""
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/authority/rounds/{round_id}/comparison"
    timings = []
    with httpx2.Client() as client:
        form = client.get(f"{base}/authority/login").text
        csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        signed_in = client.post(
            f"{base}/authority/login",
            data={"csrf": csrf, "email": BENCH_EMAIL, "password": BENCH_PASSWORD},
        )
        assert signed_in.status_code == 303, signed_in.status_code
        page = client.get(url)
        assert page.status_code == 200 and page.text.count('<th scope="row"><a href') == BIG
        for _ in range(20):  # warm-up
            client.get(url)
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def report(what: str, timings: list[float], requests: int) -> None:
    p95 = statistics.quantiles(timings, n=100)[94]
    median = statistics.median(timings)
    verdict = "PASS" if p95 < TARGET_P95_MS else "FAIL"
    print(f"{what}, {BIG} schools, {requests} sequential requests over HTTP:")
    print(
        f"  median {median:.1f} ms, p95 {p95:.1f} ms "
        f"(target p95 < {TARGET_P95_MS:.0f} ms): {verdict}"
    )


def measure(port: int, token: str, round_id: str, requests: int) -> list[float]:
    url = f"http://127.0.0.1:{port}/api/v1/rounds/{round_id}/comparison"
    timings = []
    with httpx2.Client(headers={"Authorization": f"Bearer {token}"}) as client:
        body = client.get(url).json()
        assert len(body["schools"]) == BIG, len(body["schools"])
        for _ in range(20):  # warm-up
            client.get(url)
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the seeded database")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    folder = Path(tempfile.mkdtemp(prefix="koll-bench-"))
    database_url = f"sqlite:///{folder / 'koll.sqlite3'}"
    try:
        migrate.upgrade(Settings(database_url=database_url))
        version = Catalog.load(PROJECT_ROOT / "questionnaires").current("rektor")
        assert version is not None
        started = time.perf_counter()
        token, round_id = seed(database_url, version)
        print(f"seeding took {time.perf_counter() - started:.1f} s")
        add_page_user(database_url)
        port = free_port()
        server = serve(database_url, port)
        try:
            timings = measure(port, token, round_id, args.requests)
            page_timings = measure_page(port, round_id, args.requests)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=15)
        report("GET comparison", timings, args.requests)
        report("GET comparison page (web view, signed in)", page_timings, args.requests)
    finally:
        if args.keep:
            print(f"database kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
