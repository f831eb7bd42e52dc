"""Rules of a task catalogue that span several fields, each reported at an exact path.

Like the questionnaire's checks they run on the plain parsed document, so a file with a
structural mistake still gets these problems reported in the same run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from app.core import errors
from app.core.catalogues.schema import MAX_TASKS
from app.core.questionnaires.checks import Finding

Path = tuple[str | int, ...]


def check_catalogue(document: dict[str, Any]) -> list[Finding]:
    areas = _entries(document, "areas")
    tasks = [
        ((*area_path, *path), task)
        for area_path, area in areas
        for path, task in _entries(area, "tasks")
    ]
    return [
        *_check_energy(document),
        *_unique("area", areas),
        *_unique("task", tasks),
        *_check_task_count(tasks),
    ]


def _entries(parent: Any, key: str) -> list[tuple[Path, dict[str, Any]]]:
    items = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(items, list):
        return []
    return [((key, index), item) for index, item in enumerate(items) if isinstance(item, dict)]


def _check_energy(document: dict[str, Any]) -> Iterator[Finding]:
    previous: int | None = None
    for path, option in _entries(document, "energy"):
        value = option.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if previous is not None and value <= previous:
            message = errors.ENERGY_NOT_INCREASING.message(value=value, previous=previous)
            yield Finding((*path, "value"), message)
        previous = value


def _check_task_count(tasks: list[tuple[Path, dict[str, Any]]]) -> Iterator[Finding]:
    if len(tasks) > MAX_TASKS:
        path, _ = tasks[MAX_TASKS]
        yield Finding(
            path, errors.TOO_MANY.message(field="tasks", count=len(tasks), limit=MAX_TASKS)
        )


def _unique(kind: str, entries: Iterable[tuple[Path, dict[str, Any]]]) -> Iterator[Finding]:
    seen: set[str] = set()
    for path, entry in entries:
        value = entry.get("id")
        if not isinstance(value, str):
            continue
        if value in seen:
            yield Finding((*path, "id"), errors.DUPLICATE_ID.message(kind=kind, value=value))
        seen.add(value)
