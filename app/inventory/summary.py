"""The authority's summary across its schools (`app.core.catalogues.summary` does the sums):
which inventory is each school's latest, and what workshop 1, 3 and 4 of those hold.

Workshop 1 is not worked out again per request from every participation: the sums the summary
needs (how many answered, each task's tenths of an hour) come from two aggregate queries over
just the inventories not yet known, and a closed inventory's sums, which never change (it takes
no more answers, and its threshold and catalogue are fixed), are kept in the app's
`inventory_totals` cache. Workshops 3 and 4 are read and checked again only when saved since
(`inventory_plans`, keyed by the times they were saved). Every query is scoped to the one
authority.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.authorities.models import School
from app.core.catalogues import Catalogue
from app.core.catalogues.summary import (
    SchoolPlans,
    Summary,
    TaskTotals,
    is_visible,
    school_summary,
    summarise,
)
from app.core.catalogues.summary import plans as plans_of
from app.core.catalogues.workshops import Workshop3, Workshop4
from app.core.swedish import swedish_key
from app.inventory import records, service
from app.inventory.models import Inventory, InventoryRecord, Participation, ParticipationAnswer
from app.platform.cache import ImmutableCache
from app.platform.state import AppState, PlansKey

TotalsCache = ImmutableCache[str, TaskTotals]
PlansCache = ImmutableCache[PlansKey, SchoolPlans]
# Ids per IN (...) list: well under SQLite's limit on bound parameters.
CHUNK = 500


@dataclass(frozen=True)
class Latest:
    """A school's latest inventory (by when it was made), with what the summary needs of it."""

    school_id: str
    school_name: str
    inventory_id: str
    definition_hash: str
    min_respondents: int
    closed: bool
    created_at: datetime


def authority_summary(session: Session, state: AppState, authority_id: str) -> Summary:
    """Each of the authority's schools that has an inventory, by its latest one, in Swedish
    alphabetical order of the schools' names (ties by id); schools without one are left out."""
    latest = latest_inventories(session, authority_id)
    totals = task_totals(session, state.inventory_totals, latest)
    plans = school_plans(session, state.inventory_plans, [i.inventory_id for i in latest])
    known: dict[str, Catalogue] = {}
    schools = []
    for item in latest:
        catalogue = known.get(item.definition_hash)
        if catalogue is None:
            version = service.catalogue_by_hash(session, state.catalogues, item.definition_hash)
            catalogue = known[item.definition_hash] = version.catalogue
        found = totals[item.inventory_id]
        schools.append(
            school_summary(
                school_id=item.school_id,
                inventory_id=item.inventory_id,
                catalogue=catalogue,
                totals=found,
                visible=_visible(item, found.respondents),
                plans=plans[item.inventory_id],
            )
        )
    return summarise(schools)


def school_plans(
    session: Session, cache: PlansCache, inventory_ids: Sequence[str]
) -> dict[str, SchoolPlans]:
    """Workshops 3 and 4 of each inventory, as the summary needs them: read and checked again
    only when saved since they were last read (the times they were saved are the key)."""
    saved: dict[str, dict[str, datetime]] = {}
    for ids in _chunks(inventory_ids):
        rows = session.execute(
            select(
                col(InventoryRecord.inventory_id),
                col(InventoryRecord.kind),
                col(InventoryRecord.updated_at),
            ).where(
                col(InventoryRecord.inventory_id).in_(ids),
                col(InventoryRecord.kind).in_(["workshop3", "workshop4"]),
            )
        ).all()
        for inventory_id, kind, updated_at in rows:
            saved.setdefault(inventory_id, {})[kind] = updated_at
    keys: dict[str, PlansKey] = {}
    for inventory_id in inventory_ids:
        stamps = saved.get(inventory_id, {})
        keys[inventory_id] = (inventory_id, stamps.get("workshop3"), stamps.get("workshop4"))
    found = {i: plans for i, key in keys.items() if (plans := cache.get(key)) is not None}
    missing = [i for i in inventory_ids if i not in found]
    documents = records.records_of(session, missing, ("workshop3", "workshop4"))
    for inventory_id in missing:
        workshop3 = Workshop3.model_validate(documents.get((inventory_id, "workshop3"), {}))
        workshop4 = Workshop4.model_validate(documents.get((inventory_id, "workshop4"), {}))
        found[inventory_id] = cache.put(keys[inventory_id], plans_of(workshop3, workshop4))
    return found


def _visible(item: Latest, respondents: int) -> bool:
    return is_visible(
        closed=item.closed, respondents=respondents, min_respondents=item.min_respondents
    )


def latest_inventories(session: Session, authority_id: str) -> list[Latest]:
    """The latest inventory of each school of the authority; ties in time by id."""
    rows = session.execute(
        select(
            col(Inventory.school_id),
            col(School.name),
            col(Inventory.id),
            col(Inventory.definition_hash),
            col(Inventory.min_respondents),
            col(Inventory.closed_at),
            col(Inventory.created_at),
        )
        .join(School, col(School.id) == col(Inventory.school_id))
        .where(
            col(Inventory.authority_id) == authority_id, col(School.authority_id) == authority_id
        )
    ).all()
    latest: dict[str, Latest] = {}
    for school_id, name, inventory_id, definition, minimum, closed_at, created_at in rows:
        item = Latest(
            school_id, name, inventory_id, definition, minimum, closed_at is not None, created_at
        )
        seen = latest.get(school_id)
        if seen is None or (seen.created_at, seen.inventory_id) < (created_at, inventory_id):
            latest[school_id] = item
    return sorted(latest.values(), key=lambda i: (swedish_key(i.school_name), i.school_id))


def task_totals(
    session: Session, cache: TotalsCache, inventories: Sequence[Latest]
) -> dict[str, TaskTotals]:
    """Each inventory's respondents and, when its figures are visible, task sums: from the
    cache for a closed inventory seen before, else from the database (and then kept, if the
    inventory is closed)."""
    found: dict[str, TaskTotals] = {}
    missing: list[Latest] = []
    for item in inventories:
        cached = cache.get(item.inventory_id) if item.closed else None
        if cached is None:
            missing.append(item)
        else:
            found[item.inventory_id] = cached
    counts = respondent_counts(session, [item.inventory_id for item in missing])
    visible = [i for i in missing if _visible(i, counts.get(i.inventory_id, 0))]
    tenths = task_tenths(session, [item.inventory_id for item in visible])
    shown = {item.inventory_id for item in visible}
    for item in missing:
        key = item.inventory_id
        totals = TaskTotals(counts.get(key, 0), tenths.get(key, {}) if key in shown else None)
        found[key] = cache.put(key, totals) if item.closed else totals
    return found


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def respondent_counts(session: Session, inventory_ids: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ids in _chunks(inventory_ids):
        rows = session.execute(
            select(col(Participation.inventory_id), func.count())
            .where(col(Participation.inventory_id).in_(ids))
            .group_by(col(Participation.inventory_id))
        ).all()
        counts.update({inventory_id: count for inventory_id, count in rows})
    return counts


def task_tenths(session: Session, inventory_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Per inventory, each task's hours in tenths summed over its participations."""
    sums: dict[str, dict[str, int]] = {}
    for ids in _chunks(inventory_ids):
        rows = session.execute(
            select(
                col(Participation.inventory_id),
                col(ParticipationAnswer.task_id),
                func.sum(col(ParticipationAnswer.tenths)),
            )
            .join(Participation, col(Participation.id) == col(ParticipationAnswer.participation_id))
            .where(col(Participation.inventory_id).in_(ids))
            .group_by(col(Participation.inventory_id), col(ParticipationAnswer.task_id))
        ).all()
        for inventory_id, task_id, total in rows:
            sums.setdefault(inventory_id, {})[task_id] = int(total)
    return sums
