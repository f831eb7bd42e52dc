"""The engine: SQLite tuned for a small server, PostgreSQL that survives dropped connections,
and error messages that never quote the values of a statement."""

from __future__ import annotations

import asyncio
import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from anyio import to_thread
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from app.core.questionnaires import Catalog, Questionnaire
from app.main import create_app
from app.platform.db import POOL_SIZE, Database, make_engine, transaction
from app.platform.settings import Settings
from app.platform.state import AppState
from app.selfcheck.models import Response
from app.selfcheck.service import submit
from tests.support import all_answers, on_a_loop_of_its_own

SECRET = "hemligt-varde-1234"


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(sqlite_settings.database_url)
    yield engine
    engine.dispose()


def count_responses(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(Response)).scalar_one()


def test_sqlite_is_tuned_for_a_small_server(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:

        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL: an acknowledged answer survives a power cut
        assert pragma("busy_timeout") == 30000
        assert pragma("foreign_keys") == 1


def test_no_sqlite_reader_waits_for_a_connection(sqlite_engine: Engine) -> None:
    """Every thread that reads at once (anyio's worker threads, the writer thread and the
    event loop, which reads too) gets a connection of the pool without waiting."""

    async def worker_threads() -> int:
        return int(to_thread.current_default_thread_limiter().total_tokens)

    at_once = on_a_loop_of_its_own(worker_threads) + 2
    held = [sqlite_engine.raw_connection() for _ in range(at_once)]  # none of them waits
    try:
        assert sqlite_engine.pool.checkedout() == at_once  # type: ignore[attr-defined]
    finally:
        for connection in held:
            connection.close()


def test_sqlite_write_transactions_queue_instead_of_failing(sqlite_settings: Settings) -> None:
    """Two processes (two engines) write at once: the second waits for the first's lock
    (BEGIN IMMEDIATE + busy timeout) and then succeeds; a reader is never blocked."""
    first, second = (
        make_engine(sqlite_settings.database_url),
        make_engine(sqlite_settings.database_url),
    )
    holding = threading.Event()
    waited: list[float] = []

    def hold_the_write_lock() -> None:
        with transaction(first, write=True) as session:
            session.execute(text("DELETE FROM responses"))
            holding.set()
            time.sleep(0.5)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with second.connect() as reader:  # readers are not blocked in WAL mode
            assert reader.exec_driver_sql("SELECT count(*) FROM responses").scalar() == 0
        started = time.perf_counter()
        with transaction(second, write=True) as session:
            session.execute(text("DELETE FROM responses"))
        waited.append(time.perf_counter() - started)
    finally:
        holder.join()
        first.dispose()
        second.dispose()
    assert waited[0] >= 0.3


def test_sqlite_writers_of_several_processes_take_turns_on_a_lock_file(
    sqlite_settings: Settings,
) -> None:
    """While one app writes, the lock file beside the database is held, so another process
    (its own open file: the lock is per open file) waits in the kernel for it instead of
    polling in SQLite's busy handler; it is free again after the commit."""
    database = Database(sqlite_settings.database_url)
    path = Path(f"{make_url(sqlite_settings.database_url).database}-writer")
    other_process = os.open(path, os.O_RDWR)
    try:
        with database.transaction(write=True) as session:
            session.execute(text("DELETE FROM responses"))
            with pytest.raises(BlockingIOError):
                fcntl.flock(other_process, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(other_process, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(other_process, fcntl.LOCK_UN)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.close(other_process)
        database.close()


def test_concurrent_writers_from_several_processes_never_fail(
    sqlite_settings: Settings, catalog: Catalog, rektor: Questionnaire
) -> None:
    """The benchmark's load in miniature: 3 apps (as 3 workers) x 4 event loops x 8 answers."""
    states = [create_app(sqlite_settings).state.koll for _ in range(3)]
    version = catalog.current("rektor")
    assert version is not None
    errors: list[BaseException] = []

    async def submit_eight(state: AppState) -> None:
        await asyncio.gather(*(submit(state, version, all_answers(rektor, 3)) for _ in range(8)))

    def submit_some(state: AppState) -> None:
        try:
            asyncio.run(submit_eight(state))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=submit_some, args=(s,)) for s in states for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        assert count_responses(states[0].engine) == 3 * 4 * 8
    finally:
        for state in states:
            state.db.close()


def test_error_messages_never_quote_values(engine: Engine) -> None:
    """Errors reach logs; the values of a statement are answers and tokens."""
    response = Response(
        id="x" * 22,
        questionnaire_id="rektor",
        questionnaire_version=1,
        definition_hash="finns-inte",  # no such definition: a foreign key violation
        answers={"s1": SECRET},
        scores={},
    )
    with pytest.raises(IntegrityError) as raised, transaction(engine, write=True) as session:
        session.add(response)
    assert SECRET not in str(raised.value)
    assert "hidden" in str(raised.value)


@pytest.mark.postgresql
def test_postgresql_replaces_connections_the_server_dropped(postgresql_database: str) -> None:
    """After a server restart or failover every pooled connection is dead; pre-ping finds out
    before a request uses one, so no request fails for it."""
    engine = make_engine(postgresql_database)
    try:
        assert count_responses(engine) == 0  # a connection now waits in the pool
        url = make_url(postgresql_database)
        with psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (url.database,),
            ).fetchone()
        assert ended is not None and ended[0] >= 1
        assert count_responses(engine) == 0  # no error: the dead connection was replaced
    finally:
        engine.dispose()


def test_a_new_sqlite_database_and_its_folder_are_the_owners_only(tmp_path: Path) -> None:
    database = tmp_path / "nytt" / "koll.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    try:
        with transaction(engine, write=True) as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
    finally:
        engine.dispose()
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    for made in database.parent.iterdir():  # the database and any -wal or -shm beside it
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made


def test_an_existing_world_readable_database_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "koll.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    make_engine(f"sqlite:///{database}").dispose()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_concurrent_submissions_share_commits_on_either_database(
    settings: Settings, catalog: Catalog, rektor: Questionnaire
) -> None:
    """Group commit on SQLite and PostgreSQL alike: every submission is stored, and they are
    answered from fewer commits than there are submissions."""
    state = create_app(settings).state.koll
    version = catalog.current("rektor")
    assert version is not None
    commits: list[int] = []
    event.listen(state.engine, "commit", lambda _connection: commits.append(1))

    async def submit_many() -> list[str]:
        done = await asyncio.gather(
            *(submit(state, version, all_answers(rektor, 1 + n % 4)) for n in range(60))
        )
        return [submitted.id for submitted in done]

    try:
        with ThreadPoolExecutor(1) as runner:  # an event loop of its own, as in a worker
            ids = runner.submit(asyncio.run, submit_many()).result(timeout=120)
        with transaction(state.engine) as session:
            stored = set(session.execute(select(Response.id)).scalars())
        assert stored == set(ids) and len(ids) == 60
        assert 1 <= len(commits) < 60, "no two submissions shared a commit"
    finally:
        state.db.close()


@pytest.mark.postgresql
def test_postgresql_keeps_its_connections_instead_of_opening_new_ones(
    postgresql_database: str,
) -> None:
    """Every connection a burst opened is kept for the next one (no overflow that is closed
    afterwards): a new connection costs the server a new process."""
    engine = make_engine(postgresql_database)

    def burst() -> set[int]:
        """The server processes behind POOL_SIZE connections held at once."""
        connections = [engine.connect() for _ in range(POOL_SIZE)]
        try:
            return {c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() for c in connections}
        finally:
            for connection in connections:
                connection.close()

    try:
        first = burst()
        assert len(first) == POOL_SIZE
        assert engine.pool.checkedin() == POOL_SIZE  # all back in the pool, still open
        assert burst() == first  # the same server processes: no connection was made anew
    finally:
        engine.dispose()
