"""YAML text and files → validated `Questionnaire`s, every problem with file, line and column."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from app.core import errors
from app.core.questionnaires.checks import check_document
from app.core.questionnaires.schema import (
    Area,
    Level,
    Material,
    Questionnaire,
    Scale,
    ScaleOption,
    Statement,
)


@dataclass(frozen=True)
class Problem:
    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"


class QuestionnaireError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def parse_questionnaire(text: str, source: str = "<string>") -> Questionnaire:
    """Parse one questionnaire version; raise `QuestionnaireError` listing every problem."""
    document = _read_yaml(text, source)
    plain = _plain(document)
    problems: list[Problem] = []
    try:
        questionnaire = Questionnaire.model_validate(plain)
    except ValidationError as error:
        problems.extend(
            _problem(
                source,
                document,
                _clean_location(detail),
                _describe(detail),
                at_key=detail["type"] == "extra_forbidden",
            )
            for detail in error.errors()
        )
    # Cross-field findings too, except where the schema already put its finger on the spot.
    reported = {(p.line, p.column) for p in problems}
    for finding in check_document(plain):
        problem = _problem(source, document, finding.path, finding.message)
        if (problem.line, problem.column) not in reported:
            problems.append(problem)
    if problems:
        raise QuestionnaireError(sorted(problems, key=lambda p: (p.line, p.column)))
    return questionnaire


def load_file(path: Path) -> Questionnaire:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError(
            [Problem(str(path), 1, 1, errors.UNREADABLE_FILE.message(error=error))]
        ) from None
    return parse_questionnaire(text, str(path))


def questionnaire_files(paths: Iterable[Path]) -> list[Path]:
    """The `*.yaml` files named, or found under the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    return files


def check_files(files: Iterable[Path]) -> tuple[dict[Path, Questionnaire], list[Problem]]:
    """Load every file that is valid, and list the problems of the others."""
    loaded: dict[Path, Questionnaire] = {}
    problems: list[Problem] = []
    first_file: dict[tuple[str, int], Path] = {}
    for file in files:
        try:
            questionnaire = load_file(file)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        key = (questionnaire.id, questionnaire.version)
        if key in first_file:
            message = errors.DUPLICATE_VERSION.message(
                id=questionnaire.id, version=questionnaire.version, first=first_file[key]
            )
            problems.append(Problem(str(file), 1, 1, message))
            continue
        first_file[key] = file
        loaded[file] = questionnaire
    return loaded, problems


def load_files(files: Iterable[Path]) -> dict[Path, Questionnaire]:
    """Load every file; raise one `QuestionnaireError` with the problems of all of them."""
    loaded, problems = check_files(files)
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def definition_hash(questionnaire: Questionnaire) -> str:
    """A hash of the content, blind to comments, formatting and key order."""
    canonical = json.dumps(
        questionnaire.model_dump(mode="json"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _read_yaml(text: str, source: str) -> Any:
    yaml = YAML(typ="rt")
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "invalid YAML"
        raise QuestionnaireError(
            [Problem(source, line, column, errors.INVALID_YAML.message(reason=reason))]
        ) from None
    if not isinstance(document, CommentedMap):
        raise QuestionnaireError([Problem(source, 1, 1, errors.NOT_A_MAPPING.message())])
    return document


def _plain(node: Any) -> Any:
    """ruamel's round-trip containers → plain dicts and lists, so pydantic sees real types."""
    if isinstance(node, CommentedMap):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(item) for item in node]
    if isinstance(node, bool):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _clean_location(detail: ErrorDetails) -> tuple[str | int, ...]:
    # pydantic appends validator names (e.g. 'function-after[...]') to some locations.
    return tuple(part for part in detail["loc"] if isinstance(part, int) or "[" not in part)


def _describe(detail: ErrorDetails) -> str:
    location = detail["loc"]
    field = location[-1] if location else ""
    kind = detail["type"]
    if kind == "missing":
        return errors.MISSING_FIELD.message(field=field)
    if kind == "extra_forbidden":
        return errors.UNKNOWN_FIELD.message(field=field, hint=_did_you_mean(detail))
    if kind == "string_pattern_mismatch":
        return errors.INVALID_ID.message()
    if kind == "string_too_short":
        return errors.EMPTY.message()
    message = detail["msg"].removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else kind


# The model that holds the fields at a location, by the location's named parts.
_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): Questionnaire,
    ("scale",): Scale,
    ("scale", "options"): ScaleOption,
    ("levels",): Level,
    ("areas",): Area,
    ("areas", "statements"): Statement,
    ("materials",): Material,
}


def _did_you_mean(detail: ErrorDetails) -> str:
    *parent, field = detail["loc"]
    model = _MODELS.get(tuple(part for part in parent if isinstance(part, str)))
    known = list(model.model_fields) if model else []
    close = difflib.get_close_matches(str(field), known, n=1)
    return errors.DID_YOU_MEAN.format(name=close[0]) if close else ""


def _problem(
    source: str, document: Any, path: Iterable[str | int], message: str, *, at_key: bool = False
) -> Problem:
    line, column = _position(document, path, at_key=at_key)
    return Problem(source, line + 1, column + 1, message)


def _position(document: Any, path: Iterable[str | int], *, at_key: bool) -> tuple[int, int]:
    """The 0-based position of the deepest node of `path` present in the document.

    A scalar is located at its value, unless the key itself is the problem (an unknown field).
    """
    node = document
    line, column = node.lc.line, node.lc.col
    for part in path:
        if isinstance(node, CommentedMap) and part in node:
            leaf = _is_leaf(node[part])
            # An empty value has no position of its own: ruamel points at the next token.
            on_key = (at_key and leaf) or node[part] is None
            line, column = node.lc.key(part) if on_key else node.lc.value(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
        else:
            break
    return line, column


def _is_leaf(node: Any) -> bool:
    return not isinstance(node, CommentedMap | CommentedSeq)
