"""`koll catalogues validate`: check the inventory's task catalogue files, for the admins who
edit them; every problem as `path:line:column: message`, as for the questionnaires."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from app.cli.database import database_exists, unit_of_work
from app.cli.questionnaires import listed_files
from app.core.catalogues import Catalogue, Catalogues, check_catalogue_files
from app.core.questionnaires.problems import Problem
from app.inventory.queries import stored_catalogue_versions
from app.platform.settings import Settings


def add_commands(commands: Any) -> None:
    catalogues = commands.add_parser("catalogues", help="task catalogue files (the inventory)")
    catalogue_commands = catalogues.add_subparsers(title="commands")
    check = catalogue_commands.add_parser(
        "validate", help="check catalogue files (default: KOLL_CATALOGUES_DIR)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.set_defaults(run=lambda args, settings: validate(args.paths, settings))


def validate(paths: list[Path], settings: Settings) -> int:
    files = listed_files(paths or [settings.catalogues_dir])
    if files is None:
        return 1
    if not files:
        print("no catalogue files (*.yaml) found", file=sys.stderr)
        return 1
    loaded, problems = check_catalogue_files(files, settings.questionnaire_max_bytes)
    for path, catalogue in loaded.items():
        print(f"{path}: ok: {summary(catalogue)}")
    if not problems:
        problems = in_use_changed(Catalogues.from_files(loaded), settings)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def in_use_changed(catalogues: Catalogues, settings: Settings) -> list[Problem]:
    """Versions that inventories use and the files change (none without a database)."""
    if not database_exists(settings):
        return []
    try:
        with unit_of_work(settings) as session:
            stored = stored_catalogue_versions(session)
    except SQLAlchemyError:
        return []
    return catalogues.pinned(stored)[1]


def problems_before_serving(settings: Settings) -> list[Problem]:
    """For `koll serve`: the catalogue folder's problems (a missing folder has none)."""
    if not settings.catalogues_dir.exists():
        return []
    files = listed_files([settings.catalogues_dir]) or []
    return check_catalogue_files(files, settings.questionnaire_max_bytes)[1]


def summary(c: Catalogue) -> str:
    return f"{c.id} version {c.version}, {len(c.areas)} areas, {len(c.tasks)} tasks"
