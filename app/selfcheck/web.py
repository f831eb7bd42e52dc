"""The self-check's pages. Pages that never change (a form version, a stored result) are
rendered once."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from app.core.questionnaires import QuestionnaireVersion
from app.core.results import ResultView
from app.platform.deps import StateDep, app_state
from app.platform.state import AppState
from app.platform.urls import path_for
from app.selfcheck.chart import LAYOUTS, ChartFormat, ChartLayout, chart_bars, chart_for, chart_size
from app.selfcheck.deps import result_or_404
from app.selfcheck.service import InvalidAnswers, submit
from app.web.forms import answers_from_form, checked_values
from app.web.questionnaire_form import FormTarget, form_page, see_result
from app.web.rendering import render_page

router = APIRouter(include_in_schema=False)
# Private: a result's address is its only secret, so no shared cache may keep a copy.
FOREVER = "private, max-age=31536000, immutable"


@router.get("/", name="web:index")
async def index(request: Request, state: StateDep) -> HTMLResponse:
    versions = state.catalog.current_versions()
    return HTMLResponse(render_page(request, "selfcheck/index.html", versions=versions))


# The form, a result and its chart, which every respondent loads, take the state from the
# request (`app_state`) rather than as a dependency (`StateDep`): FastAPI resolves each
# dependency anew for every request, some 30 µs, a sixth of these routes' time in the app.
@router.get("/check/{questionnaire_id}", name="web:check")
async def check_form(request: Request, questionnaire_id: str) -> Response:
    state = app_state(request)
    version = _current_or_404(state, questionnaire_id)
    page = state.pages.get(f"form:{version.hash}") or state.pages.put(
        f"form:{version.hash}", form_page(request, _public(request, version), {}, []).encode()
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.post("/check/{questionnaire_id}", name="web:submit")
async def submit_form(request: Request, questionnaire_id: str, state: StateDep) -> Response:
    version = _current_or_404(state, questionnaire_id)
    form = await request.form()
    raw = answers_from_form(form.multi_items())
    try:
        response = await submit(state, version, raw)
    except InvalidAnswers as invalid:
        page = form_page(request, _public(request, version), checked_values(raw), invalid.problems)
        return HTMLResponse(page, status_code=422)
    return see_result(request, response.id)


@router.get("/results/{result_id}", name="web:result")
async def result_page(request: Request, result_id: str) -> Response:
    state = app_state(request)
    key = f"result:{result_id}"
    page = state.pages.get(key)
    if page is None:
        view = await result_or_404(request, result_id)
        page = await run_in_threadpool(lambda: state.pages.put(key, _result_page(request, view)))
    return HTMLResponse(page, headers={"Cache-Control": FOREVER})


def _result_page(request: Request, view: ResultView) -> bytes:
    bars, bands = chart_bars(view)
    sizes = {layout: chart_size(bars, bands, layout) for layout in LAYOUTS}
    return render_page(request, "selfcheck/results.html", view=view, chart_sizes=sizes).encode()


@router.get("/results/{result_id}/chart.svg", name="web:chart_svg")
async def chart_svg(request: Request, result_id: str, layout: str = "wide") -> Response:
    """`?layout=narrow`: the phone layout, which the result page offers on narrow screens."""
    return await _chart(request, result_id, "svg", _layout_or_404(layout))


@router.get("/results/{result_id}/chart.png", name="web:chart_png")
async def chart_png(request: Request, result_id: str, layout: str = "wide") -> Response:
    return await _chart(request, result_id, "png", _layout_or_404(layout))


def _layout_or_404(layout: str) -> ChartLayout:
    # No such chart rather than a validation error: a page address, answered with a page.
    for known in LAYOUTS:
        if layout == known:
            return known
    raise HTTPException(404)


async def _chart(
    request: Request, result_id: str, fmt: ChartFormat, layout: ChartLayout
) -> Response:
    state = app_state(request)
    key = (result_id, fmt if layout == "wide" else f"{fmt}:{layout}")
    chart = state.charts.get(key)
    if chart is None:
        view = await result_or_404(request, result_id)
        # Rendering is CPU-bound: keep it off the event loop.
        chart = await run_in_threadpool(lambda: state.charts.put(key, chart_for(view, fmt, layout)))
    media_type = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(chart, media_type=media_type, headers={"Cache-Control": FOREVER})


def _public(request: Request, version: QuestionnaireVersion) -> FormTarget:
    action = path_for(request.app, "web:submit", questionnaire_id=version.questionnaire.id)
    return FormTarget(version, version.questionnaire.title, action)


def _current_or_404(state: AppState, questionnaire_id: str) -> QuestionnaireVersion:
    version = state.catalog.current(questionnaire_id)
    if version is None:
        raise HTTPException(404)
    return version
