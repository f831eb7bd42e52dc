"""Rows that a write transaction inserts in one driver call at its end, per statement.

The group committer runs the writes of many requests in one transaction (app.platform.
group_commit), and every submission inserts one response row. One call per row costs the
writer thread a round trip to PostgreSQL each, during which every waiting request waits,
and on SQLite a pass through SQLAlchemy each and a turn of the GIL from the event loop. So
such rows wait in the session until the transaction ends, and are then inserted with one
`executemany` per statement, by the driver itself (app.platform.driver), after the session's
own objects are flushed. Rows of one statement are inserted in the order they were added;
nothing else in the transaction sees them before. A row that fails fails the transaction, as
an insert at once would, only later.

On PostgreSQL, a transaction that is nothing but rows of one statement (the usual batch of
submissions) is sent as one INSERT of all of them, run on its own: one statement is one
transaction, so it needs no BEGIN and no COMMIT, and the whole batch takes one round trip and
one wait for the socket. psycopg would send BEGIN and wait for it, send the rows as a
pipeline, waiting for the socket between them, and then the COMMIT, and the writer thread
lets the GIL go at each of those waits and then waits for it (docs/deploy.md has the
figures).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

import psycopg
from sqlalchemy import Connection
from sqlmodel import Session

from app.platform.driver import DriverParameters, execute_on_driver

_PENDING = "koll_batched_inserts"
# What SQLAlchemy compiles an INSERT of one row to, its values with named parameters.
_ONE_ROW = re.compile(r"(INSERT INTO [^;']+ VALUES )(\((?:%\(\w+\)s|[^()'%;])*\))")
_NAMED = re.compile(r"%\((\w+)\)s")


def insert_later(session: Session, statement: str, parameters: DriverParameters) -> None:
    """Insert a row with `statement` (driver SQL) when the transaction ends."""
    pending: dict[str, list[DriverParameters]] = session.info.setdefault(_PENDING, {})
    pending.setdefault(statement, []).append(parameters)


def insert_pending(session: Session) -> None:
    """Flush `session`, then insert the rows waiting in it; called by each write transaction
    just before it commits. On PostgreSQL that may commit the transaction (see the module's
    docstring); the commit after it then finds nothing left to do."""
    session.flush()
    pending: dict[str, list[DriverParameters]] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    if len(pending) == 1 and _insert_on_its_own(connection, *pending.items()):
        return
    for statement, rows in pending.items():
        execute_on_driver(connection, statement, rows, many=True)


def _insert_on_its_own(connection: Connection, pending: tuple[str, list[DriverParameters]]) -> bool:
    """Insert the rows as one statement in autocommit mode, if nothing was sent in this
    transaction yet and the statement is an INSERT of one row of named parameters."""
    statement, rows = pending
    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection) or not isinstance(rows[0], dict):
        return False
    if driver.autocommit or driver.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        return False
    shape = _positional(statement)
    if shape is None:
        return False
    head, values, keys = shape
    many = head + ", ".join([values] * len(rows))
    named = cast(list[dict[str, Any]], rows)
    parameters = tuple(row[key] for row in named for key in keys)
    driver.autocommit = True
    try:
        execute_on_driver(connection, many, parameters)
    finally:
        if not driver.closed:
            driver.autocommit = False
    return True


@lru_cache(maxsize=16)
def _positional(statement: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(INSERT ... VALUES , one row's values with positional parameters, their names)."""
    matched = _ONE_ROW.fullmatch(statement)
    if matched is None:
        return None
    head, values = matched.groups()
    keys = tuple(_NAMED.findall(values))
    return head, _NAMED.sub("%s", values), keys
