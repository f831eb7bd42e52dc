"""Database tables. The schema itself is made only by the migrations in migrations/."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401  (sets the naming convention before any table is defined)


def utc_now() -> datetime:
    return datetime.now(UTC)


class QuestionnaireDefinition(SQLModel, table=True):
    """A questionnaire version as it was when responses were made to it, keyed by content hash."""

    __tablename__ = "questionnaire_definitions"

    hash: str = Field(primary_key=True, max_length=64)
    questionnaire_id: str = Field(max_length=64, index=True)
    version: int
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class Response(SQLModel, table=True):
    """One completed self-check: the answers and the scores computed when it was stored."""

    __tablename__ = "responses"

    id: str = Field(primary_key=True, max_length=32)
    questionnaire_id: str = Field(max_length=64, index=True)
    questionnaire_version: int
    definition_hash: str = Field(foreign_key="questionnaire_definitions.hash", max_length=64)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    scores: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
