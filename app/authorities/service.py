"""Authorities (huvudmän), their schools, survey rounds and invitation links.

Every query here is scoped to one authority: another authority's school or round is simply
not found, so the API cannot tell it from one that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, distinct, exists, func, select
from sqlmodel import Session, col

from app.authorities.accounts import new_id
from app.authorities.links import invitation_id_of, legacy_token_hash
from app.authorities.models import Authority, Invitation, School, SurveyRound
from app.core.questionnaires import QuestionnaireVersion
from app.core.score_codec import scores_from_json
from app.core.scoring import ScoreResult
from app.core.swedish import swedish_key
from app.platform.cache import ImmutableCache
from app.platform.definitions import ensure_definition
from app.selfcheck.models import Response

SCHOOL_UNIT_CODE = re.compile(r"^[0-9]{8}$")


class DuplicateSchool(ValueError):
    pass


class SchoolHasResponses(ValueError):
    """A school with responses stays: its answers belong to the rounds they were given in."""


# Schools ----------------------------------------------------------------------------------


def add_school(session: Session, authority: Authority, name: str, code: str) -> School:
    """Add a school and invite it to the authority's open principal rounds."""
    if _code_taken(session, authority, code):
        raise DuplicateSchool(code)
    school = School(id=new_id(), authority_id=authority.id, name=name, school_unit_code=code)
    session.add(school)
    for survey_round in list_rounds(session, authority):
        if survey_round.audience == "principal":
            session.add(_invitation(survey_round.id, school.id))
    session.flush()
    return school


def update_school(
    session: Session, authority: Authority, school: School, name: str | None, code: str | None
) -> School:
    """Rename the school or change its code (None: keep it); its invitations stay as they are."""
    if code is not None and code != school.school_unit_code:
        if _code_taken(session, authority, code):
            raise DuplicateSchool(code)
        school.school_unit_code = code
    if name is not None:
        school.name = name
    session.flush()
    return school


def delete_school(session: Session, school: School) -> None:
    """Remove a school that has no responses, and its invitation links with it."""
    invitations = select(col(Invitation.id)).where(col(Invitation.school_id) == school.id)
    answered = session.scalar(select(exists().where(col(Response.invitation_id).in_(invitations))))
    if answered:
        raise SchoolHasResponses(school.id)
    # A response stored after the check above makes this fail on its foreign key instead.
    session.execute(delete(Invitation).where(col(Invitation.school_id) == school.id))
    session.delete(school)
    session.flush()


def _code_taken(session: Session, authority: Authority, code: str) -> bool:
    taken = session.scalars(
        select(col(School.id)).where(
            col(School.authority_id) == authority.id, col(School.school_unit_code) == code
        )
    ).first()
    return taken is not None


def list_schools(session: Session, authority: Authority) -> Sequence[School]:
    """The authority's schools in Swedish alphabetical order (ties by id).

    Sorted here rather than by the database: SQLite and PostgreSQL collate differently, and
    neither puts Å, Ä, Ö after Z without a Swedish locale the server may not have."""
    schools = session.scalars(select(School).where(col(School.authority_id) == authority.id))
    return sorted(schools, key=lambda school: (swedish_key(school.name), school.id))


def get_school(session: Session, authority: Authority, school_id: str) -> School | None:
    school = session.get(School, school_id)
    return school if school and school.authority_id == authority.id else None


# Rounds and invitations -------------------------------------------------------------------


def create_round(
    session: Session, authority: Authority, name: str, version: QuestionnaireVersion
) -> SurveyRound:
    """A round pinned to `version`, with its invitations."""
    ensure_definition(session, version)
    questionnaire = version.questionnaire
    survey_round = SurveyRound(
        id=new_id(),
        authority_id=authority.id,
        name=name,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        audience=questionnaire.audience,
        definition_hash=version.hash,
    )
    session.add(survey_round)
    # The round's row must exist before its invitations point at it.
    session.flush()
    if questionnaire.audience == "principal":
        schools: Iterable[str | None] = [s.id for s in list_schools(session, authority)]
    else:
        schools = [None]
    session.add_all(_invitation(survey_round.id, school_id) for school_id in schools)
    session.flush()
    return survey_round


def list_rounds(session: Session, authority: Authority) -> Sequence[SurveyRound]:
    return session.scalars(
        select(SurveyRound)
        .where(col(SurveyRound.authority_id) == authority.id)
        .order_by(col(SurveyRound.created_at), col(SurveyRound.id))
    ).all()


def get_round(session: Session, authority: Authority, round_id: str) -> SurveyRound | None:
    survey_round = session.get(SurveyRound, round_id)
    return survey_round if survey_round and survey_round.authority_id == authority.id else None


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    answered: int  # invitations with at least one response


def response_rates(session: Session, authority: Authority) -> dict[str, ResponseRate]:
    """Each of the authority's rounds by id: how many were invited and how many answered,
    counted in the database (no scores are read)."""
    invited = session.execute(
        select(col(Invitation.round_id), func.count())
        .join(SurveyRound, col(SurveyRound.id) == col(Invitation.round_id))
        .where(col(SurveyRound.authority_id) == authority.id)
        .group_by(col(Invitation.round_id))
    ).all()
    answered: dict[str, int] = {
        round_id: count
        for round_id, count in session.execute(
            select(col(Invitation.round_id), func.count(distinct(col(Response.invitation_id))))
            .join(Invitation, col(Invitation.id) == col(Response.invitation_id))
            .join(SurveyRound, col(SurveyRound.id) == col(Invitation.round_id))
            .where(col(SurveyRound.authority_id) == authority.id)
            .group_by(col(Invitation.round_id))
        )
    }
    return {round_id: ResponseRate(count, answered.get(round_id, 0)) for round_id, count in invited}


def invitations_of(session: Session, round_id: str) -> Sequence[Invitation]:
    return session.scalars(
        select(Invitation)
        .where(col(Invitation.round_id) == round_id)
        .order_by(col(Invitation.created_at))
    ).all()


def find_invitation(
    session: Session, key: bytes, token: str
) -> tuple[Invitation, SurveyRound, Authority, School | None] | None:
    """The invitation of a link's token: derived under `key`, or issued before links were."""
    invitation_id = invitation_id_of(key, token)
    if invitation_id is not None:
        invitation = session.get(Invitation, invitation_id)
    else:
        invitation = session.scalars(
            select(Invitation).where(col(Invitation.legacy_token_hash) == legacy_token_hash(token))
        ).first()
    if invitation is None:
        return None
    survey_round = session.get_one(SurveyRound, invitation.round_id)
    authority = session.get_one(Authority, survey_round.authority_id)
    school = session.get(School, invitation.school_id) if invitation.school_id else None
    return invitation, survey_round, authority, school


@dataclass(frozen=True)
class LatestResponse:
    """The columns of a response that comparisons need (not the answers)."""

    id: str
    invitation_id: str
    created_at: datetime
    scores: ScoreResult


@dataclass(frozen=True)
class SchoolRef:
    id: str
    name: str
    school_unit_code: str


# Stored scores never change, so parsed ones can be kept by response id for good.
ScoresCache = ImmutableCache[str, ScoreResult]


def invited_schools(session: Session, round_id: str) -> list[tuple[str, SchoolRef | None]]:
    """Each invitation of a round with its school (None: the authority's own invitation)."""
    rows = session.execute(_invited(round_id)).all()
    return [(row[0], SchoolRef(*row[1:]) if row[1] else None) for row in rows]


def round_invitations(
    session: Session, round_id: str, cache: ScoresCache | None = None
) -> list[tuple[str, SchoolRef | None, LatestResponse | None]]:
    """`invited_schools`, each with the invitation's newest response: one query for both."""
    rows = session.execute(
        _invited(round_id)
        .add_columns(col(Response.id), col(Response.created_at))
        .outerjoin(Response, col(Response.invitation_id) == col(Invitation.id))
        .order_by(col(Response.created_at), col(Response.id))
    ).all()
    # Oldest first, so each invitation keeps its newest (as in latest_responses); one that has
    # no response has one row, with the response's columns empty.
    newest = {row[0]: row for row in rows}
    scores = _scores(session, [r[4] for r in newest.values() if r[4]], cache or ImmutableCache(1))
    latest = {i: LatestResponse(r[4], i, r[5], scores[r[4]]) for i, r in newest.items() if r[4]}
    return [(i, SchoolRef(*r[1:4]) if r[1] else None, latest.get(i)) for i, r in newest.items()]


def _invited(round_id: str) -> Select[str, str, str, str]:
    return (
        select(col(Invitation.id), col(School.id), col(School.name), col(School.school_unit_code))
        .select_from(Invitation)
        .outerjoin(School, col(School.id) == col(Invitation.school_id))
        .where(col(Invitation.round_id) == round_id)
    )


def latest_responses(
    session: Session, invitation_ids: Iterable[str], cache: ScoresCache | None = None
) -> dict[str, LatestResponse]:
    """The newest response per invitation; earlier ones stay stored but do not count."""
    ids = list(invitation_ids)
    if not ids:
        return {}
    heads = session.execute(
        select(col(Response.id), col(Response.invitation_id), col(Response.created_at))
        .where(col(Response.invitation_id).in_(ids))
        .order_by(col(Response.created_at), col(Response.id))
    ).all()
    # Ascending order: a later response for the same invitation replaces the earlier one.
    newest = {row.invitation_id: row for row in heads}
    scores = _scores(session, [row.id for row in newest.values()], cache or ImmutableCache(1))
    return {
        invitation_id: LatestResponse(row.id, invitation_id, row.created_at, scores[row.id])
        for invitation_id, row in newest.items()
    }


def latest_responses_in_round(
    session: Session, round_id: str, cache: ScoresCache | None = None
) -> dict[str, LatestResponse]:
    return {i: found for i, _, found in round_invitations(session, round_id, cache) if found}


def _scores(session: Session, ids: list[str], cache: ScoresCache) -> dict[str, ScoreResult]:
    found = {i: cached for i in ids if (cached := cache.get(i)) is not None}
    missing = [i for i in ids if i not in found]
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        rows = session.execute(
            select(col(Response.id), col(Response.scores)).where(col(Response.id).in_(chunk))
        ).all()
        found.update((row.id, cache.put(row.id, scores_from_json(row.scores))) for row in rows)
    return found


def _invitation(round_id: str, school_id: str | None) -> Invitation:
    return Invitation(id=new_id(), round_id=round_id, school_id=school_id)
