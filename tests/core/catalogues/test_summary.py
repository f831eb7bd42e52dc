"""The authority summary's sums: against workshop 1's own figures and plain sums written out
here (hypothesis), and hand-computed examples of the rounding and the grouping of roles."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app.core.catalogues.participation import Participation, TaskAnswer
from app.core.catalogues.summary import (
    AreaHours,
    RoleFte,
    SchoolSummary,
    area_hours,
    grouped_roles,
    plans,
    summarise,
)
from app.core.catalogues.workshop1 import one_decimal, workshop1
from app.core.catalogues.workshops import Priority, Role, Workshop3, Workshop4
from tests.support import small_catalogue

CATALOGUE = small_catalogue()
TASKS = ["t1", "t2", "t3"]
AREA_OF = {"t1": "a", "t2": "a", "t3": "b"}

answers = st.lists(
    st.tuples(st.sampled_from(TASKS), st.integers(min_value=1, max_value=400)),
    unique_by=lambda pair: pair[0],
)
people = st.lists(answers, min_size=3, max_size=12)
decisions = st.dictionaries(
    st.sampled_from(TASKS), st.sampled_from(["hand_over", "simplify", "stop", "keep"])
)


def tenths_of(participations: list[list[tuple[str, int]]]) -> dict[str, int]:
    sums: dict[str, int] = {}
    for answered in participations:
        for task, tenths in answered:
            sums[task] = sums.get(task, 0) + tenths
    return sums


@given(people, decisions)
def test_area_hours_equal_workshop1_and_the_handed_over_part(
    participations: list[list[tuple[str, int]]], decided: dict[str, str]
) -> None:
    figures = workshop1(
        CATALOGUE,
        [
            Participation("teacher", tuple(TaskAnswer(t, n, 1, "no") for t, n in p))
            for p in participations
        ],
        min_respondents=3,
        closed=True,
    )
    workshop3 = Workshop3(priorities=[Priority(task=t, decision=d) for t, d in decided.items()])
    found = area_hours(CATALOGUE, tenths_of(participations), plans(workshop3, Workshop4()).handed)
    assert {area: hours.hours_total for area, hours in found.items()} == {
        area.area.id: area.hours_total for area in figures.areas
    }
    every = [(t, n) for p in participations for t, n in p]
    for area in ("a", "b"):
        handed = sum(n for t, n in every if AREA_OF[t] == area and decided.get(t) == "hand_over")
        assert found[area].hours_handed_over == Fraction(handed, 10)


def test_not_visible_is_null_for_every_area() -> None:
    assert area_hours(CATALOGUE, None, {"t1"}) == {
        "a": AreaHours(None, None),
        "b": AreaHours(None, None),
    }


titles = st.sampled_from(
    [
        "Lärarassistent",
        " lärarassistent",
        "LÄRARASSISTENT  ",
        "IT-tekniker",
        "it-tekniker",
        "Elev  koordinator",
        "elev koordinator",
    ]
)
roles = st.lists(st.tuples(titles, st.integers(min_value=1, max_value=100)), max_size=12)
GROUP = {"lärarassistent": 0, "it-tekniker": 1, "elev koordinator": 2}


def group_of(title: str) -> int:
    return GROUP[" ".join(title.split()).lower()]


@given(roles)
def test_roles_are_grouped_and_their_shares_summed(given_roles: list[tuple[str, int]]) -> None:
    grouped = grouped_roles(given_roles)
    first_seen: dict[int, str] = {}
    percents: dict[int, int] = {}
    for title, percent in given_roles:
        first_seen.setdefault(group_of(title), title.strip())
        percents[group_of(title)] = percents.get(group_of(title), 0) + percent
    assert [r.title for r in grouped] == list(first_seen.values())
    assert [r.fte for r in grouped] == [Fraction(p, 100) for p in percents.values()]


def school(
    name: str, visible: bool, areas: dict[str, tuple[int, int]], roles: list[tuple[str, int]]
) -> SchoolSummary:
    return SchoolSummary(
        school_id=name,
        inventory_id=name + "-i",
        respondents=5,
        visible=visible,
        areas={
            a: AreaHours(t, h) if visible else AreaHours(None, None) for a, (t, h) in areas.items()
        },
        roles=tuple(RoleFte(t, p) for t, p in roles),
    )


schools = st.lists(
    st.tuples(
        st.booleans(),
        st.fixed_dictionaries(
            {
                "a": st.tuples(st.integers(0, 999), st.integers(0, 999)),
                "b": st.tuples(st.integers(0, 999), st.integers(0, 999)),
            }
        ),
        roles,
    ),
    max_size=8,
)


@given(schools)
def test_totals_are_the_sums_over_the_schools_that_count(
    given_schools: list[tuple[bool, dict[str, tuple[int, int]], list[tuple[str, int]]]],
) -> None:
    made = [
        school(f"s{n}", visible, areas, [(t, p) for t, p in grouped_roles_input(rs)])
        for n, (visible, areas, rs) in enumerate(given_schools)
    ]
    result = summarise(made)
    assert result.schools == tuple(made)
    counted = [(areas, rs) for visible, areas, rs in given_schools if visible]
    for area in ("a", "b") if given_schools else ():
        total = result.areas[area]
        assert total.schools == len(counted)
        if counted:
            assert total.hours_total == Fraction(sum(a[area][0] for a, _ in counted), 10)
            assert total.hours_handed_over == Fraction(sum(a[area][1] for a, _ in counted), 10)
        else:
            assert (total.hours_total, total.hours_handed_over) == (None, None)
    percents: dict[int, int] = {}
    having: dict[int, set[int]] = {}
    for n, (_, _, rs) in enumerate(given_schools):
        for title, percent in rs:
            percents[group_of(title)] = percents.get(group_of(title), 0) + percent
            having.setdefault(group_of(title), set()).add(n)
    assert sorted((group_of(r.title), r.fte, r.schools) for r in result.roles) == sorted(
        (g, Fraction(p, 100), len(having[g])) for g, p in percents.items()
    )


def grouped_roles_input(given_roles: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A school's roles as the summary has them: grouped within the school already."""
    return [(r.title, r.percent) for r in grouped_roles(given_roles)]


def test_full_time_equivalents_at_one_decimal_by_hand() -> None:
    # 25 % is 0.25 → 0.3 (half away from zero); 15 % → 0.2; 5 % → 0.1; 50 + 30 → 0.8;
    # 100 + 100 + 45 → 2.45 → 2.5.
    for given_roles, expected in (
        ([("A", 25)], 0.3),
        ([("A", 15)], 0.2),
        ([("A", 5)], 0.1),
        ([("A", 50), ("a ", 30)], 0.8),
        ([("A", 100), ("a", 100), (" A", 45)], 2.5),
    ):
        [role] = grouped_roles(given_roles)
        assert one_decimal(role.fte) == expected, given_roles


def test_plans_take_the_tasks_handed_over_and_the_roles_grouped() -> None:
    workshop3 = Workshop3(
        priorities=[
            Priority(task="t1", decision="hand_over"),
            Priority(task="t2", decision="simplify"),
            Priority(task="t3", decision="hand_over"),
        ]
    )
    workshop4 = Workshop4(
        roles=[
            Role(title=" lärarassistent", fte_percent=40),
            Role(title="IT-tekniker", fte_percent=20),
            Role(title="Lärarassistent", fte_percent=35),
        ]
    )
    found = plans(workshop3, workshop4)
    assert found.handed == {"t1", "t3"}
    assert [(r.title, r.percent, r.fte) for r in found.roles] == [
        ("lärarassistent", 75, Fraction(3, 4)),
        ("IT-tekniker", 20, Fraction(1, 5)),
    ]


@given(st.integers(min_value=0, max_value=10**7))
def test_whole_tenths_over_ten_are_what_one_decimal_gives(tenths: int) -> None:
    # The summary's JSON divides whole tenths by ten instead of calling one_decimal.
    assert tenths / 10 == one_decimal(Fraction(tenths, 10))
