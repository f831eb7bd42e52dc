"""What changed between two versions of a questionnaire: areas and statements added, removed,
reworded or moved. Pure: two `Questionnaire`s in, a list of changes out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.questionnaires.schema import Questionnaire

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
    before = {area.id: (index, area) for index, area in enumerate(old.areas)}
    after = {area.id: (index, area) for index, area in enumerate(new.areas)}
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
            changes.append(
                Change("moved", "area", area_id, f"position {old_index + 1} → {index + 1}")
            )
    return changes


def _statement_changes(old: Questionnaire, new: Questionnaire) -> list[Change]:
    before = _statements(old)
    after = _statements(new)
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
                    f"{old_area} #{old_index + 1} → {area_id} #{index + 1}",
                )
            )
    return changes


def _statements(questionnaire: Questionnaire) -> dict[str, tuple[str, int, str]]:
    return {
        statement.id: (area.id, index, statement.text)
        for area in questionnaire.areas
        for index, statement in enumerate(area.statements)
    }
