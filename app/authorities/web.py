"""The invitation pages: a school's (or the authority's own) self-check through its link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import service as authorities
from app.platform.deps import SessionDep, StateDep, count_failed_lookup, refuse_if_guessing
from app.platform.state import AppState
from app.platform.urls import path_for
from app.selfcheck.service import InvalidAnswers, submit
from app.web.forms import answers_from_form, checked_values
from app.web.questionnaire_form import FormTarget, form_page, see_result

router = APIRouter(include_in_schema=False)


@router.get("/i/{token}", name="web:invitation")
def invitation_form(
    request: Request, token: str, state: StateDep, session: SessionDep
) -> HTMLResponse:
    form = invited_form(request, state, session, token)
    return HTMLResponse(form_page(request, form, {}, []), headers={"Cache-Control": "no-store"})


@router.post("/i/{token}", name="web:invitation_submit")
async def invitation_submit(request: Request, token: str, state: StateDep) -> Response:
    form = await state.db.read(lambda session: invited_form(request, state, session, token))
    raw = answers_from_form((await request.form()).multi_items())
    try:
        response = await submit(state, form.version, raw, form.invitation_id)
    except InvalidAnswers as invalid:
        page = form_page(request, form, checked_values(raw), invalid.problems)
        return HTMLResponse(page, status_code=422)
    return see_result(request, response.id)


def invited_form(request: Request, state: AppState, session: Session, token: str) -> FormTarget:
    refuse_if_guessing(request)
    found = authorities.find_invitation(session, state.secret_key, token)
    if found is None:
        count_failed_lookup(request)
        raise HTTPException(404)
    invitation, survey_round, authority, school = found
    version = state.definitions.get(session, survey_round.definition_hash)
    if version is None:  # pragma: no cover - stored when the round was made
        raise HTTPException(404)
    subject = school.name if school else authority.name
    heading = f"{version.questionnaire.title}: {subject}"
    action = path_for(request.app, "web:invitation_submit", token=token)
    return FormTarget(version, heading, action, invitation.id, authority.name)
