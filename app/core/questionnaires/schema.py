"""The questionnaire format that admins edit, as frozen pydantic models.

Structure only: cross-references (ids unique, materials pointing at existing areas and
levels, ascending levels) are checked in `checks.py`, where each problem gets an exact path.
Numbers are strict: `weight: '3'` or `weight: true` is a mistake, not 3 or 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_serializer,
)

# Limits: generous for a questionnaire answered in one sitting (the shipped ones have 8 areas
# and 23 statements), yet small enough that no file can make every page, result and stored
# definition huge. `docs/questionnaires.md` lists them.
MAX_AREAS = 30
MAX_STATEMENTS_PER_AREA = 60
MAX_STATEMENTS = 300  # in the whole questionnaire: checked in checks.py
MAX_MATERIALS = 50
MAX_ACTIVITIES_PER_AREA = 8
MAX_SCALE_OPTIONS = 10
MAX_LEVELS = 10
MAX_TITLE = 200  # titles and labels
MAX_TEXT = 2_000  # statements, help, descriptions, the intro
MAX_URL = 2_000
MAX_VERSION = 10_000  # versions are stored in 32-bit integer columns
MAX_SCALE_VALUE = 1_000
MAX_WEIGHT = 1_000

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9-]+$", min_length=1, max_length=64),
    Field(description="Lower-case letters, digits and hyphens; stable across versions."),
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Audience = Literal["principal", "authority"]
DONT_KNOW = "dont_know"


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// address")
    return value


HttpUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_URL), AfterValidator(_http_url)
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy without the cached lookups, which may not hold for the updated fields."""
        copied = super().model_copy(update=update, deep=deep)
        for name in [key for key in copied.__dict__ if key not in type(self).model_fields]:
            del copied.__dict__[name]
        return copied


class ScaleOption(_Frozen):
    value: Annotated[StrictInt, Field(ge=-MAX_SCALE_VALUE, le=MAX_SCALE_VALUE)]
    label: Title


class Scale(_Frozen):
    options: Annotated[list[ScaleOption], Field(min_length=2, max_length=MAX_SCALE_OPTIONS)]
    dont_know: Title | None = None

    @property
    def lowest(self) -> int:
        return self.options[0].value

    @property
    def highest(self) -> int:
        return self.options[-1].value

    @cached_property
    def values(self) -> frozenset[int]:
        return frozenset(option.value for option in self.options)

    @cached_property
    def labels(self) -> dict[int, str]:
        """Each value's label (read-only: shared by every result)."""
        return {option.value: option.label for option in self.options}


class Level(_Frozen):
    id: Identifier
    label: Title
    min: Annotated[float, Field(ge=0, le=100, strict=True, allow_inf_nan=False)]
    weak: StrictBool = False
    description: Text | None = None


class Statement(_Frozen):
    id: Identifier
    text: Text
    help: Text | None = None
    weight: Annotated[float, Field(gt=0, le=MAX_WEIGHT, strict=True, allow_inf_nan=False)] = 1
    reverse: StrictBool = False


class Activity(_Frozen):
    """Something concrete a school or authority can do to move an area forward. Its id stays
    the same across versions, so that what is planned from it can point back at it."""

    id: Identifier
    text: Text


class Area(_Frozen):
    id: Identifier
    title: Title
    description: Text | None = None
    statements: Annotated[list[Statement], Field(min_length=1, max_length=MAX_STATEMENTS_PER_AREA)]
    activities: Annotated[list[Activity], Field(max_length=MAX_ACTIVITIES_PER_AREA)] = []
    # The area is about tasks others than teachers can take over: its result links the
    # inventory's task catalogue (`/uppgifter`).
    task_catalogue: bool = False

    @model_serializer(mode="wrap")
    def _without_new_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A version written before activities and task_catalogue existed must keep its
        # definition hash (its answered results are stored under it), so their defaults are
        # left out of every dump.
        dumped: dict[str, Any] = handler(self)
        if not self.activities:
            dumped.pop("activities", None)
        if not self.task_catalogue:
            dumped.pop("task_catalogue", None)
        return dumped


class Material(_Frozen):
    id: Identifier
    title: Title
    url: HttpUrl
    description: Text | None = None
    areas: Annotated[list[Identifier], Field(min_length=1, max_length=MAX_AREAS)]
    levels: Annotated[list[Identifier], Field(min_length=1, max_length=MAX_LEVELS)]


class Questionnaire(_Frozen):
    id: Identifier
    version: Annotated[StrictInt, Field(gt=0, le=MAX_VERSION)]
    audience: Audience
    title: Title
    intro: Text | None = None
    scale: Scale
    levels: Annotated[list[Level], Field(min_length=1, max_length=MAX_LEVELS)]
    areas: Annotated[list[Area], Field(min_length=1, max_length=MAX_AREAS)]
    materials: Annotated[list[Material], Field(max_length=MAX_MATERIALS)] = []

    # Lookups are cached: a frozen model never changes, and results ask for them often.
    @cached_property
    def statements(self) -> list[Statement]:
        return [statement for area in self.areas for statement in area.statements]

    def level(self, level_id: str) -> Level:
        return self._levels_by_id[level_id]

    def area(self, area_id: str) -> Area:
        return self._areas_by_id[area_id]

    def material(self, material_id: str) -> Material:
        return self._materials_by_id[material_id]

    @cached_property
    def _levels_by_id(self) -> dict[str, Level]:
        return {level.id: level for level in self.levels}

    @cached_property
    def _areas_by_id(self) -> dict[str, Area]:
        return {area.id: area for area in self.areas}

    @cached_property
    def _materials_by_id(self) -> dict[str, Material]:
        return {material.id: material for material in self.materials}
