"""Storing and reading the documents of workshops 2 to 4 and the action plan; every function
takes the `Session` first and never commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Literal

from sqlalchemy import select
from sqlmodel import Session, col

from app.inventory.models import InventoryRecord
from app.platform.tables import conflict_insert, utc_now

Kind = Literal["workshop2", "workshop3", "workshop4", "plan"]


def record(session: Session, inventory_id: str, kind: Kind, *, lock: bool = False) -> Any:
    """The stored document (a JSON value) or None. `lock` holds the row until the commit on
    PostgreSQL, so two saves that read and then write it run one after the other."""
    statement = select(col(InventoryRecord.body)).where(
        col(InventoryRecord.inventory_id) == inventory_id, col(InventoryRecord.kind) == kind
    )
    if lock:
        statement = statement.with_for_update()
    return session.execute(statement).scalar_one_or_none()


def put_record(session: Session, inventory_id: str, kind: Kind, body: dict[str, Any]) -> None:
    """Insert or replace the document in one statement, safe when two requests race."""
    now = utc_now()
    statement = conflict_insert(session, InventoryRecord).values(
        inventory_id=inventory_id, kind=kind, body=body, updated_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["inventory_id", "kind"], set_={"body": body, "updated_at": now}
        )
    )


def records_of(
    session: Session, inventory_ids: Collection[str], kinds: Sequence[Kind]
) -> dict[tuple[str, str], Any]:
    """The documents of many inventories at once: (inventory id, kind) → document."""
    if not inventory_ids:
        return {}
    rows = session.execute(
        select(
            col(InventoryRecord.inventory_id), col(InventoryRecord.kind), col(InventoryRecord.body)
        ).where(
            col(InventoryRecord.inventory_id).in_(list(inventory_ids)),
            col(InventoryRecord.kind).in_(list(kinds)),
        )
    ).all()
    return {(inventory_id, kind): body for inventory_id, kind, body in rows}
