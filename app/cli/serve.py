"""`koll serve`: check the questionnaires, upgrade an embedded database, serve."""

from __future__ import annotations

import argparse
import logging
import logging.config
import sys
from typing import Any

from app.about.operator import missing_settings
from app.cli import catalogues, listening
from app.cli.questionnaires import listed_files
from app.core.questionnaires import check_files
from app.platform import migrate
from app.platform.settings import Settings

# Seconds `koll serve` gives requests in flight to finish after SIGTERM (Docker waits 10 s
# before SIGKILL by default; compose.example.yaml allows 30).
SHUTDOWN_GRACE_SECONDS = 25


def add_commands(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the web pages and the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=None, help="processes to start (default: KOLL_WORKERS or 1)"
    )
    serve.set_defaults(run=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.platform.logs import log_config

    files = listed_files([settings.questionnaires_dir])
    _loaded, problems = check_files(files or [], settings.questionnaire_max_bytes)
    problems += catalogues.problems_before_serving(settings)
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
            _warn(settings, warning)
    missing = missing_settings(settings)
    if missing:
        _warn(
            settings,
            f"{' and '.join(missing)} not set: every page says the operator has not filled this in",
        )
    config = uvicorn.Config(
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
        # Forwarded headers count only behind a proxy the operator trusts, and the app itself
        # applies them then (KOLL_TRUST_PROXY), so that they mean the same under any server.
        proxy_headers=False,
        # Which server software answers is nobody's business.
        server_header=False,
    )
    # Bound here rather than by uvicorn, so that keep-alive connections get TCP_NODELAY with
    # several workers too (see app/cli/listening.py).
    return listening.serve(config)


def _warn(settings: Settings, message: str) -> None:
    """A warning at start, in the log's own format: with KOLL_LOG_FORMAT=json every line a
    log collector reads must be JSON."""
    from app.platform.logs import log_config

    logging.config.dictConfig(log_config(settings.log_format))
    logging.getLogger("koll").warning(message)
