"""The result model: the overall level (rule 3 on the overall score) and the answers given.

Every expected value is worked out by hand from MINIMAL_YAML (tests/support.py): scale 1, 2, 3
(+ dont_know "Vet inte"); levels low (min 0, weak), mid (min 50), high (min 80); area plan =
p1 (weight 1) + p2 (weight 3); area samverkan = s1 + s2 (reverse).
"""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.questionnaires import DONT_KNOW
from app.core.results import build_view, statement_answers
from app.core.scoring import Answer, AreaScore, ScoreResult, overall_level, score
from app.selfcheck.schemas import result_json
from tests.support import ACTIVITIES_YAML, MINIMAL_YAML, minimal_questionnaire

MINIMAL = minimal_questionnaire()
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def answers(**given: Answer) -> dict[str, Answer]:
    result: dict[str, Answer] = {s.id: DONT_KNOW for s in MINIMAL.statements}
    result.update(given)
    return result


@pytest.mark.parametrize(
    ("given", "overall", "level"),
    [
        # plan 100 × (1·1 + 3·1) / 4 = 100; samverkan s1 n=0, s2 reverse 3 → n=0: 0; mean 50,
        # exactly mid's min → mid.
        ({"p1": 3, "p2": 3, "s1": 1, "s2": 3}, 50.0, "mid"),
        # plan 100 × (0 + 3·0.5) / 4 = 37.5; samverkan (0.5 + 0.5) / 2 = 50; mean 43.75 → low.
        ({"p1": 1, "p2": 2, "s1": 2, "s2": 2}, 43.75, "low"),
        # plan 100; samverkan (1 + 0.5) / 2 = 75; mean 87.5 → high.
        ({"p1": 3, "p2": 3, "s1": 3, "s2": 2}, 87.5, "high"),
        # plan 100 × (0 + 0) / 4 = 0; samverkan unanswered (null, left out); mean 0 → low.
        ({"p1": 1, "p2": 1}, 0.0, "low"),
        # plan 100 × (1 + 3·0.5) / 4 = 62.5; samverkan s1 only: 100 → mean 81.25 → high.
        ({"p1": 3, "p2": 2, "s1": 3}, 81.25, "high"),
    ],
)
def test_overall_level_is_rule_3_on_the_overall_score(
    given: dict[str, Answer], overall: float, level: str
) -> None:
    result = score(MINIMAL, answers(**given))
    assert result.overall == overall
    found = overall_level(MINIMAL, result)
    assert found is not None and found.id == level


def test_overall_exactly_at_the_highest_min_is_that_level() -> None:
    """high from 75: plan 100, samverkan (0.5 + 0.5) / 2 = 50 → overall 75, exactly at min."""
    questionnaire = minimal_questionnaire(MINIMAL_YAML.replace("min: 80", "min: 75"))
    result = score(questionnaire, answers(p1=3, p2=3, s1=2, s2=2))
    assert result.overall == 75.0
    found = overall_level(questionnaire, result)
    assert found is not None and found.id == "high"
    # Just under it: samverkan s1 = 2, s2 = 3 (reverse, n = 0) → 25; overall 62.5 → mid.
    under = score(questionnaire, answers(p1=3, p2=3, s1=2, s2=3))
    assert under.overall == 62.5
    found = overall_level(questionnaire, under)
    assert found is not None and found.id == "mid"


def test_overall_level_is_decided_on_the_exact_mean_not_the_float() -> None:
    """Areas 50, 250/3 and 50/3 average to exactly 50 (150 / 3), but the mean of their floats
    is 49.99999999999999: the level is still mid, whose min is 50."""
    floats = (50.0, 250 / 3, 50 / 3)
    assert sum(floats) / 3 < 50  # the trap
    scores = ScoreResult(
        areas=tuple(AreaScore(f"a{i}", s, None, False, 1, 1) for i, s in enumerate(floats)),
        overall=sum(floats) / 3,
        weak_areas=(),
        recommendations=(),
    )
    found = overall_level(MINIMAL, scores)
    assert found is not None and found.id == "mid"


def test_no_answered_area_means_no_overall_level() -> None:
    result = score(MINIMAL, answers())
    assert result.overall is None
    assert overall_level(MINIMAL, result) is None
    view = build_view("r1", WHEN, MINIMAL, result, answers())
    assert view.level is None
    assert result_json(view, links={})["level"] is None


def test_view_and_body_carry_the_overall_level() -> None:
    given = answers(p1=3, p2=3, s1=1, s2=3)
    view = build_view("r1", WHEN, MINIMAL, score(MINIMAL, given), given)
    assert view.level is not None and view.level.id == "mid"
    assert result_json(view, links={})["level"] == {"id": "mid", "label": "Delvis på plats"}


def test_statements_carry_the_answer_and_its_label_in_file_order() -> None:
    given = answers(p1=3, s1=1, s2=2)
    items = statement_answers(MINIMAL, MINIMAL.area("plan"), given)
    assert [(i.statement.id, i.answer, i.label) for i in items] == [
        ("p1", 3, "Stämmer"),
        ("p2", "dont_know", "Vet inte"),
    ]
    body = result_json(build_view("r1", WHEN, MINIMAL, score(MINIMAL, given), given), {})
    assert body["areas"][1]["statements"] == [
        {"id": "s1", "text": "Vi samverkar.", "answer": 1, "answer_label": "Stämmer inte"},
        {
            "id": "s2",
            "text": "Det är oklart vem som ansvarar.",
            "answer": 2,
            "answer_label": "Stämmer delvis",
        },
    ]


def test_lowest_first_uses_the_place_on_the_scale_and_puts_dont_know_last() -> None:
    """samverkan: s1 = 2 (n 0.5), s2 = 1 reversed (n 1) → s1 first. plan: p1 dont_know,
    p2 = 3 (n 1) → p2 first, dont_know last."""
    given = answers(s1=2, s2=1, p2=3)
    view = build_view("r1", WHEN, MINIMAL, score(MINIMAL, given), given)
    plan, samverkan = view.areas
    assert [i.statement.id for i in samverkan.lowest_first(MINIMAL)] == ["s1", "s2"]
    assert [i.statement.id for i in plan.lowest_first(MINIMAL)] == ["p2", "p1"]


# Example activities: ACTIVITIES_YAML is MINIMAL_YAML with plan → skriv-plan, visa-plan and
# samverkan → boka-mote.
ACTIVITIES = minimal_questionnaire(ACTIVITIES_YAML)
PLAN_ACTIVITIES = [
    {"id": "skriv-plan", "text": "Skriv en plan."},
    {"id": "visa-plan", "text": "Visa planen för personalen."},
]
SAMVERKAN_ACTIVITIES = [{"id": "boka-mote", "text": "Boka ett möte."}]


def activities_answers(**given: Answer) -> dict[str, Answer]:
    result: dict[str, Answer] = {s.id: DONT_KNOW for s in ACTIVITIES.statements}
    result.update(given)
    return result


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # plan 100 × (1 + 3) / 4 = 100 → high; samverkan s1 = 1 → 0, s2 = 3 reversed → 0: 0,
        # low (weak): only samverkan's activities.
        ({"p1": 3, "p2": 3, "s1": 1, "s2": 3}, [[], SAMVERKAN_ACTIVITIES]),
        # plan 0 (low, weak); samverkan (0.5 + 0.5) / 2 = 50 → mid, not weak.
        ({"p1": 1, "p2": 1, "s1": 2, "s2": 2}, [PLAN_ACTIVITIES, []]),
        # both 0: both weak, each with its own activities in file order.
        ({"p1": 1, "p2": 1, "s1": 1, "s2": 3}, [PLAN_ACTIVITIES, SAMVERKAN_ACTIVITIES]),
        # plan 100 × (0 + 3 · 0.5) / 4 = 37.5 (low); samverkan unanswered: no score, not weak.
        ({"p1": 1, "p2": 2}, [PLAN_ACTIVITIES, []]),
        # plan (1 · 0.5 + 3 · 1) / 4 = 87.5 (high); samverkan s1 = 3 → 100 (high): none.
        ({"p1": 2, "p2": 3, "s1": 3}, [[], []]),
    ],
)
def test_activities_are_given_for_weak_areas_only(
    given: dict[str, Answer], expected: list[list[dict[str, str]]]
) -> None:
    answers_given = activities_answers(**given)
    scores = score(ACTIVITIES, answers_given)
    view = build_view("r1", WHEN, ACTIVITIES, scores, answers_given)
    body = result_json(view, links={})
    assert [area["activities"] for area in body["areas"]] == expected
    assert [
        [{"id": a.id, "text": a.text} for a in area.activities] for area in view.areas
    ] == expected
    assert [area["weak"] for area in body["areas"]] == [bool(e) for e in expected]


def test_a_weak_area_without_activities_has_an_empty_list() -> None:
    given = answers(p1=1, p2=1, s1=1, s2=3)
    body = result_json(build_view("r1", WHEN, MINIMAL, score(MINIMAL, given), given), {})
    assert [(a["weak"], a["activities"]) for a in body["areas"]] == [(True, []), (True, [])]


@given(
    st.lists(st.fractions(min_value=0, max_value=100, max_denominator=500), min_size=1, max_size=12)
)
def test_overall_level_is_the_level_of_the_exact_mean(exact: list[Fraction]) -> None:
    """Oracle: the mean by Fraction arithmetic, and the last level whose min (as written in
    the file, MINIMAL's 0, 50 and 80) is at most it."""
    scores = ScoreResult(
        areas=tuple(
            AreaScore(f"a{i}", float(e), None, False, 1, 1, e) for i, e in enumerate(exact)
        ),
        overall=None,
        weak_areas=(),
        recommendations=(),
    )
    mean = sum(exact, Fraction(0)) / len(exact)
    expected = [level.id for level in MINIMAL.levels if Fraction(str(level.min)) <= mean][-1]
    found = overall_level(MINIMAL, scores)
    assert found is not None and found.id == expected
