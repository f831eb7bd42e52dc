"""The task catalogue that admins edit (the inventory's tasks), as frozen pydantic models.

Structure only; ids unique and the energy scale increasing are checked in `checks.py`, where
each problem gets an exact path. It shares the questionnaire format's building blocks (ids,
titles, texts and their limits), so both read and fail alike.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import Field, StrictInt

from app.core.questionnaires.schema import (
    MAX_AREAS,
    MAX_VERSION,
    Identifier,
    Text,
    Title,
    _Frozen,
)

MAX_TASKS_PER_AREA = 40
MAX_TASKS = 200  # in the whole catalogue: checked in checks.py
ENERGY_LOWEST = 1
ENERGY_HIGHEST = 5


class EnergyOption(_Frozen):
    value: Annotated[StrictInt, Field(ge=ENERGY_LOWEST, le=ENERGY_HIGHEST)]
    label: Title


class Task(_Frozen):
    id: Identifier
    text: Text
    # The limits and conditions Skolverket states for others than teachers doing the task.
    note: Text | None = None


class TaskArea(_Frozen):
    id: Identifier
    title: Title
    description: Text | None = None
    tasks: Annotated[list[Task], Field(min_length=1, max_length=MAX_TASKS_PER_AREA)]


class Catalogue(_Frozen):
    id: Identifier
    version: Annotated[StrictInt, Field(gt=0, le=MAX_VERSION)]
    title: Title
    intro: Text | None = None
    energy: Annotated[
        list[EnergyOption],
        Field(min_length=2, max_length=ENERGY_HIGHEST - ENERGY_LOWEST + 1),
    ]
    areas: Annotated[list[TaskArea], Field(min_length=1, max_length=MAX_AREAS)]

    @cached_property
    def tasks(self) -> list[Task]:
        return [task for area in self.areas for task in area.tasks]

    @cached_property
    def task_ids(self) -> frozenset[str]:
        return frozenset(task.id for task in self.tasks)

    @cached_property
    def energy_values(self) -> frozenset[int]:
        return frozenset(option.value for option in self.energy)
