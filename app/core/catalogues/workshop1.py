"""Workshop 1 (nuläge): the figures per task and area, and when they may be shown.

The anonymity rule: figures are shown only for a closed collection (figures that changed with
every answer would give away the latest participant's answers to anyone reading before and
after) with at least `min_respondents` participants. For one role, that role must have at
least `min_respondents` participants and so must the rest, unless the rest is nobody: else
the rest's figures could be worked out by subtracting the role's from everyone's.

Figures are exact (fractions) here; they are rounded to one decimal for output only.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from app.core.catalogues.participation import ROLES, TEACHER_NEEDS, Participation, TaskAnswer
from app.core.catalogues.schema import Catalogue, Task, TaskArea

Hidden = Literal["open", "below_threshold", "rest_below_threshold"]


@dataclass(frozen=True)
class Visibility:
    visible: bool
    reason: Hidden | None = None


def visibility(
    *, closed: bool, respondents: int, min_respondents: int, role_count: int | None = None
) -> Visibility:
    """Whether figures may be shown: for everyone (`role_count` None) or for one role."""
    if not closed:
        return Visibility(False, "open")
    if role_count is None:
        if respondents < min_respondents:
            return Visibility(False, "below_threshold")
        return Visibility(True)
    if role_count < min_respondents:
        return Visibility(False, "below_threshold")
    rest = respondents - role_count
    if 0 < rest < min_respondents:
        return Visibility(False, "rest_below_threshold")
    return Visibility(True)


@dataclass(frozen=True)
class TaskFigures:
    task: Task
    doing: int | None
    hours_total: Fraction | None
    hours_median: Fraction | None
    energy_mean: Fraction | None
    teacher: dict[str, int] | None


@dataclass(frozen=True)
class AreaFigures:
    area: TaskArea
    hours_total: Fraction | None
    tasks: tuple[TaskFigures, ...]


@dataclass(frozen=True)
class Workshop1:
    respondents: int
    min_respondents: int
    roles: dict[str, int]
    role: str | None
    visibility: Visibility
    areas: tuple[AreaFigures, ...]

    @property
    def visible(self) -> bool:
        return self.visibility.visible


def role_counts(participations: Sequence[Participation]) -> dict[str, int]:
    return {role: sum(1 for p in participations if p.role == role) for role in ROLES}


def workshop1(
    catalogue: Catalogue,
    participations: Sequence[Participation],
    *,
    min_respondents: int,
    closed: bool,
    role: str | None = None,
) -> Workshop1:
    counts = role_counts(participations)
    shown = visibility(
        closed=closed,
        respondents=len(participations),
        min_respondents=min_respondents,
        role_count=None if role is None else counts.get(role, 0),
    )
    chosen = [p for p in participations if role is None or p.role == role]
    by_task: dict[str, list[TaskAnswer]] = {task.id: [] for task in catalogue.tasks}
    for participation in chosen:
        for answer in participation.answers:
            by_task.setdefault(answer.task_id, []).append(answer)
    areas = []
    for area in catalogue.areas:
        tasks = tuple(_figures(task, by_task[task.id], shown.visible) for task in area.tasks)
        total = sum((t.hours_total or Fraction(0) for t in tasks), Fraction(0))
        areas.append(AreaFigures(area, total if shown.visible else None, tasks))
    return Workshop1(len(participations), min_respondents, counts, role, shown, tuple(areas))


def _figures(task: Task, answers: list[TaskAnswer], visible: bool) -> TaskFigures:
    if not visible:
        return TaskFigures(task, None, None, None, None, None)
    teacher = dict.fromkeys(TEACHER_NEEDS, 0)
    for answer in answers:
        teacher[answer.teacher] = teacher.get(answer.teacher, 0) + 1
    if not answers:
        return TaskFigures(task, 0, Fraction(0), None, None, teacher)
    # Whole tenths until the end: exact, and far cheaper than fractions all the way.
    tenths = sorted(a.tenths for a in answers)
    middle = len(tenths) // 2
    median = tenths[middle] * 2 if len(tenths) % 2 else tenths[middle - 1] + tenths[middle]
    return TaskFigures(
        task,
        doing=len(answers),
        hours_total=Fraction(sum(tenths), 10),
        hours_median=Fraction(median, 20),
        energy_mean=Fraction(sum(a.energy for a in answers), len(answers)),
        teacher=teacher,
    )


def one_decimal(value: Fraction | None) -> float | None:
    """For output only: half away from zero at one decimal (2.25 → 2.3)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def standouts(figures: Workshop1, energy_midpoint: Fraction) -> frozenset[str]:
    """The tasks that take much time and much energy: at least the median of the tasks'
    total hours (over the tasks anyone does) and an energy mean at or above the scale's
    midpoint. These are labelled in the chart of time against energy."""
    done = [t for a in figures.areas for t in a.tasks if t.doing and t.energy_mean is not None]
    if not done:
        return frozenset()
    median_hours = statistics.median(t.hours_total or Fraction(0) for t in done)
    return frozenset(
        t.task.id
        for t in done
        if (t.hours_total or 0) >= median_hours and (t.energy_mean or 0) >= energy_midpoint
    )
