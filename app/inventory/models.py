"""The inventory's tables: catalogue versions as used, inventories, and their participations.

Nothing that identifies a participant is kept: a participation is its role and the day it was
made (no time of day, so it cannot be matched against access logs), and its answers are rows
of task, hours, energy and teacher need. Tokens are kept only as their SHA-256.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.platform.tables import timestamp


class CatalogueDefinition(SQLModel, table=True):
    """A catalogue version as it was when an inventory pinned it, keyed by content hash."""

    __tablename__ = "catalogue_definitions"

    hash: str = Field(primary_key=True, max_length=64)
    catalogue_id: str = Field(max_length=64, index=True)
    version: int
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp()


class Inventory(SQLModel, table=True):
    __tablename__ = "inventories"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    catalogue_id: str = Field(max_length=64)
    catalogue_version: int
    definition_hash: str = Field(foreign_key="catalogue_definitions.hash", max_length=64)
    min_respondents: int
    manage_token_hash: str = Field(max_length=64, unique=True)
    participate_token_hash: str = Field(max_length=64, unique=True)
    # Set when an authority made the inventory for one of its schools.
    authority_id: str | None = Field(
        default=None, foreign_key="authorities.id", max_length=32, index=True
    )
    school_id: str | None = Field(default=None, foreign_key="schools.id", max_length=32)
    # How many staff the school has: scales workshop 3's freed hours from those who answered
    # to the whole school. Optional; set at creation or later.
    staff_count: int | None = None
    # The self-check result the inventory was started from (its weak areas' activities open
    # the action plan). A result's id opens only that anonymous result.
    selfcheck_result_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = timestamp()
    closed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class Participation(SQLModel, table=True):
    __tablename__ = "participations"

    # Random, so that ids do not tell the order in which people answered.
    id: str = Field(primary_key=True, max_length=32)
    inventory_id: str = Field(foreign_key="inventories.id", max_length=32, index=True)
    role: str = Field(max_length=16)
    submitted_on: date


class ParticipationAnswer(SQLModel, table=True):
    """A task a participant does (hours > 0): hours in tenths, energy, teacher need."""

    __tablename__ = "participation_answers"
    __table_args__ = (UniqueConstraint("participation_id", "task_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participation_id: str = Field(foreign_key="participations.id", max_length=32, index=True)
    task_id: str = Field(max_length=64)
    tenths: int
    energy: int
    teacher: str = Field(max_length=8)


class InventoryRecord(SQLModel, table=True):
    """What the person leading an inventory recorded: workshop 2, 3 or 4, or the action plan,
    each one JSON document (app.core.catalogues.workshops), replaced as a whole."""

    __tablename__ = "inventory_records"

    inventory_id: str = Field(foreign_key="inventories.id", max_length=32, primary_key=True)
    kind: str = Field(max_length=16, primary_key=True)
    body: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = timestamp()
