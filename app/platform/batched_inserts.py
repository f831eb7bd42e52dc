"""Rows that a write transaction inserts in one driver call at its end, per statement.

The group committer runs the writes of many requests in one transaction (app.platform.
group_commit), and every submission inserts one response row. One call per row costs the
writer thread a round trip to PostgreSQL each, during which every waiting request waits,
and on SQLite a pass through SQLAlchemy each and a turn of the GIL from the event loop. So
such rows wait in the session until the transaction ends, and are then inserted with one
`executemany` per statement (psycopg sends them in one pipeline). Rows of one statement are
inserted in the order they were added; nothing else in the transaction sees them before.
A row that fails fails the transaction, as an insert at once would, only later in it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

DriverParameters = tuple[Any, ...] | dict[str, Any]
_PENDING = "koll_batched_inserts"


def insert_later(session: Session, statement: str, parameters: DriverParameters) -> None:
    """Insert a row with `statement` (driver SQL) when the transaction ends."""
    pending: dict[str, list[DriverParameters]] = session.info.setdefault(_PENDING, {})
    pending.setdefault(statement, []).append(parameters)


def insert_pending(session: Session) -> None:
    """Insert the rows waiting in `session`; called by each write transaction before it commits."""
    pending: dict[str, list[DriverParameters]] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    for statement, rows in pending.items():
        # A list of one row is a plain execute to SQLAlchemy; of several, one executemany.
        connection.exec_driver_sql(statement, rows)
