"""Error responses: JSON `{"code", "message", "errors"?}` under /api and Swedish pages elsewhere;
never a stack trace. The codes and messages of HTTP errors are in `app.platform.messages`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException

from app.platform.messages import ERROR_TEXTS, UNKNOWN_ERROR
from app.platform.responses import JSONResponse

RETRY_AFTER_SECONDS = 5
logger = logging.getLogger("koll")


class ErrorDetail(BaseModel):
    statement: str | None = None
    location: str | None = None
    code: str
    message: str


class ErrorOut(BaseModel):
    code: str
    message: str
    errors: list[ErrorDetail] | None = None


# The error responses of the API, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No or invalid API token"},
    404: {"model": ErrorOut, "description": "Not found (or another authority's)"},
    409: {"model": ErrorOut, "description": "Already exists"},
    413: {"model": ErrorOut, "description": "Body over 64 KiB"},
    422: {"model": ErrorOut, "description": "Invalid answers, naming each statement"},
    429: {"model": ErrorOut, "description": "Too many failed lookups from this client"},
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    errors: list[dict[str, Any]] | None = None,
    text: tuple[str, str] | None = None,
) -> Response:
    code, message = text or ERROR_TEXTS.get(status, (f"http_{status}", UNKNOWN_ERROR))
    if wants_json(request):
        body: dict[str, Any] = {"code": code, "message": message}
        if errors is not None:
            body["errors"] = errors
        return JSONResponse(body, status_code=status)
    environment = request.app.state.koll.templates
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

    async def problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Problem)
        response = error_response(request, exc.status, exc.errors, text=(exc.code, exc.message))
        response.headers.update(exc.headers)
        return response

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error")
        return error_response(request, 500)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Problem, problem)
    app.add_exception_handler(RequestValidationError, validation_error)
    for database_unavailable in (OperationalError, InterfaceError, PoolTimeoutError):
        app.add_exception_handler(database_unavailable, database_error)
    app.add_exception_handler(Exception, unexpected_error)


class Problem(Exception):
    """An error a client can act on: raised anywhere in a request, answered as JSON under /api
    (with this code and message) and as a Swedish page elsewhere. Raising it rolls back the
    request's unit of work."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.errors = errors  # each {"location", "code", "message"}, as a validation error's
