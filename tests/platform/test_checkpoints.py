"""SQLite's log copied back into the database file by a thread of its own: after writes, in
the background, as far as readers allow; a failure is logged and tried again; `stop` ends it.

What is in the database file itself is read with `immutable=1`, which reads the file alone and
not the log: the rows there are the rows a checkpoint has copied. Such a read takes no lock, so
one made while a checkpoint is copying can meet a half-written file; it counts as no answer."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.questionnaires import Catalog
from app.main import create_app
from app.platform.checkpoints import Checkpointer
from app.platform.settings import Settings
from app.selfcheck.service import submit
from tests.support import all_answers, on_a_loop_of_its_own

WAIT = 10.0  # seconds; a checkpoint comes some 50 ms after a write


def eventually(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def rows_in_file(database: Path, table: str) -> int | None:
    """The rows in the file alone, or None when the read met a page being copied."""
    reader = sqlite3.connect(f"{database.as_uri()}?immutable=1", uri=True)
    try:
        ((count,),) = reader.execute(f"SELECT count(*) FROM {table}").fetchall()
        return int(count)
    except sqlite3.DatabaseError:
        return None
    finally:
        reader.close()


def rows(database: Path, table: str) -> int:
    """The rows a normal reader sees, log and file together, through SQLite's locks."""
    reader = sqlite3.connect(database)
    try:
        assert reader.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ((count,),) = reader.execute(f"SELECT count(*) FROM {table}").fetchall()
        return int(count)
    finally:
        reader.close()


def logged_writer(database: Path) -> sqlite3.Connection:
    """A new database in WAL mode with an empty table in the file, and a writer whose own
    checkpoints are off."""
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE t (n INTEGER)")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return writer


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    database = tmp_path / "log.sqlite3"
    writer = logged_writer(database)
    yield database, writer
    writer.close()


def insert(writer: sqlite3.Connection, count: int) -> None:
    writer.execute("BEGIN")
    writer.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(count)])
    writer.execute("COMMIT")


@pytest.fixture
def checkpointer(logged: tuple[Path, sqlite3.Connection]) -> Iterator[Checkpointer]:
    running = Checkpointer(str(logged[0]), interval=0.01)
    yield running
    running.stop()


def test_a_write_is_copied_into_the_file_soon_after(
    logged: tuple[Path, sqlite3.Connection], checkpointer: Checkpointer
) -> None:
    database, writer = logged
    insert(writer, 100)
    time.sleep(0.2)
    assert rows_in_file(database, "t") == 0  # nothing copies until told of a write
    checkpointer.wrote()
    assert eventually(lambda: rows_in_file(database, "t") == 100)
    last = checkpointer.last
    assert last is not None and not last.busy and last.copied_pages == last.log_pages > 0


def test_a_reader_holds_a_checkpoint_back_and_the_next_one_finishes_it(
    logged: tuple[Path, sqlite3.Connection], checkpointer: Checkpointer
) -> None:
    database, writer = logged
    insert(writer, 10)
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM t").fetchall() == [(10,)]  # a snapshot
    insert(writer, 5)
    checkpointer.wrote()
    assert eventually(lambda: checkpointer.last is not None)
    partial = checkpointer.last
    assert partial is not None and partial.copied_pages < partial.log_pages
    copied = rows_in_file(database, "t")  # no checkpoint runs now: nothing was written since
    assert copied is not None and copied < 15
    reader.execute("COMMIT")
    reader.close()
    insert(writer, 1)
    checkpointer.wrote()
    assert eventually(lambda: rows_in_file(database, "t") == 16)


def test_a_failing_checkpoint_is_logged_and_the_thread_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    garbage = tmp_path / "not-a-database"
    garbage.write_bytes(b"this is no SQLite file " * 200)
    running = Checkpointer(str(garbage), interval=0.01)
    with caplog.at_level(logging.WARNING, logger="koll.db"):
        running.wrote()
        assert eventually(lambda: running.failures == 1)
        running.wrote()
        assert eventually(lambda: running.failures == 2)
    assert running.running
    assert running.last is None
    assert "checkpoint of" in caplog.text
    running.stop()
    assert not running.running


def test_a_missing_database_is_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    running = Checkpointer(str(missing))
    assert eventually(lambda: not running.running)
    assert not missing.exists()
    running.stop()  # stopping an ended checkpointer is fine


def test_stop_ends_the_thread_at_once_even_between_checkpoints(
    logged: tuple[Path, sqlite3.Connection],
) -> None:
    running = Checkpointer(str(logged[0]), interval=60.0)
    insert(logged[1], 3)
    running.wrote()
    assert eventually(lambda: running.last is not None)
    started = time.monotonic()
    running.stop()  # while it waits out its 60 s interval
    assert not running.running
    assert time.monotonic() - started < 5


def checkpoint_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "koll-checkpoint"]


def test_the_group_committers_writes_reach_the_file_and_close_stops_the_thread(
    sqlite_settings: Settings, catalog: Catalog
) -> None:
    database = Path(sqlite_settings.database_url.removeprefix("sqlite:///"))
    state = create_app(sqlite_settings).state.koll
    version = catalog.current("rektor")
    assert version is not None
    before = set(checkpoint_threads())

    async def main() -> list[Any]:
        answers = [all_answers(version.questionnaire, 1 + n % 4) for n in range(40)]
        return list(await asyncio.gather(*(submit(state, version, a) for a in answers)))

    try:
        assert len(on_a_loop_of_its_own(main)) == 40
        # Far fewer pages than the writers' own checkpoint waits for (1,000): copied by the
        # checkpointer, not by a commit.
        assert eventually(lambda: rows_in_file(database, "responses") == 40)
        log = Path(f"{database}-wal")
        assert log.stat().st_size < 1000 * (4096 + 24)
        assert len(set(checkpoint_threads()) - before) == 1
    finally:
        state.db.close()
    assert set(checkpoint_threads()) - before == set()
    assert rows(database, "responses") == 40


def test_a_path_with_characters_special_in_a_uri(tmp_path: Path) -> None:
    folder = tmp_path / "skola #1? 50% klar"
    folder.mkdir()
    database = folder / "koll.sqlite3"
    writer = logged_writer(database)
    running = Checkpointer(str(database), interval=0.01)
    try:
        insert(writer, 7)
        running.wrote()
        assert eventually(lambda: rows_in_file(database, "t") == 7)
    finally:
        running.stop()
        writer.close()
