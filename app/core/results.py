"""The result model: a response's scores seen through the questionnaire version it was made
against (areas, levels and materials by object, not by id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.core.questionnaires import Questionnaire
from app.core.questionnaires.schema import Area, Level, Material
from app.core.scoring import AreaScore, ScoreResult


def rounded(value: float | None) -> float | None:
    """Rule 7: one decimal, for output only."""
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class AreaResult:
    area: Area
    score: AreaScore
    level: Level | None

    @property
    def rounded_score(self) -> float | None:
        return rounded(self.score.score)


@dataclass(frozen=True)
class Recommended:
    material: Material
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class ResultView:
    id: str
    questionnaire: Questionnaire
    created_at: datetime
    scores: ScoreResult
    areas: tuple[AreaResult, ...]
    weak_areas: tuple[AreaResult, ...]
    recommendations: tuple[Recommended, ...]

    @property
    def overall(self) -> float | None:
        return rounded(self.scores.overall)


def build_view(
    result_id: str, created_at: datetime, questionnaire: Questionnaire, scores: ScoreResult
) -> ResultView:
    areas = tuple(
        AreaResult(
            questionnaire.area(s.area_id),
            s,
            questionnaire.level(s.level_id) if s.level_id else None,
        )
        for s in scores.areas
    )
    by_id = {a.area.id: a for a in areas}
    return ResultView(
        id=result_id,
        questionnaire=questionnaire,
        # SQLite hands back naive datetimes; everything is stored in UTC.
        created_at=created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC),
        scores=scores,
        areas=areas,
        weak_areas=tuple(by_id[area_id] for area_id in scores.weak_areas),
        recommendations=tuple(
            Recommended(
                questionnaire.material(r.material_id),
                tuple(questionnaire.area(area_id) for area_id in r.area_ids),
            )
            for r in scores.recommendations
        ),
    )
