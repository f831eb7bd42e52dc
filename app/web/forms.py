"""Form posts → raw answers for `validate_answers`, and answers → what the form shows again."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.answers import AnswerProblem

_INTEGER = re.compile(r"^-?\d{1,9}$")


def answers_from_form(items: Iterable[tuple[str, object]]) -> dict[str, object]:
    """Form values are text; whole numbers become ints, anything else stays text and is refused."""
    raw: dict[str, object] = {}
    for name, value in items:
        text = value.strip() if isinstance(value, str) else ""
        raw[name] = int(text) if _INTEGER.match(text) else text
    return raw


def checked_values(raw: dict[str, object]) -> dict[str, str]:
    """What each radio group had selected, to check it again when the form is shown anew."""
    return {name: str(value) for name, value in raw.items()}


def problems_by_statement(problems: Iterable[AnswerProblem]) -> dict[str, AnswerProblem]:
    return {problem.statement_id: problem for problem in problems}
