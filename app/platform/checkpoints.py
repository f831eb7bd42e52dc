"""SQLite's write-ahead log copied back into the database file by a thread of its own.

In WAL mode a commit appends pages to the `-wal` file, and a checkpoint copies them into the
database file, with an fsync of its own. SQLite's default runs that checkpoint inside the
commit that takes the log past 1,000 pages. Under a stream of batches of 16 submissions, one
commit of the group committer's in about 25 then took 8 ms on average instead of about 1.2,
while every request of its batch waited: over a fifth of the writer thread's time. Here a
thread checkpoints shortly after writes instead, on its own connection, while the writer goes
on committing (a checkpoint in WAL mode waits for no writer and holds none up): one commit in
about 58 then took over 4 ms, 5 ms on average, 6-7 % of the writer's time.

The writers keep SQLite's own checkpoint at 1,000 pages as the bound on the log: by the time
they reach it, this thread has copied nearly all of it, and only a checkpoint by the writer
itself lets the next commit start the log from its beginning again, which a checkpoint from
beside a stream of commits seldom can. Durability is unchanged: a commit is on disk once the
log is (`synchronous=FULL`); a checkpoint only moves it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

# Seconds after a checkpoint before the next: writes in between are copied together.
CHECKPOINT_INTERVAL = 0.05
logger = logging.getLogger("koll.db")


@dataclass(frozen=True)
class Checkpoint:
    """What SQLite answered: whether another checkpoint was running (busy), the pages in
    the log, and how many of them are in the database file now."""

    busy: bool
    log_pages: int
    copied_pages: int


class Checkpointer:
    def __init__(self, database: str, interval: float = CHECKPOINT_INTERVAL) -> None:
        self._database = database
        # mode=rw: never create the database; it exists before anything is written to it.
        self._uri = f"{Path(database).resolve().as_uri()}?mode=rw"
        self._interval = interval
        self._due = threading.Event()
        self._stopping = threading.Event()
        self.last: Checkpoint | None = None
        self.failures = 0
        self._thread = threading.Thread(target=self._run, name="koll-checkpoint", daemon=True)
        self._thread.start()

    def wrote(self) -> None:
        """A write has been committed: checkpoint soon."""
        self._due.set()

    def stop(self) -> None:
        self._stopping.set()
        self._due.set()
        self._thread.join(timeout=30)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self._uri, uri=True, isolation_level=None)
        except sqlite3.Error:
            logger.exception("cannot open %s to checkpoint its log", self._database)
            return
        try:
            while True:
                self._due.wait()
                if self._stopping.is_set():
                    return
                self._due.clear()
                self._checkpoint(connection)
                if self._stopping.wait(self._interval):
                    return
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            # fetchall: a statement not run to its end would hold a read transaction open,
            # and no writer could then start the log from its beginning.
            ((busy, log_pages, copied_pages),) = connection.execute(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).fetchall()
        except sqlite3.Error:
            # The writers' own checkpoint still bounds the log; try again after the next write.
            self.failures += 1
            logger.warning("checkpoint of %s failed", self._database, exc_info=True)
            return
        self.last = Checkpoint(bool(busy), log_pages, copied_pages)
