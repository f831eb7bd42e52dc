"""HTML routes. Pages that never change (a form version, a stored result) are rendered once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from app import authorities
from app.answers import AnswerProblem
from app.charts import Band, Bar, ChartFormat, area_chart
from app.db import transaction
from app.questionnaires import QuestionnaireVersion
from app.results import ResultView
from app.state import AppState, get_state
from app.submissions import InvalidAnswers, submit_async
from app.urls import path_for
from app.web.forms import answers_from_form, checked_values, problems_by_statement
from app.web.rendering import render

router = APIRouter(include_in_schema=False)
StateDep = Annotated[AppState, Depends(get_state)]
FOREVER = "public, max-age=31536000, immutable"


@router.get("/", name="web:index")
async def index(request: Request, state: StateDep) -> HTMLResponse:
    versions = state.catalog.current_versions()
    return HTMLResponse(_render(request, "index.html", versions=versions))


@router.get("/check/{questionnaire_id}", name="web:check")
async def check_form(request: Request, questionnaire_id: str, state: StateDep) -> Response:
    version = _current_or_404(state, questionnaire_id)
    page = state.pages.get(f"form:{version.hash}") or state.pages.put(
        f"form:{version.hash}", _form_page(request, _public(version), {}, []).encode()
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.post("/check/{questionnaire_id}", name="web:submit")
async def submit_form(request: Request, questionnaire_id: str, state: StateDep) -> Response:
    version = _current_or_404(state, questionnaire_id)
    form = await request.form()
    raw = answers_from_form(form.multi_items())
    try:
        response = await submit_async(state.engine, version, raw)
    except InvalidAnswers as invalid:
        page = _form_page(request, _public(version), checked_values(raw), invalid.problems)
        return HTMLResponse(page, status_code=422)
    return _see_result(request, response.id)


@router.get("/i/{token}", name="web:invitation")
def invitation_form(request: Request, token: str, state: StateDep) -> HTMLResponse:
    form = _invited_form(state, token)
    return HTMLResponse(_form_page(request, form, {}, []), headers={"Cache-Control": "no-store"})


@router.post("/i/{token}", name="web:invitation_submit")
async def invitation_submit(request: Request, token: str, state: StateDep) -> Response:
    form = await run_in_threadpool(_invited_form, state, token)
    raw = answers_from_form((await request.form()).multi_items())
    try:
        response = await submit_async(state.engine, form.version, raw, form.invitation_id)
    except InvalidAnswers as invalid:
        page = _form_page(request, form, checked_values(raw), invalid.problems)
        return HTMLResponse(page, status_code=422)
    return _see_result(request, response.id)


@router.get("/results/{result_id}", name="web:result")
async def result_page(request: Request, result_id: str, state: StateDep) -> Response:
    def make() -> bytes | None:
        view = state.results.get(result_id)
        return None if view is None else _render(request, "results.html", view=view).encode()

    page = state.pages.get(f"result:{result_id}") or await run_in_threadpool(
        state.pages.get_or_make, f"result:{result_id}", make
    )
    if page is None:
        raise HTTPException(404)
    return HTMLResponse(page, headers={"Cache-Control": FOREVER})


@router.get("/results/{result_id}/chart.svg", name="web:chart_svg")
async def chart_svg(result_id: str, state: StateDep) -> Response:
    return await _chart(state, result_id, "svg")


@router.get("/results/{result_id}/chart.png", name="web:chart_png")
async def chart_png(result_id: str, state: StateDep) -> Response:
    return await _chart(state, result_id, "png")


async def _chart(state: AppState, result_id: str, fmt: ChartFormat) -> Response:
    def make() -> bytes | None:
        view = state.results.get(result_id)
        return None if view is None else chart_for(view, fmt)

    key = (result_id, fmt)
    # Rendering is CPU-bound: keep it off the event loop.
    chart = state.charts.get(key) or await run_in_threadpool(state.charts.get_or_make, key, make)
    if chart is None:
        raise HTTPException(404)
    media_type = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(chart, media_type=media_type, headers={"Cache-Control": FOREVER})


def chart_for(view: ResultView, fmt: ChartFormat) -> bytes:
    bars = [Bar(a.area.title, a.score.score) for a in view.areas]
    bands = [Band(level.label, level.min) for level in view.questionnaire.levels]
    return area_chart(bars, bands, fmt)


@dataclass(frozen=True)
class FormTarget:
    """What a form page is for: a questionnaire version, its heading and where it posts."""

    version: QuestionnaireVersion
    heading: str
    action: str
    invitation_id: str | None = None


def _public(version: QuestionnaireVersion) -> FormTarget:
    action = f"/check/{version.questionnaire.id}"
    return FormTarget(version, version.questionnaire.title, action)


def _invited_form(state: AppState, token: str) -> FormTarget:
    with transaction(state.engine) as session:
        found = authorities.find_invitation(session, token)
    if found is None:
        raise HTTPException(404)
    invitation, survey_round, authority, school = found
    version = state.definitions.get(survey_round.definition_hash)
    if version is None:  # pragma: no cover - stored when the round was made
        raise HTTPException(404)
    subject = school.name if school else authority.name
    heading = f"{version.questionnaire.title}: {subject}"
    return FormTarget(version, heading, f"/i/{token}", invitation.id)


def _see_result(request: Request, result_id: str) -> RedirectResponse:
    return RedirectResponse(
        path_for(request.app, "web:result", result_id=result_id), status_code=303
    )


def _current_or_404(state: AppState, questionnaire_id: str) -> QuestionnaireVersion:
    version = state.catalog.current(questionnaire_id)
    if version is None:
        raise HTTPException(404)
    return version


def _form_page(
    request: Request,
    form: FormTarget,
    checked: dict[str, str],
    problems: list[AnswerProblem],
) -> str:
    return _render(
        request,
        "check.html",
        heading=form.heading,
        action=form.action,
        questionnaire=form.version.questionnaire,
        checked=checked,
        problems=problems,
        problem_for=problems_by_statement(problems),
        statement_ids={s.id for s in form.version.questionnaire.statements},
    )


def _render(request: Request, template: str, **context: object) -> str:
    return render(request.app.state.templates, template, **context)
