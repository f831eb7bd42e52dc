"""The authorities' API: schools, survey rounds with invitation links, comparisons and history.

Every route needs the authority's bearer token. Whatever belongs to another authority answers
404, exactly like something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import service as authorities
from app.authorities.comparison import (
    SchoolResponse,
    area_scores,
    comparison_json,
    iso,
    questionnaire_ref,
    round_ref,
    school_json,
)
from app.authorities.deps import CurrentAuthority
from app.authorities.exports import comparison_table, to_csv, to_xlsx
from app.authorities.heatmap import Cell, comparison_heatmap
from app.authorities.messages import DUPLICATE_SCHOOL
from app.authorities.models import Authority, SurveyRound
from app.authorities.schemas import (
    AuthorityOut,
    RoundCreate,
    RoundList,
    RoundOut,
    SchoolCreate,
    SchoolList,
    SchoolOut,
)
from app.authorities.service import LatestResponse
from app.core.questionnaires import Questionnaire
from app.core.results import rounded
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS, Problem
from app.platform.state import AppState
from app.platform.urls import url_for
from app.selfcheck.schemas import result_json, result_links
from app.selfcheck.service import read_result

router = APIRouter(
    prefix="/api/v1", tags=["authorities"], responses={401: ERRORS[401], 404: ERRORS[404]}
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/authority", response_model=AuthorityOut)
def get_authority(authority: CurrentAuthority) -> dict[str, Any]:
    return {"id": authority.id, "name": authority.name}


@router.post(
    "/schools",
    status_code=201,
    response_model=SchoolOut,
    responses={409: ERRORS[409], 422: ERRORS[422]},
)
def create_school(body: SchoolCreate, authority: CurrentAuthority, session: SessionDep) -> Any:
    try:
        school = authorities.add_school(session, authority, body.name, body.school_unit_code)
    # The unique constraint catches the race of two requests adding the same code at once.
    except (authorities.DuplicateSchool, IntegrityError):
        raise Problem(409, "conflict", DUPLICATE_SCHOOL) from None
    return school_json(school)


@router.get("/schools", response_model=SchoolList)
def list_schools(authority: CurrentAuthority, session: SessionDep) -> dict[str, Any]:
    return {"schools": [school_json(s) for s in authorities.list_schools(session, authority)]}


@router.post("/rounds", status_code=201, response_model=RoundOut, responses={422: ERRORS[422]})
def create_round(
    request: Request,
    body: RoundCreate,
    authority: CurrentAuthority,
    state: StateDep,
    session: SessionDep,
) -> Any:
    version = state.catalog.current(body.questionnaire)
    if version is None:
        raise HTTPException(404)
    survey_round = authorities.create_round(session, authority, body.name, version)
    return _round_json(request, session, survey_round, with_responses=False)


@router.get("/rounds", response_model=RoundList)
def list_rounds(authority: CurrentAuthority, session: SessionDep) -> dict[str, Any]:
    return {
        "rounds": [
            {**round_ref(r), "questionnaire": questionnaire_ref(r)}
            for r in authorities.list_rounds(session, authority)
        ]
    }


@router.get("/rounds/{round_id}", response_model=RoundOut)
def get_round(
    request: Request, round_id: str, authority: CurrentAuthority, session: SessionDep
) -> Any:
    survey_round = _round_or_404(session, authority, round_id)
    return _round_json(request, session, survey_round, with_responses=True)


@dataclass(frozen=True)
class RoundComparison:
    body: dict[str, Any]
    questionnaire: Questionnaire


def round_comparison(
    request: Request,
    round_id: str,
    authority: CurrentAuthority,
    session: SessionDep,
    state: StateDep,
) -> RoundComparison:
    return RoundComparison(*_comparison(request, session, state, authority, round_id))


ComparisonDep = Annotated[RoundComparison, Depends(round_comparison)]


@router.get("/rounds/{round_id}/comparison")
def get_comparison(found: ComparisonDep) -> JSONResponse:
    # Built from plain JSON types already: skip FastAPI's re-encoding of a large body.
    return JSONResponse(found.body)


@router.get("/rounds/{round_id}/comparison.csv", response_class=Response)
def get_comparison_csv(found: ComparisonDep) -> Response:
    body = to_csv(*comparison_table(found.body, found.questionnaire))
    return _download(body, "text/csv; charset=utf-8", found.body, "csv")


@router.get("/rounds/{round_id}/comparison.xlsx", response_class=Response)
def get_comparison_xlsx(found: ComparisonDep) -> Response:
    table = comparison_table(found.body, found.questionnaire)
    return _download(to_xlsx(*table, title=found.body["round"]["name"]), XLSX, found.body, "xlsx")


@router.get("/rounds/{round_id}/comparison.svg", response_class=Response)
def get_comparison_svg(found: ComparisonDep) -> Response:
    questionnaire, schools = found.questionnaire, found.body["schools"]
    level_index = {level.id: i for i, level in enumerate(questionnaire.levels)}
    cells = [
        [
            Cell(school["areas"][a.id]["score"], level_index.get(school["areas"][a.id]["level"]))
            for a in questionnaire.areas
        ]
        for school in schools
    ]
    svg = comparison_heatmap(
        [s["name"] for s in schools],
        [a.title for a in questionnaire.areas],
        cells,
        [level.label for level in questionnaire.levels],
    )
    return Response(svg, media_type="image/svg+xml")


@router.get("/schools/{school_id}/history")
def get_history(
    school_id: str, authority: CurrentAuthority, session: SessionDep, state: StateDep
) -> dict[str, Any]:
    school = authorities.get_school(session, authority, school_id)
    if school is None:
        raise HTTPException(404)
    entries: list[dict[str, Any]] = []
    for survey_round in authorities.list_rounds(session, authority):
        invitation = next(
            (
                i
                for i in authorities.invitations_of(session, survey_round.id)
                if i.school_id == school.id
            ),
            None,
        )
        if invitation is None:
            continue
        response = authorities.latest_responses(session, [invitation.id]).get(invitation.id)
        questionnaire = _definition(state, session, survey_round)
        entries.append(
            {
                "round": round_ref(survey_round),
                "questionnaire": questionnaire_ref(survey_round),
                "response_id": response.id if response else None,
                "submitted_at": iso(response.created_at) if response else None,
                "overall": _overall(response),
                "areas": area_scores(response, questionnaire),
                # Areas with the same id compare across versions; this marks where they may not.
                "version_changed": bool(entries)
                and entries[-1]["questionnaire"] != questionnaire_ref(survey_round),
            }
        )
    return {"school": school_json(school), "rounds": entries}


def _overall(response: LatestResponse | None) -> float | None:
    return rounded(response.scores["overall"]) if response else None


def _round_or_404(session: Session, authority: Authority, round_id: str) -> SurveyRound:
    survey_round = authorities.get_round(session, authority, round_id)
    if survey_round is None:
        raise HTTPException(404)
    return survey_round


def _definition(state: AppState, session: Session, survey_round: SurveyRound) -> Questionnaire:
    version = state.definitions.get(session, survey_round.definition_hash)
    assert version is not None, "a round's definition is stored when the round is made"
    return version.questionnaire


def _round_json(
    request: Request, session: Session, survey_round: SurveyRound, *, with_responses: bool
) -> dict[str, Any]:
    invitations = authorities.invitations_of(session, survey_round.id)
    answered = (
        authorities.latest_responses(session, [i.id for i in invitations]) if with_responses else {}
    )
    return {
        **round_ref(survey_round),
        "questionnaire": questionnaire_ref(survey_round),
        "invitations": [
            {
                "school_id": i.school_id,
                "url": url_for(request, "web:invitation", token=i.token),
                "responded": i.id in answered,
            }
            for i in invitations
        ],
    }


def _comparison(
    request: Request, session: Session, state: AppState, authority: Authority, round_id: str
) -> tuple[dict[str, Any], Questionnaire]:
    survey_round = _round_or_404(session, authority, round_id)
    questionnaire = _definition(state, session, survey_round)
    invited = authorities.invited_schools(session, survey_round.id)
    latest = authorities.latest_responses_in_round(session, survey_round.id, state.scores)
    rows = [SchoolResponse(school, latest.get(i)) for i, school in invited if school]
    rows.sort(key=lambda row: (row.school.name, row.school.id))
    own = next((latest.get(i) for i, school in invited if school is None), None)
    authority_result = None
    view = read_result(state, session, own.id) if own else None
    if view is not None:
        authority_result = result_json(view, result_links(request, view.id))
    return comparison_json(survey_round, questionnaire, rows, authority_result), questionnaire


def _download(body: bytes, media_type: str, comparison: dict[str, Any], extension: str) -> Response:
    filename = f"jamforelse-{comparison['round']['id']}.{extension}"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
