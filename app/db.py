"""Engine and sessions. One request is one transaction: commit once at the end, or roll back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

# Named constraints: SQLite batch migrations need them, and names match across databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata
WRITE_OPTION = "koll_write"


# Seconds to wait for a database server before a request answers 503 instead of hanging.
CONNECT_TIMEOUT = 5


def make_engine(database_url: str) -> Engine:
    """An engine for the URL. Error messages never carry the values of a statement
    (`hide_parameters`): they are answers and tokens, and errors end up in logs."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return _server_engine(database_url)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
    )
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _server_engine(database_url: str) -> Engine:
    """A database server (PostgreSQL) restarts or fails over under us: `pool_pre_ping` tests
    a pooled connection before each use, so after an outage the first requests get fresh
    connections instead of dead ones, and the service recovers by itself."""
    url = make_url(database_url)
    connect_args = (
        {"connect_timeout": CONNECT_TIMEOUT} if url.drivername.endswith("psycopg") else {}
    )
    return create_engine(
        url,
        pool_pre_ping=True,
        # Firewalls and poolers drop idle connections silently; renew them before that.
        pool_recycle=1800,
        connect_args=connect_args,
        hide_parameters=True,
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


def _begin_immediate(connection: Any) -> None:
    # Writers take the lock up front, so two of them queue on busy_timeout instead of one
    # failing with "database is locked" when it upgrades a read lock; readers never wait.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    with _writer_turn(engine, write), Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# SQLite has one writer at a time. Threads of one process queue here, in order, instead of
# in SQLite's busy handler, which polls with sleeps of up to 100 ms and so stretches the
# wait of every writer under load. Other processes still meet at BEGIN IMMEDIATE.
_write_locks: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()
_write_locks_guard = threading.Lock()


@contextmanager
def _writer_turn(engine: Engine, write: bool) -> Iterator[None]:
    if not write or engine.dialect.name != "sqlite":
        yield
        return
    with _write_locks_guard:
        lock = _write_locks.setdefault(engine, threading.Lock())
    with lock:
        yield
