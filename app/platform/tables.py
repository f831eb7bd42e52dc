"""What every table shares: constraint names, timestamps, and inserts that meet a row already
there. The schema itself is made only by the migrations in migrations/; each feature defines
its own tables in its `models.py`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, MetaData
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel

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


def conflict_insert(session: Session, table: type[SQLModel]) -> Any:
    """An INSERT into `table` that can say what to do when the row is there already (ON
    CONFLICT), which SQLAlchemy's generic insert cannot: the session's dialect's own."""
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


def insert_unless_there(
    session: Session, table: type[SQLModel], key: str, values: dict[str, Any]
) -> None:
    """Store the row unless one with the same `key` is there; safe when workers race."""
    statement = conflict_insert(session, table).values(**values)
    session.execute(statement.on_conflict_do_nothing(index_elements=[key]))
