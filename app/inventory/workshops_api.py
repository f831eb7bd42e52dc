"""JSON routes of workshops 2 to 4 and the action plan (the same tokens as workshop 1)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.core.catalogues.workshops import MAX_PLAN_ITEMS
from app.inventory import messages, planning, service
from app.inventory.bodies import workshop3_json
from app.inventory.deps import ReadableInventory
from app.inventory.schemas import PlanIn, Workshop2In, Workshop3In, Workshop3Out, Workshop4In
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS, Problem
from app.platform.responses import JSONResponse

router = APIRouter(prefix="/api/v1", tags=["inventory"])
NO_STORE = {"Cache-Control": "no-store"}


def _refused(problems: list[tuple[str, str]], code: str, message: str) -> Problem:
    errors = [{"location": where, "code": code, "message": message} for where, _ in problems]
    return Problem(422, "invalid_request", messages.INVALID_WORKSHOP, errors=errors)


def _json(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, headers=NO_STORE)


@router.get("/inventories/{inventory_id}/workshop2", response_model=Workshop2In, responses=ERRORS)
def get_workshop2(session: SessionDep, inventory: ReadableInventory) -> Any:
    return _json(planning.workshop2_of(session, inventory).model_dump(mode="json"))


@router.put("/inventories/{inventory_id}/workshop2", response_model=Workshop2In, responses=ERRORS)
def put_workshop2(
    state: StateDep, session: SessionDep, inventory: ReadableInventory, body: Workshop2In
) -> Any:
    """Workshop 2 (önskat läge) as a whole: tasks left out are undecided."""
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    try:
        saved = planning.save_workshop2(session, catalogue, inventory, body)
    except planning.UnknownTasks as unknown:
        raise _refused(unknown.problems, "unknown_task", messages.UNKNOWN_TASK) from None
    return _json(saved.model_dump(mode="json"))


def _workshop3(state: StateDep, session: SessionDep, inventory: Any, document: Any) -> Any:
    version = service.catalogue_of(session, state.catalogues, inventory)
    figures = service.figures(session, version, inventory)
    return _json(workshop3_json(planning.workshop3_view(figures, document, inventory)))


@router.get("/inventories/{inventory_id}/workshop3", response_model=Workshop3Out, responses=ERRORS)
def get_workshop3(state: StateDep, session: SessionDep, inventory: ReadableInventory) -> Any:
    return _workshop3(state, session, inventory, planning.workshop3_of(session, inventory))


@router.put("/inventories/{inventory_id}/workshop3", response_model=Workshop3Out, responses=ERRORS)
def put_workshop3(
    state: StateDep, session: SessionDep, inventory: ReadableInventory, body: Workshop3In
) -> Any:
    """Workshop 3 (börläge): the priorities in order. `hours_total` and `hours_freed` are
    null while workshop 1's figures are not visible (see docs/inventory.md)."""
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    try:
        saved = planning.save_workshop3(session, catalogue, inventory, body)
    except planning.UnknownTasks as unknown:
        raise _refused(unknown.problems, "unknown_task", messages.UNKNOWN_TASK) from None
    return _workshop3(state, session, inventory, saved)


@router.get("/inventories/{inventory_id}/workshop4", response_model=Workshop4In, responses=ERRORS)
def get_workshop4(session: SessionDep, inventory: ReadableInventory) -> Any:
    return _json(planning.workshop4_of(session, inventory).model_dump(mode="json"))


@router.put("/inventories/{inventory_id}/workshop4", response_model=Workshop4In, responses=ERRORS)
def put_workshop4(
    state: StateDep, session: SessionDep, inventory: ReadableInventory, body: Workshop4In
) -> Any:
    """Workshop 4 (konkretisera): the roles. Each effect's follow-up becomes a plan item the
    first time it is saved; later edits of the item are kept."""
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    try:
        saved = planning.save_workshop4(session, catalogue, inventory, body)
    except planning.UnknownTasks as unknown:
        raise _refused(unknown.problems, "unknown_task", messages.UNKNOWN_TASK) from None
    except planning.PlanFull as full:
        message = messages.PLAN_FULL.format(items=full.items, new=full.new, max=MAX_PLAN_ITEMS)
        raise Problem(422, "plan_full", message) from None
    return _json(saved.model_dump(mode="json"))


@router.get("/inventories/{inventory_id}/plan", response_model=PlanIn, responses=ERRORS)
def get_plan(session: SessionDep, inventory: ReadableInventory) -> Any:
    return _json(planning.plan_of(session, inventory).model_dump(mode="json"))


@router.put("/inventories/{inventory_id}/plan", response_model=PlanIn, responses=ERRORS)
def put_plan(session: SessionDep, inventory: ReadableInventory, body: PlanIn) -> Any:
    """The whole plan: items keep their `id` and `source`; an item without an id is new (its
    source `own`); items left out are removed."""
    try:
        saved = planning.save_plan(session, inventory, body)
    except planning.UnknownItems as unknown:
        raise _refused(unknown.problems, "unknown_item", messages.UNKNOWN_ITEM) from None
    return _json(saved.model_dump(mode="json"))
