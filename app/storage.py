"""The queries: storing responses and the questionnaire definitions they were made against."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from app.models import QuestionnaireDefinition, Response, utc_now
from app.questionnaires import Questionnaire, QuestionnaireVersion

RESPONSES: Table = Response.__table__  # type: ignore[attr-defined]
# Built once: a fresh statement per submission costs its cache key on every insert.
INSERT_RESPONSE = insert(RESPONSES)


def new_result_id() -> str:
    """128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def ensure_definition(session: Session, version: QuestionnaireVersion) -> None:
    """Store the definition under its hash unless it is there; safe when workers race."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(QuestionnaireDefinition).values(
        hash=version.hash,
        questionnaire_id=version.questionnaire.id,
        version=version.questionnaire.version,
        definition=version.questionnaire.model_dump(mode="json"),
        created_at=utc_now(),
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["hash"]))


def add_response(
    session: Session,
    result_id: str,
    created_at: datetime,
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    scores: dict[str, Any],
    invitation_id: str | None = None,
) -> None:
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
    # A Core INSERT on the table: the ORM's insert path costs more than the rest of a submission.
    session.connection().execute(INSERT_RESPONSE, row)


def get_response(session: Session, result_id: str) -> Response | None:
    return session.get(Response, result_id)


def get_definition(session: Session, definition_hash: str) -> Questionnaire | None:
    row = session.get(QuestionnaireDefinition, definition_hash)
    return Questionnaire.model_validate(row.definition) if row else None
