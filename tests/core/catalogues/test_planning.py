"""What Koll computes from the workshops: hours freed and full-time equivalents against
hand-computed figures and an oracle over whole numbers, the anonymity rule carried over from
workshop 1, and the plan items made once."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.core.catalogues.participation import Participation, TaskAnswer
from app.core.catalogues.planning import (
    activity_items,
    add_once,
    effect_items,
    effect_ref,
    fte,
    hours_freed,
    hours_of_priorities,
    role_key,
    task_hours,
)
from app.core.catalogues.workshop1 import one_decimal, workshop1
from app.core.catalogues.workshops import MAX_FIELD_TEXT, PlanItem, Source, Workshop3, Workshop4
from tests.support import small_catalogue

CATALOGUE = small_catalogue()
TASKS = ("t1", "t2", "t3", "t4")


def person(*answers: tuple[str, int]) -> Participation:
    """A teacher doing each task given as (task, tenths of an hour a week)."""
    return Participation("teacher", tuple(TaskAnswer(t, tenths, 3, "no") for t, tenths in answers))


# Hours, in tenths: t1 15 + 30 + 5 + 10 = 60 (6.0 h), t2 20 (2.0 h), t3 10 + 7 = 17 (1.7 h).
FIVE = [
    person(("t1", 15), ("t3", 10)),
    person(("t1", 30)),
    person(("t1", 5), ("t2", 20)),
    person(("t1", 10), ("t3", 7)),
    person(),
]


def decided(*priorities: tuple[str, str]) -> Workshop3:
    return Workshop3.model_validate(
        {"priorities": [{"task": task, "decision": decision} for task, decision in priorities]}
    )


def figures(people: list[Participation], *, closed: bool = True, min_respondents: int = 5) -> Any:
    return workshop1(CATALOGUE, people, min_respondents=min_respondents, closed=closed)


# Hours freed ---------------------------------------------------------------------------------


def test_hours_of_each_priority_are_workshop1_totals() -> None:
    shown = figures(FIVE)
    assert task_hours(shown) == {
        "t1": Fraction(6),
        "t2": Fraction(2),
        "t3": Fraction(17, 10),
        "t4": Fraction(0),
    }
    w3 = decided(("t3", "hand_over"), ("t4", "keep"), ("t1", "stop"))
    assert [(p.task, h) for p, h in hours_of_priorities(shown, w3)] == [
        ("t3", Fraction(17, 10)),
        ("t4", Fraction(0)),
        ("t1", Fraction(6)),
    ]


def test_hours_freed_counts_only_hand_over_computed_by_hand() -> None:
    w3 = decided(("t1", "hand_over"), ("t2", "simplify"), ("t3", "hand_over"), ("t4", "stop"))
    freed = hours_freed(figures(FIVE), w3, staff_count=None)
    assert freed.respondents == Fraction(77, 10)  # 6.0 + 1.7
    assert freed.school is None
    # 7.7 hours over 5 respondents, 42 staff: 7.7 × 42 / 5 = 64.68 → 64.7.
    scaled = hours_freed(figures(FIVE), w3, staff_count=42)
    assert scaled.school == Fraction(6468, 100)
    assert one_decimal(scaled.school) == 64.7
    # 3 staff: 7.7 × 3 / 5 = 4.62 → 4.6; 5 staff: the respondents' own figure.
    assert one_decimal(hours_freed(figures(FIVE), w3, staff_count=3).school) == 4.6
    assert hours_freed(figures(FIVE), w3, staff_count=5).school == Fraction(77, 10)


def test_the_school_figure_rounds_half_up() -> None:
    # t3 alone: 1.7 hours; × 25 staff / 4 respondents = 10.625 → 10.6; × 15 / 4 = 6.375 → 6.4.
    four = FIVE[:4]
    w3 = decided(("t3", "hand_over"))
    assert one_decimal(hours_freed(figures(four, min_respondents=4), w3, 25).school) == 10.6
    assert one_decimal(hours_freed(figures(four, min_respondents=4), w3, 15).school) == 6.4
    # 1.5 h (t1 of the first) × 1 / 4 = 0.375 → 0.4; 0.25 → 0.3 (half up, not to even).
    one = [person(("t1", 15)), person(), person(), person()]
    w3 = decided(("t1", "hand_over"))
    assert one_decimal(hours_freed(figures(one, min_respondents=4), w3, 1).school) == 0.4
    tenth = [person(("t1", 5)), person()]
    assert one_decimal(hours_freed(figures(tenth, min_respondents=2), w3, 1).school) == 0.3


def test_no_hand_over_frees_nothing() -> None:
    freed = hours_freed(figures(FIVE), decided(("t1", "keep"), ("t2", "stop")), staff_count=30)
    assert (freed.respondents, freed.school) == (Fraction(0), Fraction(0))
    empty = hours_freed(figures(FIVE), Workshop3(), staff_count=30)
    assert (empty.respondents, empty.school) == (Fraction(0), Fraction(0))


def test_nothing_is_computed_while_workshop1_is_not_visible() -> None:
    w3 = decided(("t1", "hand_over"))
    for hidden in (figures(FIVE, closed=False), figures(FIVE[:4], closed=True)):
        assert not hidden.visible
        freed = hours_freed(hidden, w3, staff_count=30)
        assert (freed.respondents, freed.school) == (None, None)
        assert task_hours(hidden) is None
        assert [h for _, h in hours_of_priorities(hidden, w3)] == [None]
    # A threshold of nothing, with nobody: shown, but no figure to divide by.
    nobody = hours_freed(figures([], min_respondents=0), w3, staff_count=30)
    assert (nobody.respondents, nobody.school) == (None, None)


def test_a_task_not_in_the_figures_counts_as_nothing() -> None:
    freed = hours_freed(figures(FIVE), decided(("okand", "hand_over"), ("t2", "hand_over")), 10)
    assert freed.respondents == Fraction(2)
    assert [h for _, h in hours_of_priorities(figures(FIVE), decided(("okand", "keep")))] == [None]


people_strategy = st.lists(
    st.dictionaries(st.sampled_from(TASKS), st.integers(1, 600)), min_size=0, max_size=25
)


@given(
    people=people_strategy,
    decisions=st.dictionaries(
        st.sampled_from(TASKS), st.sampled_from(["hand_over", "simplify", "stop", "keep"])
    ),
    staff=st.none() | st.integers(1, 5000),
    closed=st.booleans(),
    min_respondents=st.integers(3, 10),
)
def test_hours_freed_matches_an_oracle_over_whole_tenths(
    people: list[dict[str, int]],
    decisions: dict[str, str],
    staff: int | None,
    closed: bool,
    min_respondents: int,
) -> None:
    participations = [person(*sorted(answers.items())) for answers in people]
    shown = figures(participations, closed=closed, min_respondents=min_respondents)
    freed = hours_freed(shown, decided(*decisions.items()), staff)
    n = len(people)
    if not closed or n < min_respondents:
        assert (freed.respondents, freed.school) == (None, None)
        return
    handed = {task for task, decision in decisions.items() if decision == "hand_over"}
    tenths = sum(tenth for answers in people for task, tenth in answers.items() if task in handed)
    assert one_decimal(freed.respondents) == tenths / 10
    if staff is None:
        assert freed.school is None
    else:
        # tenths × staff / n is the school's figure in tenths; half up to a whole tenth.
        rounded_tenths = (2 * tenths * staff + n) // (2 * n)
        assert one_decimal(freed.school) == rounded_tenths / 10


# Full-time equivalents -----------------------------------------------------------------------


def test_fte_computed_by_hand() -> None:
    assert fte([50, 25, 100]) == Fraction(7, 4)
    assert one_decimal(fte([50, 25, 100])) == 1.8  # 1.75 half up
    assert one_decimal(fte([100, 100, 40])) == 2.4
    assert fte([]) == 0
    assert one_decimal(fte([5])) == 0.1  # 0.05 half up
    assert one_decimal(fte([4])) == 0.0


@given(st.lists(st.integers(1, 100), max_size=200))
def test_fte_is_the_percent_sum_over_a_hundred(percents: list[int]) -> None:
    total = sum(percents)
    assert fte(percents) * 100 == total
    assert one_decimal(fte(percents)) == (2 * total + 10) // 20 / 10


# Role titles ---------------------------------------------------------------------------------


def test_role_titles_group_after_trimming_and_case() -> None:
    key = role_key("Lärarassistent")
    for same in (" lärarassistent ", "LÄRARASSISTENT", "La\u0308rarassistent", "\tLärarassistent"):
        assert role_key(same) == key, same
    assert role_key("Elev  assistent") == role_key("elev assistent") == "elev assistent"
    assert role_key("Elev\u00a0assistent") == "elev assistent"
    assert role_key("Lärar assistent") != key
    assert role_key("Elevassistent") != key
    assert role_key("STRASSE") == role_key("Straße")


# Plan items from workshop 4 ------------------------------------------------------------------


def w4(*roles: tuple[str, list[dict[str, Any]]]) -> Workshop4:
    return Workshop4.model_validate(
        {"roles": [{"title": t, "fte_percent": 50, "effects": e} for t, e in roles]}
    )


def test_each_effect_becomes_an_item_in_workshop4_order() -> None:
    document = w4(
        (
            "Lärarassistent",
            [
                {"indicator": "Lärarnas tid", "target": "2 h mer", "follow_up": "2027-06-15"},
                {"indicator": "Närvaro", "responsible": "Rektor"},
            ],
        ),
        ("Mentor", [{"indicator": "Kontakter"}]),
    )
    items = effect_items(document)
    assert [(i.activity, i.responsible, i.due, i.success, i.status) for i in items] == [
        ("Följa upp: Lärarnas tid", "Lärarassistent", date(2027, 6, 15), "2 h mer", "planned"),
        ("Följa upp: Närvaro", "Rektor", None, "", "planned"),
        ("Följa upp: Kontakter", "Mentor", None, "", "planned"),
    ]
    assert all(i.source.kind == "workshop4" and i.id is None for i in items)
    assert [i.source.ref for i in items] == [
        effect_ref("Lärarassistent", "Lärarnas tid"),
        effect_ref("Lärarassistent", "Närvaro"),
        effect_ref("Mentor", "Kontakter"),
    ]


def test_an_indicator_at_the_limit_still_makes_an_item() -> None:
    indicator = "å" * MAX_FIELD_TEXT
    [made] = effect_items(w4(("Mentor", [{"indicator": indicator}])))
    assert len(made.activity) == MAX_FIELD_TEXT
    assert made.activity == ("Följa upp: " + indicator)[:MAX_FIELD_TEXT]
    assert made.source.ref == effect_ref("Mentor", indicator)


def test_effect_ref_ignores_place_whitespace_and_case_only() -> None:
    ref = effect_ref("Lärarassistent", "Lärarnas tid")
    assert len(ref) == 16 and all(c in "0123456789abcdef" for c in ref)
    assert effect_ref(" lärarassistent", "LÄRARNAS   tid ") == ref
    assert effect_ref("Lärarassistent", "Lärarnas tid.") != ref
    assert effect_ref("Mentor", "Lärarnas tid") != ref
    # The role and the indicator are kept apart: moving a word between them is another effect.
    assert effect_ref("Lärar assistent", "tid") != effect_ref("Lärar", "assistent tid")


@given(st.permutations(range(4)), st.permutations(range(3)))
def test_effect_refs_are_the_same_in_any_order(roles: list[int], effects: list[int]) -> None:
    titles = ["Lärarassistent", "Mentor", "IT-tekniker", "Administratör"]
    indicators = ["Tid", "Närvaro", "Trivsel"]

    def document(role_order: list[int], effect_order: list[int]) -> Workshop4:
        return w4(
            *[(titles[r], [{"indicator": indicators[e]} for e in effect_order]) for r in role_order]
        )

    first = {i.source.ref for i in effect_items(document(list(range(4)), list(range(3))))}
    again = {i.source.ref for i in effect_items(document(roles, effects))}
    assert first == again and len(first) == 12


# Plan items from a self-check, and add_once --------------------------------------------------


def test_activity_items_carry_the_activity_id() -> None:
    items = activity_items([("boka-mote", "Boka ett möte."), ("skriv-plan", "Skriv en plan.")])
    assert [(i.activity, i.source.kind, i.source.ref, i.id) for i in items] == [
        ("Boka ett möte.", "selfcheck", "boka-mote", None),
        ("Skriv en plan.", "selfcheck", "skriv-plan", None),
    ]
    assert activity_items([]) == []


def test_control_characters_of_a_questionnaire_become_spaces_in_the_plan() -> None:
    # The questionnaire format takes a tab in an activity; a plan field does not.
    [made] = activity_items([("boka-mote", "Boka\tett möte.\nSedan nästa.")])
    assert made.activity == "Boka ett möte.\nSedan nästa."


def item(ref: str | None) -> PlanItem:
    return PlanItem(activity=f"Gör {ref}", source=Source(kind="workshop4", ref=ref))


def test_add_once_adds_the_new_and_remembers_every_ref() -> None:
    new, made = add_once([item("a"), item("b"), item("a"), item(None)], frozenset({"b", "z"}))
    assert [i.source.ref for i in new] == ["a"]
    assert made == {"a", "b", "z"}
    again, made_again = add_once([item("a"), item("b")], made)
    assert again == [] and made_again == made


refs = st.lists(st.none() | st.sampled_from("abcdefgh"), max_size=20)


@given(candidates=refs, made=st.frozensets(st.sampled_from("abcdefgh")), later=refs)
def test_add_once_never_repeats_a_ref(
    candidates: list[str | None], made: frozenset[str], later: list[str | None]
) -> None:
    new, after = add_once([item(r) for r in candidates], made)
    expected: list[str] = []
    for ref in candidates:
        if ref is not None and ref not in made and ref not in expected:
            expected.append(ref)
    assert [i.source.ref for i in new] == expected
    assert after == made | {r for r in candidates if r is not None}
    newer, _ = add_once([item(r) for r in later], after)
    assert not {i.source.ref for i in newer} & (set(expected) | made)
