"""The `koll` command: serve, database migrations, and questionnaire validation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from app import authorities, migrate
from app import questionnaire_commands as qc
from app.db import make_engine, transaction
from app.questionnaires import check_files, questionnaire_files
from app.settings import Settings, get_settings

# Seconds `koll serve` gives requests in flight to finish after SIGTERM (Docker waits 10 s
# before SIGKILL by default; compose.example.yaml allows 30).
SHUTDOWN_GRACE_SECONDS = 25


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
    serve.add_argument(
        "--workers", type=int, default=None, help="processes to start (default: KOLL_WORKERS or 1)"
    )
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

    authority = commands.add_parser("authority", help="authority (huvudman) accounts")
    authority_commands = authority.add_subparsers(title="commands")
    create = authority_commands.add_parser("create", help="create an account; prints its token")
    create.add_argument("name")
    create.set_defaults(run=_authority_create)
    authority_commands.add_parser("list", help="list the accounts").set_defaults(
        run=_authority_list
    )
    rotate = authority_commands.add_parser(
        "rotate-token", help="give an account a new token; the old one stops working at once"
    )
    rotate.add_argument("id")
    rotate.set_defaults(run=_authority_rotate)

    questionnaires = commands.add_parser("questionnaires", help="questionnaire files")
    questionnaire_commands = questionnaires.add_subparsers(title="commands")
    validate = questionnaire_commands.add_parser(
        "validate", help="check questionnaire files (default: KOLL_QUESTIONNAIRES_DIR)"
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.set_defaults(run=lambda args, settings: qc.validate(args.paths, settings))
    questionnaire_commands.add_parser(
        "list", help="versions, which is current, and response counts"
    ).set_defaults(run=lambda _args, settings: qc.list_versions(settings))
    compare = questionnaire_commands.add_parser("diff", help="what changed between two versions")
    compare.add_argument("id")
    compare.add_argument("old", type=int)
    compare.add_argument("new", type=int)
    compare.set_defaults(
        run=lambda args, settings: qc.show_diff(settings, args.id, args.old, args.new)
    )
    questionnaire_commands.add_parser(
        "schema", help="print the JSON Schema of the questionnaire format (for editors)"
    ).set_defaults(run=lambda _args, _settings: qc.print_schema())
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.logs import log_config

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
        # The embedded database upgrades itself, once, before any worker starts.
        migrate.upgrade(settings)
    else:
        # A shared server is upgraded by the operator (`koll db upgrade`): several processes
        # or replicas must not race to change the schema, and the operator decides when.
        warning = migrate.schema_warning(settings)
        if warning:
            print(f"koll: {warning}", file=sys.stderr)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers or settings.workers,
        log_config=log_config(settings.log_format),
        # The app's AccessLog middleware writes the one line per request.
        access_log=False,
        # On SIGTERM requests in flight finish first; a hung one does not block a stop forever.
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
    )
    return 0


def _authority_create(args: argparse.Namespace, settings: Settings) -> int:
    name = args.name.strip()
    if not name:
        print("koll: the authority needs a name", file=sys.stderr)
        return 2
    with _session(settings) as session:
        authority, token = authorities.create_authority(session, name)
    print(f"Created authority {authority.id} ({authority.name}).")
    print("Its API token is shown once only; it is stored as a hash and cannot be shown again:")
    print(token)
    return 0


def _authority_list(_args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as session:
        for authority in authorities.list_authorities(session):
            print(f"{authority.id}\t{authority.name}\t{authority.created_at:%Y-%m-%d}")
    return 0


def _authority_rotate(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as session:
        token = authorities.rotate_token(session, args.id)
    if token is None:
        print(f"koll: no authority with id {args.id}", file=sys.stderr)
        return 1
    print(f"New API token for {args.id}; the old token no longer works:")
    print(token)
    return 0


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings.database_url)
    try:
        with transaction(engine, write=True) as session:
            yield session
    finally:
        engine.dispose()


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
