"""`koll db ...`: the database migrations."""

from __future__ import annotations

import argparse
from typing import Any

from app.platform import migrate
from app.platform.settings import Settings


def add_commands(commands: Any) -> None:
    db = commands.add_parser("db", help="database migrations").add_subparsers(title="commands")
    db.add_parser("upgrade", help="upgrade the database to the newest migration").set_defaults(
        run=_db_upgrade
    )
    db.add_parser("check", help="fail if the models differ from the migrations").set_defaults(
        run=_db_check
    )
    revision = db.add_parser("revision", help="write a migration for model changes")
    revision.add_argument("-m", "--message", required=True)
    revision.set_defaults(run=_db_revision)


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    migrate.upgrade(settings)
    print("database is at the newest migration")
    return 0


def _db_check(_args: argparse.Namespace, settings: Settings) -> int:
    migrate.check(settings)
    return 0


def _db_revision(args: argparse.Namespace, settings: Settings) -> int:
    migrate.revision(settings, args.message)
    return 0
