"""Request and response shapes of the JSON API (the contract integrations rely on)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
        examples=[{"syfte-forankrat": 3, "tidsplan": "dont_know"}],
    )


class AreaResultOut(BaseModel):
    id: str
    title: str
    score: float | None
    level: str | None
    weak: bool
    answered: int
    total: int


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
    areas: list[AreaResultOut]
    weak_areas: list[str]
    recommendations: list[RecommendationOut]
    links: dict[str, str]


class ErrorDetail(BaseModel):
    statement: str | None = None
    location: str | None = None
    code: str
    message: str


class ErrorOut(BaseModel):
    code: str
    message: str
    errors: list[ErrorDetail] | None = None
