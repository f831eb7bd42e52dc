"""Group commit: the writes of many requests share one transaction.

Every durable commit waits for the disk (an fsync: SQLite's `synchronous=FULL`, PostgreSQL's
`synchronous_commit=on`), and SQLite has one writer at a time, so committing each submission
on its own caps throughput at one fsync per answer. Here a writer thread takes every write
job waiting at that moment, and those that came while its transaction began, runs them in
one transaction and commits once. Each caller is answered only after that commit, so an
acknowledged write is as durable as before. If a job fails, the batch is rolled back and
each job is run again on its own, so a failing job fails alone; if the database itself is
away, the batch fails as a whole at once, rather than each job waiting for the connection to
time out in turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlmodel import Session

T = TypeVar("T")
Job = Callable[[Session], Any]
# A job, who waits for it, and the event loop it waits on.
Entry = tuple[Job, asyncio.Future[Any], asyncio.AbstractEventLoop]
Outcome = tuple[Entry, Any, BaseException | None]
MAX_BATCH = 64
logger = logging.getLogger("koll.db")


class GroupCommitter:
    def __init__(self, begin: Callable[[], AbstractContextManager[Session]]) -> None:
        self._begin = begin
        self._queue: queue.SimpleQueue[Entry] = queue.SimpleQueue()
        self._stopping = False  # `stop` was taken from the queue: end after this batch
        self._thread = threading.Thread(target=self._work, name="koll-group-commit", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[Session], T]) -> asyncio.Future[T]:
        """Queue `job`; the future, of the running event loop, resolves once it is committed."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._queue.put((job, done, loop))
        return done

    def stop(self) -> None:
        """Finish what is queued, then end the writer thread."""
        self._queue.put(_STOP)
        self._thread.join(timeout=30)

    def _work(self) -> None:
        while not self._stopping:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            self._take_waiting(batch)
            _settle(self._commit(batch, take_waiting=True))

    def _commit(self, batch: list[Entry], *, take_waiting: bool = False) -> list[Outcome]:
        try:
            with self._begin() as session:
                if take_waiting:
                    # Beginning waits, on SQLite for the other workers' commits: what came
                    # meanwhile shares this commit instead of waiting for one of its own.
                    self._take_waiting(batch)
                results = [job(session) for job, _, _ in batch]
        except BaseException as error:
            if len(batch) == 1 or _database_away(error):
                return [(entry, None, error) for entry in batch]
            # Something in the batch failed and nothing of it is stored: find out what, by
            # running each job on its own, so one bad write does not fail the others.
            return [outcome for entry in batch for outcome in self._commit([entry])]
        return [(entry, result, None) for entry, result in zip(batch, results, strict=True)]

    def _take_waiting(self, batch: list[Entry]) -> None:
        """Add the jobs queued now to `batch`, up to MAX_BATCH, noting a `stop` among them."""
        while len(batch) < MAX_BATCH and not self._stopping:
            try:
                entry = self._queue.get_nowait()
            except queue.Empty:
                return
            if entry is _STOP:
                self._stopping = True
            else:
                batch.append(entry)


def _database_away(error: BaseException) -> bool:
    """An error of the connection or server rather than of a job: running each job again
    would only meet it again."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OperationalError | InterfaceError)


def _settle(outcomes: list[Outcome]) -> None:
    """Answer every waiter, each event loop with one wake-up for all of its waiters rather
    than one per waiter, since the loop is busy serving the next ones."""
    on_loops: dict[asyncio.AbstractEventLoop, list[Outcome]] = {}
    for outcome in outcomes:
        (_, _, loop), _, _ = outcome
        on_loops.setdefault(loop, []).append(outcome)
    for loop, answers in on_loops.items():
        # RuntimeError: the loop has closed, so nobody waits for these any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_answer, answers)


def _answer(outcomes: list[Outcome]) -> None:
    for (_, done, _), result, error in outcomes:
        if done.done():  # cancelled: the caller stopped waiting (the write still stands)
            continue
        if error is None:
            done.set_result(result)
        else:
            done.set_exception(error)


# Queued by `stop`; compared by identity, never run.
_STOP = cast(Entry, (None, None, None))
