"""Rules that span several fields of a questionnaire, each reported at an exact path.

They run on the plain parsed document, not on the validated model, so that a file with a
structural mistake still gets its cross-reference problems reported in the same run. Parts
that are malformed are skipped here: the schema reports those.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from app.core import errors
from app.core.questionnaires.schema import MAX_STATEMENTS

Path = tuple[str | int, ...]

# Versions shipped before material URLs had to differ. They may have been answered, and an
# answered version never changes (docs/questionnaires.md), so they keep their repeated URLs;
# every other version, their successors included, must not repeat one.
REPEATED_URLS_ALLOWED = frozenset({("rektor", 1), ("huvudman", 1)})


@dataclass(frozen=True)
class Finding:
    path: Path
    message: str


def check_document(document: dict[str, Any]) -> list[Finding]:
    areas = _entries(document, "areas")
    statements = _in_areas(areas, "statements")
    return [
        *_check_scale(document),
        *_check_levels(document),
        *_unique("area", areas),
        *_unique("statement", statements),
        *_check_statement_count(statements),
        *_unique("activity", _in_areas(areas, "activities")),
        *_unique("material", _entries(document, "materials")),
        *_check_material_references(document),
        *_check_material_urls(document),
    ]


def _in_areas(
    areas: list[tuple[Path, dict[str, Any]]], key: str
) -> list[tuple[Path, dict[str, Any]]]:
    """The mappings in every area's list at `key`, across the whole questionnaire."""
    return [
        ((*area_path, *path), entry)
        for area_path, area in areas
        for path, entry in _entries(area, key)
    ]


def _entries(parent: Any, key: str) -> list[tuple[Path, dict[str, Any]]]:
    """The mappings in the list at `parent[key]`, each with its path from the document."""
    items = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(items, list):
        return []
    return [((key, index), item) for index, item in enumerate(items) if isinstance(item, dict)]


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _check_scale(document: dict[str, Any]) -> Iterator[Finding]:
    previous: float | None = None
    for path, option in _entries(document.get("scale"), "options"):
        value = _number(option.get("value"))
        if value is None:
            continue
        if previous is not None and value <= previous:
            yield Finding(
                ("scale", *path, "value"),
                errors.SCALE_NOT_INCREASING.message(value=value, previous=previous),
            )
        previous = value


def _check_levels(document: dict[str, Any]) -> Iterator[Finding]:
    levels = _entries(document, "levels")
    previous: float | None = None
    for position, (path, level) in enumerate(levels):
        low = _number(level.get("min"))
        if low is None:
            continue
        if position == 0 and low != 0:
            yield Finding((*path, "min"), errors.FIRST_LEVEL_NOT_ZERO.message(low=low))
        if previous is not None and low <= previous:
            yield Finding(
                (*path, "min"),
                errors.LEVELS_NOT_ASCENDING.message(low=low, previous=previous),
            )
        previous = low
    yield from _unique("level", levels)


def _check_statement_count(statements: list[tuple[Path, dict[str, Any]]]) -> Iterator[Finding]:
    # Per area the schema counts; across areas only here, pointing at the first one too many.
    if len(statements) > MAX_STATEMENTS:
        path, _ = statements[MAX_STATEMENTS]
        message = errors.TOO_MANY_STATEMENTS.message(
            count=len(statements), limit=MAX_STATEMENTS, first=MAX_STATEMENTS + 1
        )
        yield Finding(path, message)


def _check_material_references(document: dict[str, Any]) -> Iterator[Finding]:
    known = {
        "area": [area.get("id") for _, area in _entries(document, "areas")],
        "level": [level.get("id") for _, level in _entries(document, "levels")],
    }
    for path, material in _entries(document, "materials"):
        for kind, ids in known.items():
            refs = material.get(f"{kind}s")
            for r, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in ids:
                    listed = ", ".join(str(i) for i in ids)
                    message = errors.UNKNOWN_REFERENCE.message(kind=kind, ref=ref, known=listed)
                    yield Finding((*path, f"{kind}s", r), message)


def _check_material_urls(document: dict[str, Any]) -> Iterator[Finding]:
    """Each material its own address: four materials opening the same page tell a reader
    nothing more than one. A section of a page (`#fragment`) counts as an address of its own."""
    if (document.get("id"), document.get("version")) in REPEATED_URLS_ALLOWED:
        return
    first: dict[str, str] = {}
    for path, material in _entries(document, "materials"):
        url = material.get("url")
        if not isinstance(url, str) or not url.strip():
            continue
        key = _comparable_url(url)
        if key in first:
            message = errors.DUPLICATE_URL.message(url=url.strip(), first=first[key])
            yield Finding((*path, "url"), message)
        else:
            first[key] = str(material.get("id"))


def _comparable_url(url: str) -> str:
    # Scheme and host are case-insensitive, and a trailing slash names the same page.
    parts = urlsplit(url.strip())
    return parts._replace(
        scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), path=parts.path.rstrip("/")
    ).geturl()


def _unique(kind: str, entries: Iterable[tuple[Path, dict[str, Any]]]) -> Iterator[Finding]:
    seen: set[str] = set()
    for path, entry in entries:
        value = entry.get("id")
        if not isinstance(value, str):
            continue
        if value in seen:
            yield Finding((*path, "id"), errors.DUPLICATE_ID.message(kind=kind, value=value))
        seen.add(value)
