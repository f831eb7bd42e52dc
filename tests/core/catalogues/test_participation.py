"""Checking a participant's answers: hours, energy, teacher need, the role; every problem."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.catalogues import parse_catalogue
from app.core.catalogues.participation import (
    InvalidParticipation,
    TaskAnswer,
    from_form,
    hours_in_tenths,
    validate_participation,
)

CATALOGUE = parse_catalogue(
    """\
id: prov
version: 1
title: Prov
energy:
  - {value: 1, label: Lite}
  - {value: 2, label: Lagom}
  - {value: 3, label: Mycket}
areas:
  - id: a
    title: A
    tasks:
      - {id: t1, text: Ett}
      - {id: t2, text: Två}
"""
)


@pytest.mark.parametrize(
    ("given", "tenths"),
    [("", 0), (None, 0), ("0", 0), ("1,5", 15), ("1.5", 15), (2, 20), (1.5, 15), ("60", 600)],
)
def test_hours_that_are_taken(given: object, tenths: int) -> None:
    assert hours_in_tenths(given) == tenths


@pytest.mark.parametrize("given", ["1,55", "-1", "60.1", 61, 1.25, True, "abc", "1e1", [1]])
def test_hours_that_are_refused(given: object) -> None:
    assert hours_in_tenths(given) is None


def test_a_valid_participation_keeps_only_the_tasks_done_in_catalogue_order() -> None:
    participation = validate_participation(
        CATALOGUE,
        "teacher",
        {"t2": {"hours": 2, "energy": 3, "teacher": "no"}, "t1": {"hours": "", "energy": "9"}},
    )
    assert participation.role == "teacher"
    assert participation.answers == (TaskAnswer("t2", 20, 3, "no"),)


def problems(role: object, tasks: dict[str, object]) -> list[tuple[str | None, str, str]]:
    with pytest.raises(InvalidParticipation) as raised:
        validate_participation(CATALOGUE, role, tasks)
    return [(p.task_id, p.field, p.code) for p in raised.value.problems]


def test_every_problem_is_named_by_task_and_field() -> None:
    assert problems(
        None,
        {
            "t1": {"hours": "1,55"},
            "t2": {"hours": 1, "energy": 4},
            "okand": {"hours": 1},
        },
    ) == [
        (None, "role", "missing_role"),
        ("t1", "hours", "invalid_hours"),
        ("t2", "energy", "invalid_energy"),
        ("t2", "teacher", "missing_teacher"),
        ("okand", "task", "unknown_task"),
    ]


def test_a_bad_role_and_a_bad_shape_are_refused() -> None:
    assert problems("rektor", {"t1": 5, "t2": {"hours": 1, "energy": 1, "teacher": "x"}}) == [
        (None, "role", "invalid_role"),
        ("t1", "task", "invalid_task_answer"),
        ("t2", "teacher", "invalid_teacher"),
    ]


def test_the_form_fields_become_the_answers_per_task() -> None:
    role, tasks = from_form(
        [("role", "leadership"), ("t1.hours", "1,5"), ("t1.energy", "2"), ("other", "x")]
    )
    assert role == "leadership"
    assert tasks == {"t1": {"hours": "1,5", "energy": "2"}}


@given(st.decimals(min_value=-5, max_value=70, places=2, allow_nan=False))
def test_hours_as_numbers_agree_with_decimal_arithmetic(value: Decimal) -> None:
    # The oracle: exact decimal arithmetic on the number as written in the JSON.
    tenths = value * 10
    valid = 0 <= value <= 60 and tenths == tenths.to_integral_value()
    assert hours_in_tenths(float(value)) == (int(tenths) if valid else None)


@given(st.integers(0, 999), st.sampled_from([",", "."]), st.integers(0, 9) | st.none())
def test_hours_as_text_take_one_decimal_up_to_sixty(
    whole: int, point: str, decimal: int | None
) -> None:
    text = f"{whole}" if decimal is None else f"{whole}{point}{decimal}"
    tenths = whole * 10 + (decimal or 0)
    assert hours_in_tenths(text) == (tenths if tenths <= 600 else None)
    assert hours_in_tenths(text + "5") is None or decimal is None
