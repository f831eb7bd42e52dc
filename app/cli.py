"""The `koll` command: serve, database migrations, and questionnaire validation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import migrate
from app.questionnaires import Questionnaire, check_files, questionnaire_files
from app.settings import Settings, get_settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    result: int = args.run(args, get_settings())
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="koll", description=__doc__)
    commands = parser.add_subparsers(title="commands")

    serve = commands.add_parser("serve", help="serve the web pages and the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)

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

    questionnaires = commands.add_parser("questionnaires", help="questionnaire files")
    validate = questionnaires.add_subparsers(title="commands").add_parser(
        "validate", help="check questionnaire files (default: KOLL_QUESTIONNAIRES_DIR)"
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.set_defaults(run=_validate)
    return parser


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    files = questionnaire_files(args.paths or [settings.questionnaires_dir])
    if not files:
        print("no questionnaire files (*.yaml) found", file=sys.stderr)
        return 1
    loaded, problems = check_files(files)
    for path, questionnaire in loaded.items():
        print(f"{path}: ok: {_summary(questionnaire)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _summary(q: Questionnaire) -> str:
    return (
        f"{q.id} version {q.version} ({q.audience}), {len(q.areas)} areas, "
        f"{len(q.statements)} statements, {len(q.levels)} levels, {len(q.materials)} materials"
    )


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    files = questionnaire_files([settings.questionnaires_dir])
    _loaded, problems = check_files(files)
    if problems or not files:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"koll: not starting: questionnaires in {settings.questionnaires_dir} are invalid "
            "or missing",
            file=sys.stderr,
        )
        return 1
    if settings.is_sqlite:
        # The embedded database upgrades itself; a shared server is upgraded by the operator.
        migrate.upgrade(settings)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return 0


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
