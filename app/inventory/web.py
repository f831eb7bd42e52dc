"""The inventory's pages: the task catalogue, creating an inventory, and its management page
with figures, charts and exports (the participation pages are in participation_web)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse

from app.core.catalogues.workshop1 import Workshop1, one_decimal
from app.inventory import messages, service
from app.inventory.chart import areas_chart, tasks_chart
from app.inventory.deps import (
    ManagedInventory,
    participation_links,
)
from app.inventory.exports import workshop1_csv, workshop1_xlsx
from app.inventory.models import Inventory
from app.inventory.tokens import participate_token
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import Problem
from app.platform.state import AppState
from app.platform.urls import path_for, url_for
from app.web.rendering import render_page

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/uppgifter", name="web:tasks")
async def tasks_page(request: Request, state: StateDep) -> HTMLResponse:
    version = state.catalogues.current("uppgifter") or next(
        iter(state.catalogues.current_versions()), None
    )
    if version is None:
        raise HTTPException(404)
    return HTMLResponse(render_page(request, "inventory/tasks.html", catalogue=version.catalogue))


@router.get("/inventering", name="web:inventory_start")
async def start_page(request: Request) -> HTMLResponse:
    return HTMLResponse(render_page(request, "inventory/start.html", values={}, problems={}))


@router.post("/inventering", name="web:inventory_create")
async def create(request: Request, session: SessionDep, state: StateDep) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    threshold = str(form.get("min_respondents") or "5").strip()
    problems: dict[str, str] = {}
    if not name or len(name) > 200 or not name.isprintable():
        problems["name"] = messages.INVALID_NAME_FORM
    if not threshold.isdigit() or not 3 <= int(threshold) <= 50:
        problems["min_respondents"] = messages.INVALID_MIN_FORM
    if problems:
        values = {"name": name, "min_respondents": threshold}
        page = render_page(request, "inventory/start.html", values=values, problems=problems)
        return HTMLResponse(page, status_code=422)
    created = service.create_inventory(
        session,
        state.catalogues,
        state.secret_key,
        name=name,
        catalogue_id="uppgifter",
        min_respondents=int(threshold),
    )
    target = path_for(request.app, "web:inventory_manage", manage_token=created.manage_token)
    return RedirectResponse(target + "?ny=1", status_code=303)


def _figures(session: SessionDep, state: AppState, inventory: Inventory) -> Any:
    version = service.catalogue_of(session, state.catalogues, inventory)
    return version, service.figures(session, version, inventory)


@router.get("/inventering/{manage_token}", name="web:inventory_manage")
def manage_page(
    request: Request,
    manage_token: str,
    session: SessionDep,
    state: StateDep,
    inventory: ManagedInventory,
) -> HTMLResponse:
    version, figures = _figures(session, state, inventory)
    page = render_page(
        request,
        "inventory/manage.html",
        inventory=inventory,
        token=manage_token,
        new="ny" in request.query_params,
        participate=url_for(
            request, "web:participate", token=participate_token(state.secret_key, inventory.id)
        ),
        figures=figures,
        sorted_tasks=_by_hours(figures),
        not_visible=_why_hidden(figures, inventory),
        role_labels=messages.ROLE_LABELS,
        catalogue=version.catalogue,
        d=one_decimal,
    )
    return HTMLResponse(page, headers=NO_STORE)


def _by_hours(figures: Workshop1) -> dict[str, list[Any]]:
    """Each area's tasks, the most hours first (as the management page lists them)."""
    return {
        area.area.id: sorted(area.tasks, key=lambda t: -(t.hours_total or 0))
        for area in figures.areas
    }


def _why_hidden(figures: Workshop1, inventory: Inventory) -> str | None:
    if figures.visible:
        return None
    reason = messages.NOT_VISIBLE[figures.visibility.reason or "open"]
    return reason.format(min=inventory.min_respondents)


@router.post("/inventering/{manage_token}/stang", name="web:inventory_close")
def close(
    request: Request, manage_token: str, session: SessionDep, inventory: ManagedInventory
) -> Response:
    service.close(session, inventory)
    participation_links(request).closed(inventory.id)
    target = path_for(request.app, "web:inventory_manage", manage_token=manage_token)
    return RedirectResponse(target, status_code=303)


def _visible(session: SessionDep, state: AppState, inventory: Inventory) -> Any:
    version, figures = _figures(session, state, inventory)
    reason = _why_hidden(figures, inventory)
    if reason is not None:
        raise Problem(409, "not_visible", reason)
    return version, figures


@router.get("/inventering/{manage_token}/workshop1.xlsx", name="web:inventory_xlsx")
def export_xlsx(session: SessionDep, state: StateDep, inventory: ManagedInventory) -> Response:
    _, figures = _visible(session, state, inventory)
    return Response(
        workshop1_xlsx(figures, inventory.name),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="workshop1.xlsx"'},
    )


@router.get("/inventering/{manage_token}/workshop1.csv", name="web:inventory_csv")
def export_csv(session: SessionDep, state: StateDep, inventory: ManagedInventory) -> Response:
    _, figures = _visible(session, state, inventory)
    return Response(
        workshop1_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="workshop1.csv"'},
    )


@router.get("/inventering/{manage_token}/timmar-per-omrade.svg", name="web:inventory_chart_areas")
def chart_areas(session: SessionDep, state: StateDep, inventory: ManagedInventory) -> Response:
    _, figures = _visible(session, state, inventory)
    return Response(areas_chart(figures), media_type="image/svg+xml", headers=NO_STORE)


@router.get("/inventering/{manage_token}/tid-och-energi.svg", name="web:inventory_chart_tasks")
def chart_tasks(session: SessionDep, state: StateDep, inventory: ManagedInventory) -> Response:
    version, figures = _visible(session, state, inventory)
    return Response(
        tasks_chart(figures, version.catalogue), media_type="image/svg+xml", headers=NO_STORE
    )
