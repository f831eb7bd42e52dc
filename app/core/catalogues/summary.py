"""An authority's summary across its schools: per school, each task area's hours a week and
those the school decided to hand over, and the roles it plans, in full-time equivalents; then
the same summed over the schools.

Area hours come only from inventories whose workshop 1 figures are visible (closed, and at
least the threshold answered: `workshop1.visibility`), so the summary never shows more than
workshop 1 itself may. Roles are what the leadership wrote in workshop 4, not participants'
answers, so every school's count. Figures are exact (whole tenths of an hour, whole
percentages); they are rounded to one decimal for output only, totals from the exact sums.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.core.catalogues.planning import fte, role_key
from app.core.catalogues.schema import Catalogue
from app.core.catalogues.workshop1 import visibility
from app.core.catalogues.workshops import Workshop3, Workshop4


@dataclass(frozen=True)
class TaskTotals:
    """What workshop 1 adds up for one inventory: how many answered, and each task's hours a
    week in tenths, summed over them (None when the figures are not visible)."""

    respondents: int
    tenths: Mapping[str, int] | None


@dataclass(frozen=True)
class AreaHours:
    """Hours a week in whole tenths (exact, and far cheaper to add up than fractions); None
    when the figures are not visible."""

    total_tenths: int | None
    handed_tenths: int | None

    @property
    def hours_total(self) -> Fraction | None:
        return _hours(self.total_tenths)

    @property
    def hours_handed_over(self) -> Fraction | None:
        return _hours(self.handed_tenths)


@dataclass(frozen=True)
class RoleFte:
    title: str
    percent: int  # the sum of the role's shares of a full-time post

    @property
    def fte(self) -> Fraction:
        return fte([self.percent])


@dataclass(frozen=True)
class SchoolPlans:
    """What the summary takes from workshops 3 and 4: the tasks to hand over, and the roles."""

    handed: frozenset[str]
    roles: tuple[RoleFte, ...]


@dataclass(frozen=True)
class SchoolSummary:
    school_id: str
    inventory_id: str
    respondents: int
    visible: bool
    areas: dict[str, AreaHours]
    roles: tuple[RoleFte, ...]


@dataclass(frozen=True)
class AreaTotal(AreaHours):
    """None when no school's figures are visible; `schools`: the schools whose figures count."""

    schools: int


@dataclass(frozen=True)
class RoleTotal(RoleFte):
    schools: int  # the schools planning the role


@dataclass(frozen=True)
class Summary:
    schools: tuple[SchoolSummary, ...]
    areas: dict[str, AreaTotal]
    roles: tuple[RoleTotal, ...]


def _hours(tenths: int | None) -> Fraction | None:
    return None if tenths is None else Fraction(tenths, 10)


def is_visible(*, closed: bool, respondents: int, min_respondents: int) -> bool:
    """Workshop 1's own rule, for everyone's figures."""
    shown = visibility(closed=closed, respondents=respondents, min_respondents=min_respondents)
    return shown.visible


def plans(workshop3: Workshop3, workshop4: Workshop4) -> SchoolPlans:
    handed = frozenset(p.task for p in workshop3.priorities if p.decision == "hand_over")
    return SchoolPlans(handed, grouped_roles((r.title, r.fte_percent) for r in workshop4.roles))


def area_hours(
    catalogue: Catalogue, tenths: Mapping[str, int] | None, handed: Collection[str]
) -> dict[str, AreaHours]:
    """Each area's hours (the sum over its tasks) and those of its tasks handed over; None
    for both when the figures are not visible (`tenths` None)."""
    areas = {}
    for area in catalogue.areas:
        if tenths is None:
            areas[area.id] = AreaHours(None, None)
            continue
        total = handed_total = 0
        for task in area.tasks:
            hours = tenths.get(task.id, 0)
            total += hours
            if task.id in handed:
                handed_total += hours
        areas[area.id] = AreaHours(total, handed_total)
    return areas


def grouped_roles(roles: Iterable[tuple[str, int]]) -> tuple[RoleFte, ...]:
    """(title, fte_percent) grouped by `role_key`, in the order first seen, each shown with
    the title it was first seen with."""
    titles: dict[str, str] = {}
    percents: dict[str, int] = {}
    for title, percent in roles:
        key = role_key(title)
        titles.setdefault(key, title.strip())
        percents[key] = percents.get(key, 0) + percent
    return tuple(RoleFte(titles[key], percents[key]) for key in titles)


def school_summary(
    *,
    school_id: str,
    inventory_id: str,
    catalogue: Catalogue,
    totals: TaskTotals,
    visible: bool,
    plans: SchoolPlans,
) -> SchoolSummary:
    tenths = totals.tenths if visible else None
    return SchoolSummary(
        school_id=school_id,
        inventory_id=inventory_id,
        respondents=totals.respondents,
        visible=visible,
        areas=area_hours(catalogue, tenths, plans.handed),
        roles=plans.roles,
    )


def summarise(schools: Sequence[SchoolSummary]) -> Summary:
    """The schools as given, and their totals: area hours over the schools whose figures are
    visible; roles over every school, grouped across schools as within one."""
    return Summary(tuple(schools), _area_totals(schools), _role_totals(schools))


def _area_totals(schools: Sequence[SchoolSummary]) -> dict[str, AreaTotal]:
    sums: dict[str, list[int]] = {}  # area id → [total, handed over, schools]
    for school in schools:
        for area_id, figures in school.areas.items():
            counted = sums.setdefault(area_id, [0, 0, 0])
            if school.visible and figures.total_tenths is not None:
                counted[0] += figures.total_tenths
                counted[1] += figures.handed_tenths or 0
                counted[2] += 1
    return {
        area_id: AreaTotal(total, handed, n) if n else AreaTotal(None, None, 0)
        for area_id, (total, handed, n) in sums.items()
    }


def _role_totals(schools: Sequence[SchoolSummary]) -> tuple[RoleTotal, ...]:
    titles: dict[str, str] = {}
    sums: dict[str, int] = {}
    counts: dict[str, int] = {}
    for school in schools:
        for role in school.roles:
            key = role_key(role.title)
            titles.setdefault(key, role.title)
            sums[key] = sums.get(key, 0) + role.percent
            counts[key] = counts.get(key, 0) + 1
    return tuple(RoleTotal(titles[key], sums[key], counts[key]) for key in titles)
