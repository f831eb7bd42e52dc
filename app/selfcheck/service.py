"""The self-check: submit a response (validate, score, store in one unit of work) and read a
result back. The one place that joins the core and storage for it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.core.answers import AnswerProblem, validate_answers
from app.core.questionnaires import Catalog, Questionnaire, QuestionnaireVersion
from app.core.results import ResultView, build_view
from app.core.score_codec import scores_from_json, scores_to_json
from app.core.scoring import Answer, ScoreResult, score
from app.platform.definitions import ensure_definition
from app.platform.idempotency import Claim, remember
from app.platform.state import AppState
from app.platform.tables import utc_now
from app.selfcheck import queries


@dataclass(frozen=True)
class Submitted:
    """A response just stored: what its result body needs, without reading it back."""

    id: str
    created_at: datetime
    questionnaire: Questionnaire
    scores: ScoreResult
    answers: Mapping[str, Answer]  # as validated and stored


class UnknownQuestionnaire(LookupError):
    pass


class InvalidAnswers(ValueError):
    def __init__(self, problems: list[AnswerProblem]) -> None:
        super().__init__(f"{len(problems)} invalid answers")
        self.problems = problems


def current_version(catalog: Catalog, questionnaire_id: str) -> QuestionnaireVersion:
    version = catalog.current(questionnaire_id)
    if version is None:
        raise UnknownQuestionnaire(questionnaire_id)
    return version


async def submit(
    state: AppState,
    version: QuestionnaireVersion,
    raw: Mapping[str, object],
    invitation_id: str | None = None,
    claim: Claim | None = None,
) -> Submitted:
    """Store a complete response to `version`, optionally through an invitation and under an
    idempotency key; nothing is stored if anything fails. Checking and scoring take well
    under a millisecond, and the write is awaited without holding a thread for it."""
    job = _storing_job(state, version, raw, invitation_id, claim)
    try:
        submitted = await state.db.write(job)
    except IntegrityError:
        # The memory of stored definitions may be wrong, e.g. after a failover to a database
        # restored from before the definition was written: write it again.
        state.stored_definitions.discard(version.hash)
        submitted = await state.db.write(job)
    # Only once the transaction has committed is the definition known to be stored.
    state.stored_definitions.add(version.hash)
    return submitted


def _storing_job(
    state: AppState,
    version: QuestionnaireVersion,
    raw: Mapping[str, object],
    invitation_id: str | None,
    claim: Claim | None,
) -> Callable[[Session], Submitted]:
    """Check and score the answers (raising `InvalidAnswers`); return the write to run."""
    answers, problems = validate_answers(version.questionnaire, raw)
    if problems:
        raise InvalidAnswers(problems)
    result = score(version.questionnaire, answers)
    submitted = Submitted(
        queries.new_result_id(), utc_now(), version.questionnaire, result, answers
    )
    # Prepared here rather than in the write: on SQLite all writes share one thread.
    row = queries.response_parameters(
        state.engine.dialect,
        submitted.id,
        submitted.created_at,
        version,
        answers,
        scores_to_json(result),
        invitation_id,
    )

    def store(session: Session) -> Submitted:
        if version.hash not in state.stored_definitions:
            ensure_definition(session, version)
        queries.add_response(session, row)
        if claim is not None:
            remember(session, claim, 201, submitted.id)
        return submitted

    return store


def read_result(state: AppState, session: Session, result_id: str) -> ResultView | None:
    """A stored result, cached for good: a stored result never changes."""
    return state.results.get_or_make(result_id, lambda: _load(state, session, result_id))


def _load(state: AppState, session: Session, result_id: str) -> ResultView | None:
    response = queries.get_response(session, result_id)
    if response is None:
        return None
    version = state.definitions.get(session, response.definition_hash)
    if version is None:  # pragma: no cover - the foreign key rules it out
        raise LookupError(f"definition {response.definition_hash} is missing")
    scores = scores_from_json(response.scores)
    return build_view(
        response.id, response.created_at, version.questionnaire, scores, response.answers
    )
