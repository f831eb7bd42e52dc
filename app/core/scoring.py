"""The scoring rules (docs/scoring.md), pure: answers in, scores, weak areas and material out.

Arithmetic is exact (fractions), so a score that is 50 by the rules is 50 and not
49.99999999999999 with the level below. Scores are unrounded here; rounding to one decimal
happens only for output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from app.core.memo import Bounded, ByIdentity
from app.core.questionnaires.schema import DONT_KNOW, Level, Questionnaire, Statement

Answer = int | str  # a value on the scale, or DONT_KNOW


@dataclass(frozen=True)
class AreaScore:
    area_id: str
    score: float | None
    level_id: str | None
    weak: bool
    answered: int
    total: int
    # The score as the exact quotient the rules give, when scored here rather than read back
    # from storage (where only the float is kept; `_exact_score` recovers it then).
    exact: Fraction | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Recommendation:
    material_id: str
    area_ids: tuple[str, ...]


@dataclass(frozen=True)
class ScoreResult:
    areas: tuple[AreaScore, ...]
    overall: float | None
    weak_areas: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]


def score(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> ScoreResult:
    """Score complete, already validated answers (see `app.core.answers.validate_answers`)."""
    plan = _plan_of(questionnaire)
    areas = tuple(_area_score(plan, area, answers) for area in plan.areas)
    scored = [area.score for area in areas if area.score is not None]
    return ScoreResult(
        areas=areas,
        overall=sum(scored) / len(scored) if scored else None,
        weak_areas=_weak_areas(areas),
        recommendations=_recommendations(plan, areas),
    )


# What a plan remembers (app.core.memo): scores of an area by the answers to its statements,
# at most 5^k of them for k statements on the usual scale, and which materials the areas'
# levels trigger, at most 3^n for n areas with three levels.
AREA_SCORES_BOUND = 2048
TRIGGERED_BOUND = 2048


@dataclass(frozen=True)
class _AreaPlan:
    id: str
    statement_ids: tuple[str, ...]
    # Each statement as scored: its exact weight and whether its scale is reversed.
    statements: tuple[tuple[int | Fraction, bool], ...]
    scores: Bounded[tuple[Answer, ...], AreaScore] = field(
        default_factory=lambda: Bounded(AREA_SCORES_BOUND), compare=False, repr=False
    )


@dataclass(frozen=True)
class _MaterialPlan:
    id: str
    areas: tuple[int, ...]  # positions in the questionnaire's areas
    levels: frozenset[str]


@dataclass(frozen=True)
class _Plan:
    """What scoring needs of a questionnaire, worked out once: a submission is scored on
    every request, and looking each weight, level and material up again cost more than the
    arithmetic."""

    lowest: int
    span: int
    areas: tuple[_AreaPlan, ...]
    # Each level's exact min, last level first (rule 3 takes the last one that fits).
    levels: tuple[tuple[Fraction, Level], ...]
    materials: tuple[_MaterialPlan, ...]
    area_by_id: dict[str, _AreaPlan] = field(compare=False, repr=False)
    # By the level of each area: each triggered material, with the areas that trigger it.
    triggered: Bounded[
        tuple[str | None, ...], tuple[tuple[Recommendation, tuple[int, ...]], ...]
    ] = field(default_factory=lambda: Bounded(TRIGGERED_BOUND), compare=False, repr=False)

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> _Plan:
        positions = {area.id: n for n, area in enumerate(questionnaire.areas)}
        areas = tuple(
            _AreaPlan(
                area.id,
                tuple(s.id for s in area.statements),
                tuple((_exact_weight(s.weight), s.reverse) for s in area.statements),
            )
            for area in questionnaire.areas
        )
        return cls(
            lowest=questionnaire.scale.lowest,
            span=questionnaire.scale.highest - questionnaire.scale.lowest,
            areas=areas,
            levels=tuple((decimal(level.min), level) for level in reversed(questionnaire.levels)),
            materials=tuple(
                _MaterialPlan(
                    material.id,
                    tuple(positions[area_id] for area_id in material.areas),
                    frozenset(material.levels),
                )
                for material in questionnaire.materials
            ),
            area_by_id={area.id: area for area in areas},
        )


# Plans by questionnaire, which as a pydantic model with lists is not hashable: by identity.
_plan_of = ByIdentity(_Plan.of, bound=16)


def normalised(questionnaire: Questionnaire, statement: Statement, value: int) -> Fraction:
    """Rule 1: the answer's place on the scale, 0 for the lowest value and 1 for the highest."""
    scale = questionnaire.scale
    n = Fraction(value - scale.lowest, scale.highest - scale.lowest)
    return 1 - n if statement.reverse else n


def overall_level(questionnaire: Questionnaire, scores: ScoreResult) -> Level | None:
    """Rule 3 applied to the overall score (rule 4); null when the overall is.

    Decided on the exact mean of the area scores, not on the float `overall`, so that an
    overall of 50 by the rules is at a level starting at 50. Each area score is a float as
    stored; `_exact_score` recovers the quotient the rules gave it.
    """
    exact = [
        area.exact if area.exact is not None else _exact_score(area.score)
        for area in scores.areas
        if area.score is not None
    ]
    if not exact:
        return None
    # The exact mean as one quotient of integers, left unreduced: _level_of cross-multiplies,
    # so no Fraction arithmetic (a gcd per step) is needed.
    numerator, denominator = 0, 1
    for quotient in exact:
        numerator = numerator * quotient.denominator + quotient.numerator * denominator
        denominator *= quotient.denominator
    return _level_of(_plan_of(questionnaire), numerator, denominator * len(exact))


def _exact_score(value: float) -> Fraction:
    # An area score is 100·Σ(w·steps)/(span·Σw), stored as the nearest float. Its denominator
    # is small for any real questionnaire (scale span times the weights), and the float is
    # within a unit in the last place of it, so the closest fraction with a denominator up to
    # a million is that quotient: 200/3 again, not 66.66666666666667.
    return Fraction(value).limit_denominator(1_000_000)


def _level_of(plan: _Plan, numerator: int | Fraction, denominator: int | Fraction) -> Level:
    """Rule 3: the last level, in file order, whose min is at most the score."""
    # min ≤ numerator / denominator, cross-multiplied so whole weights stay in integers.
    for low, level in plan.levels:
        if low.numerator * denominator <= numerator * low.denominator:
            return level
    raise ValueError("no level starts at 0")  # pragma: no cover - checks.py requires one


@lru_cache(maxsize=4096)
def decimal(value: float) -> Fraction:
    """The number an admin wrote (0.6 means 3/5, not the nearest binary float)."""
    return Fraction(str(value))


@lru_cache(maxsize=4096)
def _exact_weight(weight: float) -> int | Fraction:
    # Whole weights (the usual case) stay ints, so most areas are scored in integer arithmetic.
    exact = decimal(weight)
    return exact.numerator if exact.denominator == 1 else exact


def area_answers(
    questionnaire: Questionnaire, area_id: str, answers: Mapping[str, Answer]
) -> tuple[Answer, ...]:
    """The answers to an area's statements in file order, a missing one as DONT_KNOW: what the
    area's score is made of, and so what a memory of anything made from it is keyed by."""
    return _given(_plan_of(questionnaire).area_by_id[area_id], answers)


def _given(area: _AreaPlan, answers: Mapping[str, Answer]) -> tuple[Answer, ...]:
    return tuple([answers.get(statement_id, DONT_KNOW) for statement_id in area.statement_ids])


def _area_score(plan: _Plan, area: _AreaPlan, answers: Mapping[str, Answer]) -> AreaScore:
    given = _given(area, answers)
    known = area.scores.get(given)
    return known if known is not None else area.scores.put(given, _score_area(plan, area, given))


def _score_area(plan: _Plan, area: _AreaPlan, given: tuple[Answer, ...]) -> AreaScore:
    lowest, span = plan.lowest, plan.span
    weighted_steps: int | Fraction = 0  # Σ weight · steps above the lowest value
    weights: int | Fraction = 0
    answered = 0
    for (weight, reverse), value in zip(area.statements, given, strict=True):
        if isinstance(value, str):  # DONT_KNOW, the only text in validated answers
            continue
        steps = value - lowest
        weighted_steps += weight * (span - steps if reverse else steps)
        weights += weight
        answered += 1
    total = len(area.statements)
    if not answered:
        return AreaScore(area.id, None, None, False, 0, total)
    # Rules 1 and 2 at once: 100 · Σ(w · n) / Σ w with n = steps / span, as an exact quotient.
    numerator, denominator = 100 * weighted_steps, span * weights
    level = _level_of(plan, numerator, denominator)
    # int / int is the correctly rounded float; a Fraction quotient converts exactly too.
    score = float(numerator / denominator)
    exact = Fraction(numerator, denominator)
    return AreaScore(area.id, score, level.id, level.weak, answered, total, exact)


def _weak_areas(areas: tuple[AreaScore, ...]) -> tuple[str, ...]:
    """Rule 5: weak areas by score ascending; `sorted` is stable, so ties keep file order."""
    weak = [area for area in areas if area.weak]
    return tuple(area.area_id for area in sorted(weak, key=lambda a: a.score or 0.0))


def _recommendations(plan: _Plan, areas: tuple[AreaScore, ...]) -> tuple[Recommendation, ...]:
    """Rule 6: materials triggered by an area's level, by their lowest triggering score;
    `sorted` is stable, so ties keep file order."""
    levels = tuple([area.level_id for area in areas])
    triggered = plan.triggered.get(levels)
    if triggered is None:
        triggered = plan.triggered.put(levels, _triggered(plan, areas))
    ranked = sorted(triggered, key=lambda found: min(areas[n].score or 0.0 for n in found[1]))
    return tuple(recommendation for recommendation, _ in ranked)


def _triggered(
    plan: _Plan, areas: tuple[AreaScore, ...]
) -> tuple[tuple[Recommendation, tuple[int, ...]], ...]:
    """Each material an area's level triggers, in file order, with the triggering areas."""
    found = []
    for material in plan.materials:
        positions = tuple(n for n in material.areas if areas[n].level_id in material.levels)
        if positions:
            ids = tuple(dict.fromkeys(areas[n].area_id for n in positions))
            found.append((Recommendation(material.id, ids), positions))
    return tuple(found)
