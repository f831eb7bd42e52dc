"""Workshop 1's figures against hand-computed ones and an independent oracle, and the
anonymity rule at its edges."""

from __future__ import annotations

import statistics
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app.core.catalogues import parse_catalogue
from app.core.catalogues.participation import Participation, TaskAnswer
from app.core.catalogues.workshop1 import Visibility, one_decimal, visibility, workshop1

CATALOGUE = parse_catalogue(
    """\
id: prov
version: 1
title: Prov
energy:
  - {value: 1, label: Lite}
  - {value: 3, label: Lagom}
  - {value: 5, label: Mycket}
areas:
  - id: a
    title: A
    tasks:
      - {id: t1, text: Ett}
      - {id: t2, text: Två}
  - id: b
    title: B
    tasks:
      - {id: t3, text: Tre}
"""
)


def person(role: str, *answers: tuple[str, int, int, str]) -> Participation:
    return Participation(role, tuple(TaskAnswer(*answer) for answer in answers))


FIVE = [
    person("teacher", ("t1", 15, 5, "no"), ("t3", 10, 1, "yes")),
    person("teacher", ("t1", 30, 3, "partly")),
    person("teacher", ("t1", 5, 5, "no"), ("t2", 20, 1, "yes")),
    person("other_staff", ("t1", 10, 1, "no")),
    person("leadership"),
]


def test_figures_for_five_computed_by_hand() -> None:
    result = workshop1(CATALOGUE, FIVE, min_respondents=5, closed=True)
    assert result.visible and result.respondents == 5
    assert result.roles == {"teacher": 3, "other_staff": 1, "leadership": 1}
    a, b = result.areas
    t1, t2 = a.tasks
    # t1: 1.5, 3.0, 0.5, 1.0 hours; energies 5, 3, 5, 1; teacher no, partly, no, no.
    assert t1.doing == 4
    assert t1.hours_total == Fraction(6)
    assert t1.hours_median == Fraction(5, 4)  # (1.0 + 1.5) / 2
    assert t1.energy_mean == Fraction(14, 4)
    assert t1.teacher == {"yes": 0, "partly": 1, "no": 3}
    assert (t2.doing, t2.hours_total, t2.hours_median, t2.energy_mean) == (1, 2, 2, 1)
    assert a.hours_total == Fraction(8)
    assert b.hours_total == Fraction(1)
    assert one_decimal(t1.hours_median) == 1.3  # 1.25 rounds half up
    assert one_decimal(t1.energy_mean) == 3.5


def test_a_task_nobody_does_has_zero_hours_and_no_median() -> None:
    result = workshop1(CATALOGUE, FIVE[3:] * 3, min_respondents=5, closed=True)
    t2 = result.areas[0].tasks[1]
    assert (t2.doing, t2.hours_total, t2.hours_median, t2.energy_mean) == (0, 0, None, None)


def test_open_collections_show_nothing_however_many_answered() -> None:
    result = workshop1(CATALOGUE, FIVE * 4, min_respondents=5, closed=False)
    assert result.visibility == Visibility(False, "open")
    assert result.roles == {"teacher": 12, "other_staff": 4, "leadership": 4}
    for area in result.areas:
        assert area.hours_total is None
        for task in area.tasks:
            assert (task.doing, task.hours_total, task.hours_median) == (None, None, None)
            assert (task.energy_mean, task.teacher) == (None, None)


def test_four_respondents_are_below_a_threshold_of_five_and_five_are_not() -> None:
    assert not workshop1(CATALOGUE, FIVE[:4], min_respondents=5, closed=True).visible
    assert workshop1(CATALOGUE, FIVE, min_respondents=5, closed=True).visible
    assert visibility(closed=True, respondents=4, min_respondents=5).reason == "below_threshold"


def test_a_role_at_the_threshold_whose_rest_is_below_it_is_hidden() -> None:
    # Five teachers and one other: the other's answers would be everyone's minus the teachers'.
    people = [FIVE[0]] * 5 + [FIVE[3]]
    result = workshop1(CATALOGUE, people, min_respondents=5, closed=True, role="teacher")
    assert result.visibility == Visibility(False, "rest_below_threshold")
    assert result.areas[0].tasks[0].doing is None


def test_a_role_whose_rest_is_nobody_is_shown() -> None:
    result = workshop1(CATALOGUE, [FIVE[0]] * 5, min_respondents=5, closed=True, role="teacher")
    assert result.visible
    assert result.areas[0].tasks[0].doing == 5


def test_a_role_and_its_rest_both_at_the_threshold_are_shown() -> None:
    people = [FIVE[0]] * 5 + [FIVE[3]] * 5
    assert workshop1(CATALOGUE, people, min_respondents=5, closed=True, role="teacher").visible
    other = workshop1(CATALOGUE, people, min_respondents=5, closed=True, role="other_staff")
    assert other.visible
    assert other.areas[0].tasks[0].hours_total == 5  # five times 1.0 hours
    assert not workshop1(
        CATALOGUE, people, min_respondents=5, closed=True, role="leadership"
    ).visible


@given(
    closed=st.booleans(),
    respondents=st.integers(0, 60),
    min_respondents=st.integers(3, 50),
    data=st.data(),
)
def test_visibility_matches_the_rule_as_written(
    closed: bool, respondents: int, min_respondents: int, data: st.DataObject
) -> None:
    role_count = data.draw(st.none() | st.integers(0, respondents))
    shown = visibility(
        closed=closed,
        respondents=respondents,
        min_respondents=min_respondents,
        role_count=role_count,
    ).visible
    if role_count is None:
        expected = closed and respondents >= min_respondents
    else:
        rest = respondents - role_count
        expected = (
            closed and role_count >= min_respondents and (rest == 0 or rest >= min_respondents)
        )
    assert shown == expected


answers = st.lists(
    st.tuples(
        st.sampled_from(["teacher", "other_staff", "leadership"]),
        st.dictionaries(
            st.sampled_from(["t1", "t2", "t3"]),
            st.tuples(
                st.integers(1, 600),
                st.sampled_from([1, 3, 5]),
                st.sampled_from(["yes", "partly", "no"]),
            ),
        ),
    ),
    min_size=3,
    max_size=30,
)


@given(people=answers)
def test_figures_match_an_oracle_over_plain_numbers(
    people: list[tuple[str, dict[str, tuple[int, int, str]]]],
) -> None:
    participations = [
        person(role, *[(task, *given) for task, given in sorted(tasks.items())])
        for role, tasks in people
    ]
    result = workshop1(CATALOGUE, participations, min_respondents=3, closed=True)
    figures = {task.task.id: task for area in result.areas for task in area.tasks}
    for task_id in ("t1", "t2", "t3"):
        hours = [tasks[task_id][0] / 10 for _, tasks in people if task_id in tasks]
        energies = [tasks[task_id][1] for _, tasks in people if task_id in tasks]
        found = figures[task_id]
        assert found.doing == len(hours)
        assert abs(float(found.hours_total or 0) - sum(hours)) < 1e-6
        if hours:
            assert abs(float(found.hours_median or 0) - statistics.median(hours)) < 1e-6
            assert abs(float(found.energy_mean or 0) - statistics.mean(energies)) < 1e-6
        else:
            assert found.hours_median is None
        needs = [tasks[task_id][2] for _, tasks in people if task_id in tasks]
        assert found.teacher == {n: needs.count(n) for n in ("yes", "partly", "no")}
    assert result.areas[0].hours_total == figures["t1"].hours_total + figures["t2"].hours_total  # type: ignore[operator]


@given(st.fractions(min_value=0, max_value=1000))
def test_one_decimal_rounds_half_up_like_decimal_arithmetic(value: Fraction) -> None:
    rounded = one_decimal(value)
    assert rounded is not None
    assert abs(Fraction(str(rounded)) - value) <= Fraction(1, 20)
    # The tie goes up: the value is never nearer the rounded-up neighbour than to the result.
    assert not (Fraction(str(rounded)) + Fraction(1, 10) - value < value - Fraction(str(rounded)))
