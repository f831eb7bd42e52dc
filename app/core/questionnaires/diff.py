"""What changed between two versions of a questionnaire: areas and statements added, removed,
reworded or moved. Pure: two `Questionnaire`s in, a list of changes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.core.questionnaires.schema import Area, Questionnaire, Statement

Kind = Literal["added", "removed", "reworded", "moved"]


@dataclass(frozen=True)
class Change:
    kind: Kind
    element: Literal["area", "statement"]
    id: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind:<9} {self.element:<9} {self.id}: {self.detail}"


def diff(old: Questionnaire, new: Questionnaire) -> list[Change]:
    return [*_area_changes(old, new), *_statement_changes(old, new)]


def _area_changes(old: Questionnaire, new: Questionnaire) -> list[Change]:
    common = {area.id for area in old.areas} & {area.id for area in new.areas}
    before = {area.id: (_rank(old.areas, area.id, common), area) for area in old.areas}
    after = {area.id: (_rank(new.areas, area.id, common), area) for area in new.areas}
    changes = [Change("removed", "area", i, before[i][1].title) for i in before if i not in after]
    for area_id, (index, area) in after.items():
        if area_id not in before:
            changes.append(Change("added", "area", area_id, area.title))
            continue
        old_index, old_area = before[area_id]
        if old_area.title != area.title:
            changes.append(
                Change("reworded", "area", area_id, f"'{old_area.title}' → '{area.title}'")
            )
        if old_index != index:
            old_position = [a.id for a in old.areas].index(area_id) + 1
            new_position = [a.id for a in new.areas].index(area_id) + 1
            changes.append(
                Change("moved", "area", area_id, f"position {old_position} → {new_position}")
            )
    return changes


def _statement_changes(old: Questionnaire, new: Questionnaire) -> list[Change]:
    old_areas = {s.id: a.id for a in old.areas for s in a.statements}
    new_areas = {s.id: a.id for a in new.areas for s in a.statements}
    # Order is compared among statements that stayed in their area; the others moved anyway.
    stayed = {i for i, area in old_areas.items() if new_areas.get(i) == area}
    before = _statements(old, stayed)
    after = _statements(new, stayed)
    changes = [Change("removed", "statement", i, before[i][2]) for i in before if i not in after]
    for statement_id, (area_id, index, text) in after.items():
        if statement_id not in before:
            changes.append(Change("added", "statement", statement_id, f"in {area_id}: {text}"))
            continue
        old_area, old_index, old_text = before[statement_id]
        if old_text != text:
            changes.append(
                Change("reworded", "statement", statement_id, f"'{old_text}' → '{text}'")
            )
        if (old_area, old_index) != (area_id, index):
            changes.append(
                Change(
                    "moved",
                    "statement",
                    statement_id,
                    f"{old_area} → {area_id}" if old_area != area_id else f"within {area_id}",
                )
            )
    return changes


def _statements(questionnaire: Questionnaire, common: set[str]) -> dict[str, tuple[str, int, str]]:
    return {
        statement.id: (area.id, _rank(area.statements, statement.id, common), statement.text)
        for area in questionnaire.areas
        for statement in area.statements
    }


def _rank(elements: Sequence[Area] | Sequence[Statement], element_id: str, common: set[str]) -> int:
    """The place among the elements both versions have, so an insertion moves nothing else."""
    kept = [e.id for e in elements if e.id in common]
    return kept.index(element_id) if element_id in common else -1
