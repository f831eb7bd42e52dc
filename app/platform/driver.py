"""Statements the writer thread hands to the driver itself, for those of nearly every write.

The group committer's writer thread runs a batch of submissions as one INSERT of all their
rows in autocommit mode on PostgreSQL, and as BEGIN IMMEDIATE, one `executemany` of the rows
and COMMIT on SQLite (app.platform.group_commit, app.platform.batched_inserts). Through
SQLAlchemy's `exec_driver_sql`, each of these statements also builds an execution context and
a cursor result, while the thread holds the GIL and every submission of the batch waits for
it. So they go to the driver directly (docs/deploy.md has what that gained).

An error is raised as SQLAlchemy raises it (`sqlalchemy.exc.IntegrityError`,
`OperationalError`, ...), with the statement but never its values, so nothing that catches
it sees a difference (`as_sqlalchemy_error`, which the lookups on the driver's cursor use too,
app.platform.lookup). As SQLAlchemy does, a connection that a disconnect ended (a database
server that restarted) is invalidated, so that it is not used again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError

# A row's values as the driver takes them: by position, or by name.
DriverParameters = tuple[Any, ...] | dict[str, Any]


def execute_on_driver(
    connection: Connection,
    statement: str,
    parameters: DriverParameters | Sequence[DriverParameters] | None = None,
    *,
    many: bool = False,
) -> None:
    """Run `statement` on the connection's driver connection: once, with `parameters` if
    given, or, if `many`, once per row of `parameters`."""
    driver = connection.connection.driver_connection
    dialect = connection.dialect
    if driver is None:  # pragma: no cover - a connection in use always has one
        raise RuntimeError("the connection has no driver connection")
    try:
        cursor = driver.cursor()
        try:
            if many:
                cursor.executemany(statement, parameters)
            elif parameters is None:
                cursor.execute(statement)
            else:
                cursor.execute(statement, parameters)
        finally:
            cursor.close()
    except dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy does: a connection that a disconnect ended is not used again.
        dropped = dialect.is_disconnect(error, driver, None)
        if dropped:
            connection.invalidate(error)
        raise as_sqlalchemy_error(
            error, dialect, statement, dropped=dropped, ismulti=many
        ) from error


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
