"""The web view's home (the rounds and how many have answered), new rounds, and a round's
invitation links: the same service calls as the API, with a signed-in user's authority."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import messages
from app.authorities import service as authorities
from app.authorities.bodies import invitation_order, invitation_url
from app.authorities.deps import CsrfChecked, CurrentUser, SignedIn
from app.authorities.form_checks import FieldProblem, checked
from app.authorities.invitations_api import get_invitations_csv
from app.authorities.models import SurveyRound
from app.authorities.pages import page, see_other
from app.authorities.schemas import RoundCreate
from app.platform.deps import SessionDep, StateDep
from app.platform.state import AppState

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@router.get("/authority", name="web:authority_home")
def home(request: Request, user: CurrentUser, session: SessionDep) -> HTMLResponse:
    rounds = list(reversed(authorities.list_rounds(session, user.authority)))
    rates = authorities.response_rates(session, user.authority)
    schools = len(authorities.list_schools(session, user.authority))
    return page(
        request,
        "home.html",
        user,
        rounds=rounds,
        rates=rates,
        no_rate=authorities.ResponseRate(0, 0),
        school_count=schools,
    )


@router.get("/authority/rounds/new", name="web:authority_round_new")
def new_round(request: Request, user: CurrentUser, state: StateDep) -> HTMLResponse:
    return round_form(request, user, state)


@router.post("/authority/rounds", name="web:authority_round_create", dependencies=[CsrfChecked])
def create_round(
    request: Request,
    user: CurrentUser,
    state: StateDep,
    session: SessionDep,
    name: FormText = "",
    questionnaire: FormText = "",
) -> Response:
    form = checked(RoundCreate, {"name": name, "questionnaire": questionnaire})
    problems = [p for p in form if p[0] != "questionnaire"] if isinstance(form, list) else []
    # Only what is on offer now, as for the API (which answers 404 for anything else).
    version = state.catalog.current(questionnaire) if questionnaire else None
    if version is None:
        problems.append(("questionnaire", messages.NO_QUESTIONNAIRE))
    if isinstance(form, list) or version is None:
        return round_form(request, user, state, name, questionnaire, problems, status=422)
    made = authorities.create_round(session, user.authority, form.name, version)
    return see_other(request, "web:authority_round", round_id=made.id)


def round_form(
    request: Request,
    user: SignedIn,
    state: AppState,
    name: str = "",
    questionnaire: str = "",
    problems: list[FieldProblem] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "round_new.html",
        user,
        status=status,
        versions=state.catalog.current_versions(),
        name=name,
        questionnaire=questionnaire,
        problems=problems or [],
    )


@router.get("/authority/rounds/{round_id}", name="web:authority_round")
def round_page(
    request: Request, round_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> HTMLResponse:
    survey_round = round_or_404(session, user, round_id)
    invited = sorted(
        authorities.invited_schools(session, survey_round.id),
        key=lambda found: invitation_order(found[1]),
    )
    answered = authorities.latest_responses_in_round(session, survey_round.id, state.scores)
    links = [
        {
            "name": school.name
            if school
            else messages.OWN_INVITATION.format(authority=user.authority.name),
            "code": school.school_unit_code if school else None,
            "url": invitation_url(request, invitation_id),
            "responded": invitation_id in answered,
        }
        for invitation_id, school in invited
    ]
    return page(
        request,
        "round.html",
        user,
        survey_round=survey_round,
        links=links,
        missing=[link for link in links if not link["responded"]],
        answered=sum(1 for link in links if link["responded"]),
    )


@router.get("/authority/rounds/{round_id}/invitations.csv", name="web:authority_invitations_csv")
def invitations_csv(
    request: Request, round_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> Response:
    """The API's file, for the signed-in user's authority."""
    return get_invitations_csv(request, round_id, user.authority, session, state)


def round_or_404(session: Session, user: SignedIn, round_id: str) -> SurveyRound:
    survey_round = authorities.get_round(session, user.authority, round_id)
    if survey_round is None:
        raise HTTPException(404)
    return survey_round
