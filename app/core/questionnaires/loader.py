"""YAML text and files → validated `Questionnaire`s, every problem with file, line and column."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.core import errors
from app.core.questionnaires.checks import Finding, check_document
from app.core.questionnaires.problems import Problem, QuestionnaireError
from app.core.questionnaires.reading import DEFAULT_MAX_BYTES, read_text, read_yaml
from app.core.questionnaires.schema import (
    Activity,
    Area,
    Level,
    Material,
    Questionnaire,
    Scale,
    ScaleOption,
    Statement,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Problem",
    "QuestionnaireError",
    "check_files",
    "check_files_with",
    "content_hash",
    "definition_hash",
    "load_file",
    "load_files",
    "parse_document",
    "parse_questionnaire",
    "questionnaire_files",
]

Model = TypeVar("Model", bound=BaseModel)
Loaded = TypeVar("Loaded")
# The model that holds the fields at a location, by the location's named parts (for hints).
ModelMap = Mapping[tuple[str, ...], type[BaseModel]]
DocumentCheck = Callable[[dict[str, Any]], Iterable[Finding]]


def parse_questionnaire(text: str, source: str = "<string>") -> Questionnaire:
    """Parse one questionnaire version; raise `QuestionnaireError` listing every problem."""
    return parse_document(text, source, Questionnaire, _MODELS, check_document)


def parse_document(
    text: str, source: str, model: type[Model], models: ModelMap, check: DocumentCheck
) -> Model:
    """Any YAML format of frozen pydantic models, read without trusting it; raise
    `QuestionnaireError` listing every problem of the schema and of `check` at its position."""
    document = read_yaml(text, source)
    plain = _plain(document)
    problems: list[Problem] = []
    try:
        parsed = model.model_validate(plain)
    except ValidationError as error:
        problems.extend(
            _schema_problem(source, document, detail, models) for detail in error.errors()
        )
    # Cross-field findings too, except where the schema already put its finger on the spot.
    reported = {(p.line, p.column) for p in problems}
    for finding in check(plain):
        problem = _problem(source, document, finding.path, finding.message)
        if (problem.line, problem.column) not in reported:
            problems.append(problem)
    if problems:
        raise QuestionnaireError(sorted(problems, key=lambda p: (p.line, p.column)))
    return parsed


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Questionnaire:
    """One file; one larger than `max_bytes` is refused without being read."""
    return parse_questionnaire(read_text(path, max_bytes), str(path))


def questionnaire_files(paths: Iterable[Path]) -> list[Path]:
    """The `*.yaml` files named, or found under the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    return files


def check_files(
    files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[dict[Path, Questionnaire], list[Problem]]:
    """Load every file that is valid, and list the problems of the others."""
    return check_files_with(
        files,
        lambda file: load_file(file, max_bytes),
        lambda q: (q.id, q.version),
        lambda q, first: errors.DUPLICATE_VERSION.message(id=q.id, version=q.version, first=first),
    )


def check_files_with(
    files: Iterable[Path],
    load: Callable[[Path], Loaded],
    key: Callable[[Loaded], Hashable],
    duplicate: Callable[[Loaded, Path], str],
) -> tuple[dict[Path, Loaded], list[Problem]]:
    """Load every file with `load`, keeping the valid ones whose `key` no earlier file had."""
    loaded: dict[Path, Loaded] = {}
    problems: list[Problem] = []
    first_file: dict[Hashable, Path] = {}
    for file in files:
        try:
            document = load(file)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        except Exception as error:
            # A file must never stop the others being checked, nor surface as a traceback
            # that does not name it; the guards in `reading` mean this should not happen.
            reason = f"{type(error).__name__}: {error}"
            problems.append(Problem(str(file), 1, 1, errors.CHECK_FAILED.message(error=reason)))
            continue
        identity = key(document)
        if identity in first_file:
            problems.append(Problem(str(file), 1, 1, duplicate(document, first_file[identity])))
            continue
        first_file[identity] = file
        loaded[file] = document
    return loaded, problems


def load_files(
    files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> dict[Path, Questionnaire]:
    """Load every file; raise one `QuestionnaireError` with the problems of all of them."""
    loaded, problems = check_files(files, max_bytes)
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def definition_hash(questionnaire: Questionnaire) -> str:
    """A hash of the content, blind to comments, formatting and key order."""
    return content_hash(questionnaire)


def content_hash(document: BaseModel) -> str:
    """The SHA-256 of a model's canonical JSON: blind to comments, formatting and key order."""
    canonical = json.dumps(
        document.model_dump(mode="json"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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


def _schema_problem(source: str, document: Any, detail: ErrorDetails, models: ModelMap) -> Problem:
    location = _clean_location(detail)
    if detail["type"] == "too_long":
        # Point at the first entry too many rather than at the start of the list.
        location = (*location, detail.get("ctx", {}).get("max_length", 0))
    at_key = detail["type"] == "extra_forbidden"
    return _problem(source, document, location, _describe(detail, models), at_key=at_key)


def _describe(detail: ErrorDetails, models: ModelMap) -> str:
    location = detail["loc"]
    field = location[-1] if location else ""
    kind = detail["type"]
    limit = detail.get("ctx", {}).get("max_length")
    if kind == "missing":
        return errors.MISSING_FIELD.message(field=field)
    if kind == "extra_forbidden":
        return errors.UNKNOWN_FIELD.message(field=field, hint=_did_you_mean(detail, models))
    if kind == "string_pattern_mismatch":
        return errors.INVALID_ID.message()
    if kind == "string_too_short":
        return errors.EMPTY.message()
    if kind == "too_long":
        count = len(detail["input"])
        return errors.TOO_MANY.message(field=field, count=count, limit=limit)
    if kind == "string_too_long":
        length = len(str(detail["input"]).strip())
        return errors.TOO_LONG.message(field=_named_field(location), length=length, limit=limit)
    message = detail["msg"].removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else kind


def _named_field(location: tuple[str | int, ...]) -> str | int:
    """The field a value belongs to: `areas` for an id in a material's list of areas."""
    named = [part for part in location if isinstance(part, str) and "[" not in part]
    return named[-1] if named else ""


# The model that holds the fields at a location, by the location's named parts.
_MODELS: ModelMap = {
    (): Questionnaire,
    ("scale",): Scale,
    ("scale", "options"): ScaleOption,
    ("levels",): Level,
    ("areas",): Area,
    ("areas", "statements"): Statement,
    ("areas", "activities"): Activity,
    ("materials",): Material,
}


def _did_you_mean(detail: ErrorDetails, models: ModelMap) -> str:
    *parent, field = detail["loc"]
    model = models.get(tuple(part for part in parent if isinstance(part, str)))
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
