"""The step pages of workshops 2, 3 and 4: each shows the earlier steps' figures beside its
inputs and is saved by an ordinary form (POST, then 303 back to the page with a
confirmation; 422 with every error at its field, and nothing saved)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.core.catalogues.planning import fte
from app.inventory import form_parsing, messages, planning, service
from app.inventory.deps import ManagedInventory
from app.inventory.form_parsing import Problems
from app.inventory.models import Inventory
from app.inventory.page_cache import cached_page
from app.inventory.step_pages import (
    form_fields,
    saved,
    saved_or_shown,
    step_page,
    workshop1_of,
)
from app.inventory.web import why_hidden
from app.platform.deps import SessionDep, StateDep
from app.platform.state import AppState

router = APIRouter(include_in_schema=False)


def _workshop2(
    request: Request,
    token: str,
    session: Session,
    state: AppState,
    inventory: Inventory,
    values: dict[str, str] | None = None,
    problems: Problems | None = None,
) -> HTMLResponse:
    version, figures, by_task = workshop1_of(session, state, inventory)
    if values is None:
        values = form_parsing.workshop2_values(planning.workshop2_of(session, inventory))
    return step_page(
        request,
        "inventory/workshop2.html",
        token,
        inventory,
        version.catalogue,
        problems or [],
        values=values,
        figures=by_task,
        not_visible=why_hidden(figures, inventory),
        choices=form_parsing.OTHERS_CHOICES,
    )


@router.get("/inventering/{manage_token}/workshop2", name="web:inventory_workshop2")
async def workshop2_page(request: Request, manage_token: str) -> HTMLResponse:
    return await cached_page(request, manage_token, "workshop2", _workshop2)


@router.post("/inventering/{manage_token}/workshop2", name="web:inventory_workshop2_save")
async def save_workshop2(
    request: Request,
    manage_token: str,
    session: SessionDep,
    state: StateDep,
    inventory: ManagedInventory,
) -> Response:
    fields = await form_fields(request)
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    parsed = form_parsing.workshop2_form(catalogue, fields)
    values = {name: form_parsing.one(fields, name) for name in fields}
    return saved_or_shown(
        request,
        manage_token,
        "web:inventory_workshop2",
        parsed,
        lambda doc: planning.save_workshop2(session, catalogue, inventory, doc),
        lambda problems: _workshop2(
            request, manage_token, session, state, inventory, values, problems
        ),
    )


def _workshop3(
    request: Request,
    token: str,
    session: Session,
    state: AppState,
    inventory: Inventory,
    values: dict[str, str] | None = None,
    problems: Problems | None = None,
) -> HTMLResponse:
    version, figures, by_task = workshop1_of(session, state, inventory)
    document = planning.workshop3_of(session, inventory)
    if values is None:
        values = form_parsing.workshop3_values(document)
        values["staff_count"] = "" if inventory.staff_count is None else str(inventory.staff_count)
    return step_page(
        request,
        "inventory/workshop3.html",
        token,
        inventory,
        version.catalogue,
        problems or [],
        values=values,
        figures=by_task,
        not_visible=why_hidden(figures, inventory),
        workshop2=planning.workshop2_of(session, inventory).tasks,
        view=planning.workshop3_view(figures, document, inventory),
        respondents=figures.respondents,
        choices=form_parsing.DECISION_CHOICES,
    )


@router.get("/inventering/{manage_token}/workshop3", name="web:inventory_workshop3")
async def workshop3_page(request: Request, manage_token: str) -> HTMLResponse:
    return await cached_page(request, manage_token, "workshop3", _workshop3)


@router.post("/inventering/{manage_token}/workshop3", name="web:inventory_workshop3_save")
async def save_workshop3(
    request: Request,
    manage_token: str,
    session: SessionDep,
    state: StateDep,
    inventory: ManagedInventory,
) -> Response:
    fields = await form_fields(request)
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    parsed = form_parsing.workshop3_form(catalogue, fields)
    values = {name: form_parsing.one(fields, name) for name in fields}
    values["staff_count"] = "" if inventory.staff_count is None else str(inventory.staff_count)
    return saved_or_shown(
        request,
        manage_token,
        "web:inventory_workshop3",
        parsed,
        lambda doc: planning.save_workshop3(session, catalogue, inventory, doc),
        lambda problems: _workshop3(
            request, manage_token, session, state, inventory, values, problems
        ),
    )


@router.post("/inventering/{manage_token}/workshop3/personal", name="web:inventory_staff_count")
async def save_staff_count(
    request: Request,
    manage_token: str,
    session: SessionDep,
    state: StateDep,
    inventory: ManagedInventory,
) -> Response:
    text = form_parsing.one(await form_fields(request), "staff_count").strip()
    if text and not (text.isdigit() and 1 <= int(text) <= 100_000):
        problems: Problems = [("staff_count", messages.STAFF_COUNT_FORM)]
        values = form_parsing.workshop3_values(planning.workshop3_of(session, inventory))
        values["staff_count"] = text
        return _workshop3(request, manage_token, session, state, inventory, values, problems)
    inventory.staff_count = int(text) if text else None
    service.save(session, inventory)
    return saved(request, "web:inventory_workshop3", manage_token, "personal")


def _workshop4(
    request: Request,
    token: str,
    session: Session,
    state: AppState,
    inventory: Inventory,
    rows: list[form_parsing.Row] | None = None,
    problems: Problems | None = None,
) -> HTMLResponse:
    version = service.catalogue_of(session, state.catalogues, inventory)
    document = planning.workshop4_of(session, inventory)
    priorities = planning.workshop3_of(session, inventory).priorities
    prioritised = [p.task for p in priorities]
    return step_page(
        request,
        "inventory/workshop4.html",
        token,
        inventory,
        version.catalogue,
        problems or [],
        rows=form_parsing.workshop4_values(document) if rows is None else rows,
        priorities=priorities,
        others=[t for t in version.catalogue.tasks if t.id not in prioritised],
        task_texts={t.id: t.text for t in version.catalogue.tasks},
        fte_total=fte(role.fte_percent for role in document.roles),
        percent_total=sum(role.fte_percent for role in document.roles),
        roles_saved=len(document.roles),
    )


@router.get("/inventering/{manage_token}/workshop4", name="web:inventory_workshop4")
async def workshop4_page(request: Request, manage_token: str) -> HTMLResponse:
    return await cached_page(request, manage_token, "workshop4", _workshop4)


@router.post("/inventering/{manage_token}/workshop4", name="web:inventory_workshop4_save")
async def save_workshop4(
    request: Request,
    manage_token: str,
    session: SessionDep,
    state: StateDep,
    inventory: ManagedInventory,
) -> Response:
    rows = form_parsing.workshop4_rows(await form_fields(request))
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    parsed = form_parsing.workshop4_form(rows)
    return saved_or_shown(
        request,
        manage_token,
        "web:inventory_workshop4",
        parsed,
        lambda doc: planning.save_workshop4(session, catalogue, inventory, doc),
        lambda problems: _workshop4(
            request, manage_token, session, state, inventory, rows, problems
        ),
    )
