"""What the API and the pages look up for the asking authority: a round (404 when it is not
theirs), the questionnaire version a round pinned, a round's comparison, and a school's
history with the areas it shows. One place, so the JSON, the files, the charts and the pages
are built from the same values."""

from __future__ import annotations

from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import service as authorities
from app.authorities.comparison import (
    Comparison,
    RoundResponse,
    SchoolHistory,
    SchoolResponse,
    compare,
    school_history,
)
from app.authorities.deps import CurrentAuthority
from app.authorities.history_chart import area_titles
from app.authorities.models import Authority, School, SurveyRound
from app.authorities.service import SchoolRef
from app.core.questionnaires import Questionnaire
from app.core.questionnaires.schema import Area
from app.platform.deps import SessionDep, StateDep
from app.platform.state import AppState
from app.selfcheck.service import read_result


def round_or_404(session: Session, authority: Authority, round_id: str) -> SurveyRound:
    survey_round = authorities.get_round(session, authority, round_id)
    if survey_round is None:
        raise HTTPException(404)
    return survey_round


def definition_of(state: AppState, session: Session, survey_round: SurveyRound) -> Questionnaire:
    version = state.definitions.get(session, survey_round.definition_hash)
    assert version is not None, "a round's definition is stored when the round is made"
    return version.questionnaire


def round_comparison(
    round_id: str, authority: CurrentAuthority, session: SessionDep, state: StateDep
) -> Comparison:
    """The round's comparison: a dependency of its JSON, CSV, Excel and heatmap routes, and
    called as it is by the pages with the signed-in user's authority."""
    survey_round = round_or_404(session, authority, round_id)
    questionnaire = definition_of(state, session, survey_round)
    invited = authorities.round_invitations(session, survey_round.id, state.scores)
    schools = [SchoolResponse(school, response) for _, school, response in invited if school]
    own = next((response for _, school, response in invited if school is None), None)
    view = read_result(state, session, own.id) if own else None
    return compare(survey_round, questionnaire, schools, view)


def history_of(
    session: Session, state: AppState, authority: Authority, school: School
) -> SchoolHistory:
    """The school's latest response in each round it was invited to, oldest round first."""
    rounds: list[RoundResponse] = []
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
        questionnaire = definition_of(state, session, survey_round)
        rounds.append(RoundResponse(survey_round, questionnaire, response))
    ref = SchoolRef(school.id, school.name, school.school_unit_code)
    return school_history(ref, rounds)


def history_areas(
    session: Session, state: AppState, authority: Authority, history: SchoolHistory
) -> dict[str, str]:
    """Each area id's title, in the order the history chart draws them: the newest round's
    areas first, so a renamed area shows its current title."""
    shown = {entry.survey_round.id for entry in history.rounds}
    areas: list[Area] = []
    for survey_round in reversed(authorities.list_rounds(session, authority)):
        if survey_round.id in shown:
            areas.extend(definition_of(state, session, survey_round).areas)
    return area_titles(areas)
