"""Logging: one line per request, as text or as one JSON object per line.

The access line names the route's path *template* (`/results/{result_id}`), never the concrete
path or query string: result ids and invitation tokens travel in URLs, and answers in bodies,
and none of them may reach a log.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.platform.settings import LogFormat

ACCESS_LOGGER = "koll.access"
UNMATCHED = "<unmatched>"
# The fields an access record carries besides its message (also the JSON keys).
ACCESS_FIELDS = ("method", "path", "status", "duration_ms")
access_logger = logging.getLogger(ACCESS_LOGGER)


class TextFormatter(logging.Formatter):
    """`2026-11-23T12:00:00.123Z INFO koll.access: GET /results/{result_id} 200 3.1ms`"""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line, so a log collector needs no parsing rules of its own."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        entry.update({key: getattr(record, key) for key in ACCESS_FIELDS if hasattr(record, key)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def log_config(log_format: LogFormat) -> dict[str, Any]:
    """A `logging.config.dictConfig` for `koll serve`; uvicorn applies it in every worker.

    uvicorn's own access log stays off (`access_log=False` and level WARNING here), so the
    AccessLog middleware writes the only line per request.
    """
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"koll": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "koll",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "koll": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"level": "WARNING"},
        },
    }


class AccessLog:
    """Pure ASGI middleware: one record per HTTP request once its response is done."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path = scope["path"]
        status = 500  # what the client gets if the app fails before it answers

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            log_request(scope, path, status, time.perf_counter() - started)


def log_request(scope: Scope, path: str, status: int, seconds: float) -> None:
    method = scope["method"]
    template = path_template(scope, path)
    duration_ms = round(seconds * 1000, 1)
    access_logger.info(
        "%s %s %d %.1fms",
        method,
        template,
        status,
        duration_ms,
        extra={"method": method, "path": template, "status": status, "duration_ms": duration_ms},
    )


def path_template(scope: Scope, path: str) -> str:
    """The matched route's template, which the router records in the scope it passes on;
    FastAPI's router records no mounted app (`/static`), so those are looked up by prefix."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str) and not isinstance(route, Mount):
        return template
    for candidate in getattr(scope.get("app"), "routes", ()):
        if isinstance(candidate, Mount) and path.startswith(candidate.path + "/"):
            return f"{candidate.path}/{{path}}"
    return UNMATCHED
