"""The writer thread keeps one connection for its write transactions: commits and
rollbacks as before, and a connection that failed is replaced."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.platform.batched_inserts import insert_later
from app.platform.db import Database
from tests.support import on_a_loop_of_its_own


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'kept.sqlite3'}")
    with database.transaction(write=True) as session:
        session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    yield database
    database.close()


def pool_events(database: Database, name: str) -> list[object]:
    seen: list[object] = []
    event.listen(database.engine, name, lambda connection, *_: seen.append(connection))
    return seen


def driver_connection(session: Session) -> object:
    return session.connection().connection.driver_connection


def write(database: Database, job: Callable[[Session], Any]) -> Any:
    async def main() -> Any:
        return await database.write(job)

    return on_a_loop_of_its_own(main)


def insert(note: int) -> Callable[[Session], object]:
    """A job that stores `note`, and answers the driver's connection it ran on."""

    def job(session: Session) -> object:
        session.execute(text(f"INSERT INTO notes VALUES ({note})"))
        return driver_connection(session)

    return job


def stored(database: Database) -> list[int]:
    with database.transaction() as session:
        return list(session.execute(text("SELECT id FROM notes ORDER BY id")).scalars())


def test_writes_are_committed_on_one_connection(database: Database) -> None:
    used = {write(database, insert(note)) for note in range(1, 6)}
    assert stored(database) == [1, 2, 3, 4, 5]
    assert len(used) == 1
    assert database.engine.pool.checkedout() == 1  # kept between writes, not given back


def test_a_failed_write_stores_nothing_and_the_next_one_is_stored(database: Database) -> None:
    def half_then_fail(session: Session) -> None:
        insert(3)(session)
        raise RuntimeError("the job failed")

    first = write(database, insert(1))
    with pytest.raises(RuntimeError):
        write(database, half_then_fail)
    assert stored(database) == [1]
    assert write(database, insert(2)) is first
    assert stored(database) == [1, 2]


def test_a_write_that_cannot_begin_fails_and_the_connection_goes_on_in_transactions(
    database: Database, tmp_path: Path
) -> None:
    """BEGIN IMMEDIATE goes to the driver directly (app.platform.driver): when another
    process holds SQLite's write lock it fails as SQLAlchemy's OperationalError, and the
    kept connection's later writes still commit, or roll back, as a whole."""

    def no_waiting(session: Session) -> object:
        connection: Any = driver_connection(session)
        connection.execute("PRAGMA busy_timeout=0")  # fail at once instead of in 30 s
        return connection

    first = write(database, no_waiting)
    holder = sqlite3.connect(tmp_path / "kept.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="BEGIN IMMEDIATE"):
            write(database, insert(1))
    finally:
        holder.close()

    def half_then_fail(session: Session) -> None:
        insert(2)(session)
        raise RuntimeError("the job failed")

    with pytest.raises(RuntimeError):
        write(database, half_then_fail)
    assert write(database, insert(3)) is first
    assert stored(database) == [3]


def test_a_connection_that_was_invalidated_is_replaced(database: Database) -> None:
    def break_connection(session: Session) -> None:
        session.connection().invalidate()
        raise RuntimeError("the connection broke")

    first = write(database, insert(1))
    with pytest.raises(RuntimeError):
        write(database, break_connection)
    assert write(database, insert(3)) is not first
    assert stored(database) == [1, 3]


def test_the_kept_connection_is_given_back_when_the_database_closes(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'closing.sqlite3'}")
    checkouts, checkins = pool_events(database, "checkout"), pool_events(database, "checkin")
    write(database, lambda session: session.execute(text("SELECT 1")) and None)
    assert len(checkouts) == 1 and checkins == []
    database.close()
    assert len(checkins) == 1


@pytest.mark.postgresql
def test_on_postgresql_a_connection_the_server_ended_is_replaced_before_a_write(
    postgresql_database: str,
) -> None:
    """No ping under load, yet the first write after the server ended the writer's connection
    (a restart, a failover) is stored rather than failed."""
    database = Database(postgresql_database)
    try:
        with database.transaction(write=True) as session:
            session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
        first = write(database, insert(1))
        with database.transaction() as session:
            session.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                    "pg_backend_pid() AND datname = current_database()"
                )
            )
        time.sleep(0.2)  # the server's goodbye reaches the socket
        assert write(database, insert(2)) is not first
        assert stored(database) == [1, 2]
    finally:
        database.close()


@pytest.mark.postgresql
def test_on_postgresql_a_connection_that_ends_during_a_batch_is_replaced_after_it(
    postgresql_database: str,
) -> None:
    """The server ends the writer's connection after the check before the write: that batch
    fails as a database that is away, and the next one is stored on a new connection."""
    row = "INSERT INTO notes (id) VALUES (%(id)s)"  # a row the batch sends on its own
    database = Database(postgresql_database)
    try:
        with database.transaction(write=True) as session:
            session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
        writer = write(
            database, lambda session: session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        )

        def ended_meanwhile(session: Session) -> None:
            with database.engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": writer})
            time.sleep(0.2)  # the server's goodbye reaches the socket
            insert_later(session, row, {"id": 1})

        with pytest.raises(OperationalError) as raised:
            write(database, ended_meanwhile)
        assert raised.value.connection_invalidated
        # The server's own reason, rather than that of a rollback tried on the lost connection.
        assert "terminating connection" in str(raised.value)
        write(database, lambda session: insert_later(session, row, {"id": 2}))
        assert stored(database) == [2]
    finally:
        database.close()
