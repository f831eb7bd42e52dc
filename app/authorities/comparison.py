"""An authority's view of a round: each school's stored scores side by side, and their spread.

Nothing is scored here: every number comes from the scores stored with each response.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import fmean
from typing import Any

from app.authorities.models import School, SurveyRound
from app.authorities.service import LatestResponse, SchoolRef
from app.core.questionnaires import Questionnaire
from app.core.results import rounded


@dataclass(frozen=True)
class SchoolResponse:
    school: SchoolRef
    response: LatestResponse | None


def iso(moment: datetime) -> str:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def school_json(school: School | SchoolRef) -> dict[str, Any]:
    return {"id": school.id, "name": school.name, "school_unit_code": school.school_unit_code}


def round_ref(survey_round: SurveyRound) -> dict[str, Any]:
    return {
        "id": survey_round.id,
        "name": survey_round.name,
        "created_at": iso(survey_round.created_at),
    }


def questionnaire_ref(survey_round: SurveyRound) -> dict[str, Any]:
    return {"id": survey_round.questionnaire_id, "version": survey_round.questionnaire_version}


def area_scores(response: LatestResponse | None, questionnaire: Questionnaire) -> dict[str, Any]:
    """`{area id: {"score", "level"}}` from stored scores, nulls when there is no response."""
    stored = {a["area_id"]: a for a in response.scores["areas"]} if response else {}
    return {
        area.id: {
            "score": rounded(stored[area.id]["score"]) if area.id in stored else None,
            "level": stored[area.id]["level_id"] if area.id in stored else None,
        }
        for area in questionnaire.areas
    }


def comparison_json(
    survey_round: SurveyRound,
    questionnaire: Questionnaire,
    rows: Sequence[SchoolResponse],
    authority_result: dict[str, Any] | None,
) -> dict[str, Any]:
    schools = [_school_row(row, questionnaire) for row in rows]
    return {
        "round": {"id": survey_round.id, "name": survey_round.name},
        "questionnaire": questionnaire_ref(survey_round),
        "areas": [{"id": area.id, "title": area.title} for area in questionnaire.areas],
        "schools": schools,
        "summary": _summary(rows, questionnaire),
        "authority": authority_result,
    }


def _school_row(row: SchoolResponse, questionnaire: Questionnaire) -> dict[str, Any]:
    response = row.response
    return {
        **school_json(row.school),
        "responded": response is not None,
        "response_id": response.id if response else None,
        "submitted_at": iso(response.created_at) if response else None,
        "overall": rounded(response.scores["overall"]) if response else None,
        "areas": area_scores(response, questionnaire),
        "weak_areas": list(response.scores["weak_areas"]) if response else [],
    }


def _summary(rows: Sequence[SchoolResponse], questionnaire: Questionnaire) -> dict[str, Any]:
    """Per area, over the schools that answered it: mean, min, max, how many, how many weak."""
    stored = [
        {a["area_id"]: a for a in row.response.scores["areas"]} for row in rows if row.response
    ]
    summary: dict[str, Any] = {}
    for area in questionnaire.areas:
        answered = [s[area.id] for s in stored if s.get(area.id, {}).get("score") is not None]
        scores = [a["score"] for a in answered]
        summary[area.id] = {
            "mean": rounded(fmean(scores)) if scores else None,
            "min": rounded(min(scores)) if scores else None,
            "max": rounded(max(scores)) if scores else None,
            "responded": len(scores),
            "weak": sum(1 for a in answered if a["weak"]),
        }
    return summary
