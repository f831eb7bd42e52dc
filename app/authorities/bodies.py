"""The authorities' JSON bodies, built from the typed values at the API edge (docs/api.md).

Key order is part of the contract: integrations read these bodies as they are written here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from starlette.requests import Request

from app.authorities.comparison import (
    AreaCell,
    AreaSummary,
    Comparison,
    HistoryEntry,
    QuestionnaireRef,
    RoundRef,
    SchoolHistory,
    SchoolRow,
    questionnaire_ref,
    round_ref,
)
from app.authorities.links import invitation_token
from app.authorities.models import Authority, Invitation, School, SurveyRound
from app.authorities.service import SchoolRef
from app.core.swedish import SortKey, swedish_key
from app.platform.deps import app_state
from app.platform.urls import url_for
from app.selfcheck.schemas import result_json, result_links


def authority_body(authority: Authority) -> dict[str, Any]:
    return {"id": authority.id, "name": authority.name}


def school_body(school: School | SchoolRef) -> dict[str, Any]:
    return {"id": school.id, "name": school.name, "school_unit_code": school.school_unit_code}


def schools_body(schools: Sequence[School]) -> dict[str, Any]:
    return {"schools": [school_body(s) for s in schools]}


def round_summary_body(survey_round: SurveyRound) -> dict[str, Any]:
    return {
        **_round_ref(round_ref(survey_round)),
        "questionnaire": _questionnaire_ref(questionnaire_ref(survey_round)),
    }


def rounds_body(rounds: Sequence[SurveyRound]) -> dict[str, Any]:
    return {"rounds": [round_summary_body(r) for r in rounds]}


def round_body(
    request: Request,
    survey_round: SurveyRound,
    invitations: Sequence[Invitation],
    answered: Collection[str],
    schools: Mapping[str, SchoolRef | None],
) -> dict[str, Any]:
    """A round with its links; `answered` holds the ids of invitations with a response and
    `schools` each invitation's school. The authority's own invitation first, then the
    schools in Swedish order."""
    named = [(i, schools.get(i.id)) for i in invitations]
    named.sort(key=lambda pair: invitation_order(pair[1]))
    return {
        **round_summary_body(survey_round),
        "invitations": [
            {
                "school_id": i.school_id,
                "url": invitation_url(request, i.id),
                "responded": i.id in answered,
                "school_name": school.name if school else None,
            }
            for i, school in named
        ],
    }


def invitation_url(request: Request, invitation_id: str) -> str:
    token = invitation_token(app_state(request).secret_key, invitation_id)
    return url_for(request, "web:invitation", token=token)


def invitation_order(school: SchoolRef | None) -> tuple[bool, SortKey, str]:
    """How a round's invitations are listed: the authority's own, then by school name."""
    if school is None:
        return (False, ((), ""), "")
    return (True, swedish_key(school.name), school.id)


def comparison_body(request: Request, comparison: Comparison) -> dict[str, Any]:
    own = comparison.authority
    return {
        "round": {"id": comparison.survey_round.id, "name": comparison.survey_round.name},
        "questionnaire": _questionnaire_ref(comparison.questionnaire_ref),
        "areas": [{"id": area.id, "title": area.title} for area in comparison.areas],
        "schools": [_school_row(row) for row in comparison.rows],
        "summary": {s.area_id: _area_summary(s) for s in comparison.summary},
        "authority": result_json(own, result_links(request, own.id)) if own else None,
    }


def history_body(history: SchoolHistory) -> dict[str, Any]:
    return {
        "school": school_body(history.school),
        "rounds": [_history_entry(entry) for entry in history.rounds],
    }


def _round_ref(ref: RoundRef) -> dict[str, Any]:
    return {"id": ref.id, "name": ref.name, "created_at": ref.created_at.isoformat()}


def _questionnaire_ref(ref: QuestionnaireRef) -> dict[str, Any]:
    return {"id": ref.id, "version": ref.version}


def _school_row(row: SchoolRow) -> dict[str, Any]:
    return {
        **school_body(row.school),
        "responded": row.responded,
        "response_id": row.response_id,
        "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
        "overall": row.overall,
        "areas": _area_cells(row.cells),
        "weak_areas": list(row.weak_areas),
    }


def _area_cells(cells: Sequence[AreaCell]) -> dict[str, Any]:
    return {cell.area_id: {"score": cell.score, "level": cell.level_id} for cell in cells}


def _area_summary(summary: AreaSummary) -> dict[str, Any]:
    return {
        "mean": summary.mean,
        "min": summary.min,
        "max": summary.max,
        "responded": summary.responded,
        "weak": summary.weak,
    }


def _history_entry(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "round": _round_ref(entry.survey_round),
        "questionnaire": _questionnaire_ref(entry.questionnaire_ref),
        "response_id": entry.response_id,
        "submitted_at": entry.submitted_at.isoformat() if entry.submitted_at else None,
        "overall": entry.overall,
        "areas": _area_cells(entry.cells),
        "version_changed": entry.version_changed,
    }
