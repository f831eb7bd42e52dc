"""Scores as they are stored with a response (JSON), and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.scoring import AreaScore, Recommendation, ScoreResult


def scores_to_json(result: ScoreResult) -> dict[str, Any]:
    # Written out rather than dataclasses.asdict, whose deep copying is slow on a hot path.
    return {
        "areas": [
            {
                "area_id": a.area_id,
                "score": a.score,
                "level_id": a.level_id,
                "weak": a.weak,
                "answered": a.answered,
                "total": a.total,
            }
            for a in result.areas
        ],
        "overall": result.overall,
        "weak_areas": list(result.weak_areas),
        "recommendations": [
            {"material_id": r.material_id, "area_ids": list(r.area_ids)}
            for r in result.recommendations
        ],
    }


def scores_from_json(data: Mapping[str, Any]) -> ScoreResult:
    return ScoreResult(
        areas=tuple(AreaScore(**area) for area in data["areas"]),
        overall=data["overall"],
        weak_areas=tuple(data["weak_areas"]),
        recommendations=tuple(
            Recommendation(r["material_id"], tuple(r["area_ids"])) for r in data["recommendations"]
        ),
    )
