"""What the inventory's step pages share: reading a form, rendering a step with its figures
and problems, and saving a step (303 back to it once saved; 422 with every error at its
field, and nothing saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.responses import RedirectResponse

from app.core.catalogues import Catalogue, CatalogueVersion
from app.core.catalogues.workshop1 import TaskFigures, Workshop1, one_decimal
from app.core.catalogues.workshops import MAX_PLAN_ITEMS
from app.inventory import form_parsing, messages, planning, service
from app.inventory.form_parsing import Fields, Problems
from app.inventory.models import Inventory
from app.inventory.page_cache import NO_STORE
from app.platform.state import AppState
from app.platform.urls import path_for
from app.web.rendering import render_page

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


def saved_or_shown(
    request: Request,
    token: str,
    route: str,
    parsed: form_parsing.Parsed[Any],
    save: Callable[[Any], object],
    show: Callable[[Problems], HTMLResponse],
) -> Response:
    """Save a step's form: 303 back to the step once saved, else the page with the problems
    (422), nothing saved."""
    problems = _saving(parsed, save)
    if problems is None:
        return saved(request, route, token)
    return show(problems)


def _saving(parsed: form_parsing.Parsed[Any], save: Callable[[Any], object]) -> Problems | None:
    """None once the document is saved; else the problems to show."""
    if parsed.document is None:
        return parsed.problems
    try:
        save(parsed.document)
    except planning.UnknownTasks as error:
        message = messages.UNKNOWN_TASK_FORM
        return form_parsing.unknown_problems(parsed.field_of, error.problems, message)
    except planning.UnknownItems as error:
        message = messages.UNKNOWN_ITEM_FORM
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
