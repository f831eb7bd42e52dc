"""The step pages' forms → the core's documents, and documents → what a form shows.

A field's name says where its value goes ("rastvard.why", "role-0.effect-1.indicator"). The
documents are validated by the core's own models; each error's location is mapped back to
the name of the field it is about, so the page shows it there, in Swedish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.core.catalogues import Catalogue
from app.core.catalogues.workshops import (
    DECISIONS,
    OTHERS,
    Plan,
    Workshop2,
    Workshop3,
    Workshop4,
)
from app.inventory import messages

Fields = Mapping[str, Sequence[str]]  # a form's values by name, every value of each
Location = tuple[str | int, ...]
FieldOf = Callable[[Location], str | None]
Problems = list[tuple[str | None, str]]  # (field name or None for the whole form, message)
D = TypeVar("D", bound=BaseModel)
# The core's own errors carry Swedish messages; pydantic's are translated (messages.py).
_CORE_CODES = frozenset({"control_character", "too_long", "blank", "repeated", "due_before_start"})
ROLE_FIELDS = ("title", "fte_percent", "requirements", "placement")
EFFECT_FIELDS = ("indicator", "baseline", "target", "follow_up", "method", "responsible")
ITEM_FIELDS = ("id", "activity", "responsible", "start", "due", "success", "status")
MAX_PRIORITY = 999


@dataclass(frozen=True)
class Parsed(Generic[D]):
    document: D | None
    problems: Problems
    field_of: FieldOf


@dataclass
class Row:
    """One role, effect or plan item as the form shows it: its fields' text, by name."""

    prefix: str
    values: dict[str, str]
    remove: bool = False
    tasks: list[str] = field(default_factory=list)
    children: list[Row] = field(default_factory=list)

    def is_empty(self) -> bool:
        blank = not any(v.strip() for k, v in self.values.items() if k != "status")
        return blank and not self.tasks and all(child.is_empty() for child in self.children)


def one(fields: Fields, name: str) -> str:
    values = fields.get(name) or [""]
    return values[0]


def message_of(error: ErrorDetails) -> str:
    code = error["type"]
    context = error.get("ctx") or {}
    if code == "too_long" and "max_length" in context:
        code = "list_too_long"  # pydantic's own too_long, of a list
    if code in _CORE_CODES:
        return error["msg"]
    if error["loc"] and error["loc"][-1] == "fte_percent":
        return messages.FTE_PERCENT_FORM
    template = messages.FIELD_ERRORS.get(code, messages.FIELD_ERROR)
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return messages.FIELD_ERROR


def validated(
    model: type[D], data: dict[str, Any], field_of: FieldOf, problems: Problems
) -> D | None:
    """The document, or None with each of its errors added to `problems` at its field."""
    try:
        document = model.model_validate(data)
    except ValidationError as error:
        problems.extend((field_of(e["loc"]), message_of(e)) for e in error.errors())
        return None
    return None if problems else document


def api_location(where: str) -> Location:
    """ "body.roles.0.tasks.1" (as the use cases name a place) → ("roles", 0, "tasks", 1)."""
    parts = where.removeprefix("body.").split(".")
    return tuple(int(p) if p.isdigit() else p for p in parts)


def workshop2_values(document: Workshop2) -> dict[str, str]:
    views = document.tasks.items()
    return {
        f"{t}.{k}": v
        for t, view in views
        for k, v in _texts(view, ("others", "why", "gain")).items()
    }


def workshop2_form(catalogue: Catalogue, fields: Fields) -> Parsed[Workshop2]:
    problems: Problems = []
    tasks: dict[str, dict[str, str]] = {}
    for task in catalogue.tasks:
        others, why, gain = (one(fields, f"{task.id}.{n}") for n in ("others", "why", "gain"))
        if others in ("", "undecided"):
            if why.strip() or gain.strip():
                problems.append((f"{task.id}.others", messages.UNDECIDED_WITH_TEXT))
            continue
        tasks[task.id] = {"others": others, "why": why, "gain": gain}

    def field_of(loc: Location) -> str | None:
        return f"{loc[1]}.{loc[2] if len(loc) > 2 else 'others'}" if len(loc) > 1 else None

    document = validated(Workshop2, {"tasks": tasks}, field_of, problems)
    return Parsed(document, problems, field_of)


def workshop3_values(document: Workshop3) -> dict[str, str]:
    values: dict[str, str] = {}
    for n, p in enumerate(document.priorities, start=1):
        values |= {f"{p.task}.decision": p.decision, f"{p.task}.priority": str(n)}
        values[f"{p.task}.consequences"] = p.consequences
    return values


def workshop3_form(catalogue: Catalogue, fields: Fields) -> Parsed[Workshop3]:
    """Tasks with a decision, in priority order; blank priorities and ties in the
    catalogue's order, after the numbered ones."""
    problems: Problems = []
    chosen: list[tuple[tuple[bool, int, int], dict[str, str]]] = []
    for index, task in enumerate(catalogue.tasks):
        decision = one(fields, f"{task.id}.decision")
        priority = one(fields, f"{task.id}.priority").strip()
        consequences = one(fields, f"{task.id}.consequences")
        number = int(priority) if priority.isdigit() else None
        if priority and (number is None or not 1 <= number <= MAX_PRIORITY):
            problems.append((f"{task.id}.priority", messages.PRIORITY_FORM))
        if decision in ("", "none"):
            if priority or consequences.strip():
                problems.append((f"{task.id}.decision", messages.NO_DECISION_WITH_TEXT))
            continue
        key = (number is None, number or 0, index)
        chosen.append((key, {"task": task.id, "decision": decision, "consequences": consequences}))
    chosen.sort(key=lambda pair: pair[0])
    order = [entry["task"] for _, entry in chosen]

    def field_of(loc: Location) -> str | None:
        if len(loc) < 2 or not isinstance(loc[1], int) or loc[1] >= len(order):
            return None
        name = loc[2] if len(loc) > 2 and loc[2] != "task" else "decision"
        return f"{order[loc[1]]}.{name}"

    data = {"priorities": [entry for _, entry in chosen]}
    return Parsed(validated(Workshop3, data, field_of, problems), problems, field_of)


def _indices(fields: Fields, pattern: str) -> list[int]:
    found = {int(m.group(1)) for name in fields if (m := re.match(pattern, name))}
    return sorted(found)


def _row(fields: Fields, prefix: str, names: Sequence[str]) -> Row:
    values = {name: one(fields, f"{prefix}.{name}") for name in names}
    return Row(prefix, values, remove=bool(one(fields, f"{prefix}.remove")))


def workshop4_rows(fields: Fields) -> list[Row]:
    rows = []
    for n in _indices(fields, r"^role-(\d{1,3})\."):
        role = _row(fields, f"role-{n}", ROLE_FIELDS)
        role.tasks = [t for t in fields.get(f"{role.prefix}.tasks", []) if t]
        for m in _indices(fields, rf"^role-{n}\.effect-(\d{{1,3}})\."):
            role.children.append(_row(fields, f"{role.prefix}.effect-{m}", EFFECT_FIELDS))
        rows.append(role)
    return rows


def _role_data(role: Row) -> dict[str, Any]:
    fte = role.values["fte_percent"].strip()
    effects = [
        {**child.values, "follow_up": child.values["follow_up"].strip() or None}
        for child in role.children
        if not child.remove and not child.is_empty()
    ]
    return {
        **role.values,
        "fte_percent": int(fte) if fte.isdigit() else fte or None,
        "tasks": role.tasks,
        "effects": effects,
    }


def workshop4_form(rows: list[Row]) -> Parsed[Workshop4]:
    """The roles, leaving out those removed and the empty slots (of roles and effects)."""
    kept = [role for role in rows if not role.remove and not role.is_empty()]
    effects = [[c for c in role.children if not c.remove and not c.is_empty()] for role in kept]

    def field_of(loc: Location) -> str | None:
        if len(loc) < 2 or not isinstance(loc[1], int) or loc[1] >= len(kept):
            return None
        role = kept[loc[1]]
        if len(loc) == 2 or loc[2] == "tasks":
            return f"{role.prefix}.{'tasks' if len(loc) > 2 else 'title'}"
        if loc[2] == "effects" and len(loc) > 3 and isinstance(loc[3], int):
            effect = effects[loc[1]][loc[3]]
            return f"{effect.prefix}.{loc[4] if len(loc) > 4 else 'indicator'}"
        return f"{role.prefix}.{loc[2]}"

    problems: Problems = []
    data = {"roles": [_role_data(role) for role in kept]}
    return Parsed(validated(Workshop4, data, field_of, problems), problems, field_of)


def _texts(document: BaseModel | None, names: Sequence[str]) -> dict[str, str]:
    values = {name: None if document is None else getattr(document, name) for name in names}
    return {name: "" if value is None else str(value) for name, value in values.items()}


def workshop4_values(document: Workshop4) -> list[Row]:
    """The saved roles, each with its effects and one empty effect, and one empty role."""
    rows = []
    for n, role in enumerate([*document.roles, None]):
        row = Row(f"role-{n}", _texts(role, ROLE_FIELDS), tasks=list(role.tasks) if role else [])
        effects = [*(role.effects if role else []), None]
        for m, effect in enumerate(effects):
            row.children.append(Row(f"{row.prefix}.effect-{m}", _texts(effect, EFFECT_FIELDS)))
        rows.append(row)
    return rows


def plan_rows(fields: Fields) -> list[Row]:
    return [_row(fields, f"item-{n}", ITEM_FIELDS) for n in _indices(fields, r"^item-(\d{1,4})\.")]


def plan_form(rows: list[Row]) -> Parsed[Plan]:
    """The items, leaving out those removed and an empty new row."""
    kept = [row for row in rows if not row.remove and not row.is_empty()]

    def field_of(loc: Location) -> str | None:
        if len(loc) < 2 or not isinstance(loc[1], int) or loc[1] >= len(kept):
            return None
        name = loc[2] if len(loc) > 2 and loc[2] in ITEM_FIELDS[1:] else "due"
        return f"{kept[loc[1]].prefix}.{'activity' if len(loc) > 2 and loc[2] == 'id' else name}"

    items = []
    for row in kept:
        dates = {k: row.values[k].strip() or None for k in ("start", "due")}
        items.append({**row.values, **dates, "id": row.values["id"] or None})
    problems: Problems = []
    return Parsed(validated(Plan, {"items": items}, field_of, problems), problems, field_of)


def plan_values(document: Plan) -> list[Row]:
    """The items, and one empty row for a new one."""
    rows = [Row(f"item-{n}", _texts(item, ITEM_FIELDS)) for n, item in enumerate(document.items)]
    empty = _texts(None, ITEM_FIELDS) | {"status": "planned"}
    return [*rows, Row(f"item-{len(rows)}", empty)]


def labelled(problems: Problems, catalogue: Catalogue) -> Problems:
    """Each problem's message preceded by what it is about ("Vara rastvärd – Varför: ...")."""
    texts = {task.id: task.text for task in catalogue.tasks}
    words = {"role": "Roll", "effect": "effekt", "item": "Punkt"}
    shown: Problems = []
    for name, message in problems:
        head, _, last = (name or "").rpartition(".")
        where = texts.get(head) or ", ".join(
            f"{words.get(word, word)} {int(number) + 1}" if number.isdigit() else word
            for word, _, number in (piece.partition("-") for piece in head.split(".") if piece)
        )
        label = messages.FIELD_LABELS.get(last, last)
        text = f"{where} – {label}: {message}" if where else f"{label}: {message}"
        shown.append((name, text if name else message))
    return shown


def unknown_problems(field_of: FieldOf, found: list[tuple[str, str]], message: str) -> Problems:
    return [(field_of(api_location(where)), message) for where, _ in found]


OTHERS_CHOICES = (*OTHERS, "undecided")
DECISION_CHOICES = ("none", *DECISIONS)
