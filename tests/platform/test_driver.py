"""Statements handed to the driver directly fail as they would through SQLAlchemy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.platform.db import make_engine, write_engine
from app.platform.driver import execute_on_driver

INSERT = "INSERT INTO answers (id, secret) VALUES (?, ?)"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'driver.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE answers (id TEXT PRIMARY KEY, secret TEXT)"))
    yield engine
    engine.dispose()


def stored(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT * FROM answers"))]


def test_rows_are_inserted_in_the_transaction(engine: Engine) -> None:
    with write_engine(engine).begin() as connection:
        execute_on_driver(connection, INSERT, [("a", "1"), ("b", "2")], many=True)
    assert stored(engine) == [("a", "1"), ("b", "2")]


def test_a_broken_constraint_is_sqlalchemys_error_without_the_values(engine: Engine) -> None:
    with pytest.raises(IntegrityError) as raised, write_engine(engine).begin() as connection:
        execute_on_driver(
            connection, INSERT, [("a", "kept-secret"), ("a", "kept-secret")], many=True
        )
    assert isinstance(raised.value.orig, sqlite3.IntegrityError)
    assert INSERT in str(raised.value)
    assert "kept-secret" not in str(raised.value)
    assert stored(engine) == []  # the transaction was rolled back, the first row too


def test_a_write_that_cannot_get_the_lock_is_sqlalchemys_operational_error(
    engine: Engine, tmp_path: Path
) -> None:
    """BEGIN IMMEDIATE goes to the driver too: the group committer tells a database that is
    away from a failing job by SQLAlchemy's OperationalError."""
    holder = sqlite3.connect(tmp_path / "driver.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with write_engine(engine).connect() as connection:
            connection.connection.driver_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
            with pytest.raises(OperationalError) as raised:
                connection.begin()
        assert "BEGIN IMMEDIATE" in str(raised.value)
    finally:
        holder.close()
    with write_engine(engine).begin() as connection:  # the lock is free again
        execute_on_driver(connection, INSERT, ("c", "3"))
    assert stored(engine) == [("c", "3")]


@pytest.mark.postgresql
def test_a_connection_the_server_ended_is_invalidated(postgresql_database: str) -> None:
    """As SQLAlchemy does on a disconnect: the error says the connection was invalidated,
    and the pool does not hand that connection out again."""
    engine = make_engine(postgresql_database)
    try:
        with engine.connect() as connection:
            pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with engine.connect() as other:
                other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            with pytest.raises(OperationalError) as raised:
                execute_on_driver(connection, "SELECT %s", ("kept-secret",))
            assert raised.value.connection_invalidated
            assert connection.invalidated
            assert "kept-secret" not in str(raised.value)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() != pid
    finally:
        engine.dispose()
