"""Storing and reading inventories, their catalogue versions and participations; every
function takes the `Session` (or, for a read by index, a `Lookup`) first and never commits."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, Table, bindparam, func, insert, select
from sqlmodel import Session, col

from app.core.catalogues import Catalogue, CatalogueVersion
from app.core.catalogues.participation import Participation as Answers
from app.core.catalogues.participation import TaskAnswer
from app.inventory.models import (
    CatalogueDefinition,
    Inventory,
    InventoryRecord,
    Participation,
    ParticipationAnswer,
)
from app.platform.lookup import Lookup
from app.platform.tables import insert_unless_there, utc_now


def ensure_catalogue_definition(session: Session, version: CatalogueVersion) -> None:
    """Store the definition under its hash unless it is there; safe when workers race."""
    values = {
        "hash": version.hash,
        "catalogue_id": version.catalogue.id,
        "version": version.catalogue.version,
        "definition": version.catalogue.model_dump(mode="json"),
        "created_at": utc_now(),
    }
    insert_unless_there(session, CatalogueDefinition, "hash", values)


def stored_catalogue_versions(session: Session) -> dict[tuple[str, int], CatalogueVersion]:
    """Every catalogue version an inventory pinned."""
    rows = session.execute(
        select(col(CatalogueDefinition.hash), col(CatalogueDefinition.definition))
    ).all()
    versions = (CatalogueVersion(Catalogue.model_validate(d), h) for h, d in rows)
    return {(v.catalogue.id, v.catalogue.version): v for v in versions}


def stored_catalogue(session: Session, definition_hash: str) -> CatalogueVersion | None:
    row = session.get(CatalogueDefinition, definition_hash)
    if row is None:
        return None
    return CatalogueVersion(Catalogue.model_validate(row.definition), definition_hash)


def inventory_by(session: Session, column: str, token_hash: str) -> Inventory | None:
    field = getattr(Inventory, column)
    return session.scalars(select(Inventory).where(field == token_hash)).one_or_none()


def inventories_of(session: Session, authority_id: str) -> Sequence[Inventory]:
    return session.scalars(
        select(Inventory)
        .where(col(Inventory.authority_id) == authority_id)
        .order_by(col(Inventory.created_at), col(Inventory.id))
    ).all()


# SQLModel sets `__table__` on table classes at run time but does not declare it for mypy.
PARTICIPATIONS: Table = Participation.__table__  # type: ignore[attr-defined]
ANSWERS: Table = ParticipationAnswer.__table__  # type: ignore[attr-defined]
RECORDS: Table = InventoryRecord.__table__  # type: ignore[attr-defined]


def is_open(session: Session, inventory_id: str) -> bool | None:
    """Whether the inventory is open (None: there is none). The row is locked for sharing on
    PostgreSQL (SQLite has one writer anyway): a close waits for the writing participation,
    and a participation for a close, so none lands after one. One driver call: it runs for
    every participation, on SQLite in the one writer thread."""
    connection = session.connection()
    dialect = connection.dialect
    sql, parameters = _status_query(dialect), {"id": inventory_id}
    row = connection.exec_driver_sql(
        sql, (inventory_id,) if dialect.paramstyle == "qmark" else parameters
    ).first()
    return None if row is None else row[0] is None


@lru_cache(maxsize=8)
def _status_query(dialect: Dialect) -> str:
    statement = (
        select(col(Inventory.closed_at))
        .where(col(Inventory.id) == bindparam("id"))
        .with_for_update(read=True)
    )
    return str(statement.compile(dialect=dialect))


def add_participation(
    session: Session, participation_id: str, inventory_id: str, answers: Answers, day: date
) -> None:
    """Two driver calls, the statements compiled once per dialect: on SQLite every write
    passes through the one writer thread, where a Core insert of 28 rows costs several times
    the driver's own work."""
    connection = session.connection()
    participation, answer = _compiled_inserts(connection.dialect)
    row = {"id": participation_id, "inventory_id": inventory_id, "role": answers.role}
    connection.exec_driver_sql(participation.sql, participation.parameters({**row, "day": day}))
    if answers.answers:
        rows = [
            answer.parameters(
                {
                    "participation_id": participation_id,
                    "task_id": a.task_id,
                    "tenths": a.tenths,
                    "energy": a.energy,
                    "teacher": a.teacher,
                }
            )
            for a in answers.answers
        ]
        connection.exec_driver_sql(answer.sql, rows)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # the order for positional paramstyles, else None
    processors: Mapping[str, Callable[[Any], Any]]  # what the dialect does to some values

    def parameters(self, values: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        for name, process in self.processors.items():
            values[name] = process(values[name])
        if self.positions is None:
            return values
        return tuple(values[name] for name in self.positions)


PARTICIPATION_BINDS = {
    "id": "id",
    "inventory_id": "inventory_id",
    "role": "role",
    "day": "submitted_on",
}
ANSWER_BINDS = {
    name: name for name in ("participation_id", "task_id", "tenths", "energy", "teacher")
}


@lru_cache(maxsize=8)
def _compiled_inserts(dialect: Dialect) -> tuple[_Compiled, _Compiled]:
    return (
        _compile(PARTICIPATIONS, PARTICIPATION_BINDS, dialect),
        _compile(ANSWERS, ANSWER_BINDS, dialect),
    )


def _compile(table: Table, binds: dict[str, str], dialect: Dialect) -> _Compiled:
    """An INSERT of the columns named by `binds` (parameter name → column), without the
    RETURNING PostgreSQL would add for a generated key: nothing reads it back."""
    statement = insert(table).values({column: bindparam(name) for name, column in binds.items()})
    compiled = statement.compile(dialect=dialect)
    processors = {
        name: process
        for name, column in binds.items()
        if (process := table.c[column].type.dialect_impl(dialect).bind_processor(dialect))
    }
    positions = tuple(compiled.positiontup) if compiled.positiontup else None
    return _Compiled(str(compiled).split(" RETURNING ")[0], positions, processors)


def participations(session: Session, inventory_id: str) -> list[Answers]:
    """Every participation with its answers, in one query (the order tells nothing). Core
    rows, without the ORM's loading: an inventory of 100 participations is some 3,000 rows."""
    rows = (
        session.connection()
        .execute(
            select(
                col(Participation.id),
                col(Participation.role),
                col(ParticipationAnswer.task_id),
                col(ParticipationAnswer.tenths),
                col(ParticipationAnswer.energy),
                col(ParticipationAnswer.teacher),
            )
            .outerjoin(
                ParticipationAnswer,
                col(ParticipationAnswer.participation_id) == col(Participation.id),
            )
            .where(col(Participation.inventory_id) == inventory_id)
        )
        .all()
    )
    roles: dict[str, str] = {}
    answers: dict[str, list[TaskAnswer]] = {}
    for pid, role, task_id, tenths, energy, teacher in rows:
        roles[pid] = role
        found = answers.setdefault(pid, [])
        if task_id is not None:
            found.append(TaskAnswer(task_id, tenths, energy, teacher))
    return [Answers(roles[pid], tuple(found)) for pid, found in answers.items()]


def participation_count(session: Session, inventory_id: str) -> int:
    count: int = session.execute(
        select(func.count())
        .select_from(Participation)
        .where(col(Participation.inventory_id) == inventory_id)
    ).scalar_one()
    return count


def page_stamp(lookup: Lookup, token_hash: str) -> tuple[Any, ...] | None:
    """What the pages of the inventory with this management token show that can change, as
    the driver gives it; None if there is no such inventory. The row's fields, when each of
    its documents was last saved (every save is a new time) and, while it is open, how many
    took part per role: a closed inventory takes no more. Asked on every request for one of
    those pages, which is then mostly answered from a cache: one or two indexed reads."""
    rows = lookup.rows(STAMP_BY_TOKEN, hash=token_hash)
    if not rows:
        return None
    fields = rows[0][:-2]
    documents = tuple((kind, saved) for *_, kind, saved in rows if kind is not None)
    if fields[STAMP_CLOSED_AT] is not None:
        return fields, documents, None
    return fields, documents, tuple(lookup.rows(STAMP_COUNTS, id=fields[0]))


STAMP_FIELDS = (
    Inventory.id,
    Inventory.manage_token_hash,
    Inventory.definition_hash,
    Inventory.name,
    Inventory.staff_count,
    Inventory.min_respondents,
    Inventory.selfcheck_result_id,
    Inventory.closed_at,
)
STAMP_CLOSED_AT = len(STAMP_FIELDS) - 1
STAMP_BY_TOKEN = (
    select(*(col(field) for field in STAMP_FIELDS), RECORDS.c.kind, RECORDS.c.updated_at)
    .outerjoin(RECORDS, RECORDS.c.inventory_id == col(Inventory.id))
    .where(col(Inventory.manage_token_hash) == bindparam("hash"))
    .order_by(RECORDS.c.kind)
)
STAMP_COUNTS = (
    select(col(Participation.role), func.count())
    .where(col(Participation.inventory_id) == bindparam("id"))
    .group_by(col(Participation.role))
    .order_by(col(Participation.role))
)


def role_counts(session: Session, inventory_id: str) -> dict[str, int]:
    """How many took part, per role: all an open inventory shows of its participations."""
    rows = session.execute(
        select(col(Participation.role), func.count())
        .where(col(Participation.inventory_id) == inventory_id)
        .group_by(col(Participation.role))
    ).all()
    return {role: count for role, count in rows}
