"""Checking a respondent's answers against a questionnaire, before anything is scored or stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from app.core import errors
from app.core.errors import ErrorCode
from app.core.memo import ByIdentity
from app.core.questionnaires.schema import DONT_KNOW, Questionnaire
from app.core.scoring import Answer


@dataclass(frozen=True)
class AnswerProblem:
    statement_id: str
    code: str  # an answer code of app.core.errors
    message: str

    @classmethod
    def of(cls, statement_id: str, error: ErrorCode, **values: object) -> AnswerProblem:
        return cls(statement_id, error.code, error.message(**values))


@dataclass(frozen=True)
class _Expected:
    """What a complete, valid set of answers to a questionnaire is made of."""

    statement_ids: tuple[str, ...]
    values: frozenset[object]  # the scale's values, and DONT_KNOW where the scale has it

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> _Expected:
        dont_know = {DONT_KNOW} if questionnaire.scale.dont_know is not None else set()
        return cls(
            tuple(statement.id for statement in questionnaire.statements),
            frozenset(questionnaire.scale.values | dont_know),
        )


_expected_of = ByIdentity(_Expected.of, bound=16)
# Exactly these types: a bool is an int to Python, and 2.0 equals 2, but neither is a value.
_PLAIN = (int, str)


def validate_answers(
    questionnaire: Questionnaire, raw: Mapping[str, object]
) -> tuple[dict[str, Answer], list[AnswerProblem]]:
    """Return the accepted answers and every problem; the answers count only with no problems."""
    expected = _expected_of(questionnaire)
    values = expected.values
    # Nearly every submission answers each statement once with a valid value: that is checked
    # in one pass, and only a set with a problem is gone through to name each problem.
    if len(raw) == len(expected.statement_ids) and all(
        type(value := raw.get(statement_id)) in _PLAIN and value in values
        for statement_id in expected.statement_ids
    ):
        checked = {statement_id: raw[statement_id] for statement_id in expected.statement_ids}
        return cast(dict[str, Answer], checked), []
    return _with_problems(questionnaire, raw)


def _with_problems(
    questionnaire: Questionnaire, raw: Mapping[str, object]
) -> tuple[dict[str, Answer], list[AnswerProblem]]:
    accepted: dict[str, Answer] = {}
    problems: list[AnswerProblem] = []
    known = {statement.id for statement in questionnaire.statements}
    for statement_id in raw:
        if statement_id not in known:
            problems.append(AnswerProblem.of(statement_id, errors.UNKNOWN_STATEMENT))
    for statement in questionnaire.statements:
        if statement.id not in raw:
            problems.append(AnswerProblem.of(statement.id, errors.MISSING_ANSWER))
            continue
        value = raw[statement.id]
        problem = _value_problem(questionnaire, statement.id, value)
        if problem:
            problems.append(problem)
        else:
            # `_value_problem` found no problem, so `value` is a scale value or "dont_know".
            accepted[statement.id] = value  # type: ignore[assignment]
    return accepted, problems


def _value_problem(
    questionnaire: Questionnaire, statement_id: str, value: object
) -> AnswerProblem | None:
    scale = questionnaire.scale
    if value == DONT_KNOW and isinstance(value, str):
        if scale.dont_know is None:
            return AnswerProblem.of(statement_id, errors.DONT_KNOW_NOT_ALLOWED)
        return None
    # bool is a subclass of int in Python, but true/false are not values on a scale.
    if isinstance(value, int) and not isinstance(value, bool) and value in scale.values:
        return None
    allowed = ", ".join(str(option.value) for option in scale.options)
    if scale.dont_know is not None:
        allowed += f" {errors.ANSWER_OR} {DONT_KNOW}"
    return AnswerProblem.of(statement_id, errors.INVALID_VALUE, allowed=allowed)
