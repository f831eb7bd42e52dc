"""Group commit: many writers share one transaction, each answered only after its commit."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlmodel import Session

from app.db import make_engine, transaction
from app.group_commit import GroupCommitter
from app.models import Authority


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


def test_concurrent_writes_share_commits_and_all_are_stored(engine) -> None:  # type: ignore[no-untyped-def]
    commits = []
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    committer = GroupCommitter(engine)
    gate = threading.Barrier(16)

    def write(number: int) -> str:
        gate.wait() if number < 16 else None
        return committer.run(add(f"a{number}"))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(write, range(200)))
    committer.stop()
    assert results == [f"a{n}" for n in range(200)]
    assert count(engine) == 200
    assert len(commits) < 200, "no two writes shared a commit"


def test_a_failing_job_fails_alone(engine) -> None:  # type: ignore[no-untyped-def]
    committer = GroupCommitter(engine)

    def broken(session: Session) -> None:
        session.add(Authority(id="dup", name="x", token_hash="same"))
        session.add(Authority(id="dup2", name="y", token_hash="same"))
        session.flush()

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(committer.run, add(f"ok{n}")) for n in range(10)]
        failing = pool.submit(committer.run, broken)
        assert [f.result() for f in futures] == [f"ok{n}" for n in range(10)]
        with pytest.raises(Exception, match="UNIQUE"):
            failing.result()
    committer.stop()
    assert count(engine) == 10


def test_coroutines_are_answered_after_the_commit_each_with_its_own_outcome(engine) -> None:  # type: ignore[no-untyped-def]
    committer = GroupCommitter(engine)
    gate = threading.Event()

    def broken(session: Session) -> None:
        raise ValueError("broken job")

    async def main() -> list[object]:
        # The writer waits on the gate, so everything after it lands in one batch.
        held = committer.submit_async(lambda _session: gate.wait(10))
        await asyncio.sleep(0.2)
        abandoned = committer.submit_async(add("gone"))
        waits = [committer.submit_async(add(f"c{n}")) for n in range(30)]
        waits.insert(7, committer.submit_async(broken))
        abandoned.cancel()  # the caller went away: its write still stands, nobody is answered
        gate.set()
        await held
        return await asyncio.wait_for(asyncio.gather(*waits, return_exceptions=True), 10)

    # A thread of its own: the browser tests may hold an event loop open in the main thread.
    with ThreadPoolExecutor(1) as runner:
        outcomes = runner.submit(asyncio.run, main()).result()
    committer.stop()
    assert isinstance(outcomes.pop(7), ValueError)
    assert outcomes == [f"c{n}" for n in range(30)]
    assert count(engine) == 31


def test_a_definition_lost_from_the_database_is_written_again(settings) -> None:  # type: ignore[no-untyped-def]
    """After a failover the process may remember a definition the database no longer has."""
    from sqlalchemy import delete

    from app.main import create_app
    from app.models import QuestionnaireDefinition, Response
    from app.submissions import submit
    from tests.conftest import all_answers

    app = create_app(settings)
    state = app.state.koll
    rektor = state.catalog.current("rektor").questionnaire
    submit(state.engine, state.catalog, "rektor", all_answers(rektor, 3))
    with transaction(state.engine, write=True) as session:  # as if restored from an old backup
        session.execute(delete(Response))
        session.execute(delete(QuestionnaireDefinition))
    stored = submit(state.engine, state.catalog, "rektor", all_answers(rektor, 2))
    with transaction(state.engine) as session:
        assert session.get(Response, stored.id) is not None
    state.engine.dispose()
