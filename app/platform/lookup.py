"""Reads of a few rows by index on the driver's own connection (`Database.lookup`).

A page answered from a cache still asks the database whether what it shows has changed: a
row or two found by index. Through an ORM session that read costs about ten times the read
itself (the session's, connection's and result's bookkeeping: some 150 µs against 15 µs on
SQLite). A lookup is the driver's cursor (on SQLite in a read transaction of its own; on
PostgreSQL each statement reads at a snapshot of its own anyway), with statements compiled
once per dialect, and values as the driver gives them (no type conversion).
Driver errors come out as SQLAlchemy's, so a database that is away answers 503 as it does
everywhere else, and a connection the server dropped is not handed out again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import Dialect, Engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlmodel import Session

from app.platform.driver import as_sqlalchemy_error

T = TypeVar("T")


class Lookup:
    def __init__(self, dialect: Dialect, cursor: Any) -> None:
        self.dialect = dialect
        self._cursor = cursor

    def rows(self, statement: ClauseElement, **parameters: Any) -> list[tuple[Any, ...]]:
        """The rows of `statement` (made with bindparam(name) for each of `parameters`)."""
        sql, order = _compiled(statement, self.dialect)
        bound = parameters if order is None else tuple(parameters[name] for name in order)
        self._cursor.execute(sql, bound)
        return [tuple(row) for row in self._cursor.fetchall()]


def session_lookup(session: Session) -> Lookup:
    """A lookup in the session's own transaction: for a unit of work that also renders."""
    connection = session.connection()
    return Lookup(connection.dialect, connection.connection.cursor())


@lru_cache(maxsize=64)
def _compiled(statement: ClauseElement, dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
    """The driver's SQL and, for drivers with positional parameters, their names in order."""
    compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
    order = compiled.positiontup if compiled.positional else None
    return str(compiled), None if order is None else tuple(order)


def run_lookup(engine: Engine, job: Callable[[Lookup], T]) -> T:
    """`job` on a pooled connection: on SQLite in a read transaction, rolled back at the end."""
    dialect = engine.dialect
    driver_error: type[Exception] = dialect.loaded_dbapi.Error
    connection = None
    try:
        connection = engine.raw_connection()
        in_transaction = dialect.name == "sqlite"
        if not in_transaction:
            # PostgreSQL (READ COMMITTED) gives each statement a snapshot of its own, in a
            # transaction or not: reading without one spares the BEGIN and the ROLLBACK, two
            # round trips of the four a lookup would cost.
            connection.dbapi_connection.autocommit = True  # type: ignore[union-attr]
        cursor = connection.cursor()
        try:
            if in_transaction:
                # The connection is in autocommit mode (db._tune_sqlite): one snapshot for
                # every statement of the job needs a transaction of its own.
                cursor.execute("BEGIN")
            return job(Lookup(dialect, cursor))
        finally:
            cursor.close()
            if in_transaction:
                connection.rollback()
            else:
                connection.dbapi_connection.autocommit = False  # type: ignore[union-attr]
    except driver_error as error:
        dropped = connection is not None and dialect.is_disconnect(
            cast(Any, error), connection.dbapi_connection, None
        )
        if dropped and connection is not None:
            connection.invalidate(error)
        raise as_sqlalchemy_error(error, dialect, dropped=dropped) from error
    finally:
        if connection is not None:
            connection.close()
