"""The self-check's table: one row per completed self-check."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from app.platform.tables import timestamp


class Response(SQLModel, table=True):
    """One completed self-check: the answers and the scores computed when it was stored."""

    __tablename__ = "responses"

    id: str = Field(primary_key=True, max_length=32)
    questionnaire_id: str = Field(max_length=64, index=True)
    questionnaire_version: int
    definition_hash: str = Field(foreign_key="questionnaire_definitions.hash", max_length=64)
    created_at: datetime = timestamp()
    answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    scores: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Set when the response came through an authority's invitation link.
    invitation_id: str | None = Field(default=None, foreign_key="invitations.id", max_length=32)

    __table_args__ = (Index("ix_responses_invitation_created", "invitation_id", "created_at"),)
