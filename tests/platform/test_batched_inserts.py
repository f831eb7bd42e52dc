"""Rows a write transaction inserts at its end: all of them, in order, in one driver call per
statement, or none of them with the rest of the transaction."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.core.questionnaires import Catalog, Questionnaire, QuestionnaireVersion
from app.main import create_app
from app.platform import batched_inserts
from app.platform.definitions import ensure_definition
from app.platform.driver import execute_on_driver
from app.platform.settings import Settings
from app.platform.state import AppState
from app.platform.tables import utc_now
from app.selfcheck import queries
from app.selfcheck.models import Response
from app.selfcheck.service import submit
from tests.support import all_answers, on_a_loop_of_its_own


@pytest.fixture
def state(settings: Settings) -> Any:
    state = create_app(settings).state.koll
    yield state
    state.db.close()


@pytest.fixture
def version(catalog: Catalog) -> QuestionnaireVersion:
    found = catalog.current("rektor")
    assert found is not None
    return found


def row(state: AppState, version: QuestionnaireVersion, result_id: str) -> Any:
    answers = all_answers(version.questionnaire, 2)
    return queries.response_parameters(
        state.engine.dialect, result_id, utc_now(), version, answers, {"areas": []}
    )


@pytest.fixture
def driver_calls(
    state: AppState, version: QuestionnaireVersion, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, bool]]:
    """Each statement that reaches the driver, and whether as one executemany: through
    SQLAlchemy's execution (its events tell), or handed to the driver directly. The
    questionnaire's definition is stored before, so that rows can refer to it."""
    store_definition(state, version)
    calls: list[tuple[str, bool]] = []

    def seen(*args: Any) -> None:
        statement, executemany = args[2], args[5]
        calls.append((statement.split()[0].upper(), executemany))

    def handed(connection: Any, statement: str, parameters: Any = None, many: bool = False) -> None:
        calls.append((statement.split()[0].upper(), many))
        execute_on_driver(connection, statement, parameters, many=many)

    event.listen(state.engine, "before_cursor_execute", seen)
    monkeypatch.setattr(batched_inserts, "execute_on_driver", handed)
    return calls


def only_inserts(calls: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [call for call in calls if call[0] == "INSERT"]


def store_definition(state: AppState, version: QuestionnaireVersion) -> None:
    with state.db.transaction(write=True) as session:
        ensure_definition(session, version)


def stored_ids(state: AppState) -> list[str]:
    with state.db.transaction() as session:
        return list(session.execute(select(col(Response.id)).order_by(col(Response.id))).scalars())


def add_rows(state: AppState, version: QuestionnaireVersion, count: int) -> list[str]:
    """`count` rows added in one write transaction, nothing else; their ids."""
    ids = [f"{n:022d}" for n in range(count)]
    with state.db.transaction(write=True) as session:
        for result_id in ids:
            queries.add_response(session, row(state, version, result_id))
    return ids


def test_rows_wait_for_the_end_and_are_inserted_at_once(
    state: AppState,
    version: QuestionnaireVersion,
    driver_calls: list[tuple[str, bool]],
) -> None:
    ids = [f"{n:022d}" for n in range(5)]
    with state.db.transaction(write=True) as session:
        for result_id in ids:
            queries.add_response(session, row(state, version, result_id))
        # Not yet in the database, even for this transaction.
        assert session.execute(select(col(Response.id))).all() == []
    assert stored_ids(state) == ids
    inserts = only_inserts(driver_calls)
    assert inserts == [("INSERT", True)]


def test_a_row_that_fails_takes_the_whole_transaction_with_it(
    state: AppState, version: QuestionnaireVersion
) -> None:
    """A row that breaks a constraint at the end fails the transaction: the earlier,
    immediate write of the same transaction is not stored either."""
    stray = row(state, version, "x" * 22)
    with (
        pytest.raises(IntegrityError),
        state.db.transaction(write=True) as session,
    ):
        ensure_definition(session, version)  # written at once
        queries.add_response(session, row(state, version, "a" * 22))
        # The same id twice: the batch cannot be stored.
        queries.add_response(session, stray)
        queries.add_response(session, stray)
    assert stored_ids(state) == []
    with state.db.transaction() as session:
        assert session.execute(select(col(Response.id))).all() == []


def test_a_transaction_without_rows_waiting_sends_nothing_more(
    state: AppState,
    driver_calls: list[tuple[str, bool]],
) -> None:
    with state.db.transaction(write=True) as session:
        session.info["unrelated"] = True
    assert only_inserts(driver_calls) == []


def test_submissions_that_share_a_commit_are_each_stored_once(
    state: AppState, version: QuestionnaireVersion, rektor: Questionnaire
) -> None:
    """Through the group committer, on each database: every answered submission is stored,
    exactly once, and a failing one among them does not take the others with it."""

    async def main() -> list[object]:
        good = [submit(state, version, all_answers(rektor, 1 + n % 4)) for n in range(30)]
        # An invitation that does not exist breaks its row's foreign key at the end.
        bad = submit(state, version, all_answers(rektor, 2), invitation_id="no-such-invitation")
        return list(await asyncio.gather(*good, bad, return_exceptions=True))

    outcomes = on_a_loop_of_its_own(main)
    *answered, failed = outcomes
    assert isinstance(failed, IntegrityError)
    ids = sorted(submitted.id for submitted in answered)  # type: ignore[attr-defined]
    assert stored_ids(state) == ids
    assert len(ids) == 30


def test_a_session_keeps_its_own_rows(state: AppState, version: QuestionnaireVersion) -> None:
    """Rows wait in their own session: another transaction at the same time keeps its own."""
    store_definition(state, version)
    first = Session(state.engine)
    queries.add_response(first, row(state, version, "f" * 22))
    with state.db.transaction(write=True) as session:
        queries.add_response(session, row(state, version, "s" * 22))
    first.close()  # never committed: its row is never inserted
    assert stored_ids(state) == ["s" * 22]


def test_rows_alone_go_as_one_statement_on_postgresql(
    state: AppState,
    version: QuestionnaireVersion,
    driver_calls: list[tuple[str, bool]],
) -> None:
    """A transaction of nothing but waiting rows: on PostgreSQL one INSERT of all of them,
    on SQLite one executemany; the same rows are stored either way."""
    ids = add_rows(state, version, 7)
    assert stored_ids(state) == ids
    inserts = only_inserts(driver_calls)
    assert inserts == [("INSERT", state.engine.dialect.name != "postgresql")]


def test_rows_alone_that_fail_store_nothing_and_leave_the_connection_usable(
    state: AppState, version: QuestionnaireVersion
) -> None:
    store_definition(state, version)
    twice = row(state, version, "d" * 22)
    for _ in range(3):  # the pool hands the same connection out again
        with pytest.raises(IntegrityError), state.db.transaction(write=True) as session:
            queries.add_response(session, row(state, version, "e" * 22))
            queries.add_response(session, twice)
            queries.add_response(session, twice)
        assert stored_ids(state) == []
    with state.db.transaction(write=True) as session:
        queries.add_response(session, row(state, version, "f" * 22))
        session.info["check"] = session.connection().connection.driver_connection
    driver: Any = session.info["check"]
    assert stored_ids(state) == ["f" * 22]
    assert getattr(driver, "autocommit", False) is False
