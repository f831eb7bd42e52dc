"""Request and response shapes of the authorities' JSON API (the contract integrations rely on)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.authorities.messages import EIGHT_DIGITS
from app.authorities.service import SCHOOL_UNIT_CODE
from app.selfcheck.schemas import QuestionnaireRef


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
            raise ValueError(EIGHT_DIGITS)
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
