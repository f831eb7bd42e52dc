"""The documents of workshops 2 to 4 and the action plan: every field's rule, at its edges,
and the task ids a catalogue does not have, with the locations the API reports."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from app.core.catalogues.workshops import (
    DECISIONS,
    OTHERS,
    STATUSES,
    Effect,
    Plan,
    PlanItem,
    Priority,
    Role,
    TaskView,
    Workshop2,
    Workshop3,
    Workshop4,
    unknown_tasks,
)
from tests.support import small_catalogue

CATALOGUE = small_catalogue()

# Control characters other than line breaks (C0 without LF/CR, DEL, C1), and noncharacters.
REFUSED = ["\x00", "\x07", "\t", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe"]


def problems(model: type[BaseModel], body: Any) -> list[tuple[tuple[int | str, ...], str]]:
    """(location, code) of each error; the body must be refused."""
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    return [(tuple(error["loc"]), error["type"]) for error in refused.value.errors()]


def role(**fields: Any) -> dict[str, Any]:
    return {"title": "Lärarassistent", "fte_percent": 50, **fields}


# Text fields ---------------------------------------------------------------------------------


def test_the_literals_are_those_of_the_contract() -> None:
    assert OTHERS == ("yes", "partly", "no")
    assert DECISIONS == ("hand_over", "simplify", "stop", "keep")
    assert STATUSES == ("planned", "ongoing", "done", "cancelled")


def test_text_is_at_most_2000_characters_with_crlf_counted_once() -> None:
    assert TaskView.model_validate({"others": "yes", "why": "å" * 2000}).why == "å" * 2000
    assert problems(TaskView, {"others": "yes", "why": "å" * 2001}) == [(("why",), "too_long")]
    # 1,000 letters and 1,000 line breaks sent as CRLF: 3,000 sent, 2,000 counted.
    sent = "x\r\n" * 1000
    assert TaskView.model_validate({"others": "no", "gain": sent}).gain == ("x\n" * 1000).strip()
    assert problems(TaskView, {"others": "no", "gain": sent + "y"}) == [(("gain",), "too_long")]
    # A lone CR (an old Mac's line break) is a line break too.
    assert TaskView.model_validate({"others": "no", "why": "a\rb"}).why == "a\nb"


def test_line_breaks_are_kept_and_the_ends_stripped() -> None:
    view = TaskView.model_validate({"others": "partly", "why": "  Första\r\n\nandra  \n"})
    assert view.why == "Första\n\nandra"
    assert TaskView.model_validate({"others": "partly"}).why == ""


@pytest.mark.parametrize("character", REFUSED)
def test_control_characters_are_refused_in_every_text_field(character: str) -> None:
    text = f"före{character}efter"
    assert problems(TaskView, {"others": "yes", "why": text}) == [(("why",), "control_character")]
    assert problems(Priority, {"task": "t1", "decision": "keep", "consequences": text}) == [
        (("consequences",), "control_character")
    ]
    for field in ("requirements", "placement"):
        assert problems(Role, role(**{field: text})) == [((field,), "control_character")]
    for field in ("indicator", "baseline", "target", "method", "responsible"):
        body = {"indicator": "Tid", field: text}
        assert problems(Effect, body) == [((field,), "control_character")]
    for field in ("activity", "responsible", "success"):
        body = {"activity": "Gör", field: text}
        assert problems(PlanItem, body) == [((field,), "control_character")]
    assert problems(Role, role(title=text)) == [(("title",), "control_character")]


def test_required_texts_refuse_blank() -> None:
    for blank in ("", "   ", "\r\n\n"):
        assert problems(Effect, {"indicator": blank}) == [(("indicator",), "blank")]
        assert problems(PlanItem, {"activity": blank}) == [(("activity",), "blank")]
    assert problems(Effect, {}) == [(("indicator",), "missing")]
    assert problems(PlanItem, {}) == [(("activity",), "missing")]


def test_text_must_be_text() -> None:
    assert problems(TaskView, {"others": "yes", "why": 12}) == [(("why",), "string_type")]
    assert problems(PlanItem, {"activity": None}) == [(("activity",), "string_type")]


# Workshop 2 ----------------------------------------------------------------------------------


def test_workshop2_others_is_one_of_three() -> None:
    for others in OTHERS:
        assert Workshop2.model_validate({"tasks": {"t1": {"others": others}}}).tasks["t1"].others
    for bad in ("Yes", "ja", "", None, 1):
        assert problems(Workshop2, {"tasks": {"t1": {"others": bad}}}) == [
            (("tasks", "t1", "others"), "literal_error")
        ]
    assert problems(Workshop2, {"tasks": {"t1": {"why": "x"}}}) == [
        (("tasks", "t1", "others"), "missing")
    ]


def test_workshop2_tasks_left_out_are_undecided_and_keys_are_identifiers() -> None:
    assert Workshop2.model_validate({}).tasks == {}
    assert Workshop2.model_validate({"tasks": {}}).tasks == {}
    refused = problems(Workshop2, {"tasks": {"Rast Vård": {"others": "yes"}}})
    assert refused == [(("tasks", "Rast Vård", "[key]"), "string_pattern_mismatch")]
    assert problems(Workshop2, {"tasks": {"t1": {"others": "no", "extra": 1}}}) == [
        (("tasks", "t1", "extra"), "extra_forbidden")
    ]
    assert problems(Workshop2, {"tasks": [], "x": 1})[-1] == (("x",), "extra_forbidden")


# Workshop 3 ----------------------------------------------------------------------------------


def test_workshop3_decisions_and_order() -> None:
    body = {"priorities": [{"task": f"t{n}", "decision": d} for n, d in enumerate(DECISIONS)]}
    document = Workshop3.model_validate(body)
    assert [p.decision for p in document.priorities] == list(DECISIONS)
    assert [p.task for p in document.priorities] == ["t0", "t1", "t2", "t3"]
    for bad in ("HAND_OVER", "handover", "", None):
        assert problems(Workshop3, {"priorities": [{"task": "t1", "decision": bad}]}) == [
            (("priorities", 0, "decision"), "literal_error")
        ]
    assert problems(Workshop3, {"priorities": [{"decision": "keep"}]}) == [
        (("priorities", 0, "task"), "missing")
    ]


def test_workshop3_names_each_task_once() -> None:
    body = {"priorities": [{"task": "t1", "decision": "keep"}, {"task": "t1", "decision": "stop"}]}
    assert problems(Workshop3, body) == [((), "repeated")]
    different = [{"task": "t1", "decision": "keep"}, {"task": "t2", "decision": "keep"}]
    assert len(Workshop3.model_validate({"priorities": different}).priorities) == 2


# Workshop 4 ----------------------------------------------------------------------------------


def test_role_title_is_one_line_of_at_most_200() -> None:
    assert Role.model_validate(role(title="  Lärarassistent ")).title == "Lärarassistent"
    assert Role.model_validate(role(title="R" * 200)).title == "R" * 200
    assert problems(Role, role(title="R" * 201)) == [(("title",), "too_long")]
    for broken in ("Lärar\nassistent", "Lärar\r\nassistent", "Lärar\u2028assistent"):
        assert problems(Role, role(title=broken)) == [(("title",), "control_character")]
    for blank in ("", "   "):
        assert problems(Role, role(title=blank)) == [(("title",), "blank")]
    assert problems(Role, {"fte_percent": 50}) == [(("title",), "missing")]


def test_fte_percent_is_a_whole_number_from_1_to_100() -> None:
    assert Role.model_validate(role(fte_percent=1)).fte_percent == 1
    assert Role.model_validate(role(fte_percent=100)).fte_percent == 100
    assert problems(Role, role(fte_percent=0)) == [(("fte_percent",), "greater_than_equal")]
    assert problems(Role, role(fte_percent=101)) == [(("fte_percent",), "less_than_equal")]
    assert problems(Role, role(fte_percent=-5)) == [(("fte_percent",), "greater_than_equal")]
    # A whole number however it comes: JSON Schema's 50.0, a form's "50".
    for whole in (50.0, "50"):
        assert Role.model_validate(role(fte_percent=whole)).fte_percent == 50
    assert problems(Role, role(fte_percent=101.0)) == [(("fte_percent",), "less_than_equal")]
    assert problems(Role, role(fte_percent=50.5)) == [(("fte_percent",), "int_from_float")]
    for not_int in ("femtio", "50.5", "50 %"):
        assert problems(Role, role(fte_percent=not_int)) == [(("fte_percent",), "int_parsing")]
    # Not a boolean, which would otherwise pass as 1 (or 0).
    for not_int in (True, False, None, [50]):
        assert problems(Role, role(fte_percent=not_int)) == [(("fte_percent",), "int_type")]
    assert problems(Role, {"title": "R"}) == [(("fte_percent",), "missing")]


def test_a_role_names_each_task_once() -> None:
    assert problems(Role, role(tasks=["t1", "t2", "t1"])) == [((), "repeated")]
    assert Role.model_validate(role(tasks=["t1", "t2"])).tasks == ["t1", "t2"]
    # The same task in two roles is allowed: two roles may share it.
    two = Workshop4.model_validate({"roles": [role(tasks=["t1"]), role(title="B", tasks=["t1"])]})
    assert [r.tasks for r in two.roles] == [["t1"], ["t1"]]
    assert problems(Workshop4, {"roles": [role(tasks=["t1", "t1"])]}) == [
        (("roles", 0), "repeated")
    ]
    assert problems(Role, role(tasks=["T1"])) == [(("tasks", 0), "string_pattern_mismatch")]


def test_an_effect_follow_up_is_a_date() -> None:
    effect = Effect.model_validate({"indicator": "Tid", "follow_up": "2027-06-15"})
    assert effect.follow_up == date(2027, 6, 15)
    assert Effect.model_validate({"indicator": "Tid"}).follow_up is None
    assert Effect.model_validate({"indicator": "Tid", "follow_up": None}).follow_up is None
    for bad in ("2027-02-30", "15/6/2027", "imorgon", "2027-13-01"):
        [(where, _code)] = problems(Effect, {"indicator": "Tid", "follow_up": bad})
        assert where == ("follow_up",), bad


def test_effects_in_a_role_are_checked_where_they_stand() -> None:
    body = {"roles": [role(effects=[{"indicator": "Tid"}, {"indicator": " "}])]}
    assert problems(Workshop4, body) == [(("roles", 0, "effects", 1, "indicator"), "blank")]
    assert problems(Workshop4, {"roles": [role(extra=1)]}) == [
        (("roles", 0, "extra"), "extra_forbidden")
    ]


# The plan ------------------------------------------------------------------------------------


def test_plan_item_defaults_and_literals() -> None:
    item = PlanItem.model_validate({"activity": "Boka möte"})
    assert (item.id, item.status, item.source.kind, item.source.ref) == (
        None,
        "planned",
        "own",
        None,
    )
    for status in STATUSES:
        assert PlanItem.model_validate({"activity": "x", "status": status}).status == status
    for bad in ("Done", "klar", "", None):
        assert problems(PlanItem, {"activity": "x", "status": bad}) == [
            (("status",), "literal_error")
        ]
    for kind in ("selfcheck", "workshop4", "own"):
        assert PlanItem.model_validate({"activity": "x", "source": {"kind": kind}}).source.kind
    assert problems(PlanItem, {"activity": "x", "source": {"kind": "annat"}}) == [
        (("source", "kind"), "literal_error")
    ]
    assert problems(PlanItem, {"activity": "x", "source": {"ref": "r" * 101}}) == [
        (("source", "ref"), "string_too_long")
    ]


def test_plan_item_ids_are_short_lower_case() -> None:
    assert PlanItem.model_validate({"id": "ab12-cd", "activity": "x"}).id == "ab12-cd"
    for bad in ("", "AB12", "a b", "x" * 33, "ä"):
        assert problems(PlanItem, {"id": bad, "activity": "x"}) == [
            (("id",), "string_pattern_mismatch")
        ]


def test_due_before_start_is_refused() -> None:
    same = PlanItem.model_validate({"activity": "x", "start": "2027-01-10", "due": "2027-01-10"})
    assert same.start == same.due == date(2027, 1, 10)
    body = {"activity": "x", "start": "2027-01-10", "due": "2027-01-09"}
    assert problems(PlanItem, body) == [((), "due_before_start")]
    assert PlanItem.model_validate({"activity": "x", "due": "2027-01-09"}).start is None
    assert problems(PlanItem, {"activity": "x", "start": "2027-02-29"}) == [
        (("start",), "date_from_datetime_parsing")
    ]


def test_plan_ids_are_unique_but_new_items_have_none() -> None:
    body = {"items": [{"id": "a1", "activity": "x"}, {"id": "a1", "activity": "y"}]}
    assert problems(Plan, body) == [((), "repeated")]
    new = Plan.model_validate({"items": [{"activity": "x"}, {"activity": "y"}]})
    assert [i.id for i in new.items] == [None, None]
    body = {"items": [{"activity": "x", "start": "2027-02-01", "due": "2027-01-01"}]}
    assert problems(Plan, body) == [(("items", 0), "due_before_start")]


def test_documents_are_frozen() -> None:
    plan = Plan.model_validate({"items": [{"activity": "x"}]})
    with pytest.raises(ValidationError):
        plan.items[0].activity = "y"  # type: ignore[misc]


# Unknown tasks -------------------------------------------------------------------------------


def test_unknown_tasks_are_named_where_they_stand() -> None:
    workshop2 = Workshop2.model_validate(
        {"tasks": {"t1": {"others": "yes"}, "okand": {"others": "no"}, "t3": {"others": "no"}}}
    )
    assert unknown_tasks(CATALOGUE, workshop2) == [("body.tasks.okand", "okand")]
    workshop3 = Workshop3.model_validate(
        {
            "priorities": [
                {"task": "x1", "decision": "keep"},
                {"task": "t2", "decision": "stop"},
                {"task": "x2", "decision": "hand_over"},
            ]
        }
    )
    assert unknown_tasks(CATALOGUE, workshop3) == [
        ("body.priorities.0.task", "x1"),
        ("body.priorities.2.task", "x2"),
    ]
    workshop4 = Workshop4.model_validate(
        {"roles": [role(tasks=["t1", "t3"]), role(title="B", tasks=["t2", "nej", "t1"])]}
    )
    assert unknown_tasks(CATALOGUE, workshop4) == [("body.roles.1.tasks.1", "nej")]


def test_known_tasks_and_empty_documents_have_no_problems() -> None:
    for document in (Workshop2(), Workshop3(), Workshop4()):
        assert unknown_tasks(CATALOGUE, document) == []
    every = Workshop4.model_validate({"roles": [role(tasks=["t1", "t2", "t3"])]})
    assert unknown_tasks(CATALOGUE, every) == []
