"""`koll questionnaires ...`: validate, list, diff and schema, for the admins who edit the files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.db import make_engine, transaction
from app.definitions import stored_versions
from app.models import Response
from app.questionnaires import Catalog, Questionnaire, QuestionnaireVersion, check_files
from app.questionnaires import questionnaire_files as find_files
from app.questionnaires.diff import diff
from app.settings import Settings

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def validate(paths: list[Path], settings: Settings) -> int:
    files = find_files(paths or [settings.questionnaires_dir])
    if not files:
        print("no questionnaire files (*.yaml) found", file=sys.stderr)
        return 1
    loaded, problems = check_files(files)
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


def summary(q: Questionnaire) -> str:
    return (
        f"{q.id} version {q.version} ({q.audience}), {len(q.areas)} areas, "
        f"{len(q.statements)} statements, {len(q.levels)} levels, {len(q.materials)} materials"
    )


def list_versions(settings: Settings) -> int:
    """Every version in the folder or in use in the database, with its response count."""
    catalog = Catalog.load(settings.questionnaires_dir)
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
    versions = {}
    for number in (old, new):
        found = _find_version(settings, questionnaire_id, number)
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


def _find_version(
    settings: Settings, questionnaire_id: str, version: int
) -> QuestionnaireVersion | None:
    found = Catalog.load(settings.questionnaires_dir).get(questionnaire_id, version)
    if found is not None:
        return found
    return (_stored_or_none(settings) or {}).get((questionnaire_id, version))


def _database_exists(settings: Settings) -> bool:
    """False for an SQLite file not made yet: looking must not create it."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return True
    return Path(url.database).exists()


def _stored_or_none(settings: Settings) -> dict[tuple[str, int], QuestionnaireVersion] | None:
    if not _database_exists(settings):
        return None
    engine = make_engine(settings.database_url)
    try:
        return stored_versions(engine)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _response_counts(settings: Settings) -> dict[tuple[str, int], int] | None:
    if not _database_exists(settings):
        return None
    engine = make_engine(settings.database_url)
    try:
        with transaction(engine) as session:
            rows = session.execute(
                select(
                    Response.questionnaire_id, Response.questionnaire_version, func.count()
                ).group_by(Response.questionnaire_id, Response.questionnaire_version)
            ).all()
        return {(qid, version): count for qid, version, count in rows}
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
