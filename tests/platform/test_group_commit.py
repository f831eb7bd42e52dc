"""Group commit: many writers share one transaction, each answered only after its commit."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.authorities.models import Authority
from app.platform.db import Database, WriterQueue, make_engine, transaction
from app.platform.group_commit import GroupCommitter

T = TypeVar("T")


@pytest.fixture
def engine(migrated_database: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    database = tmp_path / "koll.sqlite3"
    database.write_bytes(migrated_database.read_bytes())
    engine = make_engine(f"sqlite:///{database}")
    yield engine
    engine.dispose()


def add(name: str):  # type: ignore[no-untyped-def]
    def job(session: Session) -> str:
        session.add(Authority(id=name, name=name, token_hash=name))
        session.flush()
        return name

    return job


def count(engine) -> int:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(Authority)).scalar_one()


def in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on an event loop of its own thread: the browser tests may
    hold an event loop open in the main thread."""
    with ThreadPoolExecutor(1) as runner:
        return runner.submit(asyncio.run, coroutine).result()


def committer_of(engine) -> GroupCommitter:  # type: ignore[no-untyped-def]
    return GroupCommitter(lambda: transaction(engine, write=True))


def test_concurrent_writes_share_commits_and_all_are_stored(engine) -> None:  # type: ignore[no-untyped-def]
    commits = []
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    committer = committer_of(engine)

    async def main() -> list[str]:
        return list(await asyncio.gather(*(committer.submit(add(f"a{n}")) for n in range(200))))

    results = in_thread(main())
    committer.stop()
    assert results == [f"a{n}" for n in range(200)]
    assert count(engine) == 200
    assert len(commits) < 200, "no two writes shared a commit"


def test_a_failing_job_fails_alone(engine) -> None:  # type: ignore[no-untyped-def]
    committer = committer_of(engine)

    def broken(session: Session) -> None:
        session.add(Authority(id="dup", name="x", token_hash="same"))
        session.add(Authority(id="dup2", name="y", token_hash="same"))
        session.flush()

    async def main() -> list[object]:
        jobs = [add(f"ok{n}") for n in range(10)]
        jobs.insert(4, broken)
        waits = [committer.submit(job) for job in jobs]
        return list(await asyncio.gather(*waits, return_exceptions=True))

    outcomes = in_thread(main())
    committer.stop()
    assert "UNIQUE" in str(outcomes.pop(4))
    assert outcomes == [f"ok{n}" for n in range(10)]
    assert count(engine) == 10


def test_coroutines_are_answered_after_the_commit_each_with_its_own_outcome(engine) -> None:  # type: ignore[no-untyped-def]
    committer = committer_of(engine)
    gate = threading.Event()

    def broken(session: Session) -> None:
        raise ValueError("broken job")

    async def main() -> list[object]:
        # The writer waits on the gate, so everything after it lands in one batch.
        held = committer.submit(lambda _session: gate.wait(10))
        await asyncio.sleep(0.2)
        abandoned = committer.submit(add("gone"))
        waits = [committer.submit(add(f"c{n}")) for n in range(30)]
        waits.insert(7, committer.submit(broken))
        abandoned.cancel()  # the caller went away: its write still stands, nobody is answered
        gate.set()
        await held
        return await asyncio.wait_for(asyncio.gather(*waits, return_exceptions=True), 10)

    outcomes = in_thread(main())
    committer.stop()
    assert isinstance(outcomes.pop(7), ValueError)
    assert outcomes == [f"c{n}" for n in range(30)]
    assert count(engine) == 31


def test_a_definition_lost_from_the_database_is_written_again(settings) -> None:  # type: ignore[no-untyped-def]
    """After a failover the process may remember a definition the database no longer has."""
    from sqlalchemy import delete

    from app.main import create_app
    from app.platform.definitions import QuestionnaireDefinition
    from app.selfcheck.models import Response
    from app.selfcheck.service import submit
    from tests.support import all_answers

    state = create_app(settings).state.koll
    version = state.catalog.current("rektor")
    rektor = version.questionnaire
    in_thread(submit(state, version, all_answers(rektor, 3)))
    with transaction(state.engine, write=True) as session:  # as if restored from an old backup
        session.execute(delete(Response))
        session.execute(delete(QuestionnaireDefinition))
    stored = in_thread(submit(state, version, all_answers(rektor, 2)))
    with transaction(state.engine) as session:
        assert session.get(Response, stored.id) is not None
    state.db.close()


def test_a_database_that_is_away_fails_the_whole_batch_at_once(engine) -> None:  # type: ignore[no-untyped-def]
    """A dead server would fail each job again in turn, each after its own timeout: the batch
    fails as one, nothing of it stored and nobody told otherwise."""
    committer = committer_of(engine)
    gate = threading.Event()
    runs: list[str] = []

    def away(session: Session) -> None:
        runs.append("away")
        raise OperationalError("INSERT", {}, ConnectionError("server closed the connection"))

    async def main() -> list[object]:
        held = committer.submit(lambda _session: gate.wait(10))
        await asyncio.sleep(0.2)  # everything below now lands in one batch
        waits = [committer.submit(add(f"w{n}")) for n in range(6)]
        waits.insert(3, committer.submit(away))
        gate.set()
        await held
        return await asyncio.wait_for(asyncio.gather(*waits, return_exceptions=True), 10)

    outcomes = in_thread(main())
    committer.stop()
    assert len(outcomes) == 7
    assert all(isinstance(outcome, OperationalError) for outcome in outcomes)
    assert runs == ["away"]  # not run once more on its own
    assert count(engine) == 0


@contextmanager
def another_workers_commit(engine) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Hold the turn the workers of `koll serve --workers N` take to write, on a queue of its
    own: its own lock file opened, as another process has."""
    turn = WriterQueue(engine.url.database)
    try:
        with turn:
            yield
    finally:
        turn.close()


def test_writes_that_come_while_the_writer_waits_for_its_turn_share_its_commit(engine) -> None:  # type: ignore[no-untyped-def]
    database = Database(str(engine.url))
    commits: list[int] = []
    event.listen(database.engine, "commit", lambda _conn: commits.append(1))

    async def main() -> list[str]:
        with another_workers_commit(engine):
            first = asyncio.ensure_future(database.write(add("first")))
            await asyncio.sleep(0.2)  # the writer has taken it and waits for its turn
            later = [asyncio.ensure_future(database.write(add(f"w{n}"))) for n in range(20)]
            await asyncio.sleep(0.1)
        return [await first, *await asyncio.wait_for(asyncio.gather(*later), 10)]

    results = in_thread(main())
    committed = len(commits)
    database.close()
    assert results == ["first", *(f"w{n}" for n in range(20))]
    assert count(engine) == 21
    assert committed == 1


def test_stop_while_the_writer_waits_for_its_turn_commits_what_is_queued(engine) -> None:  # type: ignore[no-untyped-def]
    turn = threading.Lock()
    turn.acquire()  # another writer's transaction
    committer = GroupCommitter(lambda: transaction(engine, write=True, lock=turn))
    stopping = threading.Thread(target=committer.stop)

    async def main() -> list[str]:
        first = committer.submit(add("first"))
        await asyncio.sleep(0.2)  # the writer has taken it and waits for the lock
        later = committer.submit(add("later"))
        stopping.start()  # queued after `later`: the writer ends once both are committed
        await asyncio.sleep(0.1)
        turn.release()
        return list(await asyncio.wait_for(asyncio.gather(first, later), 10))

    assert in_thread(main()) == ["first", "later"]
    stopping.join(10)
    assert not stopping.is_alive()  # stop returned: the writer thread has ended
    assert count(engine) == 2
