"""The one place that joins the core and storage: validate, score, store, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

from app import storage
from app.answers import AnswerProblem, validate_answers
from app.db import transaction
from app.models import Response
from app.questionnaires import Catalog, QuestionnaireVersion
from app.scoring import AreaScore, Recommendation, ScoreResult, score


class UnknownQuestionnaire(LookupError):
    pass


class InvalidAnswers(ValueError):
    def __init__(self, problems: list[AnswerProblem]) -> None:
        super().__init__(f"{len(problems)} invalid answers")
        self.problems = problems


def submit(
    engine: Engine, catalog: Catalog, questionnaire_id: str, raw: Mapping[str, object]
) -> Response:
    """Store a complete response to the current version; nothing is stored if anything fails."""
    version = catalog.current(questionnaire_id)
    if version is None:
        raise UnknownQuestionnaire(questionnaire_id)
    return submit_to(engine, version, raw)


def submit_to(
    engine: Engine,
    version: QuestionnaireVersion,
    raw: Mapping[str, object],
    invitation_id: str | None = None,
) -> Response:
    """Store a complete response to a given version, optionally through an invitation."""
    answers, problems = validate_answers(version.questionnaire, raw)
    if problems:
        raise InvalidAnswers(problems)
    result = score(version.questionnaire, answers)
    stored = _stored_definitions.setdefault(engine, set())
    with transaction(engine, write=True) as session:
        if version.hash not in stored:
            storage.ensure_definition(session, version)
        response = storage.add_response(
            session, version, answers, scores_to_json(result), invitation_id=invitation_id
        )
    stored.add(version.hash)  # only once the transaction has committed
    return response


# Definitions known to be stored, per database: a definition never changes once stored, so
# each process writes it once instead of on every submission.
_stored_definitions: WeakKeyDictionary[Engine, set[str]] = WeakKeyDictionary()


def scores_to_json(result: ScoreResult) -> dict[str, Any]:
    # Written out rather than dataclasses.asdict, whose deep copying is slow on a hot path.
    return {
        "areas": [
            {
                "area_id": a.area_id,
                "score": a.score,
                "level_id": a.level_id,
                "weak": a.weak,
                "answered": a.answered,
                "total": a.total,
            }
            for a in result.areas
        ],
        "overall": result.overall,
        "weak_areas": list(result.weak_areas),
        "recommendations": [
            {"material_id": r.material_id, "area_ids": list(r.area_ids)}
            for r in result.recommendations
        ],
    }


def scores_from_json(data: Mapping[str, Any]) -> ScoreResult:
    return ScoreResult(
        areas=tuple(AreaScore(**area) for area in data["areas"]),
        overall=data["overall"],
        weak_areas=tuple(data["weak_areas"]),
        recommendations=tuple(
            Recommendation(r["material_id"], tuple(r["area_ids"])) for r in data["recommendations"]
        ),
    )
