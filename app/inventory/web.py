"""The inventory's pages: the task catalogue, creating an inventory, and its management page
with figures, charts and exports (the participation pages are in participation_web)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
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
from app.inventory.page_cache import NO_STORE, cached_page
from app.inventory.tokens import participate_token
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import Problem
from app.platform.state import AppState
from app.platform.urls import base_url, path_for, url_for
from app.web.rendering import render_page

router = APIRouter(include_in_schema=False)
RESULT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # as the API's ResultId


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
    """The create form; opened from a self-check result ("?resultat=<id>"), it carries the
    result's id, so that the plan starts with that result's weak areas' activities."""
    values = {"selfcheck_result": request.query_params.get("resultat", "").strip()}
    return HTMLResponse(
        render_page(request, "inventory/start.html", values=values, problems={}),
        headers=NO_STORE,
    )


def _create_problems(values: dict[str, str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    name, threshold, staff = values["name"], values["min_respondents"], values["staff_count"]
    if not name or len(name) > 200 or not name.isprintable():
        problems["name"] = messages.INVALID_NAME_FORM
    if not threshold.isdigit() or not 3 <= int(threshold) <= 50:
        problems["min_respondents"] = messages.INVALID_MIN_FORM
    if staff and not (staff.isdigit() and 1 <= int(staff) <= 100_000):
        problems["staff_count"] = messages.STAFF_COUNT_FORM
    if values["selfcheck_result"] and not RESULT_ID.match(values["selfcheck_result"]):
        problems["selfcheck_result"] = messages.UNKNOWN_RESULT_FORM
        values["selfcheck_result"] = ""
    return problems


@router.post("/inventering", name="web:inventory_create")
async def create(request: Request, session: SessionDep, state: StateDep) -> Response:
    form = await request.form()
    names = ("name", "min_respondents", "staff_count", "selfcheck_result")
    values = {key: str(form.get(key) or "").strip() for key in names}
    values["min_respondents"] = values["min_respondents"] or "5"
    problems = _create_problems(values)
    started_from = None
    if values["selfcheck_result"] and not problems:
        started_from = service.started_from(state, session, values["selfcheck_result"])
        if started_from is None:
            # Shown once; the form no longer carries the id, so sending it again creates the
            # inventory without a result.
            problems["selfcheck_result"] = messages.UNKNOWN_RESULT_FORM
            values["selfcheck_result"] = ""
    if problems:
        page = render_page(request, "inventory/start.html", values=values, problems=problems)
        return HTMLResponse(page, status_code=422, headers=NO_STORE)
    created = service.create_inventory(
        session,
        state.catalogues,
        state.secret_key,
        name=values["name"],
        catalogue_id="uppgifter",
        min_respondents=int(values["min_respondents"]),
        staff_count=int(values["staff_count"]) if values["staff_count"] else None,
        started_from=started_from,
    )
    target = path_for(request.app, "web:inventory_manage", manage_token=created.manage_token)
    return RedirectResponse(target + "?ny=1", status_code=303)


def _figures(session: Session, state: AppState, inventory: Inventory) -> Any:
    version = service.catalogue_of(session, state.catalogues, inventory)
    return version, service.figures(session, version, inventory, known=state.inventory_figures)


@router.get("/inventering/{manage_token}", name="web:inventory_manage")
async def manage_page(request: Request, manage_token: str) -> HTMLResponse:
    # The participation link is a full address, as the request names the site.
    variant = f"{'ny' in request.query_params}|{base_url(request)}"
    return await cached_page(request, manage_token, "manage", _manage, variant)


def _manage(
    request: Request, token: str, session: Session, state: AppState, inventory: Inventory
) -> HTMLResponse:
    version, figures = _figures(session, state, inventory)
    page = render_page(
        request,
        "inventory/manage.html",
        inventory=inventory,
        token=token,
        new="ny" in request.query_params,
        participate=url_for(
            request, "web:participate", token=participate_token(state.secret_key, inventory.id)
        ),
        figures=figures,
        sorted_tasks=_by_hours(figures),
        not_visible=why_hidden(figures, inventory),
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


def why_hidden(figures: Workshop1, inventory: Inventory) -> str | None:
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
    reason = why_hidden(figures, inventory)
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
