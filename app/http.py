"""Cross-cutting HTTP behaviour: security headers, the body size limit, and error responses.

Errors are JSON `{"code", "message", "errors"?}` under /api and Swedish pages elsewhere;
never a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
RETRY_AFTER_SECONDS = 5
logger = logging.getLogger("koll")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# FastAPI's interactive API docs load Swagger UI from its CDN with an inline script.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")

ERROR_TEXTS = {
    400: ("bad_request", "Förfrågan kunde inte tolkas."),
    401: ("unauthorized", "En giltig API-nyckel krävs (Authorization: Bearer ...)."),
    404: ("not_found", "Sidan eller resursen finns inte."),
    405: ("method_not_allowed", "Metoden är inte tillåten här."),
    409: ("conflict", "Det finns redan."),
    413: ("payload_too_large", "Förfrågan är för stor (högst 64 KiB)."),
    422: ("invalid_request", "Förfrågan innehåller fel."),
    500: ("internal_error", "Ett oväntat fel inträffade. Försök igen om en stund."),
    503: ("unavailable", "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund."),
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers.extend(
                    [
                        (b"content-security-policy", csp.encode()),
                        (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"no-referrer"),
                        (b"x-frame-options", b"DENY"),
                    ]
                )
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimit:
    """Refuse bodies over the limit, declared or streamed, with 413 from whoever reads them."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > self.limit:
                raise HTTPException(413)
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise HTTPException(413)
            return message

        await self.app(scope, limited_receive, send)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, status: int, errors: list[dict[str, Any]] | None = None
) -> Response:
    code, message = ERROR_TEXTS.get(status, (f"http_{status}", "Förfrågan kunde inte utföras."))
    if wants_json(request):
        body: dict[str, Any] = {"code": code, "message": message}
        if errors is not None:
            body["errors"] = errors
        return JSONResponse(body, status_code=status)
    environment = request.app.state.templates
    html = environment.get_template("error.html").render(status=status, message=message)
    return HTMLResponse(html, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = error_response(request, exc.status_code)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "location": ".".join(str(part) for part in error["loc"]),
                "code": error["type"],
                "message": error["msg"].removeprefix("Value error, "),
            }
            for error in exc.errors()
        ]
        return error_response(request, 422, errors)

    async def database_error(request: Request, exc: Exception) -> Response:
        # The database is down, restarting or overloaded: a short 503 that invites a retry.
        # Only the error's type is logged: its message may quote the statement.
        logger.error("database unavailable: %s", type(exc).__name__)
        response = error_response(request, 503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error")
        return error_response(request, 500)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for database_unavailable in (OperationalError, InterfaceError, PoolTimeoutError):
        app.add_exception_handler(database_unavailable, database_error)
    app.add_exception_handler(Exception, unexpected_error)
