"""Process-level helpers: a real `koll serve` on a loopback port, bursts of concurrent
submissions against it, checks of what the database holds afterwards, and the throwaway
PostgreSQL cluster that the fault tests stop and start.

Every loop here is bounded in count and time, and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import select

from app.core.questionnaires import Questionnaire
from app.core.score_codec import scores_to_json
from app.core.scoring import score
from app.platform.db import make_engine, transaction
from app.selfcheck.models import Response
from tests.support import QUESTIONNAIRES

KOLL = str(Path(sys.executable).parent / "koll")
START_TIMEOUT = 60.0
STOP_TIMEOUT = 40.0
ACKNOWLEDGED = (201, 303)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """`koll serve` in its own process group, its log (stdout and stderr) in a file."""

    def __init__(self, database_url: str, directory: Path, workers: int = 1, **env: str) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = directory / f"koll-{self.port}.log"
        self.workers = workers
        environment = {
            **os.environ,
            "KOLL_DATABASE_URL": database_url,
            "KOLL_QUESTIONNAIRES_DIR": str(QUESTIONNAIRES),
            "KOLL_LOG_FORMAT": "json",
            **env,
        }
        command = [KOLL, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--workers", str(workers)],
                env=environment,
                cwd=directory,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own: killpg reaches workers
            )

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Until every worker has started and /readyz answers 200 (the database is reachable)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"koll serve exited early:\n{self.log()}")
            if self.log().count("Application startup complete") >= self.workers:
                try:
                    if httpx2.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                        return
                except httpx2.HTTPError:
                    pass
            time.sleep(0.1)
        raise AssertionError(f"koll serve not ready after {timeout} s:\n{self.log()}")

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def kill_all(self) -> None:
        """SIGKILL to the whole process group: supervisor and workers, as in a crash."""
        if self.process.poll() is None or self._group_alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)

    def _group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def wait(self, timeout: float = STOP_TIMEOUT) -> int:
        return self.process.wait(timeout=timeout)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_entries(self) -> list[dict[str, Any]]:
        """Every line of the log as JSON (raises if a line is not JSON)."""
        return [json.loads(line) for line in self.log().splitlines() if line.strip()]

    def access_entries(self) -> list[dict[str, Any]]:
        return [e for e in self.log_entries() if e["logger"] == "koll.access"]

    def worker_pids(self) -> set[int]:
        """The processes that serve: each says "Started server process" in the log."""
        return {
            e["pid"]
            for e in self.log_entries()
            if e["message"].startswith("Started server process")
        }


@contextmanager
def serving(database_url: str, directory: Path, workers: int = 1, **env: str) -> Iterator[Server]:
    """A ready server, always gone afterwards (killed if the test left it running)."""
    server = Server(database_url, directory, workers, **env)
    try:
        server.wait_ready()
        yield server
    finally:
        if server.process.poll() is None or server._group_alive():
            server.kill_all()


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, int | str]:
    values: list[int | str] = [option.value for option in questionnaire.scale.options]
    if questionnaire.scale.dont_know:
        values.append("dont_know")
    return {statement.id: rng.choice(values) for statement in questionnaire.statements}


@dataclass
class Attempt:
    kind: str  # "api" or "form"
    answers: dict[str, int | str]
    sent: float
    received: float | None = None
    status: int | None = None  # None: no answer (connection refused, reset, timed out)
    result_id: str | None = None


def submit_once(
    client: httpx2.Client, questionnaire: Questionnaire, kind: str, rng: random.Random
) -> Attempt:
    answers = random_answers(questionnaire, rng)
    attempt = Attempt(kind, answers, time.monotonic())
    try:
        if kind == "api":
            body = {"questionnaire": questionnaire.id, "answers": answers}
            response = client.post("/api/v1/responses", json=body)
        else:
            form = {key: str(value) for key, value in answers.items()}
            response = client.post(f"/check/{questionnaire.id}", data=form)
    except httpx2.HTTPError:
        attempt.received = time.monotonic()
        return attempt
    attempt.received = time.monotonic()
    attempt.status = response.status_code
    if response.status_code == 201:
        attempt.result_id = response.json()["id"]
    elif response.status_code == 303:
        attempt.result_id = response.headers["location"].rsplit("/", 1)[-1]
    return attempt


@dataclass
class Burst:
    """Clients submitting concurrently (API and form in turn) until told to stop."""

    base_url: str
    questionnaire: Questionnaire
    clients: int = 6
    max_seconds: float = 30.0
    max_per_client: int = 400
    attempts: list[Attempt] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Burst:
        deadline = time.monotonic() + self.max_seconds
        for number in range(self.clients):
            thread = threading.Thread(target=self._run, args=(number, deadline), daemon=True)
            self._threads.append(thread)
            thread.start()
        return self

    def _run(self, number: int, deadline: float) -> None:
        rng = random.Random(number)
        kinds = ("api", "form")
        with httpx2.Client(base_url=self.base_url, timeout=30, follow_redirects=False) as client:
            for count in range(self.max_per_client):
                if self._stop.is_set() or time.monotonic() > deadline:
                    return
                attempt = submit_once(client, self.questionnaire, kinds[count % 2], rng)
                with self._lock:
                    self.attempts.append(attempt)
                if attempt.status is None:
                    time.sleep(0.05)  # the server is away: do not spin

    def wait_for(self, predicate: Callable[[Burst], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"burst: condition not met in {timeout} s")
            time.sleep(0.02)

    def stop(self) -> list[Attempt]:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)
        with self._lock:
            return list(self.attempts)

    def acknowledged(self) -> list[Attempt]:
        with self._lock:
            return [a for a in self.attempts if a.status in ACKNOWLEDGED]


def stored_rows(database_url: str) -> dict[str, Response]:
    engine = make_engine(database_url)
    try:
        with transaction(engine) as session:
            return {row.id: row for row in session.execute(select(Response)).scalars()}
    finally:
        engine.dispose()


def assert_no_traceback(log: str) -> None:
    """No traceback in the server's log; when there is one, the failure shows it whole."""
    if "Traceback" in log:
        start = max(0, log.index("Traceback") - 2000)
        raise AssertionError("a traceback in the server's log:\n" + log[start : start + 8000])


def assert_all_acknowledged_stored(
    database_url: str, attempts: list[Attempt], questionnaire: Questionnaire
) -> dict[str, Response]:
    """Every 201/303 is in the database with its answers, and no row is half-stored: each
    holds a full set of answers and the scores those answers give."""
    rows = stored_rows(database_url)
    acknowledged = [a for a in attempts if a.status in ACKNOWLEDGED]
    missing = [a.result_id for a in acknowledged if a.result_id not in rows]
    assert missing == [], f"{len(missing)} acknowledged submissions are not stored"
    for attempt in acknowledged:
        assert attempt.result_id is not None
        assert rows[attempt.result_id].answers == attempt.answers
    statement_ids = {s.id for s in questionnaire.statements}
    for row in rows.values():
        assert set(row.answers) == statement_ids, f"{row.id} is half-stored"
        assert row.scores == json.loads(
            json.dumps(scores_to_json(score(questionnaire, row.answers)))
        ), f"{row.id} has scores that are not its answers'"
    return rows


# The throwaway PostgreSQL cluster (the `throwaway_cluster` fixture in conftest.py) ---------

ROLE = "koll"
PASSWORD = "koll"


class Cluster:
    def __init__(self, version: str, name: str, port: int) -> None:
        self.version = version
        self.name = name
        self.port = port
        self._databases = 0

    def ctl(self, action: str) -> None:
        run(["pg_ctlcluster", "--mode", "fast", self.version, self.name, action])

    def stop(self) -> None:
        self.ctl("stop")

    def start(self) -> None:
        self.ctl("start")

    def restart(self) -> None:
        self.ctl("restart")

    def psql(self, statement: str) -> None:
        run(["su", "postgres", "-c", f'psql --quiet --port {self.port} -c "{statement}"'])

    def new_database(self) -> str:
        """A new database, migrated as an operator would: `koll db upgrade`."""
        self._databases += 1
        name = f"koll_{self._databases}"
        self.psql(f"CREATE DATABASE {name} OWNER {ROLE}")
        url = f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{name}"
        upgrade = subprocess.run(
            [KOLL, "db", "upgrade"],
            env={**os.environ, "KOLL_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert upgrade.returncode == 0, upgrade.stderr
        return url


def run(command: list[str]) -> None:
    # cwd=/: the postgres user may not be allowed into the test's folder.
    subprocess.run(command, check=True, cwd="/", capture_output=True, timeout=120)
