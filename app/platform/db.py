"""Engine, sessions and the one writer. A unit of work is one transaction: commit once at the
end, or roll back, so nothing is ever stored half-written."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from anyio import to_thread
from pydantic_core import to_json
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.platform import tables  # noqa: F401  (the naming convention, before any table)
from app.platform.batched_inserts import insert_pending
from app.platform.checkpoints import Checkpointer
from app.platform.driver import execute_on_driver
from app.platform.group_commit import GroupCommitter
from app.platform.kept_connection import KeptConnection
from app.platform.lookup import Lookup, run_lookup

WRITE_OPTION = "koll_write"


# Seconds to wait for a database server before a request answers 503 instead of hanging.
CONNECT_TIMEOUT = 5
# Connections one process keeps to a database server, opened as needed and then kept: one
# for the writer thread, the others for reads on the worker threads. No overflow beyond it:
# a connection opened for a burst and closed after it costs the server a new backend process
# each time, which under load cost more than the requests themselves. A request that finds
# every connection busy waits for one. docs/deploy.md sets this against max_connections.
POOL_SIZE = 15


# An SQLite connection is a file handle, cheap to keep, and the event loop itself reads
# (Database.lookup), so no reader may ever wait for one: room for anyio's 40 worker threads,
# the writer thread and the event loop, of which a few are kept open.
SQLITE_POOL_SIZE = 8
SQLITE_POOL_OVERFLOW = 40


def make_engine(database_url: str) -> Engine:
    """An engine for the URL. Error messages never carry the values of a statement
    (`hide_parameters`): they are answers and tokens, and errors end up in logs. JSON
    columns are written by the encoder the responses use (app.platform.responses)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return _server_engine(database_url)
    if url.database and url.database != ":memory:":
        _private_file(Path(url.database))
    engine = create_engine(
        url,
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=SQLITE_POOL_OVERFLOW,
        connect_args={"check_same_thread": False, "timeout": 30},
        hide_parameters=True,
        json_serializer=json_text,
    )
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def json_text(value: Any) -> str:
    """`value` as the JSON text a JSON column stores."""
    return to_json(value).decode()


def _private_file(path: Path) -> None:
    """Make the database file, and a folder for it, readable by the owner only: it holds
    every answer. SQLite gives its -wal and -shm files the main file's permissions."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(descriptor)
    if path.stat().st_uid == os.getuid():
        # A file made by an earlier version may still be readable by everyone.
        path.chmod(0o600)


def _server_engine(database_url: str) -> Engine:
    """A database server (PostgreSQL) restarts or fails over under us: `pool_pre_ping` tests
    a pooled connection before each use, so after an outage the first requests get fresh
    connections instead of dead ones, and the service recovers by itself. (The writer thread
    keeps its connection and checks it its own way: app.platform.kept_connection.)"""
    url = make_url(database_url)
    connect_args = (
        {"connect_timeout": CONNECT_TIMEOUT} if url.drivername.endswith("psycopg") else {}
    )
    return create_engine(
        url,
        pool_size=POOL_SIZE,
        max_overflow=0,
        pool_pre_ping=True,
        # Firewalls and poolers drop idle connections silently; renew them before that.
        pool_recycle=1800,
        connect_args=connect_args,
        hide_parameters=True,
        json_serializer=json_text,
    )


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _begin_immediate) instead of pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: an acknowledged answer survives a power cut, not only a crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Writers take the lock up front, so two of them queue on busy_timeout instead of one
    # failing with "database is locked" when it upgrades a read lock; readers never wait.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    execute_on_driver(connection, "BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def transaction(
    engine: Engine,
    *,
    write: bool = False,
    lock: contextlib.AbstractContextManager[Any] | None = None,
) -> Iterator[Session]:
    """One unit of work. `lock`, if given, is held for the whole transaction (see Database)."""
    bind = write_engine(engine) if write else engine
    with lock or contextlib.nullcontext(), Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            insert_pending(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise


def write_engine(engine: Engine) -> Engine:
    """`engine` for write transactions (on SQLite they begin with BEGIN IMMEDIATE)."""
    return engine.execution_options(**{WRITE_OPTION: True})


T = TypeVar("T")


class WriterQueue:
    """The turn of one SQLite writer at a time: a lock for the threads of this process, and,
    for a database file, an exclusive lock on `<file>-writer` for the processes. Each process
    opens the file itself, so each has its own open file, which is what flock excludes."""

    def __init__(self, database: str | None) -> None:
        self._threads = threading.Lock()
        self._descriptor: int | None = None
        if database and database != ":memory:":
            self._descriptor = os.open(f"{database}-writer", os.O_CREAT | os.O_RDWR, 0o600)

    def __enter__(self) -> None:
        self._threads.acquire()
        if self._descriptor is not None:
            try:
                fcntl.flock(self._descriptor, fcntl.LOCK_EX)
            except BaseException:
                self._threads.release()
                raise

    def __exit__(self, *_exception: object) -> None:
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        self._threads.release()

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


class Database:
    """The database of one app: its engine, and the one way writes reach it."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        # SQLite has one writer at a time. Writers queue here, in order, instead of in
        # SQLite's busy handler, which polls with sleeps of up to 100 ms and so stretches the
        # wait of every writer under load: threads of one process on a lock, processes (the
        # workers of `koll serve --workers N`) on a lock file beside the database, which the
        # kernel hands on the moment it is let go. Anything else still meets them at BEGIN
        # IMMEDIATE. (`write` goes through the group committer's one thread anyway.)
        self._write_lock = WriterQueue(self.engine.url.database) if self.is_sqlite else None
        self._committer: GroupCommitter | None = None
        self._committer_guard = threading.Lock()
        self._kept: KeptConnection | None = None
        self._checkpointer: Checkpointer | None = None

    def transaction(self, *, write: bool = False) -> contextlib.AbstractContextManager[Session]:
        """One unit of work on the calling thread (a write waits its turn, see __init__)."""
        return transaction(self.engine, write=write, lock=self._write_lock if write else None)

    async def read(self, job: Callable[[Session], T]) -> T:
        """Run `job` in a read transaction on a worker thread, awaited from the event loop."""
        return await to_thread.run_sync(self._run, job, False)

    async def lookup(self, job: Callable[[Lookup], T]) -> T:
        """A read of a few rows by index (app.platform.lookup). SQLite is a library in this
        process, and a reader in WAL mode never waits for a writer: such a read costs it less
        than the hop to a worker thread, which under load also makes the two threads contend
        for the GIL. So on SQLite it runs right here, on the event loop. A database server
        is a round trip away, which the event loop must never wait for."""
        if self.is_sqlite:
            return run_lookup(self.engine, job)
        return await to_thread.run_sync(run_lookup, self.engine, job)

    async def write(self, job: Callable[[Session], T]) -> T:
        """Run `job` in a write transaction; return once it is committed. Writes waiting at
        the same moment share one transaction and one commit, and so one flush of the log to
        disk (group commit), on one writer thread with the one connection it keeps
        (app.platform.kept_connection): a batch needs no pool checkout, and under load no
        liveness ping either."""
        return await self._group_committer().submit(job)

    def _run(self, job: Callable[[Session], T], write: bool) -> T:
        with self.transaction(write=write) as session:
            return job(session)

    def _group_committer(self) -> GroupCommitter:
        with self._committer_guard:
            if self._committer is None:
                self._committer = GroupCommitter(self._begin_write())
            return self._committer

    def _begin_write(self) -> Callable[[], contextlib.AbstractContextManager[Session]]:
        database = self.engine.url.database
        if self.is_sqlite and database and database != ":memory:":  # a log to copy back
            self._checkpointer = Checkpointer(database)
        committed = self._checkpointer.wrote if self._checkpointer else None
        self._kept = KeptConnection(write_engine(self.engine), self._write_lock, committed)
        return self._kept.transaction

    def close(self) -> None:
        """Finish queued writes, end the writer thread, close the connections."""
        with self._committer_guard:
            committer, self._committer = self._committer, None
        if committer is not None:
            committer.stop()
        if self._kept is not None:
            self._kept.close()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.engine.dispose()
        if self._write_lock is not None:
            self._write_lock.close()
