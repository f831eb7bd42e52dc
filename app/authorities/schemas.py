"""Request and response shapes of the authorities' JSON API (the contract integrations rely on)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.authorities import messages
from app.authorities.service import SCHOOL_UNIT_CODE
from app.selfcheck.schemas import QuestionnaireRef

# What a one-line name may not hold: the control characters (Unicode category Cc: C0, DEL and
# C1, with every line break but U+2028 and U+2029, refused as well) and the two noncharacters
# of the BMP. None of them reads as part of a name, and most cannot travel through XML (the
# Excel file, the heatmap). Lone surrogates never get this far: the JSON parser refuses them.
REFUSED = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ufffe\\uffff"
REFUSED_CHARACTER = re.compile(f"[{REFUSED}]")
# The whitespace `str.strip` removes that is not refused anyway.
SPACES = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000"
# The same rule for the OpenAPI document (ECMA-262 syntax, which Python's `re` reads alike):
# allowed characters only, at least one of them not whitespace.
ONE_LINE_NAME = f"^[^{REFUSED}]*[^{REFUSED}{SPACES}][^{REFUSED}]*$"


def one_line(value: str) -> str:
    """A name without its surrounding whitespace; refuses control characters and blank names.

    The characters are checked before stripping: a tab or line break is a client's mistake to
    hear about, not something to tidy away."""
    refused = REFUSED_CHARACTER.search(value)
    if refused:
        raise PydanticCustomError(
            "control_character",
            messages.CONTROL_CHARACTER,
            {"character": f"U+{ord(refused.group()):04X}", "position": refused.start() + 1},
        )
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("blank", messages.BLANK_NAME)
    return stripped


def eight_digits(value: str) -> str:
    if not SCHOOL_UNIT_CODE.fullmatch(value):
        raise ValueError(messages.EIGHT_DIGITS)
    return value


# Lengths are of the name as sent, so that the document's limits are the ones applied.
OneLineName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="One line: no control characters or line breaks, not only whitespace. "
        "Surrounding whitespace is removed.",
        json_schema_extra={"pattern": ONE_LINE_NAME},
    ),
    AfterValidator(one_line),
]
# Documented as a pattern, checked by `eight_digits` for a Swedish message.
SchoolUnitCode = Annotated[
    str,
    Field(
        description="Skolverket's school unit code (skolenhetskod): exactly 8 digits.",
        examples=["12345678"],
        json_schema_extra={"pattern": SCHOOL_UNIT_CODE.pattern},
    ),
    AfterValidator(eight_digits),
]


# A change may leave either out, but never sends null: the document shows the value's own schema.
# (`X | None` rather than a union with a hidden None, whose errors would name both branches.)
NewName = Annotated[OneLineName | None, WithJsonSchema(TypeAdapter(OneLineName).json_schema())]
NewCode = Annotated[
    SchoolUnitCode | None, WithJsonSchema(TypeAdapter(SchoolUnitCode).json_schema())
]


def _change_schema(schema: dict[str, Any]) -> None:
    schema["minProperties"] = 1
    for field in schema["properties"].values():
        field.pop("default", None)  # left out means unchanged, not null


class AuthorityOut(BaseModel):
    id: str
    name: str


class SchoolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OneLineName = Field(examples=["Hermodsdalsskolan"])
    school_unit_code: SchoolUnitCode


class SchoolUpdate(BaseModel):
    """A new name, a new code or both; what is left out stays as it is."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_change_schema)

    name: NewName = Field(default=None, examples=["Hermodsdalsskolan"])
    school_unit_code: NewCode = None

    @field_validator("name", "school_unit_code", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            # The error POST gives for a null, so both routes answer alike.
            raise PydanticCustomError("string_type", "Input should be a valid string")
        return value

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.model_fields_set:
            raise PydanticCustomError("empty_update", messages.EMPTY_UPDATE)
        return self


class SchoolOut(BaseModel):
    id: str
    name: str
    school_unit_code: str


class SchoolList(BaseModel):
    schools: list[SchoolOut]


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OneLineName = Field(examples=["VT 2027, rektor"])
    questionnaire: str = Field(examples=["rektor"])


class InvitationOut(BaseModel):
    school_id: str | None
    url: str
    responded: bool | None = None
    school_name: str | None = Field(
        description="The school's name as stored; null for the authority's own invitation."
    )


class RoundSummary(BaseModel):
    id: str
    name: str
    created_at: str
    questionnaire: QuestionnaireRef


class RoundOut(RoundSummary):
    invitations: list[InvitationOut]


class RoundList(BaseModel):
    rounds: list[RoundSummary]
