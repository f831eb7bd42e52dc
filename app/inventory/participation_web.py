"""The participation pages: the form, its 422, the thank-you page. A router of their own,
included first by `create_app`: every participant of every inventory comes here, and a route's
place in the list is what finding it costs (each route before it is tried in turn)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.responses import RedirectResponse

from app.core.catalogues import CatalogueVersion
from app.core.catalogues.participation import (
    ROLES,
    TEACHER_NEEDS,
    InvalidParticipation,
    ParticipationProblem,
    from_form,
    validate_participation,
)
from app.inventory import messages, service
from app.inventory.deps import catalogue_of_link, opened_link, participation_links
from app.inventory.participation_links import OpenedLink
from app.platform.deps import StateDep
from app.platform.urls import path_for
from app.web.rendering import render_page

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


def _closed_page(request: Request, link: OpenedLink) -> HTMLResponse:
    page = render_page(request, "inventory/closed.html", inventory=link)
    return HTMLResponse(page, status_code=410)


def _form_page(
    request: Request,
    link: OpenedLink,
    version: CatalogueVersion,
    token: str,
    values: dict[str, str],
    problems: list[ParticipationProblem],
) -> str:
    by_task: dict[str, list[ParticipationProblem]] = {}
    for problem in problems:
        by_task.setdefault(problem.task_id or "role", []).append(problem)
    return render_page(
        request,
        "inventory/participate.html",
        inventory=link,
        catalogue=version.catalogue,
        action=path_for(request.app, "web:participate_submit", token=token),
        values=values,
        problems=problems,
        problems_by_task=by_task,
        roles=ROLES,
        role_labels=messages.ROLE_LABELS,
        teacher_needs=TEACHER_NEEDS,
        teacher_labels=messages.TEACHER_LABELS,
    )


def _without_indentation(page: str) -> str:
    """The page with each line's indentation removed: a third of the form's bytes, which
    every participant downloads (the form holds no <pre> or <textarea> it could change)."""
    return "\n".join(line.lstrip() for line in page.splitlines())


@router.get("/p/{token}", name="web:participate")
async def participate_page(request: Request, token: str, state: StateDep) -> Response:
    link = await opened_link(request, token)
    if link.closed:
        return _closed_page(request, link)
    # The same page for every participant of an inventory: rendered once.
    key = f"participate:{link.inventory_id}"
    page = state.pages.get(key)
    if page is None:
        version = await catalogue_of_link(request, link)
        rendered = await run_in_threadpool(_form_page, request, link, version, token, {}, [])
        page = state.pages.put(key, _without_indentation(rendered).encode())
    return HTMLResponse(page, headers=NO_STORE)


@router.post("/p/{token}", name="web:participate_submit")
async def participate(request: Request, token: str, state: StateDep) -> Response:
    link = await opened_link(request, token)
    if link.closed:
        return _closed_page(request, link)
    version = await catalogue_of_link(request, link)
    form = await request.form()
    items = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    role, tasks = from_form(items)
    try:
        answers = validate_participation(version.catalogue, role, tasks)
    except InvalidParticipation as invalid:
        values = dict(items)
        page = _form_page(request, link, version, token, values, invalid.problems)
        return HTMLResponse(page, status_code=422, headers=NO_STORE)
    outcome = await state.db.write(lambda session: service.take_part(session, link, answers))
    if outcome != "stored":
        participation_links(request).closed(link.inventory_id)
        return _closed_page(request, link)
    target = path_for(request.app, "web:participate_thanks", token=token)
    return RedirectResponse(target, status_code=303)


@router.get("/p/{token}/tack", name="web:participate_thanks")
async def thanks_page(request: Request, token: str) -> Response:
    link = await opened_link(request, token)
    page = render_page(request, "inventory/thanks.html", inventory=link)
    return HTMLResponse(page, headers=NO_STORE)
