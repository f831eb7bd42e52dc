"""The one place that joins the core and storage: validate, score, store, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

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
    with transaction(engine, write=True) as session:
        storage.ensure_definition(session, version)
        return storage.add_response(
            session, version, answers, scores_to_json(result), invitation_id=invitation_id
        )


def scores_to_json(result: ScoreResult) -> dict[str, Any]:
    return asdict(result)


def scores_from_json(data: Mapping[str, Any]) -> ScoreResult:
    return ScoreResult(
        areas=tuple(AreaScore(**area) for area in data["areas"]),
        overall=data["overall"],
        weak_areas=tuple(data["weak_areas"]),
        recommendations=tuple(
            Recommendation(r["material_id"], tuple(r["area_ids"])) for r in data["recommendations"]
        ),
    )
