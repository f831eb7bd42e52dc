"""What Koll computes from the workshops: the teacher time a decision frees, full-time
equivalents, and the action plan's items made from workshop 4 and from a self-check.

Figures are exact (fractions); they are rounded to one decimal for output only
(`workshop1.one_decimal`). Workshop 1's figures are used only when they are visible, so no
figure here says more about the participants than workshop 1 itself may.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.core.catalogues.workshop1 import Workshop1
from app.core.catalogues.workshops import (
    PlanItem,
    Priority,
    Source,
    Workshop3,
    Workshop4,
    plain_text,
)


@dataclass(frozen=True)
class HoursFreed:
    respondents: Fraction | None  # the hand_over tasks' hours, over those who answered
    school: Fraction | None  # the same, scaled to the whole staff


def task_hours(figures: Workshop1) -> dict[str, Fraction] | None:
    """Each task's total hours a week; None while workshop 1's figures are not visible."""
    if not figures.visible:
        return None
    return {t.task.id: t.hours_total or Fraction(0) for a in figures.areas for t in a.tasks}


def hours_of_priorities(
    figures: Workshop1, workshop3: Workshop3
) -> list[tuple[Priority, Fraction | None]]:
    hours = task_hours(figures)
    return [(p, None if hours is None else hours.get(p.task)) for p in workshop3.priorities]


def hours_freed(figures: Workshop1, workshop3: Workshop3, staff_count: int | None) -> HoursFreed:
    """The sum of workshop 1's hours over the tasks to hand over; for the school, that sum
    times the staff count over the respondents (the respondents taken as typical of all)."""
    hours = task_hours(figures)
    if hours is None or figures.respondents == 0:
        return HoursFreed(None, None)
    handed = sum(
        (hours.get(p.task, Fraction(0)) for p in workshop3.priorities if p.decision == "hand_over"),
        Fraction(0),
    )
    school = None if staff_count is None else handed * staff_count / figures.respondents
    return HoursFreed(handed, school)


def fte(percents: Iterable[int]) -> Fraction:
    """Full-time equivalents: the sum of the shares of a full-time post."""
    return Fraction(sum(percents), 100)


def role_key(title: str) -> str:
    """Role titles are grouped by this: trimmed, inner spaces collapsed, case folded (so
    "Lärarassistent" and " lärarassistent " are one role)."""
    return " ".join(unicodedata.normalize("NFC", title).split()).casefold()


def effect_ref(role_title: str, indicator: str) -> str:
    """A stable name for an effect of workshop 4, so that its plan item is made once: the
    same role and indicator, whatever their place in the list, are the same effect."""
    text = f"{role_key(role_title)}\n{' '.join(indicator.split()).casefold()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def effect_items(workshop4: Workshop4) -> list[PlanItem]:
    """A plan item for the follow-up of each expected effect, in workshop 4's order."""
    items = []
    for role in workshop4.roles:
        for effect in role.effects:
            items.append(
                PlanItem(
                    # An indicator near the limit would take the prefix over it.
                    activity=plain_text(f"Följa upp: {effect.indicator}"),
                    source=Source(kind="workshop4", ref=effect_ref(role.title, effect.indicator)),
                    responsible=effect.responsible or role.title,
                    due=effect.follow_up,
                    success=effect.target,
                )
            )
    return items


def activity_items(activities: Sequence[tuple[str, str]]) -> list[PlanItem]:
    """Plan items from a self-check's suggested activities, given as (id, text)."""
    return [
        PlanItem(activity=plain_text(text), source=Source(kind="selfcheck", ref=activity_id))
        for activity_id, text in activities
    ]


def add_once(
    candidates: Sequence[PlanItem], made: frozenset[str]
) -> tuple[list[PlanItem], frozenset[str]]:
    """The candidates not made before (by their source's ref), and the refs made so far.

    Refs are remembered even after their item is edited or removed from the plan, so saving
    workshop 4 again never brings back an item someone took out.
    """
    new = []
    seen = set(made)
    for item in candidates:
        ref = item.source.ref
        if ref is None or ref in seen:
            continue
        seen.add(ref)
        new.append(item)
    return new, frozenset(seen)
