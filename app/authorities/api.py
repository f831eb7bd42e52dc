"""The authorities' API: schools, survey rounds with invitation links, comparisons and history.

Every route needs the authority's bearer token. Whatever belongs to another authority answers
404, exactly like something that does not exist. The schools' own routes are in
`app.authorities.schools_api`, included here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import messages
from app.authorities import service as authorities
from app.authorities.bodies import (
    authority_body,
    comparison_body,
    history_body,
    round_body,
    rounds_body,
)
from app.authorities.comparison import Comparison
from app.authorities.deps import CurrentAuthority
from app.authorities.exports import comparison_csv, comparison_xlsx
from app.authorities.heatmap import comparison_heatmap
from app.authorities.lookups import history_of, round_comparison, round_or_404
from app.authorities.models import SurveyRound
from app.authorities.routing import (
    INVALID_BODY_OR_KEY,
    RawBody,
    refuse_other_methods,
    store_once,
)
from app.authorities.schemas import AuthorityOut, RoundCreate, RoundList, RoundOut
from app.authorities.schools_api import router as schools_router
from app.platform.bodies import documented_body, json_body
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS
from app.platform.idempotency import Earlier
from app.platform.responses import JSONResponse

router = APIRouter(
    prefix="/api/v1", tags=["authorities"], responses={401: ERRORS[401], 404: ERRORS[404]}
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A round's body carries its invitation links, each the key to answering for a school: no
# cache along the way (a proxy, the browser's disk) may keep a copy.
NO_STORE = "no-store"
NOT_STORED: dict[str, Any] = {
    "headers": {
        "Cache-Control": {
            "description": "`no-store`: the body carries invitation links",
            "required": True,
            "schema": {"type": "string", "const": NO_STORE},
        }
    }
}


@router.get("/authority", response_model=AuthorityOut)
def get_authority(authority: CurrentAuthority) -> dict[str, Any]:
    return authority_body(authority)


router.include_router(schools_router)


# `RawBody` first: see `app.authorities.routing.raw_body`.
@router.post(
    "/rounds",
    status_code=201,
    response_model=RoundOut,
    responses={201: NOT_STORED, **INVALID_BODY_OR_KEY},
    openapi_extra=documented_body(RoundCreate, idempotent=True),
)
def create_round(
    raw: RawBody,
    request: Request,
    response: Response,
    authority: CurrentAuthority,
    state: StateDep,
    session: SessionDep,
) -> Any:
    """Takes an optional `Idempotency-Key` header (1 to 255 visible ASCII characters, such as
    a UUID): a retry with the same key and body within 24 hours gets the first answer again
    and stores nothing new."""
    body = json_body(RoundCreate, raw)

    def store() -> SurveyRound:
        # Looked up only for a new round: a retry gets its round even if the questionnaire
        # has gone from the catalogue since.
        version = state.catalog.current(body.questionnaire)
        if version is None:
            raise HTTPException(404)
        return authorities.create_round(session, authority, body.name, version)

    made = store_once(request, session, f"rounds:{authority.id}", raw, store, status=201)
    response.headers["Cache-Control"] = NO_STORE
    if isinstance(made, Earlier):
        response.status_code = made.status
        made = round_or_404(session, authority, made.resource_id)
    return _round_json(request, session, made, with_responses=False)


@router.get("/rounds", response_model=RoundList)
def list_rounds(authority: CurrentAuthority, session: SessionDep) -> dict[str, Any]:
    return rounds_body(authorities.list_rounds(session, authority))


@router.get("/rounds/{round_id}", response_model=RoundOut, responses={200: NOT_STORED})
def get_round(
    request: Request,
    response: Response,
    round_id: str,
    authority: CurrentAuthority,
    session: SessionDep,
) -> Any:
    survey_round = round_or_404(session, authority, round_id)
    response.headers["Cache-Control"] = NO_STORE
    return _round_json(request, session, survey_round, with_responses=True)


ComparisonDep = Annotated[Comparison, Depends(round_comparison)]


@router.get("/rounds/{round_id}/comparison")
def get_comparison(request: Request, found: ComparisonDep) -> JSONResponse:
    # Built from plain JSON types already: skip FastAPI's re-encoding of a large body.
    return JSONResponse(comparison_body(request, found))


@router.get("/rounds/{round_id}/comparison.csv", response_class=Response)
def get_comparison_csv(found: ComparisonDep) -> Response:
    return _download(comparison_csv(found), "text/csv; charset=utf-8", found, "csv")


@router.get("/rounds/{round_id}/comparison.xlsx", response_class=Response)
def get_comparison_xlsx(found: ComparisonDep) -> Response:
    return _download(comparison_xlsx(found), XLSX, found, "xlsx")


@router.get("/rounds/{round_id}/comparison.svg", response_class=Response)
def get_comparison_svg(found: ComparisonDep) -> Response:
    return Response(comparison_heatmap(found), media_type="image/svg+xml")


@router.get("/schools/{school_id}/history")
def get_history(
    school_id: str, authority: CurrentAuthority, session: SessionDep, state: StateDep
) -> dict[str, Any]:
    school = authorities.get_school(session, authority, school_id)
    if school is None:
        raise HTTPException(404)
    return history_body(history_of(session, state, authority, school))


def _round_json(
    request: Request, session: Session, survey_round: SurveyRound, *, with_responses: bool
) -> dict[str, Any]:
    invitations = authorities.invitations_of(session, survey_round.id)
    answered = (
        authorities.latest_responses(session, [i.id for i in invitations]) if with_responses else {}
    )
    schools = dict(authorities.invited_schools(session, survey_round.id))
    return round_body(request, survey_round, invitations, answered, schools)


def _download(body: bytes, media_type: str, comparison: Comparison, extension: str) -> Response:
    filename = messages.FILENAME.format(round_id=comparison.survey_round.id, extension=extension)
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


refuse_other_methods(router)
