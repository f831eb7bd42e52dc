"""What every table shares: constraint names and timestamps. The schema itself is made only by
the migrations in migrations/; each feature defines its own tables in its `models.py`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, MetaData
from sqlmodel import Field, SQLModel

# Named constraints: SQLite batch migrations need them, and names match across databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp() -> Any:
    """A timezone-aware creation time, set when the row is made."""
    return Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
