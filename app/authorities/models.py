"""The authorities' tables: accounts, schools, survey rounds and invitation links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.platform.tables import timestamp


class Authority(SQLModel, table=True):
    """A school authority (huvudman) with an API token, stored only as a hash."""

    __tablename__ = "authorities"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp()


class School(SQLModel, table=True):
    __tablename__ = "schools"
    __table_args__ = (UniqueConstraint("authority_id", "school_unit_code"),)

    id: str = Field(primary_key=True, max_length=32)
    authority_id: str = Field(foreign_key="authorities.id", max_length=32, index=True)
    name: str = Field(max_length=200)
    school_unit_code: str = Field(max_length=8)
    created_at: datetime = timestamp()


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
    created_at: datetime = timestamp()


class Invitation(SQLModel, table=True):
    """A link for one school in one round, or for the authority's own self-check (no school).
    The link's token is derived from the id (app.authorities.links); only links issued before
    that keep a hash of their token here, so that they still work."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("round_id", "school_id"),)

    id: str = Field(primary_key=True, max_length=32)
    legacy_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    round_id: str = Field(foreign_key="rounds.id", max_length=32, index=True)
    school_id: str | None = Field(default=None, foreign_key="schools.id", max_length=32, index=True)
    created_at: datetime = timestamp()
