"""YAML text and files → validated `Catalogue`s, with the questionnaire loader's machinery:
the same untrusting reader, and every problem at once as `path:line:column: message`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from app.core import errors
from app.core.catalogues.checks import check_catalogue
from app.core.catalogues.schema import Catalogue, EnergyOption, Task, TaskArea
from app.core.questionnaires.loader import (
    DEFAULT_MAX_BYTES,
    ModelMap,
    check_files_with,
    content_hash,
    parse_document,
)
from app.core.questionnaires.problems import Problem, QuestionnaireError
from app.core.questionnaires.reading import read_text

_MODELS: ModelMap = {
    (): Catalogue,
    ("energy",): EnergyOption,
    ("areas",): TaskArea,
    ("areas", "tasks"): Task,
}


def parse_catalogue(text: str, source: str = "<string>") -> Catalogue:
    """Parse one catalogue version; raise `QuestionnaireError` listing every problem."""
    return parse_document(text, source, Catalogue, _MODELS, check_catalogue)


def load_catalogue_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Catalogue:
    return parse_catalogue(read_text(path, max_bytes), str(path))


def check_catalogue_files(
    files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[dict[Path, Catalogue], list[Problem]]:
    """Load every file that is valid, and list the problems of the others."""
    return check_files_with(
        files,
        lambda file: load_catalogue_file(file, max_bytes),
        lambda c: (c.id, c.version),
        lambda c, first: errors.DUPLICATE_CATALOGUE_VERSION.message(
            id=c.id, version=c.version, first=first
        ),
    )


def load_catalogue_files(
    files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> dict[Path, Catalogue]:
    loaded, problems = check_catalogue_files(files, max_bytes)
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def catalogue_hash(catalogue: Catalogue) -> str:
    return content_hash(catalogue)
