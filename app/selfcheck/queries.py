"""The self-check's queries: storing a response, and reading one back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Dialect, Table, func, insert, select
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, col

from app.core.questionnaires import QuestionnaireVersion
from app.platform.batched_inserts import insert_later
from app.platform.db import json_text
from app.platform.driver import DriverParameters
from app.platform.tokens import token_urlsafe
from app.selfcheck.models import Response

# SQLModel sets `__table__` on table classes at run time but does not declare it for mypy.
RESPONSES: Table = Response.__table__  # type: ignore[attr-defined]


def new_result_id() -> str:
    """128 random bits, URL-safe."""
    return token_urlsafe(16)


def response_parameters(
    dialect: Dialect,
    result_id: str,
    created_at: datetime,
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    scores: dict[str, Any],
    invitation_id: str | None = None,
) -> DriverParameters:
    """A response row as the database driver takes it: JSON as text, dates as the dialect
    stores them. Made before the write, so that the writer thread only hands it to the driver."""
    row = {
        "id": result_id,
        "invitation_id": invitation_id,
        "questionnaire_id": version.questionnaire.id,
        "questionnaire_version": version.questionnaire.version,
        "definition_hash": version.hash,
        "created_at": created_at,
        "answers": answers,
        "scores": scores,
    }
    compiled = _compiled_insert(dialect)
    for key, process in compiled.processors.items():
        row[key] = process(row[key])
    if compiled.positions is None:
        return row
    return tuple(row[key] for key in compiled.positions)


def add_response(session: Session, parameters: DriverParameters) -> None:
    """Insert the row at the end of the transaction, with the other submissions that share
    it (app.platform.batched_inserts): the writes all pass through one thread that every
    waiting submission depends on (group commit)."""
    insert_later(session, _compiled_insert(session.get_bind().dialect).sql, parameters)


@dataclass(frozen=True)
class _CompiledInsert:
    sql: str
    positions: tuple[str, ...] | None  # column order for positional paramstyles, else None
    processors: dict[str, Callable[[Any], Any]]  # only the columns that need one


@lru_cache(maxsize=8)
def _compiled_insert(dialect: Dialect) -> _CompiledInsert:
    compiled = insert(RESPONSES).compile(dialect=dialect)
    return _CompiledInsert(
        sql=str(compiled),
        positions=tuple(compiled.positiontup) if compiled.positiontup else None,
        processors={
            column.key: process
            for column in RESPONSES.columns
            if (process := _bind_processor(column.type, dialect))
        },
    )


def _bind_processor(column_type: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """JSON as text on every dialect: on PostgreSQL the statement casts it (`::JSON`), where
    SQLAlchemy's own processor would leave the encoding to psycopg, in the writer thread."""
    if isinstance(column_type, JSON):
        return json_text
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def get_response(session: Session, result_id: str) -> Response | None:
    return session.get(Response, result_id)


def response_counts(session: Session) -> dict[tuple[str, int], int]:
    """How many responses each questionnaire version has."""
    rows = session.execute(
        select(
            col(Response.questionnaire_id), col(Response.questionnaire_version), func.count()
        ).group_by(col(Response.questionnaire_id), col(Response.questionnaire_version))
    ).all()
    return {(qid, version): count for qid, version, count in rows}
