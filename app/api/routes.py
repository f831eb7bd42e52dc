"""JSON routes: questionnaires and self-check responses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from app.api.deps import documented_body, json_body
from app.api.schemas import ErrorOut, QuestionnaireList, ResponseCreate, ResultOut
from app.definitions import stored_versions
from app.questionnaires import QuestionnaireVersion
from app.results import result_json
from app.state import AppState, app_state, get_state
from app.submissions import (
    InvalidAnswers,
    UnknownQuestionnaire,
    current_version,
    submit_async,
)
from app.urls import base_url, path_for

router = APIRouter(prefix="/api/v1", tags=["self-check"])
StateDep = Annotated[AppState, Depends(get_state)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No or invalid API token"},
    404: {"model": ErrorOut, "description": "Not found (or another authority's)"},
    409: {"model": ErrorOut, "description": "Already exists"},
    413: {"model": ErrorOut, "description": "Body over 64 KiB"},
    422: {"model": ErrorOut, "description": "Invalid answers, naming each statement"},
}


@router.get("/questionnaires", response_model=QuestionnaireList)
async def list_questionnaires(state: StateDep) -> dict[str, Any]:
    return {
        "questionnaires": [
            {
                "id": v.questionnaire.id,
                "version": v.questionnaire.version,
                "audience": v.questionnaire.audience,
                "title": v.questionnaire.title,
            }
            for v in state.catalog.current_versions()
        ]
    }


@router.get("/questionnaires/{questionnaire_id}", responses=ERRORS)
def get_questionnaire(
    questionnaire_id: str, state: StateDep, version: int | None = None
) -> dict[str, Any]:
    """The current version, or `?version=N`: any version served now or answered before."""
    if version is None:
        found = state.catalog.current(questionnaire_id)
    else:
        found = state.catalog.get(questionnaire_id, version) or _stored(
            state, questionnaire_id, version
        )
    if found is None:
        raise HTTPException(404)
    return found.questionnaire.model_dump(mode="json", exclude_none=True)


@router.get("/questionnaires/{questionnaire_id}/versions", responses=ERRORS)
def list_versions(questionnaire_id: str, state: StateDep) -> dict[str, Any]:
    """Versions served now, and versions in use: answered, or pinned by a survey round."""
    current = state.catalog.current(questionnaire_id)
    served = {v.questionnaire.version: v for v in state.catalog.all_versions(questionnaire_id)}
    stored = {
        version: v
        for (qid, version), v in stored_versions(state.engine).items()
        if qid == questionnaire_id
    }
    if not served and not stored:
        raise HTTPException(404)
    return {
        "id": questionnaire_id,
        "versions": [
            {
                "version": number,
                "title": (served.get(number) or stored[number]).questionnaire.title,
                "hash": (served.get(number) or stored[number]).hash,
                "current": current is not None and current.questionnaire.version == number,
                "served": number in served,
                "in_use": number in stored,
            }
            for number in sorted(served.keys() | stored.keys())
        ],
    }


def _stored(state: AppState, questionnaire_id: str, version: int) -> QuestionnaireVersion | None:
    return stored_versions(state.engine).get((questionnaire_id, version))


@router.post(
    "/responses",
    status_code=201,
    response_model=ResultOut,
    responses=ERRORS,
    openapi_extra=documented_body(ResponseCreate),
)
async def create_response(request: Request) -> Any:
    state = app_state(request)
    body = json_body(ResponseCreate, await request.body())
    try:
        version = current_version(state.catalog, body.questionnaire)
        response = await submit_async(state.engine, version, body.answers)
    except UnknownQuestionnaire:
        raise HTTPException(404) from None
    except InvalidAnswers as invalid:
        errors = [
            {"statement": p.statement_id, "code": p.code, "message": p.message}
            for p in invalid.problems
        ]
        return JSONResponse(
            {
                "code": "invalid_answers",
                "message": "Svaren är ofullständiga eller felaktiga.",
                "errors": errors,
            },
            status_code=422,
        )
    links = result_links(request, response.id)
    return JSONResponse(
        result_json(response, links), status_code=201, headers={"Location": links["self"]}
    )


@router.get(
    "/responses/{result_id}", name="api:response", response_model=ResultOut, responses=ERRORS
)
async def get_response(request: Request, result_id: str, state: StateDep) -> Any:
    view = state.results.get_cached(result_id) or await run_in_threadpool(
        state.results.get, result_id
    )
    if view is None:
        raise HTTPException(404)
    return JSONResponse(result_json(view, result_links(request, view.id)))


RESULT_LINKS = {
    "self": "api:response",
    "html": "web:result",
    "chart_svg": "web:chart_svg",
    "chart_png": "web:chart_png",
}


def result_links(request: Request, result_id: str) -> dict[str, str]:
    base = base_url(request)
    return {
        name: base + path_for(request.app, route, result_id=result_id)
        for name, route in RESULT_LINKS.items()
    }
