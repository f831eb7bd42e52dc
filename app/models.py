"""Database tables. The schema itself is made only by the migrations in migrations/."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401  (sets the naming convention before any table is defined)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _timestamp() -> Any:
    return Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class QuestionnaireDefinition(SQLModel, table=True):
    """A questionnaire version as it was when responses were made to it, keyed by content hash."""

    __tablename__ = "questionnaire_definitions"

    hash: str = Field(primary_key=True, max_length=64)
    questionnaire_id: str = Field(max_length=64, index=True)
    version: int
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = _timestamp()


class Response(SQLModel, table=True):
    """One completed self-check: the answers and the scores computed when it was stored."""

    __tablename__ = "responses"

    id: str = Field(primary_key=True, max_length=32)
    questionnaire_id: str = Field(max_length=64, index=True)
    questionnaire_version: int
    definition_hash: str = Field(foreign_key="questionnaire_definitions.hash", max_length=64)
    created_at: datetime = _timestamp()
    answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    scores: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Set when the response came through an authority's invitation link.
    invitation_id: str | None = Field(default=None, foreign_key="invitations.id", max_length=32)

    __table_args__ = (Index("ix_responses_invitation_created", "invitation_id", "created_at"),)


class Authority(SQLModel, table=True):
    """A school authority (huvudman) with an API token, stored only as a hash."""

    __tablename__ = "authorities"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _timestamp()


class School(SQLModel, table=True):
    __tablename__ = "schools"
    __table_args__ = (UniqueConstraint("authority_id", "school_unit_code"),)

    id: str = Field(primary_key=True, max_length=32)
    authority_id: str = Field(foreign_key="authorities.id", max_length=32, index=True)
    name: str = Field(max_length=200)
    school_unit_code: str = Field(max_length=8)
    created_at: datetime = _timestamp()


class SurveyRound(SQLModel, table=True):
    """A survey round pins one questionnaire version for all its invitations."""

    __tablename__ = "rounds"

    id: str = Field(primary_key=True, max_length=32)
    authority_id: str = Field(foreign_key="authorities.id", max_length=32, index=True)
    name: str = Field(max_length=200)
    questionnaire_id: str = Field(max_length=64)
    questionnaire_version: int
    # principal: one invitation per school; authority: one for the authority's own check.
    audience: str = Field(max_length=16)
    definition_hash: str = Field(foreign_key="questionnaire_definitions.hash", max_length=64)
    created_at: datetime = _timestamp()


class Invitation(SQLModel, table=True):
    """A link for one school in one round, or for the authority's own self-check (no school)."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("round_id", "school_id"),)

    id: str = Field(primary_key=True, max_length=32)
    token: str = Field(max_length=64, unique=True)
    round_id: str = Field(foreign_key="rounds.id", max_length=32, index=True)
    school_id: str | None = Field(default=None, foreign_key="schools.id", max_length=32, index=True)
    created_at: datetime = _timestamp()
