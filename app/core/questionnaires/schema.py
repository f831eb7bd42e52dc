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
    StrictBool,
    StrictInt,
    StringConstraints,
)

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9-]+$", min_length=1, max_length=64),
    Field(description="Lower-case letters, digits and hyphens; stable across versions."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Audience = Literal["principal", "authority"]
DONT_KNOW = "dont_know"


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// address")
    return value


HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_http_url)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy without the cached lookups, which may not hold for the updated fields."""
        copied = super().model_copy(update=update, deep=deep)
        for name in [key for key in copied.__dict__ if key not in type(self).model_fields]:
            del copied.__dict__[name]
        return copied


class ScaleOption(_Frozen):
    value: StrictInt
    label: Text


class Scale(_Frozen):
    options: Annotated[list[ScaleOption], Field(min_length=2)]
    dont_know: Text | None = None

    @property
    def lowest(self) -> int:
        return self.options[0].value

    @property
    def highest(self) -> int:
        return self.options[-1].value

    @cached_property
    def values(self) -> frozenset[int]:
        return frozenset(option.value for option in self.options)


class Level(_Frozen):
    id: Identifier
    label: Text
    min: Annotated[float, Field(ge=0, le=100, strict=True)]
    weak: StrictBool = False
    description: Text | None = None


class Statement(_Frozen):
    id: Identifier
    text: Text
    help: Text | None = None
    weight: Annotated[float, Field(gt=0, strict=True)] = 1
    reverse: StrictBool = False


class Area(_Frozen):
    id: Identifier
    title: Text
    description: Text | None = None
    statements: Annotated[list[Statement], Field(min_length=1)]


class Material(_Frozen):
    id: Identifier
    title: Text
    url: HttpUrl
    description: Text | None = None
    areas: Annotated[list[Identifier], Field(min_length=1)]
    levels: Annotated[list[Identifier], Field(min_length=1)]


class Questionnaire(_Frozen):
    id: Identifier
    version: Annotated[StrictInt, Field(gt=0)]
    audience: Audience
    title: Text
    intro: Text | None = None
    scale: Scale
    levels: Annotated[list[Level], Field(min_length=1)]
    areas: Annotated[list[Area], Field(min_length=1)]
    materials: list[Material] = []

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
