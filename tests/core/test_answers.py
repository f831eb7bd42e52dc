"""Checking answers before scoring: every problem names its statement; valid answers pass as is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.answers import AnswerProblem, validate_answers
from app.core.questionnaires import DONT_KNOW, Questionnaire
from tests.support import MINIMAL_YAML, minimal_questionnaire

MINIMAL = minimal_questionnaire()
# The same questionnaire without a "dont know" option.
NO_DONT_KNOW = minimal_questionnaire(MINIMAL_YAML.replace("  dont_know: Vet inte\n", ""))
VALID = {"p1": 1, "p2": 3, "s1": 2, "s2": DONT_KNOW}


def problems(questionnaire: Questionnaire, raw: dict[str, object]) -> list[AnswerProblem]:
    return validate_answers(questionnaire, raw)[1]


def test_without_dont_know_is_a_valid_questionnaire() -> None:
    assert NO_DONT_KNOW.scale.dont_know is None
    assert MINIMAL.scale.dont_know == "Vet inte"


@pytest.mark.parametrize(
    ("questionnaire", "raw"),
    [
        pytest.param(MINIMAL, VALID, id="with-dont-know"),
        pytest.param(MINIMAL, {"p1": 3, "p2": 3, "s1": 3, "s2": 3}, id="all-highest"),
        pytest.param(MINIMAL, dict.fromkeys(VALID, DONT_KNOW), id="all-dont-know"),
        pytest.param(NO_DONT_KNOW, {"p1": 1, "p2": 2, "s1": 3, "s2": 1}, id="no-dont-know-scale"),
    ],
)
def test_valid_answers_come_back_unchanged(
    questionnaire: Questionnaire, raw: dict[str, object]
) -> None:
    accepted, found = validate_answers(questionnaire, raw)
    assert found == []
    assert accepted == raw
    assert all(type(accepted[key]) is type(value) for key, value in raw.items())


def test_missing_answers_are_each_named() -> None:
    found = problems(MINIMAL, {"p1": 1, "s1": 2})
    assert [(p.statement_id, p.code) for p in found] == [("p2", "missing"), ("s2", "missing")]


def test_no_answers_at_all() -> None:
    found = problems(MINIMAL, {})
    assert [(p.statement_id, p.code) for p in found] == [
        (statement_id, "missing") for statement_id in ("p1", "p2", "s1", "s2")
    ]


def test_unknown_statement() -> None:
    accepted, found = validate_answers(MINIMAL, VALID | {"x9": 2})
    assert [(p.statement_id, p.code) for p in found] == [("x9", "unknown_statement")]
    assert "x9" not in accepted


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(0, id="below-scale"),
        pytest.param(4, id="above-scale"),
        pytest.param(-1, id="negative"),
        pytest.param(2.5, id="float"),
        pytest.param(2.0, id="integral-float"),
        pytest.param("2", id="digit-string"),
        pytest.param(True, id="true"),
        pytest.param(False, id="false"),
        pytest.param(None, id="none"),
        pytest.param("vet inte", id="other-string"),
        pytest.param("DONT_KNOW", id="dont-know-upper-case"),
        pytest.param([2], id="list"),
    ],
)
def test_value_off_the_scale_or_not_an_integer(value: object) -> None:
    accepted, found = validate_answers(MINIMAL, VALID | {"p2": value})
    assert [(p.statement_id, p.code) for p in found] == [("p2", "invalid_value")]
    assert "1, 2, 3" in found[0].message
    assert DONT_KNOW in found[0].message
    assert "p2" not in accepted


def test_invalid_value_message_leaves_out_dont_know_when_the_scale_has_none() -> None:
    raw = {"p1": 1, "p2": 2, "s1": 3, "s2": 7}
    [problem] = problems(NO_DONT_KNOW, raw)
    assert (problem.statement_id, problem.code) == ("s2", "invalid_value")
    assert "1, 2, 3" in problem.message
    assert DONT_KNOW not in problem.message


def test_dont_know_where_the_scale_has_none() -> None:
    raw: dict[str, object] = {"p1": 1, "p2": DONT_KNOW, "s1": 3, "s2": DONT_KNOW}
    accepted, found = validate_answers(NO_DONT_KNOW, raw)
    assert [(p.statement_id, p.code) for p in found] == [
        ("p2", "dont_know_not_allowed"),
        ("s2", "dont_know_not_allowed"),
    ]
    assert accepted == {"p1": 1, "s1": 3}


def test_every_problem_names_its_statement() -> None:
    raw: dict[str, object] = {"p1": 2.5, "s1": True, "s2": "2", "extra": 1}
    found = problems(MINIMAL, raw)
    assert sorted((p.statement_id, p.code) for p in found) == [
        ("extra", "unknown_statement"),
        ("p1", "invalid_value"),
        ("p2", "missing"),
        ("s1", "invalid_value"),
        ("s2", "invalid_value"),
    ]
    assert all(p.message for p in found)


ODD_VALUES = st.one_of(
    st.integers(min_value=-2, max_value=5),
    st.booleans(),
    st.floats(min_value=0, max_value=4),
    st.sampled_from([DONT_KNOW, "DONT_KNOW", "2", "", None]),
    st.lists(st.integers(1, 3), max_size=1),
)


def expected_verdict(questionnaire: Questionnaire, raw: dict[str, object]) -> bool:
    """Valid, by the format's rules written out independently: every statement answered once,
    with an int of the scale (not a bool) or DONT_KNOW where the scale has it; nothing else."""
    ids = [statement.id for statement in questionnaire.statements]

    def fits(value: object) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return value in {option.value for option in questionnaire.scale.options}
        return value == DONT_KNOW and questionnaire.scale.dont_know is not None

    return set(raw) == set(ids) and all(fits(raw[i]) for i in ids)


@settings(max_examples=300)
@given(
    questionnaire=st.sampled_from([MINIMAL, NO_DONT_KNOW]),
    raw=st.dictionaries(st.sampled_from(["p1", "p2", "s1", "s2", "x9"]), ODD_VALUES, max_size=5),
)
def test_any_set_of_answers_is_accepted_exactly_when_every_rule_holds(
    questionnaire: Questionnaire, raw: dict[str, object]
) -> None:
    accepted, found = validate_answers(questionnaire, raw)
    if expected_verdict(questionnaire, raw):
        assert found == []
        assert list(accepted.items()) == [(s.id, raw[s.id]) for s in questionnaire.statements]
    else:
        assert found
        assert {p.statement_id for p in found} <= set(raw) | {"p1", "p2", "s1", "s2"}
