"""Request and response shapes of the JSON API (the contract integrations rely on)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.authorities import SCHOOL_UNIT_CODE


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


class AuthorityOut(BaseModel):
    id: str
    name: str


class SchoolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, examples=["Hermodsdalsskolan"])
    school_unit_code: str = Field(
        description="Skolverket's school unit code (skolenhetskod): exactly 8 digits.",
        examples=["12345678"],
    )

    @field_validator("school_unit_code")
    @classmethod
    def _eight_digits(cls, value: str) -> str:
        if not SCHOOL_UNIT_CODE.fullmatch(value):
            raise ValueError("Skolenhetskoden ska vara exakt 8 siffror.")
        return value


class SchoolOut(BaseModel):
    id: str
    name: str
    school_unit_code: str


class SchoolList(BaseModel):
    schools: list[SchoolOut]


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, examples=["VT 2027, rektor"])
    questionnaire: str = Field(examples=["rektor"])


class InvitationOut(BaseModel):
    school_id: str | None
    url: str
    responded: bool | None = None


class RoundSummary(BaseModel):
    id: str
    name: str
    created_at: str
    questionnaire: QuestionnaireRef


class RoundOut(RoundSummary):
    invitations: list[InvitationOut]


class RoundList(BaseModel):
    rounds: list[RoundSummary]
