"""A stored response seen through the questionnaire version it was made against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine

from app import storage
from app.cache import ImmutableCache
from app.db import transaction
from app.definitions import DefinitionStore
from app.models import Response
from app.questionnaires import Questionnaire
from app.questionnaires.schema import Area, Level, Material
from app.scoring import AreaScore, ScoreResult
from app.submissions import scores_from_json


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


class Scored(Protocol):
    """What a result's JSON body is made of: a stored `ResultView` or a fresh `Submitted`."""

    @property
    def id(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def questionnaire(self) -> Questionnaire: ...
    @property
    def scores(self) -> ScoreResult: ...


def result_json(result: Scored, links: dict[str, str]) -> dict[str, Any]:
    """The JSON body of a result, as documented in docs/api.md."""
    questionnaire, scores = result.questionnaire, result.scores
    return {
        "id": result.id,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "created_at": result.created_at.isoformat(),
        "overall": rounded(scores.overall),
        "areas": [
            {
                "id": a.area_id,
                "title": questionnaire.area(a.area_id).title,
                "score": rounded(a.score),
                "level": a.level_id,
                "weak": a.weak,
                "answered": a.answered,
                "total": a.total,
            }
            for a in scores.areas
        ],
        "weak_areas": list(scores.weak_areas),
        "recommendations": [
            _recommendation_json(questionnaire.material(r.material_id), r.area_ids)
            for r in scores.recommendations
        ],
        "links": links,
    }


def _recommendation_json(material: Material, area_ids: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": material.id,
        "title": material.title,
        "url": material.url,
        "areas": list(area_ids),
    }


class ResultReader:
    """Reads results, caching each for good: a stored result never changes."""

    def __init__(
        self, engine: Engine, definitions: DefinitionStore, cache_size: int = 2048
    ) -> None:
        self.engine = engine
        self.definitions = definitions
        self._views: ImmutableCache[str, ResultView] = ImmutableCache(cache_size)

    def get_cached(self, result_id: str) -> ResultView | None:
        return self._views.get(result_id)

    def get(self, result_id: str) -> ResultView | None:
        return self._views.get_or_make(result_id, lambda: self._load(result_id))

    def _load(self, result_id: str) -> ResultView | None:
        with transaction(self.engine) as session:
            response = storage.get_response(session, result_id)
        return None if response is None else self._view_of(response)

    def _view_of(self, response: Response) -> ResultView:
        version = self.definitions.get(response.definition_hash)
        if version is None:  # pragma: no cover - the foreign key rules it out
            raise LookupError(f"definition {response.definition_hash} is missing")
        scores = scores_from_json(response.scores)
        return build_view(response.id, response.created_at, version.questionnaire, scores)
