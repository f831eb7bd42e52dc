"""What the person leading an inventory records in workshops 2 to 4 and the action plan.

Each is a whole document, replaced as a whole (PUT), validated here. The shapes are the API's
contract (docs/api.md); the same models are stored as JSON, so what is read back is what was
checked. Task ids are checked against the pinned catalogue by `unknown_tasks`, because the
catalogue is not known when a body is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.core.catalogues.schema import MAX_TASKS, Catalogue
from app.core.questionnaires.schema import Identifier

MAX_FIELD_TEXT = 2_000
MAX_TITLE = 200
MAX_ROLES = 50
MAX_EFFECTS = 20  # per role
# Room for a follow-up of every effect workshop 4 may have, and as many items again.
MAX_PLAN_ITEMS = 2 * MAX_ROLES * MAX_EFFECTS

Others = Literal["yes", "partly", "no"]
Decision = Literal["hand_over", "simplify", "stop", "keep"]
Status = Literal["planned", "ongoing", "done", "cancelled"]
SourceKind = Literal["selfcheck", "workshop4", "own"]
OTHERS: tuple[str, ...] = Others.__args__  # type: ignore[attr-defined]
DECISIONS: tuple[str, ...] = Decision.__args__  # type: ignore[attr-defined]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

# Control characters other than line breaks, and the BMP's noncharacters.
_REFUSED_IN_TEXT = "\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff"
TEXT_PATTERN = f"^[^{_REFUSED_IN_TEXT}]*$"
_REFUSED_IN_LINE = f"{_REFUSED_IN_TEXT}\\u000a\\u000d\\u2028\\u2029"
LINE_PATTERN = f"^[^{_REFUSED_IN_LINE}]*[^{_REFUSED_IN_LINE}\\s][^{_REFUSED_IN_LINE}]*$"
_TEXT_REFUSES = re.compile(f"[{_REFUSED_IN_TEXT}]")
_LINE_REFUSES = re.compile(f"[{_REFUSED_IN_LINE}]")


def _field_text(value: str) -> str:
    # Browsers send a textarea's line breaks as CRLF; stored and counted as one character.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _TEXT_REFUSES.search(value):
        raise PydanticCustomError(
            "control_character", "Texten får inte innehålla styrtecken (utom radbrytningar)."
        )
    if len(value) > MAX_FIELD_TEXT:
        raise PydanticCustomError("too_long", "Texten får vara högst 2 000 tecken.")
    return value.strip()


def plain_text(value: str) -> str:
    """Text from elsewhere (a questionnaire, workshop 4) made fit for a field: control
    characters other than line breaks become spaces, and it is cut at the limit."""
    return _TEXT_REFUSES.sub(" ", value).strip()[:MAX_FIELD_TEXT]


def _required(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "Fältet får inte vara tomt.")
    return value


def _one_line(value: str) -> str:
    if _LINE_REFUSES.search(value):
        raise PydanticCustomError(
            "control_character", "Texten ska stå på en rad, utan radbrytningar eller styrtecken."
        )
    value = value.strip()
    if not value:
        raise PydanticCustomError("blank", "Fältet får inte vara tomt.")
    if len(value) > MAX_TITLE:
        raise PydanticCustomError("too_long", "Texten får vara högst 200 tecken.")
    return value


def whole_number(value: object) -> object:
    """A number without a fraction: 50 or 50.0 (JSON Schema's integer) or a form's "50"; not
    a boolean, which pydantic's lax mode would take as 0 or 1. Use it after the field's limits
    (`Annotated[int, Field(ge=..), BeforeValidator(whole_number)]`), or the OpenAPI document
    loses them."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Ange ett heltal.")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_TEXT_SCHEMA = {"pattern": TEXT_PATTERN, "maxLength": MAX_FIELD_TEXT}
FieldText = Annotated[str, Field(json_schema_extra=_TEXT_SCHEMA), AfterValidator(_field_text)]
RequiredText = Annotated[FieldText, AfterValidator(_required)]
RoleTitle = Annotated[
    str,
    Field(json_schema_extra={"pattern": LINE_PATTERN, "maxLength": MAX_TITLE}),
    AfterValidator(_one_line),
]
ItemId = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,32}$")]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_repeats(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("repeated", f"{what} {value} står mer än en gång.")
        seen.add(value)


class TaskView(_Document):
    """Workshop 2 for one task: should others than teachers do it, why, what the school gains."""

    others: Others
    why: FieldText = ""
    gain: FieldText = ""


class Workshop2(_Document):
    """Tasks left out are undecided."""

    tasks: Annotated[dict[Identifier, TaskView], Field(max_length=MAX_TASKS)] = {}


class Priority(_Document):
    task: Identifier
    decision: Decision
    consequences: FieldText = ""


class Workshop3(_Document):
    """The leadership's decisions; the list's order is the priority."""

    priorities: Annotated[list[Priority], Field(max_length=MAX_TASKS)] = []

    @model_validator(mode="after")
    def _each_task_once(self) -> Self:
        _no_repeats([p.task for p in self.priorities], "Uppgiften")
        return self


class Effect(_Document):
    """An expected effect of a role and how it is followed up."""

    indicator: RequiredText
    baseline: FieldText = ""
    target: FieldText = ""
    follow_up: date | None = None
    method: FieldText = ""
    # A role, not a person: the plan is an official document that anyone may ask to read.
    responsible: FieldText = ""


class Role(_Document):
    title: RoleTitle
    tasks: Annotated[list[Identifier], Field(max_length=MAX_TASKS)] = []
    fte_percent: Annotated[int, Field(ge=1, le=100), BeforeValidator(whole_number)]
    requirements: FieldText = ""
    placement: FieldText = ""
    effects: Annotated[list[Effect], Field(max_length=MAX_EFFECTS)] = []

    @model_validator(mode="after")
    def _each_task_once(self) -> Self:
        _no_repeats(self.tasks, "Uppgiften")
        return self


class Workshop4(_Document):
    roles: Annotated[list[Role], Field(max_length=MAX_ROLES)] = []


class Source(_Document):
    kind: SourceKind = "own"
    ref: Annotated[str, Field(max_length=100)] | None = None


class PlanItem(_Document):
    id: ItemId | None = Field(default=None, description="Given by Koll; keep it to keep the item.")
    activity: RequiredText
    source: Source = Source()
    responsible: FieldText = ""
    start: date | None = None
    due: date | None = None
    success: FieldText = ""
    status: Status = "planned"

    @model_validator(mode="after")
    def _due_after_start(self) -> Self:
        if self.start is not None and self.due is not None and self.due < self.start:
            raise PydanticCustomError("due_before_start", "Slutdatumet ligger före startdatumet.")
        return self


class Plan(_Document):
    items: Annotated[list[PlanItem], Field(max_length=MAX_PLAN_ITEMS)] = []

    @model_validator(mode="after")
    def _ids_once(self) -> Self:
        _no_repeats([i.id for i in self.items if i.id is not None], "Punkten")
        return self


def _task_refs(document: Workshop2 | Workshop3 | Workshop4) -> Iterator[tuple[str, str]]:
    """(location, task id) of every task a document names, locations as in the API's errors."""
    if isinstance(document, Workshop2):
        yield from ((f"body.tasks.{task}", task) for task in document.tasks)
    elif isinstance(document, Workshop3):
        for n, priority in enumerate(document.priorities):
            yield f"body.priorities.{n}.task", priority.task
    else:
        for n, role in enumerate(document.roles):
            yield from ((f"body.roles.{n}.tasks.{m}", t) for m, t in enumerate(role.tasks))


def unknown_tasks(
    catalogue: Catalogue, document: Workshop2 | Workshop3 | Workshop4
) -> list[tuple[str, str]]:
    """(location, task id) of each task the catalogue does not have."""
    known = catalogue.task_ids
    return [(where, task) for where, task in _task_refs(document) if task not in known]
