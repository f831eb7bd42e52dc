"""Rules that span several fields of a questionnaire, each reported at an exact path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.questionnaires.schema import Questionnaire

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    path: Path
    message: str


def check_questionnaire(questionnaire: Questionnaire) -> list[Finding]:
    return [
        *_check_scale(questionnaire),
        *_check_levels(questionnaire),
        *_unique(
            "area",
            ((("areas", i, "id"), area.id) for i, area in enumerate(questionnaire.areas)),
        ),
        *_unique(
            "statement",
            (
                (("areas", a, "statements", s, "id"), statement.id)
                for a, area in enumerate(questionnaire.areas)
                for s, statement in enumerate(area.statements)
            ),
        ),
        *_unique(
            "material",
            ((("materials", i, "id"), m.id) for i, m in enumerate(questionnaire.materials)),
        ),
        *_check_material_references(questionnaire),
    ]


def _check_scale(questionnaire: Questionnaire) -> Iterator[Finding]:
    options = questionnaire.scale.options
    for index in range(1, len(options)):
        if options[index].value <= options[index - 1].value:
            yield Finding(
                ("scale", "options", index, "value"),
                f"scale values must be strictly increasing: {options[index].value} "
                f"comes after {options[index - 1].value}",
            )


def _check_levels(questionnaire: Questionnaire) -> Iterator[Finding]:
    levels = questionnaire.levels
    if levels[0].min != 0:
        yield Finding(
            ("levels", 0, "min"), f"the first level must have min 0, not {levels[0].min:g}"
        )
    for index in range(1, len(levels)):
        if levels[index].min <= levels[index - 1].min:
            yield Finding(
                ("levels", index, "min"),
                f"level mins must be strictly ascending: {levels[index].min:g} "
                f"comes after {levels[index - 1].min:g}",
            )
    yield from _unique("level", ((("levels", i, "id"), level.id) for i, level in enumerate(levels)))


def _check_material_references(questionnaire: Questionnaire) -> Iterator[Finding]:
    area_ids = [area.id for area in questionnaire.areas]
    level_ids = [level.id for level in questionnaire.levels]
    for m, material in enumerate(questionnaire.materials):
        for kind, known, refs in (
            ("area", area_ids, material.areas),
            ("level", level_ids, material.levels),
        ):
            for r, ref in enumerate(refs):
                if ref not in known:
                    yield Finding(
                        ("materials", m, f"{kind}s", r),
                        f"unknown {kind} id '{ref}'; known: {', '.join(known)}",
                    )


def _unique(kind: str, ids: Iterable[tuple[Path, str]]) -> Iterator[Finding]:
    seen: set[str] = set()
    for path, value in ids:
        if value in seen:
            yield Finding(path, f"duplicate {kind} id '{value}'")
        seen.add(value)
