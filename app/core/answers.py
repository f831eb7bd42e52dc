"""Checking a respondent's answers against a questionnaire, before anything is scored or stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.questionnaires.schema import DONT_KNOW, Questionnaire
from app.core.scoring import Answer


@dataclass(frozen=True)
class AnswerProblem:
    statement_id: str
    code: str  # missing | unknown_statement | invalid_value | dont_know_not_allowed
    message: str


def validate_answers(
    questionnaire: Questionnaire, raw: Mapping[str, object]
) -> tuple[dict[str, Answer], list[AnswerProblem]]:
    """Return the accepted answers and every problem; the answers count only with no problems."""
    accepted: dict[str, Answer] = {}
    problems: list[AnswerProblem] = []
    known = {statement.id for statement in questionnaire.statements}
    for statement_id in raw:
        if statement_id not in known:
            problems.append(
                AnswerProblem(statement_id, "unknown_statement", "Påståendet finns inte i enkäten.")
            )
    for statement in questionnaire.statements:
        if statement.id not in raw:
            problems.append(AnswerProblem(statement.id, "missing", "Du har inte svarat."))
            continue
        value = raw[statement.id]
        problem = _value_problem(questionnaire, value)
        if problem:
            problems.append(AnswerProblem(statement.id, *problem))
        else:
            accepted[statement.id] = value  # type: ignore[assignment]
    return accepted, problems


def _value_problem(questionnaire: Questionnaire, value: object) -> tuple[str, str] | None:
    scale = questionnaire.scale
    if value == DONT_KNOW and isinstance(value, str):
        if scale.dont_know is None:
            return "dont_know_not_allowed", "Den här enkäten har inget svarsalternativ ”vet inte”."
        return None
    # bool is a subclass of int in Python, but true/false are not values on a scale.
    if isinstance(value, int) and not isinstance(value, bool) and value in scale.values:
        return None
    allowed = ", ".join(str(option.value) for option in scale.options)
    if scale.dont_know is not None:
        allowed += f" eller {DONT_KNOW}"
    return "invalid_value", f"Svaret måste vara ett av värdena {allowed}."
