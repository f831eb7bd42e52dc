"""The use cases of workshops 2 to 4 and the action plan: read and save each document, with
the workshop 1 figures beside them, and keep the plan in step with workshop 4.
No FastAPI here: problems are exceptions of this module, which the routes translate."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlmodel import Session

from app.core.catalogues import Catalogue
from app.core.catalogues.planning import (
    HoursFreed,
    activity_items,
    add_once,
    effect_items,
    hours_freed,
    hours_of_priorities,
)
from app.core.catalogues.workshop1 import Workshop1
from app.core.catalogues.workshops import (
    MAX_PLAN_ITEMS,
    Plan,
    PlanItem,
    Priority,
    Workshop2,
    Workshop3,
    Workshop4,
    unknown_tasks,
)
from app.inventory import records
from app.inventory.models import Inventory


class UnknownTasks(Exception):
    """Task ids the inventory's catalogue does not have, as (location, task id)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(problems)} unknown tasks")
        self.problems = problems


class PlanFull(Exception):
    """Workshop 4's new follow-ups would take the plan past its limit of items."""

    def __init__(self, items: int, new: int) -> None:
        super().__init__(f"{items} items and {new} new ones")
        self.items, self.new = items, new


class UnknownItems(Exception):
    """Plan item ids that are not in the plan, as (location, id)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(problems)} unknown items")
        self.problems = problems


@dataclass(frozen=True)
class Workshop3View:
    priorities: list[tuple[Priority, Fraction | None]]  # each with workshop 1's hours_total
    hours_freed: HoursFreed


def workshop2_of(session: Session, inventory: Inventory) -> Workshop2:
    stored = records.record(session, inventory.id, "workshop2")
    return Workshop2() if stored is None else Workshop2.model_validate(stored)


def workshop3_of(session: Session, inventory: Inventory) -> Workshop3:
    stored = records.record(session, inventory.id, "workshop3")
    return Workshop3() if stored is None else Workshop3.model_validate(stored)


def workshop4_of(session: Session, inventory: Inventory) -> Workshop4:
    stored = records.record(session, inventory.id, "workshop4")
    return Workshop4() if stored is None else Workshop4.model_validate(stored)


def plan_of(session: Session, inventory: Inventory) -> Plan:
    return _stored_plan(session, inventory.id)[0]


def _checked(catalogue: Catalogue, document: Workshop2 | Workshop3 | Workshop4) -> None:
    problems = unknown_tasks(catalogue, document)
    if problems:
        raise UnknownTasks(problems)


def save_workshop2(
    session: Session, catalogue: Catalogue, inventory: Inventory, document: Workshop2
) -> Workshop2:
    _checked(catalogue, document)
    records.put_record(session, inventory.id, "workshop2", document.model_dump(mode="json"))
    return document


def save_workshop3(
    session: Session, catalogue: Catalogue, inventory: Inventory, document: Workshop3
) -> Workshop3:
    _checked(catalogue, document)
    records.put_record(session, inventory.id, "workshop3", document.model_dump(mode="json"))
    return document


def workshop3_view(figures: Workshop1, document: Workshop3, inventory: Inventory) -> Workshop3View:
    return Workshop3View(
        hours_of_priorities(figures, document),
        hours_freed(figures, document, inventory.staff_count),
    )


def save_workshop4(
    session: Session, catalogue: Catalogue, inventory: Inventory, document: Workshop4
) -> Workshop4:
    """Store the roles, and add a plan item for each effect's follow-up not planned before."""
    _checked(catalogue, document)
    records.put_record(session, inventory.id, "workshop4", document.model_dump(mode="json"))
    plan, made = _stored_plan(session, inventory.id, lock=True)
    new, made_now = add_once(effect_items(document), made)
    if new:
        if len(plan.items) + len(new) > MAX_PLAN_ITEMS:
            raise PlanFull(len(plan.items), len(new))
        _put_plan(session, inventory.id, _with_new_ids([*plan.items, *new]), made_now)
    return document


def save_plan(session: Session, inventory: Inventory, document: Plan) -> Plan:
    """Replace the plan. An item with an id keeps its source (only Koll sets a source); an
    item without one is new, and the plan's own; items left out are removed."""
    stored, made = _stored_plan(session, inventory.id, lock=True)
    sources = {item.id: item.source for item in stored.items}
    unknown = [
        (f"body.items.{n}.id", item.id)
        for n, item in enumerate(document.items)
        if item.id is not None and item.id not in sources
    ]
    if unknown:
        raise UnknownItems(unknown)
    items = [
        item.model_copy(update={"source": _OWN if item.id is None else sources[item.id]})
        for item in document.items
    ]
    return _put_plan(session, inventory.id, _with_new_ids(items), made)


def start_plan(
    session: Session, inventory: Inventory, activities: Sequence[tuple[str, str]]
) -> None:
    """The first items of a new inventory's plan: a self-check's suggested activities."""
    items = activity_items(activities)[:MAX_PLAN_ITEMS]
    if items:
        _put_plan(session, inventory.id, _with_new_ids(items), frozenset())


_OWN = PlanItem(activity="-").source


def _with_new_ids(items: Sequence[PlanItem]) -> list[PlanItem]:
    """The items, each without an id given a random one that no other item has."""
    taken = {item.id for item in items if item.id is not None}
    given = []
    for item in items:
        if item.id is None:
            candidate = secrets.token_hex(4)
            while candidate in taken:
                candidate = secrets.token_hex(4)
            taken.add(candidate)
            item = item.model_copy(update={"id": candidate})
        given.append(item)
    return given


def _stored_plan(
    session: Session, inventory_id: str, *, lock: bool = False
) -> tuple[Plan, frozenset[str]]:
    """The plan, and the refs of the workshop 4 effects already made into items."""
    stored: Any = records.record(session, inventory_id, "plan", lock=lock)
    if stored is None:
        return Plan(), frozenset()
    return Plan.model_validate({"items": stored["items"]}), frozenset(stored["made"])


def _put_plan(
    session: Session, inventory_id: str, items: list[PlanItem], made: frozenset[str]
) -> Plan:
    plan = Plan(items=items)
    body = {**plan.model_dump(mode="json"), "made": sorted(made)}
    records.put_record(session, inventory_id, "plan", body)
    return plan
