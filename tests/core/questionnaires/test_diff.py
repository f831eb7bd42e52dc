"""`diff`: what an admin changed between two versions."""

from __future__ import annotations

from app.core.questionnaires.diff import Change, diff
from tests.support import MINIMAL_YAML, minimal_questionnaire

OLD = minimal_questionnaire()


def changed(yaml: str) -> list[Change]:
    return diff(OLD, minimal_questionnaire(yaml.replace("version: 1", "version: 2")))


def test_no_changes() -> None:
    assert changed(MINIMAL_YAML) == []


def test_added_removed_and_reworded_statements() -> None:
    yaml = (
        MINIMAL_YAML.replace("      - {id: s1, text: Vi samverkar.}\n", "")
        .replace("text: Vi har en plan.", "text: Vi har en skriftlig plan.")
        .replace("      - {id: p2,", "      - {id: p3, text: Ny.}\n      - {id: p2,")
    )
    assert [(c.kind, c.element, c.id) for c in changed(yaml)] == [
        ("removed", "statement", "s1"),
        ("reworded", "statement", "p1"),
        ("added", "statement", "p3"),
    ]


def test_an_insertion_moves_nothing_else() -> None:
    yaml = MINIMAL_YAML.replace(
        "      - {id: p1,", "      - {id: p0, text: Först.}\n      - {id: p1,"
    )
    assert [(c.kind, c.id) for c in changed(yaml)] == [("added", "p0")]


def test_a_statement_moved_to_another_area() -> None:
    s1 = "      - {id: s1, text: Vi samverkar.}\n"
    yaml = MINIMAL_YAML.replace(s1, "").replace("      - {id: p2,", s1 + "      - {id: p2,")
    assert [(c.kind, c.id, c.detail) for c in changed(yaml)] == [
        ("moved", "s1", "samverkan → plan")
    ]


def test_statements_reordered_within_an_area() -> None:
    p1 = "      - {id: p1, text: Vi har en plan.}\n"
    p2 = "      - {id: p2, text: Planen är känd., weight: 3}\n"
    moves = [(c.kind, c.id, c.detail) for c in changed(MINIMAL_YAML.replace(p1 + p2, p2 + p1))]
    assert moves == [("moved", "p2", "within plan"), ("moved", "p1", "within plan")]


def test_areas_reworded_and_moved() -> None:
    plan = MINIMAL_YAML[
        MINIMAL_YAML.index("  - id: plan") : MINIMAL_YAML.index("  - id: samverkan")
    ]
    areas_end = MINIMAL_YAML.index("materials:")
    samverkan = MINIMAL_YAML[MINIMAL_YAML.index("  - id: samverkan") : areas_end]
    swapped = MINIMAL_YAML.replace(plan + samverkan, samverkan + plan).replace(
        "title: Plan", "title: Planering"
    )
    found = {(c.kind, c.element, c.id) for c in changed(swapped)}
    assert ("reworded", "area", "plan") in found
    assert ("moved", "area", "plan") in found or ("moved", "area", "samverkan") in found
    assert str(next(c for c in changed(swapped) if c.kind == "reworded")) == (
        "reworded  area      plan: 'Plan' → 'Planering'"
    )
