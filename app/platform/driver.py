"""Statements handed to the SQLite driver itself, for the two of nearly every write.

The group committer's writer thread runs a batch of submissions as BEGIN IMMEDIATE, one
`executemany` of their rows and COMMIT (app.platform.group_commit, app.platform.
batched_inserts). Through SQLAlchemy's `exec_driver_sql`, each of the first two also builds an
execution context and a cursor result, while the thread holds the GIL and every submission of
the batch waits for it. So on SQLite those two go to the driver directly (docs/deploy.md has
what that gained).

An error is raised as SQLAlchemy raises it (`sqlalchemy.exc.IntegrityError`,
`OperationalError`, ...), with the statement but never its values, so nothing that catches
it sees a difference (`as_sqlalchemy_error`, which the lookups on the driver's cursor use too,
app.platform.lookup). SQLAlchemy would also invalidate a connection that a disconnect ended; a
connection to SQLite is a file handle, which has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError

# A row's values as the driver takes them: by position, or by name.
DriverParameters = tuple[Any, ...] | dict[str, Any]


def execute_on_driver(
    connection: Connection, statement: str, rows: Sequence[DriverParameters] | None = None
) -> None:
    """Run `statement` on the connection's driver connection: once, or once per row."""
    driver = connection.connection.driver_connection
    dbapi = connection.dialect.loaded_dbapi
    if driver is None:  # pragma: no cover - a connection in use always has one
        raise RuntimeError("the connection has no driver connection")
    cursor = driver.cursor()
    try:
        if rows is None:
            cursor.execute(statement)
        else:
            cursor.executemany(statement, rows)
    except dbapi.Error as error:
        raise as_sqlalchemy_error(
            error, connection.dialect, statement, ismulti=rows is not None
        ) from error
    finally:
        cursor.close()


def as_sqlalchemy_error(
    error: Exception,
    dialect: Dialect,
    statement: str | None = None,
    *,
    dropped: bool = False,
    ismulti: bool | None = None,
) -> BaseException:
    """The driver's `error` as SQLAlchemy raises it (`IntegrityError`, `OperationalError`,
    ...), naming the statement but never its values; `dropped`: the connection was
    invalidated for it."""
    return DBAPIError.instance(
        statement,
        None,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=dropped,
        dialect=dialect,
        ismulti=ismulti,
    )
