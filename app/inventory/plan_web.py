"""The action plan's page (every item edited and saved at once, an empty row for a new item)
and the print-ready summary of the whole inventory, with its Excel download."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.core.catalogues.planning import fte
from app.core.catalogues.workshops import STATUSES
from app.inventory import form_parsing, planning, service
from app.inventory.deps import ManagedInventory
from app.inventory.form_parsing import Problems, Row
from app.inventory.models import Inventory
from app.inventory.page_cache import NO_STORE, cached_page
from app.inventory.plan_exports import inventory_xlsx
from app.inventory.step_pages import form_fields, saved_or_shown, step_page, workshop1_of
from app.inventory.web import why_hidden
from app.platform.deps import SessionDep, StateDep
from app.platform.state import AppState

router = APIRouter(include_in_schema=False)


def _plan(
    request: Request,
    token: str,
    session: Session,
    state: AppState,
    inventory: Inventory,
    rows: list[Row] | None = None,
    problems: Problems | None = None,
) -> HTMLResponse:
    catalogue = service.catalogue_of(session, state.catalogues, inventory).catalogue
    plan = planning.plan_of(session, inventory)
    return step_page(
        request,
        "inventory/plan.html",
        token,
        inventory,
        catalogue,
        problems or [],
        rows=form_parsing.plan_values(plan) if rows is None else rows,
        sources={item.id: item.source for item in plan.items},
        statuses=STATUSES,
    )


@router.get("/inventering/{manage_token}/handlingsplan", name="web:inventory_plan")
async def plan_page(request: Request, manage_token: str) -> HTMLResponse:
    return await cached_page(request, manage_token, "plan", _plan)


@router.post("/inventering/{manage_token}/handlingsplan", name="web:inventory_plan_save")
async def save_plan(
    request: Request,
    manage_token: str,
    session: SessionDep,
    state: StateDep,
    inventory: ManagedInventory,
) -> Response:
    rows = form_parsing.plan_rows(await form_fields(request))
    return saved_or_shown(
        request,
        manage_token,
        "web:inventory_plan",
        form_parsing.plan_form(rows),
        lambda doc: planning.save_plan(session, inventory, doc),
        lambda problems: _plan(request, manage_token, session, state, inventory, rows, problems),
    )


@router.get("/inventering/{manage_token}/sammanstallning", name="web:inventory_summary")
async def summary_page(request: Request, manage_token: str) -> HTMLResponse:
    return await cached_page(request, manage_token, "summary", _summary)


def _summary(
    request: Request, token: str, session: Session, state: AppState, inventory: Inventory
) -> HTMLResponse:
    version, figures, by_task = workshop1_of(session, state, inventory)
    workshop3 = planning.workshop3_of(session, inventory)
    workshop4 = planning.workshop4_of(session, inventory)
    return step_page(
        request,
        "inventory/summary.html",
        token,
        inventory,
        version.catalogue,
        [],
        figures=figures,
        by_task=by_task,
        not_visible=why_hidden(figures, inventory),
        workshop2=planning.workshop2_of(session, inventory).tasks,
        view=planning.workshop3_view(figures, workshop3, inventory),
        roles=workshop4.roles,
        fte_total=fte(role.fte_percent for role in workshop4.roles),
        plan=planning.plan_of(session, inventory),
        task_texts={t.id: t.text for t in version.catalogue.tasks},
    )


@router.get("/inventering/{manage_token}/inventering.xlsx", name="web:inventory_export")
def export(session: SessionDep, state: StateDep, inventory: ManagedInventory) -> Response:
    """The whole inventory, a sheet per workshop and one for the plan (figures when visible)."""
    return Response(
        inventory_xlsx(session, state.catalogues, inventory),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="inventering.xlsx"'},
    )
