"""JSON routes: task catalogues, inventories, participations and workshop 1's figures."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app.authorities import service as authorities
from app.authorities.deps import CurrentAuthority
from app.inventory import messages, service
from app.inventory.bodies import inventory_json, workshop1_json
from app.inventory.deps import (
    ReadableInventory,
    participation_links,
)
from app.inventory.exports import workshop1_csv, workshop1_xlsx
from app.inventory.models import Inventory
from app.inventory.queries import stored_catalogue_versions
from app.inventory.schemas import (
    InventoryCreate,
    InventoryList,
    InventoryOut,
    InventoryPatch,
    Workshop1Out,
)
from app.platform.deps import (
    SessionDep,
    StateDep,
    app_state,
    count_failed_lookup,
    refuse_if_guessing,
)
from app.platform.errors import ERRORS, Problem
from app.platform.responses import JSONResponse
from app.platform.state import AppState

router = APIRouter(prefix="/api/v1", tags=["inventory"])
NO_STORE = {"Cache-Control": "no-store"}
RoleQuery = Literal["teacher", "other_staff", "leadership"]
GONE: dict[int | str, dict[str, Any]] = {410: {"description": "The inventory is closed"}}
NOT_VISIBLE: dict[int | str, dict[str, Any]] = {409: {"description": "Figures not visible"}}


@router.get("/catalogues")
async def list_catalogues(state: StateDep) -> dict[str, Any]:
    return {
        "catalogues": [
            {"id": v.catalogue.id, "version": v.catalogue.version, "title": v.catalogue.title}
            for v in state.catalogues.current_versions()
        ]
    }


@router.get("/catalogues/{catalogue_id}", name="api:catalogue", responses=ERRORS)
def get_catalogue(
    catalogue_id: str, state: StateDep, session: SessionDep, version: int | None = None
) -> dict[str, Any]:
    """The current version, or `?version=N`: any version served now or used by an inventory."""
    if version is None:
        found = state.catalogues.current(catalogue_id)
    else:
        found = state.catalogues.get(catalogue_id, version) or stored_catalogue_versions(
            session
        ).get((catalogue_id, version))
    if found is None:
        raise HTTPException(404)
    return found.catalogue.model_dump(mode="json", exclude_none=True)


def _created(
    request: Request, session: SessionDep, body: InventoryCreate, **owner: str
) -> JSONResponse:
    state = app_state(request)
    started_from = None
    if body.selfcheck_result is not None:
        # A result's id opens that result: a wrong one is a guess, counted like any other.
        refuse_if_guessing(request)
        started_from = service.started_from(state, session, body.selfcheck_result)
        if started_from is None:
            count_failed_lookup(request)
            raise Problem(404, "unknown_result", messages.UNKNOWN_RESULT)
    try:
        created = service.create_inventory(
            session,
            state.catalogues,
            state.secret_key,
            name=body.name,
            catalogue_id=body.catalogue,
            min_respondents=body.min_respondents,
            staff_count=body.staff_count,
            started_from=started_from,
            **owner,
        )
    except service.UnknownCatalogue:
        raise Problem(404, "unknown_catalogue", messages.UNKNOWN_CATALOGUE) from None
    return JSONResponse(
        inventory_json(request, created.inventory, created.manage_token),
        status_code=201,
        headers=NO_STORE,
    )


@router.post("/inventories", status_code=201, response_model=InventoryOut, responses=ERRORS)
def create_inventory(request: Request, session: SessionDep, body: InventoryCreate) -> Any:
    """A new inventory; `manage_token` (and the management link) is shown only here."""
    return _created(request, session, body)


@router.post(
    "/schools/{school_id}/inventories",
    status_code=201,
    response_model=InventoryOut,
    responses=ERRORS,
)
def create_school_inventory(
    request: Request,
    school_id: str,
    session: SessionDep,
    authority: CurrentAuthority,
    body: InventoryCreate,
) -> Any:
    if authorities.get_school(session, authority, school_id) is None:
        raise HTTPException(404)
    return _created(request, session, body, authority_id=authority.id, school_id=school_id)


@router.get("/inventories", response_model=InventoryList, responses=ERRORS)
def list_inventories(request: Request, session: SessionDep, authority: CurrentAuthority) -> Any:
    found = service.inventories_of(session, authority.id)
    body = {"inventories": [inventory_json(request, i) for i in found]}
    return JSONResponse(body, headers=NO_STORE)


@router.get("/inventories/{inventory_id}", response_model=InventoryOut, responses=ERRORS)
def get_inventory(request: Request, inventory: ReadableInventory) -> Any:
    return JSONResponse(inventory_json(request, inventory), headers=NO_STORE)


@router.patch("/inventories/{inventory_id}", response_model=InventoryOut, responses=ERRORS)
def change_inventory(
    request: Request, session: SessionDep, inventory: ReadableInventory, body: InventoryPatch
) -> Any:
    """Change the name or the staff count (`null` clears it); fields left out stay."""
    sent = body.model_fields_set
    if "name" in sent:
        if body.name is None:
            raise Problem(422, "invalid_request", messages.BLANK_NAME)
        inventory.name = body.name
    if "staff_count" in sent:
        inventory.staff_count = body.staff_count
    service.save(session, inventory)
    return JSONResponse(inventory_json(request, inventory), headers=NO_STORE)


@router.post("/inventories/{inventory_id}/close", response_model=InventoryOut, responses=ERRORS)
def close_inventory(request: Request, session: SessionDep, inventory: ReadableInventory) -> Any:
    """Closing is final; closing a closed inventory changes nothing."""
    service.close(session, inventory)
    participation_links(request).closed(inventory.id)
    return JSONResponse(inventory_json(request, inventory), headers=NO_STORE)


def _figures(state: AppState, session: SessionDep, inventory: Inventory, role: str | None) -> Any:
    version = service.catalogue_of(session, state.catalogues, inventory)
    return service.figures(session, version, inventory, role)


@router.get("/inventories/{inventory_id}/workshop1", response_model=Workshop1Out, responses=ERRORS)
def workshop1(
    state: StateDep,
    session: SessionDep,
    inventory: ReadableInventory,
    role: RoleQuery | None = None,
) -> Any:
    """The figures are null, and `visible` false, while the collection is open or too few
    have answered (see docs/inventory.md)."""
    if inventory.closed_at is None:
        figures = _figures(state, session, inventory, role)
        return JSONResponse(workshop1_json(inventory, figures), headers=NO_STORE)
    # A closed inventory never changes again: its figures are worked out once.
    key = f"workshop1:{inventory.id}:{role or ''}"
    body = state.pages.get(key) or state.pages.put(
        key, _json_bytes(workshop1_json(inventory, _figures(state, session, inventory, role)))
    )
    return Response(body, media_type="application/json", headers=NO_STORE)


def _json_bytes(body: dict[str, Any]) -> bytes:
    return bytes(JSONResponse(body).body)


def _visible_or_409(figures: Any, inventory: Inventory) -> None:
    if not figures.visible:
        reason = messages.NOT_VISIBLE[figures.visibility.reason or "open"]
        raise Problem(409, "not_visible", reason.format(min=inventory.min_respondents))


@router.get("/inventories/{inventory_id}/workshop1.xlsx", responses={**ERRORS, **NOT_VISIBLE})
def workshop1_excel(
    state: StateDep,
    session: SessionDep,
    inventory: ReadableInventory,
    role: RoleQuery | None = None,
) -> Response:
    figures = _figures(state, session, inventory, role)
    _visible_or_409(figures, inventory)
    return Response(
        workshop1_xlsx(figures, inventory.name),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="workshop1.xlsx"'},
    )


@router.get("/inventories/{inventory_id}/workshop1.csv", responses={**ERRORS, **NOT_VISIBLE})
def workshop1_text(
    state: StateDep,
    session: SessionDep,
    inventory: ReadableInventory,
    role: RoleQuery | None = None,
) -> Response:
    figures = _figures(state, session, inventory, role)
    _visible_or_409(figures, inventory)
    return Response(
        workshop1_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="workshop1.csv"'},
    )
