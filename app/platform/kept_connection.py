"""The one connection the group committer's writer thread keeps for its write transactions.

A pool checkout, its reset on return and a new Connection cost the writer thread about a third
of a one-row transaction's time on SQLite (bench/submission_parts.py), and on PostgreSQL the
pool's liveness ping is a round trip more (docs/deploy.md has the figures). The thread holds
the GIL for all of it, which the event loop then waits for, and every waiting submission
waits for the thread.
So the thread keeps one connection from the pool for all its transactions.

What the pool's checkout would have done still happens where it matters:

* A connection that failed is invalidated (SQLAlchemy does that on a disconnect) and replaced
  by the next transaction.
* A database server (PostgreSQL) may restart, fail over or drop an idle connection. After a
  pause of more than `IDLE_SECONDS` the connection is given back to the pool and checked out
  again, so the pool pings it (`pool_pre_ping`) and renews it when it is old (`pool_recycle`),
  as it does every connection. Under load, when transactions follow each other closely, no
  ping is made.
* A server that ends a connection says so before it closes it, or the kernel sees the
  connection end: either way its socket has something to read while no query is running. Such
  a connection is replaced at once, without a round trip, so the first write after a restart
  does not fail for it either.
"""

from __future__ import annotations

import contextlib
import select
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from app.platform.batched_inserts import insert_pending

# A pause after which a server's connection is pinged before the next write (see above).
IDLE_SECONDS = 1.0


class KeptConnection:
    """Write transactions on one connection of `engine` (the writer's, see db.write_engine)
    kept for them; see the module's docstring. `lock` is held for each whole transaction
    (SQLite's turn to write, see db.WriterQueue)."""

    def __init__(
        self,
        engine: Engine,
        lock: contextlib.AbstractContextManager[Any] | None = None,
        committed: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._server = engine.dialect.name != "sqlite"
        self._lock = lock or contextlib.nullcontext()
        self._committed = committed  # told of each commit
        self._connection: Connection | None = None
        self._last_used = 0.0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._lock:
            connection = self._usable()
            try:
                # The session joins the connection's transaction: it flushes, and the
                # transaction's block commits, or rolls back on an exception.
                with connection.begin(), Session(connection, expire_on_commit=False) as session:
                    yield session
                    insert_pending(session)
            finally:
                self._last_used = time.monotonic()
        if self._committed is not None:
            self._committed()

    def _usable(self) -> Connection:
        kept = self._connection
        if kept is not None and self._server and not kept.invalidated:
            if _closed_by_server(kept):
                kept.invalidate()  # the pool drops it rather than pinging it
            elif time.monotonic() - self._last_used > IDLE_SECONDS:
                self.close()  # back to the pool, which pings it on the checkout below
        if self._connection is None or self._connection.invalidated:
            self.close()
            self._connection = self._engine.connect()
        return self._connection

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()


def _closed_by_server(connection: Connection) -> bool:
    """Whether the server has ended this idle connection: its socket has something to read."""
    driver = connection.connection.driver_connection
    fileno = getattr(driver, "fileno", None)
    if fileno is None:
        return False
    try:
        readable, _, _ = select.select([fileno()], [], [], 0)
    except (OSError, ValueError):  # closed already
        return True
    return bool(readable)
