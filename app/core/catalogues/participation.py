"""A participant's answers to workshop 1, checked against the inventory's catalogue version.

Per task: hours a week (0 to 60, at most one decimal; empty or 0 means "I don't do this
task"), the energy it costs (a value of the catalogue's scale) and whether it needs a teacher.
Energy and teacher need are required when hours > 0 and ignored otherwise. Every problem is
reported at once, naming the task and the field, so the form can mark each fieldset.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.core import errors
from app.core.catalogues.schema import Catalogue

ROLES = ("teacher", "other_staff", "leadership")
TEACHER_NEEDS = ("yes", "partly", "no")
MAX_HOURS = 60
FIELDS = ("hours", "energy", "teacher")
_HOURS_TEXT = re.compile(r"^([0-9]{1,3})(?:[.,]([0-9]))?$")


@dataclass(frozen=True)
class TaskAnswer:
    """One task a participant does; hours in tenths, so sums and medians stay exact."""

    task_id: str
    tenths: int
    energy: int
    teacher: str


@dataclass(frozen=True)
class Participation:
    role: str
    answers: tuple[TaskAnswer, ...]  # only the tasks done (hours > 0), in catalogue order


@dataclass(frozen=True)
class ParticipationProblem:
    task_id: str | None  # None: the role
    field: str
    code: str
    message: str


class InvalidParticipation(Exception):
    def __init__(self, problems: list[ParticipationProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def hours_in_tenths(value: object) -> int | None:
    """Hours as tenths; None when not a number from 0 to 60 with at most one decimal.
    Empty (None or "") is 0: the participant does not do the task."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        tenths = value * 10
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        # A float is the nearest binary number to what was written: 1.1 * 10 is
        # 11.000000000000002, while 1.55 * 10 is 15.5, so a small tolerance tells them apart.
        tenths = round(value * 10)
        if abs(value * 10 - tenths) > 1e-6:
            return None
    elif isinstance(value, str):
        match = _HOURS_TEXT.match(value.strip())
        if match is None:
            return None
        whole, decimal = match.groups()
        tenths = int(whole) * 10 + int(decimal or 0)
    else:
        return None
    return tenths if 0 <= tenths <= MAX_HOURS * 10 else None


def validate_participation(
    catalogue: Catalogue, role: object, tasks: Mapping[str, object]
) -> Participation:
    """The participation, or `InvalidParticipation` listing every problem."""
    problems: list[ParticipationProblem] = []
    if role is None or role == "":
        problems.append(_problem(None, "role", errors.MISSING_ROLE))
    elif role not in ROLES:
        problems.append(_problem(None, "role", errors.INVALID_ROLE, allowed=", ".join(ROLES)))
    answers: dict[str, TaskAnswer] = {}
    for task_id, given in tasks.items():
        if task_id not in catalogue.task_ids:
            problems.append(_problem(task_id, "task", errors.UNKNOWN_TASK))
            continue
        answer = _task_answer(catalogue, task_id, given, problems)
        if answer is not None:
            answers[task_id] = answer
    if problems:
        raise InvalidParticipation(problems)
    ordered = tuple(answers[t.id] for t in catalogue.tasks if t.id in answers)
    return Participation(str(role), ordered)


def _task_answer(
    catalogue: Catalogue, task_id: str, given: object, problems: list[ParticipationProblem]
) -> TaskAnswer | None:
    if not isinstance(given, Mapping) or any(key not in FIELDS for key in given):
        problems.append(_problem(task_id, "task", errors.INVALID_TASK_ANSWER))
        return None
    tenths = hours_in_tenths(given.get("hours"))
    if tenths is None:
        problems.append(_problem(task_id, "hours", errors.INVALID_HOURS, limit=MAX_HOURS))
        return None
    if tenths == 0:
        return None
    found = len(problems)
    energy = _energy(given.get("energy"))
    if energy is None:
        problems.append(_problem(task_id, "energy", errors.MISSING_ENERGY))
    elif energy not in catalogue.energy_values:
        allowed = ", ".join(str(v) for v in sorted(catalogue.energy_values))
        problems.append(_problem(task_id, "energy", errors.INVALID_ENERGY, allowed=allowed))
    teacher = given.get("teacher")
    if teacher is None or teacher == "":
        problems.append(_problem(task_id, "teacher", errors.MISSING_TEACHER))
    elif teacher not in TEACHER_NEEDS:
        problems.append(_problem(task_id, "teacher", errors.INVALID_TEACHER))
    if len(problems) > found or energy is None:
        return None
    return TaskAnswer(task_id, tenths, energy, str(teacher))


def _energy(value: object) -> int | None:
    """An int, or the digits of a form field; None when nothing was given; -1 for a value
    that is no whole number (it is then off the scale)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return -1
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        return int(value.strip())
    return -1


def _problem(
    task_id: str | None, field: str, code: errors.ErrorCode, **values: object
) -> ParticipationProblem:
    return ParticipationProblem(task_id, field, code.code, code.message(**values))


def from_form(items: Iterable[tuple[str, object]]) -> tuple[object, dict[str, dict[str, object]]]:
    """Form fields (`role`, `<task id>.hours`, `.energy`, `.teacher`) → the role and the
    answers per task, as the JSON API takes them. Other names are ignored."""
    role: object = None
    tasks: dict[str, dict[str, object]] = {}
    for name, value in items:
        text = value if isinstance(value, str) else ""
        if name == "role":
            role = text.strip()
            continue
        task_id, dot, field = name.rpartition(".")
        if dot and task_id and field in FIELDS:
            tasks.setdefault(task_id, {})[field] = text.strip()
    return role, tasks
