"""Reads by index on the driver's connection: the rows, one transaction, errors as
SQLAlchemy's, connections given back, and where the read runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import col

from app.platform.db import Database, transaction
from app.platform.definitions import QuestionnaireDefinition
from app.platform.lookup import Lookup, run_lookup
from app.selfcheck.models import Response
from tests.support import on_a_loop_of_its_own

BY_ID_AND_VERSION = select(col(Response.id), col(Response.questionnaire_version)).where(
    # Named in the opposite order to their places in the SQL: positional drivers get them
    # in the order of the statement, not of the call.
    col(Response.questionnaire_version) == bindparam("version"),
    col(Response.id) == bindparam("id"),
)
COUNT = select(func.count()).select_from(Response)
DEFINITION = "d" * 64


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.close()


def add_response(engine: Engine, response_id: str) -> None:
    with transaction(engine, write=True) as session:
        if session.get(QuestionnaireDefinition, DEFINITION) is None:
            session.add(
                QuestionnaireDefinition(
                    hash=DEFINITION, questionnaire_id="rektor", version=1, definition={}
                )
            )
            session.flush()
        session.add(
            Response(
                id=response_id,
                questionnaire_id="rektor",
                questionnaire_version=1,
                definition_hash=DEFINITION,
                answers={},
                scores={},
            )
        )


def test_rows_are_found_by_named_parameters_in_any_order(database: Database) -> None:
    add_response(database.engine, "a" * 22)
    add_response(database.engine, "b" * 22)

    def job(lookup: Lookup) -> list[tuple[object, ...]]:
        return lookup.rows(BY_ID_AND_VERSION, id="b" * 22, version=1)

    assert run_lookup(database.engine, job) == [("b" * 22, 1)]
    assert run_lookup(database.engine, lambda lookup: lookup.rows(COUNT)) == [(2,)]
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_lookup_on_sqlite_reads_one_snapshot(sqlite_url: str) -> None:
    """Statements of one lookup agree with each other, whatever commits in between."""
    database = Database(sqlite_url)
    try:

        def job(lookup: Lookup) -> tuple[object, object]:
            before = lookup.rows(COUNT)
            add_response(database.engine, "c" * 22)  # on another connection, committed
            return before, lookup.rows(COUNT)

        before, after = run_lookup(database.engine, job)
        assert before == after == [(0,)]
        assert run_lookup(database.engine, lambda lookup: lookup.rows(COUNT)) == [(1,)]
    finally:
        database.close()


def test_driver_errors_come_out_as_sqlalchemys(database: Database) -> None:
    missing = select(text("x")).select_from(text("no_such_table"))
    with pytest.raises(DBAPIError):
        run_lookup(database.engine, lambda lookup: lookup.rows(missing))
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert run_lookup(database.engine, lambda lookup: lookup.rows(COUNT)) == [(0,)]


@pytest.mark.postgresql
def test_a_connection_the_server_dropped_is_not_used_again(postgresql_database: str) -> None:
    database = Database(postgresql_database)
    try:
        ends_itself = select(func.pg_terminate_backend(func.pg_backend_pid()))
        with pytest.raises(OperationalError) as raised:
            run_lookup(database.engine, lambda lookup: lookup.rows(ends_itself))
        assert raised.value.connection_invalidated
        assert run_lookup(database.engine, lambda lookup: lookup.rows(COUNT)) == [(0,)]
    finally:
        database.close()


def test_sqlite_looks_up_on_the_calling_thread_and_a_server_on_another(
    database: Database,
) -> None:
    """SQLite is in the process: no hop. A server is a round trip the event loop must not
    wait for."""

    def job(_lookup: Lookup) -> int:
        return threading.get_ident()

    async def where() -> tuple[int, int]:
        return threading.get_ident(), await database.lookup(job)

    caller, ran_on = on_a_loop_of_its_own(where)
    assert (caller == ran_on) is database.is_sqlite


def test_a_server_that_is_away_is_sqlalchemys_operational_error() -> None:
    """What the error handlers answer 503 for, as they do for every other read."""
    database = Database("postgresql+psycopg://koll:koll@127.0.0.1:9/koll")  # nothing listens
    try:
        with pytest.raises(OperationalError):
            run_lookup(database.engine, lambda lookup: lookup.rows(COUNT))
    finally:
        database.close()


def test_a_connection_goes_back_to_the_pool_as_it_came(database: Database) -> None:
    """A lookup on PostgreSQL reads without a transaction; the next unit of work on the
    same connection must still be one (all or nothing)."""
    run_lookup(database.engine, lambda lookup: lookup.rows(COUNT))
    assert database.engine.pool.checkedin() == 1  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError), database.transaction(write=True) as session:
        add_response(database.engine, "e" * 22)  # committed on its own connection
        session.add(
            Response(
                id="f" * 22,
                questionnaire_id="rektor",
                questionnaire_version=1,
                definition_hash=DEFINITION,
                answers={},
                scores={},
            )
        )
        session.flush()
        raise RuntimeError("the unit of work fails after its write")
    rows = run_lookup(database.engine, lambda lookup: lookup.rows(select(col(Response.id))))
    assert rows == [("e" * 22,)]
