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

from app.core.questionnaires.schema import DONT_KNOW, Area, Level, Questionnaire, Statement

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
    areas = tuple(_score_area(questionnaire, area, answers) for area in questionnaire.areas)
    scored = [area.score for area in areas if area.score is not None]
    return ScoreResult(
        areas=areas,
        overall=sum(scored) / len(scored) if scored else None,
        weak_areas=_weak_areas(areas),
        recommendations=_recommendations(questionnaire, areas),
    )


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
    return _level_of(questionnaire, numerator, denominator * len(exact))


def _exact_score(value: float) -> Fraction:
    # An area score is 100·Σ(w·steps)/(span·Σw), stored as the nearest float. Its denominator
    # is small for any real questionnaire (scale span times the weights), and the float is
    # within a unit in the last place of it, so the closest fraction with a denominator up to
    # a million is that quotient: 200/3 again, not 66.66666666666667.
    return Fraction(value).limit_denominator(1_000_000)


def _level_of(
    questionnaire: Questionnaire, numerator: int | Fraction, denominator: int | Fraction
) -> Level:
    """Rule 3: the last level, in file order, whose min is at most the score."""
    # min ≤ numerator / denominator, cross-multiplied so whole weights stay in integers.
    for level in reversed(questionnaire.levels):
        low = decimal(level.min)
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


def _score_area(
    questionnaire: Questionnaire, area: Area, answers: Mapping[str, Answer]
) -> AreaScore:
    lowest, highest = questionnaire.scale.lowest, questionnaire.scale.highest
    span = highest - lowest
    weighted_steps: int | Fraction = 0  # Σ weight · steps above the lowest value
    weights: int | Fraction = 0
    answered = 0
    for statement in area.statements:
        value = answers.get(statement.id, DONT_KNOW)
        if isinstance(value, str):  # DONT_KNOW, the only text in validated answers
            continue
        weight = _exact_weight(statement.weight)
        weighted_steps += weight * (highest - value if statement.reverse else value - lowest)
        weights += weight
        answered += 1
    if not answered:
        return AreaScore(area.id, None, None, False, 0, len(area.statements))
    # Rules 1 and 2 at once: 100 · Σ(w · n) / Σ w with n = steps / span, as an exact quotient.
    numerator, denominator = 100 * weighted_steps, span * weights
    level = _level_of(questionnaire, numerator, denominator)
    # int / int is the correctly rounded float; a Fraction quotient converts exactly too.
    score = float(numerator / denominator)
    exact = Fraction(numerator, denominator)
    return AreaScore(area.id, score, level.id, level.weak, answered, len(area.statements), exact)


def _weak_areas(areas: tuple[AreaScore, ...]) -> tuple[str, ...]:
    """Rule 5: weak areas by score ascending; `sorted` is stable, so ties keep file order."""
    weak = [area for area in areas if area.weak]
    return tuple(area.area_id for area in sorted(weak, key=lambda a: a.score or 0.0))


def _recommendations(
    questionnaire: Questionnaire, areas: tuple[AreaScore, ...]
) -> tuple[Recommendation, ...]:
    """Rule 6: materials triggered by an area's level, by their lowest triggering score."""
    by_id = {area.area_id: area for area in areas}
    triggered: list[tuple[float, int, Recommendation]] = []
    for position, material in enumerate(questionnaire.materials):
        triggering = [
            by_id[area_id]
            for area_id in material.areas
            if by_id[area_id].level_id in material.levels
        ]
        if triggering:
            lowest = min(area.score or 0.0 for area in triggering)
            ids = tuple(dict.fromkeys(area.area_id for area in triggering))
            triggered.append((lowest, position, Recommendation(material.id, ids)))
    return tuple(recommendation for *_, recommendation in sorted(triggered))
