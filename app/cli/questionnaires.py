"""`koll questionnaires ...`: validate, list, diff and schema, for the admins who edit the files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from app.cli.database import database_exists, unit_of_work
from app.core.questionnaires import (
    Catalog,
    Questionnaire,
    QuestionnaireError,
    QuestionnaireVersion,
    check_files,
)
from app.core.questionnaires import questionnaire_files as find_files
from app.core.questionnaires.diff import diff
from app.platform.definitions import stored_versions
from app.platform.settings import Settings
from app.selfcheck import queries

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def add_commands(commands: Any) -> None:
    questionnaires = commands.add_parser("questionnaires", help="questionnaire files")
    questionnaire_commands = questionnaires.add_subparsers(title="commands")
    check = questionnaire_commands.add_parser(
        "validate", help="check questionnaire files (default: KOLL_QUESTIONNAIRES_DIR)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.set_defaults(run=lambda args, settings: validate(args.paths, settings))
    questionnaire_commands.add_parser(
        "list", help="versions, which is current, and response counts"
    ).set_defaults(run=lambda _args, settings: list_versions(settings))
    compare = questionnaire_commands.add_parser("diff", help="what changed between two versions")
    compare.add_argument("id")
    compare.add_argument("old", type=int)
    compare.add_argument("new", type=int)
    compare.set_defaults(
        run=lambda args, settings: show_diff(settings, args.id, args.old, args.new)
    )
    questionnaire_commands.add_parser(
        "schema", help="print the JSON Schema of the questionnaire format (for editors)"
    ).set_defaults(run=lambda _args, _settings: print_schema())


def validate(paths: list[Path], settings: Settings) -> int:
    files = listed_files(paths or [settings.questionnaires_dir])
    if files is None:
        return 1
    if not files:
        print("no questionnaire files (*.yaml) found", file=sys.stderr)
        return 1
    loaded, problems = check_files(files, settings.questionnaire_max_bytes)
    for path, questionnaire in loaded.items():
        print(f"{path}: ok: {summary(questionnaire)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    stored = _stored_or_none(settings)
    if stored is not None and not problems:
        _, pinned = Catalog.from_files(loaded).pinned(stored)
        for problem in pinned:
            print(problem, file=sys.stderr)
        problems.extend(pinned)
    return 1 if problems else 0


def listed_files(paths: list[Path]) -> list[Path] | None:
    """The questionnaire files under `paths`, or None after saying in one line why not."""
    try:
        return find_files(paths)
    except (OSError, RecursionError) as error:  # RecursionError: folders nested too deep
        named = ", ".join(str(path) for path in paths)
        reason = f"{type(error).__name__}: {error}"
        print(f"koll: cannot list questionnaire files in {named}: {reason}", file=sys.stderr)
        return None


def summary(q: Questionnaire) -> str:
    return (
        f"{q.id} version {q.version} ({q.audience}), {len(q.areas)} areas, "
        f"{len(q.statements)} statements, {len(q.levels)} levels, {len(q.materials)} materials"
    )


def list_versions(settings: Settings) -> int:
    """Every version in the folder or in use in the database, with its response count."""
    catalog = _catalog_or_none(settings)
    if catalog is None:
        return 1
    counts = _response_counts(settings)
    stored = _stored_or_none(settings) or {}
    keys = sorted(
        {(v.questionnaire.id, v.questionnaire.version) for v in catalog.versions} | stored.keys()
    )
    rows = [("ID", "VERSION", "CURRENT", "RESPONSES", "SOURCE")]
    for qid, version in keys:
        served = catalog.get(qid, version)
        current = catalog.current(qid)
        is_current = current is not None and current.questionnaire.version == version
        count = "?" if counts is None else str(counts.get((qid, version), 0))
        source = served.source if served else "(database only: its file was removed)"
        rows.append((qid, str(version), "yes" if is_current else "", count, source))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[4]
        )
    if counts is None:
        print("(database not reachable: response counts unknown)", file=sys.stderr)
    return 0


def show_diff(settings: Settings, questionnaire_id: str, old: int, new: int) -> int:
    catalog = _catalog_or_none(settings)
    if catalog is None:
        return 1
    versions = {}
    for number in (old, new):
        found = _find_version(settings, catalog, questionnaire_id, number)
        if found is None:
            print(f"koll: {questionnaire_id} version {number} not found", file=sys.stderr)
            return 1
        versions[number] = found.questionnaire
    changes = diff(versions[old], versions[new])
    print(f"{questionnaire_id}: version {old} → {new}: {len(changes)} changes")
    for change in changes:
        print(f"  {change}")
    return 0


def json_schema() -> dict[str, object]:
    schema = Questionnaire.model_json_schema()
    return {
        "$schema": SCHEMA_DRAFT,
        "title": "Koll questionnaire version",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def print_schema() -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _catalog_or_none(settings: Settings) -> Catalog | None:
    """The folder's catalogue, or None after printing its problems (not a traceback)."""
    try:
        return Catalog.load(settings.questionnaires_dir, settings.questionnaire_max_bytes)
    except QuestionnaireError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None


def _find_version(
    settings: Settings, catalog: Catalog, questionnaire_id: str, version: int
) -> QuestionnaireVersion | None:
    found = catalog.get(questionnaire_id, version)
    if found is not None:
        return found
    return (_stored_or_none(settings) or {}).get((questionnaire_id, version))


def _stored_or_none(settings: Settings) -> dict[tuple[str, int], QuestionnaireVersion] | None:
    if not database_exists(settings):
        return None
    try:
        with unit_of_work(settings) as session:
            return stored_versions(session)
    except SQLAlchemyError:
        return None


def _response_counts(settings: Settings) -> dict[tuple[str, int], int] | None:
    if not database_exists(settings):
        return None
    try:
        with unit_of_work(settings) as session:
            return queries.response_counts(session)
    except SQLAlchemyError:
        return None
