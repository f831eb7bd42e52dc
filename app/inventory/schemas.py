"""The inventory API's request and response shapes (the contract integrations rely on)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from app.core.catalogues.participation import ROLES
from app.core.catalogues.workshops import Decision, whole_number
from app.core.catalogues.workshops import Plan as PlanIn
from app.core.catalogues.workshops import Workshop2 as Workshop2In
from app.core.catalogues.workshops import Workshop3 as Workshop3In
from app.core.catalogues.workshops import Workshop4 as Workshop4In
from app.inventory import messages
from app.inventory.service import DEFAULT_MIN_RESPONDENTS

# Control characters, line breaks and the BMP's noncharacters: never part of a name.
REFUSED = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ufffe\\uffff"
ONE_LINE_NAME = f"^[^{REFUSED}]*[^{REFUSED}\\s][^{REFUSED}]*$"
_REFUSED = re.compile(f"[{REFUSED}]")
Role = Literal["teacher", "other_staff", "leadership"]
assert tuple(Role.__args__) == ROLES  # type: ignore[attr-defined]  # one list of roles


def one_line(value: str) -> str:
    if _REFUSED.search(value):
        raise PydanticCustomError("control_character", messages.CONTROL_CHARACTER)
    if not value.strip():
        raise PydanticCustomError("blank", messages.BLANK_NAME)
    return value.strip()


Name = Annotated[
    str,
    Field(min_length=1, max_length=200, json_schema_extra={"pattern": ONE_LINE_NAME}),
    AfterValidator(one_line),
]


StaffCount = Annotated[int, Field(ge=1, le=100_000), BeforeValidator(whole_number)]
ResultId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class InventoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Workshop 1, Hermodsdalsskolan VT 2027"])
    catalogue: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,64}$")] = "uppgifter"
    min_respondents: Annotated[int, Field(ge=3, le=50)] = DEFAULT_MIN_RESPONDENTS
    staff_count: StaffCount | None = Field(
        default=None, description="How many staff the school has (scales workshop 3's hours)."
    )
    selfcheck_result: ResultId | None = Field(
        default=None,
        description="A self-check result's id: its weak areas' activities open the plan.",
    )


class InventoryPatch(BaseModel):
    """Only the fields sent change; `null` clears the staff count."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    staff_count: StaffCount | None = None


class CatalogueRef(BaseModel):
    id: str
    version: int


class Links(BaseModel):
    manage: str | None = Field(description="Only in the answer to the creation.")
    participate: str


class InventoryOut(BaseModel):
    id: str
    name: str
    catalogue: CatalogueRef
    min_respondents: int
    staff_count: int | None = None
    status: Literal["open", "closed"]
    created_at: datetime
    links: Links
    school_id: str | None = None
    manage_token: str | None = Field(
        default=None, description="Only in the answer to the creation."
    )


class InventoryList(BaseModel):
    inventories: list[InventoryOut]


class TaskAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hours: (
        Annotated[float, Field(ge=0, le=60)]
        | Annotated[str, Field(pattern=r"^([0-9]|[1-5][0-9])([.,][0-9])?$")]
        | None
    ) = Field(default=None, description="0 to 60, at most one decimal; 0 or empty: not done")
    energy: Annotated[int, Field(ge=1, le=5)] | None = Field(
        default=None, description="A value of the catalogue's energy scale"
    )
    teacher: Literal["yes", "partly", "no"] | None = None


class ParticipationCreate(BaseModel):
    """For the OpenAPI document; the body is checked by app.core.catalogues.participation,
    which names each offending task and field."""

    token: str
    role: Role
    tasks: dict[str, TaskAnswerIn]


class TeacherCounts(BaseModel):
    yes: int | None
    partly: int | None
    no: int | None


class TaskFiguresOut(BaseModel):
    id: str
    text: str
    doing: int | None
    hours_total: float | None
    hours_median: float | None
    energy_mean: float | None
    teacher: TeacherCounts


class AreaFiguresOut(BaseModel):
    id: str
    title: str
    hours_total: float | None
    tasks: list[TaskFiguresOut]


class InventoryRef(BaseModel):
    id: str
    name: str
    status: Literal["open", "closed"]


class Workshop1Out(BaseModel):
    inventory: InventoryRef
    respondents: int
    min_respondents: int
    visible: bool
    reason: Literal["open", "below_threshold", "rest_below_threshold"] | None
    role: Role | None
    roles: dict[str, int]
    areas: list[AreaFiguresOut]


class PriorityOut(BaseModel):
    task: str
    decision: Decision
    consequences: str
    hours_total: float | None = Field(description="Workshop 1's hours a week; null if hidden")


class HoursFreedOut(BaseModel):
    respondents: float | None
    school: float | None


class Workshop3Out(BaseModel):
    priorities: list[PriorityOut]
    hours_freed: HoursFreedOut


# The authority summary (GET /api/v1/inventories/summary).
class AreaHoursOut(BaseModel):
    hours_total: float | None
    hours_handed_over: float | None


class AreaTotalOut(AreaHoursOut):
    schools: int


class RoleOut(BaseModel):
    title: str
    fte: float


class RoleTotalOut(RoleOut):
    schools: int


class SchoolSummaryOut(BaseModel):
    school_id: str
    inventory_id: str
    respondents: int
    visible: bool
    areas: dict[str, AreaHoursOut]
    roles: list[RoleOut]


class TotalsOut(BaseModel):
    areas: dict[str, AreaTotalOut]
    roles: list[RoleTotalOut]


class SummaryOut(BaseModel):
    schools: list[SchoolSummaryOut]
    totals: TotalsOut


__all__ = ["PlanIn", "Workshop2In", "Workshop3In", "Workshop4In"]
