"""The step pages of workshops 2, 3 and 4: each shows the earlier steps' figures beside its
inputs and is saved by an ordinary form (POST, then 303 back to the page with a
confirmation; 422 with every error at its field, and nothing saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.responses import RedirectResponse

from app.core.catalogues import Catalogue, CatalogueVersion
from app.core.catalogues.planning import fte
from app.core.catalogues.workshop1 import TaskFigures, Workshop1, one_decimal
from app.core.catalogues.workshops import MAX_PLAN_ITEMS
from app.inventory import form_parsing, messages, planning, service
from app.inventory.deps import ManagedInventory
from app.inventory.form_parsing import Fields, Problems
from app.inventory.models import Inventory
from app.inventory.page_cache import NO_STORE, cached_page
from app.inventory.web import why_hidden
from app.platform.deps import SessionDep, StateDep
from app.platform.state import AppState
from app.platform.urls import path_for
from app.web.rendering import render_page

router = APIRouter(include_in_schema=False)
MAX_FIELDS = 5_000  # a full workshop 4 or plan has more fields than Starlette's default 1,000


async def form_fields(request: Request) -> Fields:
    form = await request.form(max_fields=MAX_FIELDS)
    return {name: [v for v in form.getlist(name) if isinstance(v, str)] for name in form}


def step_page(
    request: Request,
    template: str,
    token: str,
    inventory: Inventory,
    catalogue: Catalogue,
    problems: Problems,
    **context: Any,
) -> HTMLResponse:
    by_field: dict[str, list[str]] = {}
    for name, message in problems:
        if name is not None:
            by_field.setdefault(name, []).append(message)
    page = render_page(
        request,
        template,
        token=token,
        inventory=inventory,
        catalogue=catalogue,
        problems=form_parsing.labelled(problems, catalogue),
        by_field=by_field,
        saved=messages.SAVED.get(request.query_params.get("sparat", "")),
        d=one_decimal,
        others_labels=messages.OTHERS_LABELS,
        decision_labels=messages.DECISION_LABELS,
        status_labels=messages.STATUS_LABELS,
        source_labels=messages.SOURCE_LABELS,
        teacher_labels=messages.TEACHER_LABELS,
        **context,
    )
    return HTMLResponse(page, status_code=422 if problems else 200, headers=NO_STORE)


def saved(request: Request, route: str, token: str, what: str = "1") -> Response:
    target = path_for(request.app, route, manage_token=token)
    return RedirectResponse(f"{target}?sparat={what}", status_code=303)


def _saving(parsed: form_parsing.Parsed[Any], save: Callable[[Any], object]) -> Problems | None:
    """None once the document is saved; else the problems to show."""
    if parsed.document is None:
        return parsed.problems
    try:
        save(parsed.document)
    except planning.UnknownTasks as error:
        message = messages.UNKNOWN_TASK_FORM
        return form_parsing.unknown_problems(parsed.field_of, error.problems, message)
    except planning.PlanFull as full:
        message = messages.PLAN_FULL.format(items=full.items, new=full.new, max=MAX_PLAN_ITEMS)
        return [(None, message)]
    return None


def workshop1_of(
    session: Session, state: AppState, inventory: Inventory
) -> tuple[CatalogueVersion, Workshop1, dict[str, TaskFigures]]:
    """The pinned catalogue, workshop 1's figures, and each task's figures when visible."""
    version = service.catalogue_of(session, state.catalogues, inventory)
    figures = service.figures(session, version, inventory, known=state.inventory_figures)
    by_task = {t.task.id: t for a in figures.areas for t in a.tasks} if figures.visible else {}
    return version, figures, by_task


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
    problems = _saving(
        parsed, lambda doc: planning.save_workshop2(session, catalogue, inventory, doc)
    )
    if problems is None:
        return saved(request, "web:inventory_workshop2", manage_token)
    values = {name: form_parsing.one(fields, name) for name in fields}
    return _workshop2(request, manage_token, session, state, inventory, values, problems)


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
    problems = _saving(
        parsed, lambda doc: planning.save_workshop3(session, catalogue, inventory, doc)
    )
    if problems is None:
        return saved(request, "web:inventory_workshop3", manage_token)
    values = {name: form_parsing.one(fields, name) for name in fields}
    values["staff_count"] = "" if inventory.staff_count is None else str(inventory.staff_count)
    return _workshop3(request, manage_token, session, state, inventory, values, problems)


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
    problems = _saving(
        parsed, lambda doc: planning.save_workshop4(session, catalogue, inventory, doc)
    )
    if problems is None:
        return saved(request, "web:inventory_workshop4", manage_token)
    return _workshop4(request, manage_token, session, state, inventory, rows, problems)
