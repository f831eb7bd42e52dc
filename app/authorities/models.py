"""The authorities' tables: accounts, schools, survey rounds, invitation links, and the staff
who sign in to the web view with their one-time password links and sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
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


class AuthorityUser(SQLModel, table=True):
    """A member of an authority's staff who signs in to the web view with e-mail and password.

    The e-mail address is kept in lower case and is unique across authorities: signing in
    asks for nothing else. The password is kept only as its argon2id hash; None until the
    user has set one through a one-time link."""

    __tablename__ = "authority_users"

    id: str = Field(primary_key=True, max_length=32)
    authority_id: str = Field(foreign_key="authorities.id", max_length=32, index=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str | None = Field(default=None, max_length=200)
    created_at: datetime = timestamp()


class PasswordLink(SQLModel, table=True):
    """A one-time link to set a password: only the SHA-256 of its token is kept."""

    __tablename__ = "authority_password_links"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="authority_users.id", max_length=32, index=True)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    created_at: datetime = timestamp()


class SignInSession(SQLModel, table=True):
    """A signed-in browser: only the SHA-256 of the session id in its cookie is kept."""

    __tablename__ = "authority_sessions"

    id_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="authority_users.id", max_length=32, index=True)
    created_at: datetime = timestamp()
    last_seen_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
