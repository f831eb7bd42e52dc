"""Request and response shapes of the self-check's JSON API (the contract integrations rely on),
and the result body built from the typed result model."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json
from starlette.requests import Request

from app.core.memo import Bounded, ByIdentity
from app.core.questionnaires import Questionnaire
from app.core.questionnaires.schema import Activity, Level, Material
from app.core.results import StatementAnswer, rounded, statement_answers, suggested_activities
from app.core.scoring import Answer, AreaScore, ScoreResult, area_answers, overall_level
from app.platform.urls import urls_for


class QuestionnaireSummary(BaseModel):
    id: str
    version: int
    audience: str
    title: str


class QuestionnaireList(BaseModel):
    questionnaires: list[QuestionnaireSummary]


class ResponseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    questionnaire: str = Field(examples=["rektor"])
    answers: dict[str, Any] = Field(
        description='Statement id → a value on the scale, or "dont_know".',
        examples=[{"syfte-forankrat-huvudman": 3, "tidsplan": "dont_know"}],
    )


class StatementAnswerOut(BaseModel):
    id: str
    text: str
    answer: int | str = Field(description='The value on the scale, or "dont_know".')
    answer_label: str


class ActivityOut(BaseModel):
    id: str = Field(description="Stable across versions of the questionnaire.")
    text: str


class AreaResultOut(BaseModel):
    id: str
    title: str
    score: float | None
    level: str | None
    weak: bool
    answered: int
    total: int
    statements: list[StatementAnswerOut]
    activities: list[ActivityOut] = Field(
        description="Example activities for a weak area; empty for an area that is not weak."
    )


class LevelOut(BaseModel):
    id: str
    label: str


class RecommendationOut(BaseModel):
    id: str
    title: str
    url: str
    areas: list[str]


class QuestionnaireRef(BaseModel):
    id: str
    version: int


class ResultOut(BaseModel):
    id: str
    questionnaire: QuestionnaireRef
    created_at: str
    overall: float | None
    level: LevelOut | None = Field(description="The overall score's level; null with it.")
    areas: list[AreaResultOut]
    weak_areas: list[str]
    recommendations: list[RecommendationOut]
    links: dict[str, str]


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
    @property
    def answers(self) -> Mapping[str, Answer]: ...


def result_json(result: Scored, links: dict[str, str]) -> dict[str, Any]:
    """The JSON body of a result, as documented in docs/api.md."""
    questionnaire, answers = result.questionnaire, result.answers
    return {
        **_head_json(result),
        "areas": [_area_json(questionnaire, a, answers) for a in result.scores.areas],
        **_tail_json(result, links),
    }


def result_body(result: Scored, links: dict[str, str]) -> bytes:
    """`result_json` encoded, the very bytes `to_json` makes of it. Each area's part is
    encoded once for the same answers to its statements and its score: the areas are most of
    the body (its statements' text), and building and encoding them was most of what a
    submission cost the event loop beyond HTTP."""
    questionnaire, answers = result.questionnaire, result.answers
    parts = _area_parts(questionnaire)
    areas = b",".join([parts.get(questionnaire, a, answers) for a in result.scores.areas])
    head, tail = to_json(_head_json(result)), to_json(_tail_json(result, links))
    # Both are objects with keys: "{...}" and "{...}" around "areas" make one object.
    return b"".join((head[:-1], b',"areas":[', areas, b"],", tail[1:]))


def _head_json(result: Scored) -> dict[str, Any]:
    questionnaire, scores = result.questionnaire, result.scores
    return {
        "id": result.id,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "created_at": result.created_at.isoformat(),
        "overall": rounded(scores.overall),
        "level": _level_json(overall_level(questionnaire, scores)),
    }


def _tail_json(result: Scored, links: dict[str, str]) -> dict[str, Any]:
    questionnaire, scores = result.questionnaire, result.scores
    return {
        "weak_areas": list(scores.weak_areas),
        "recommendations": [
            _recommendation_json(questionnaire.material(r.material_id), r.area_ids)
            for r in scores.recommendations
        ],
        "links": links,
    }


# What an area's encoded part is made of: the score's fields, written out because a dataclass
# hashes its fields in Python, and the answers to its statements. A part is a kilobyte or two:
# with at most 4,096 parts by key and 4,096 by score (the same bytes, unless one of the two
# memories has been emptied since) for each of 8 questionnaires (the versions in use are a
# few), some 100 MB at the very most.
AreaKey = tuple[str, float | None, str | None, bool, int, int, tuple[Answer, ...]]


class _AreaParts:
    """The encoded areas of one questionnaire: by what each is made of, and before that by
    the very `AreaScore` it was made for. Scoring hands out the same `AreaScore` for the same
    answers to an area's statements (it remembers them, app.core.scoring), so a submission's
    areas are found without building their keys, which cost a fifth of its body. The score
    is kept with its part, so that its id cannot be taken by another object meanwhile."""

    def __init__(self) -> None:
        self._by_value: Bounded[AreaKey, bytes] = Bounded(4096)
        self._by_score: Bounded[int, tuple[AreaScore, bytes]] = Bounded(4096)

    def get(
        self, questionnaire: Questionnaire, scored: AreaScore, answers: Mapping[str, Answer]
    ) -> bytes:
        known = self._by_score.get(id(scored))
        if known is not None and known[0] is scored:
            return known[1]
        encoded = self._by_key(questionnaire, scored, answers)
        self._by_score.put(id(scored), (scored, encoded))
        return encoded

    def _by_key(
        self, questionnaire: Questionnaire, scored: AreaScore, answers: Mapping[str, Answer]
    ) -> bytes:
        key = (
            scored.area_id,
            scored.score,
            scored.level_id,
            scored.weak,
            scored.answered,
            scored.total,
            area_answers(questionnaire, scored.area_id, answers),
        )
        encoded = self._by_value.get(key)
        if encoded is None:
            encoded = self._by_value.put(key, to_json(_area_json(questionnaire, scored, answers)))
        return encoded


_area_parts = ByIdentity[Questionnaire, _AreaParts](lambda _: _AreaParts(), bound=8)


def _area_json(
    questionnaire: Questionnaire, scored: AreaScore, answers: Mapping[str, Answer]
) -> dict[str, Any]:
    area = questionnaire.area(scored.area_id)
    return {
        "id": scored.area_id,
        "title": area.title,
        "score": rounded(scored.score),
        "level": scored.level_id,
        "weak": scored.weak,
        "answered": scored.answered,
        "total": scored.total,
        "statements": [_statement_json(s) for s in statement_answers(questionnaire, area, answers)],
        "activities": [_activity_json(a) for a in suggested_activities(area, scored)],
    }


def _level_json(level: Level | None) -> dict[str, str] | None:
    return None if level is None else {"id": level.id, "label": level.label}


def _statement_json(item: StatementAnswer) -> dict[str, Any]:
    return {
        "id": item.statement.id,
        "text": item.statement.text,
        "answer": item.answer,
        "answer_label": item.label,
    }


def _activity_json(activity: Activity) -> dict[str, str]:
    return {"id": activity.id, "text": activity.text}


def _recommendation_json(material: Material, area_ids: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": material.id,
        "title": material.title,
        "url": material.url,
        "areas": list(area_ids),
    }


RESULT_LINKS = {
    "self": "api:response",
    "html": "web:result",
    "chart_svg": "web:chart_svg",
    "chart_png": "web:chart_png",
}


def result_links(request: Request, result_id: str) -> dict[str, str]:
    return urls_for(request, RESULT_LINKS, result_id=result_id)
