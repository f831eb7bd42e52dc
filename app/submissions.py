"""The one place that joins the core and storage: validate, score, store, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app import storage
from app.answers import AnswerProblem, validate_answers
from app.group_commit import run_write, run_write_async
from app.models import utc_now
from app.questionnaires import Catalog, Questionnaire, QuestionnaireVersion
from app.scoring import AreaScore, Recommendation, ScoreResult, score


@dataclass(frozen=True)
class Submitted:
    """A response just stored: what its result body needs, without reading it back."""

    id: str
    created_at: datetime
    questionnaire: Questionnaire
    scores: ScoreResult


class UnknownQuestionnaire(LookupError):
    pass


class InvalidAnswers(ValueError):
    def __init__(self, problems: list[AnswerProblem]) -> None:
        super().__init__(f"{len(problems)} invalid answers")
        self.problems = problems


def submit(
    engine: Engine, catalog: Catalog, questionnaire_id: str, raw: Mapping[str, object]
) -> Submitted:
    """Store a complete response to the current version; nothing is stored if anything fails."""
    return submit_to(engine, current_version(catalog, questionnaire_id), raw)


def current_version(catalog: Catalog, questionnaire_id: str) -> QuestionnaireVersion:
    version = catalog.current(questionnaire_id)
    if version is None:
        raise UnknownQuestionnaire(questionnaire_id)
    return version


def submit_to(
    engine: Engine,
    version: QuestionnaireVersion,
    raw: Mapping[str, object],
    invitation_id: str | None = None,
) -> Submitted:
    """Store a complete response to a given version, optionally through an invitation."""
    job = _storing_job(engine, version, raw, invitation_id)
    try:
        return _stored(engine, version, run_write(engine, job))
    except IntegrityError:
        _forget_definitions(engine)  # e.g. a database restored from before the definition
        return _stored(engine, version, run_write(engine, job))


async def submit_async(
    engine: Engine,
    version: QuestionnaireVersion,
    raw: Mapping[str, object],
    invitation_id: str | None = None,
) -> Submitted:
    """`submit_to` for the event loop: checking and scoring take well under a millisecond,
    and the write is awaited without holding a thread for it."""
    job = _storing_job(engine, version, raw, invitation_id)
    try:
        return _stored(engine, version, await run_write_async(engine, job))
    except IntegrityError:
        _forget_definitions(engine)
        return _stored(engine, version, await run_write_async(engine, job))


def _storing_job(
    engine: Engine,
    version: QuestionnaireVersion,
    raw: Mapping[str, object],
    invitation_id: str | None,
) -> Callable[[Session], Submitted]:
    """Check and score the answers (raising `InvalidAnswers`); return the write to run."""
    answers, problems = validate_answers(version.questionnaire, raw)
    if problems:
        raise InvalidAnswers(problems)
    result = score(version.questionnaire, answers)
    submitted = Submitted(storage.new_result_id(), utc_now(), version.questionnaire, result)
    # Prepared here rather than in the write: on SQLite all writes share one thread.
    row = storage.response_parameters(
        engine.dialect,
        submitted.id,
        submitted.created_at,
        version,
        answers,
        scores_to_json(result),
        invitation_id,
    )

    def store(session: Session) -> Submitted:
        if version.hash not in _stored_definitions.get(engine, ()):
            storage.ensure_definition(session, version)
        storage.add_response(session, row)
        return submitted

    return store


def _forget_definitions(engine: Engine) -> None:
    """The memory of stored definitions may be wrong after a failover: write them again."""
    _stored_definitions.pop(engine, None)


def _stored(engine: Engine, version: QuestionnaireVersion, response: Submitted) -> Submitted:
    # Only once the transaction has committed is the definition known to be stored.
    _stored_definitions.setdefault(engine, set()).add(version.hash)
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
