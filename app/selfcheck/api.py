"""JSON routes: questionnaires and self-check responses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from app.platform.bodies import documented_body, json_body
from app.platform.definitions import stored_versions
from app.platform.deps import SessionDep, StateDep, app_state, earlier_answer, idempotency_claim
from app.platform.errors import ERRORS
from app.platform.idempotency import Claim, Earlier
from app.platform.responses import EncodedJSONResponse, JSONResponse
from app.platform.state import AppState
from app.selfcheck.deps import result_or_404
from app.selfcheck.messages import INVALID_ANSWERS
from app.selfcheck.schemas import (
    QuestionnaireList,
    ResponseCreate,
    ResultOut,
    result_body,
    result_links,
)
from app.selfcheck.service import (
    InvalidAnswers,
    UnknownQuestionnaire,
    current_version,
    submit,
)

router = APIRouter(prefix="/api/v1", tags=["self-check"])
# The submission alone, so that app.main can put it before every page: it is the busiest
# write, and each route before it costs every submission a match (twice).
submissions = APIRouter(prefix="/api/v1", tags=["self-check"])


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
    questionnaire_id: str, state: StateDep, session: SessionDep, version: int | None = None
) -> dict[str, Any]:
    """The current version, or `?version=N`: any version served now or answered before."""
    if version is None:
        found = state.catalog.current(questionnaire_id)
    else:
        found = state.catalog.get(questionnaire_id, version) or stored_versions(session).get(
            (questionnaire_id, version)
        )
    if found is None:
        raise HTTPException(404)
    return found.questionnaire.model_dump(mode="json", exclude_none=True)


@router.get("/questionnaires/{questionnaire_id}/versions", responses=ERRORS)
def list_versions(questionnaire_id: str, state: StateDep, session: SessionDep) -> dict[str, Any]:
    """Versions served now, and versions in use: answered, or pinned by a survey round."""
    current = state.catalog.current(questionnaire_id)
    served = {v.questionnaire.version: v for v in state.catalog.all_versions(questionnaire_id)}
    stored = {
        version: v
        for (qid, version), v in stored_versions(session).items()
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


@submissions.post(
    "/responses",
    status_code=201,
    response_model=ResultOut,
    responses=ERRORS,
    openapi_extra=documented_body(ResponseCreate, idempotent=True),
)
async def create_response(request: Request) -> Any:
    """With an `Idempotency-Key`, a retry within 24 hours gets the first answer again."""
    state = app_state(request)
    raw = await request.body()
    body = json_body(ResponseCreate, raw)
    claim = idempotency_claim(request, "responses", raw)
    if claim is not None and (earlier := await _earlier(state, claim)):
        return await _replay(request, earlier)
    try:
        version = current_version(state.catalog, body.questionnaire)
        response = await submit(state, version, body.answers, claim=claim)
    except IntegrityError:
        # The same key, at the same moment: the write that won is the answer to both.
        earlier = await _earlier(state, claim) if claim else None
        if earlier is None:
            raise
        return await _replay(request, earlier)
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
                "message": INVALID_ANSWERS,
                "errors": errors,
            },
            status_code=422,
        )
    links = result_links(request, response.id)
    return EncodedJSONResponse(
        result_body(response, links), status_code=201, headers={"Location": links["self"]}
    )


async def _earlier(state: AppState, claim: Claim) -> Earlier | None:
    return await state.db.read(lambda session: earlier_answer(session, claim))


async def _replay(request: Request, earlier: Earlier) -> EncodedJSONResponse:
    view = await result_or_404(request, earlier.resource_id)
    links = result_links(request, view.id)
    return EncodedJSONResponse(
        result_body(view, links), status_code=earlier.status, headers={"Location": links["self"]}
    )


@router.get(
    "/responses/{result_id}", name="api:response", response_model=ResultOut, responses=ERRORS
)
async def get_response(request: Request, result_id: str, state: StateDep) -> Any:
    view = await result_or_404(request, result_id)
    return EncodedJSONResponse(result_body(view, result_links(request, view.id)))
