"""Refusals made before any route runs: paths no id can match, and hosts the site is not.

An id holds no control character, so a path with one (`/api/v1/responses/%00`) is answered
404 here, before anything can reach the database (PostgreSQL refuses NUL in text outright).
With `KOLL_PUBLIC_URL` set, a request for any other host is refused (400), so links in API
bodies can never be built from a Host header an attacker chose, and an https site tells
browsers to stay on https (HSTS).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.platform.errors import error_response

HSTS = b"max-age=31536000; includeSubDomains"


# Unicode's control characters (category Cc) are exactly these; a pattern, because every
# request's path is checked.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def has_control_character(text: str) -> bool:
    return CONTROL_CHARACTER.search(text) is not None


class RequestGuard:
    def __init__(self, app: ASGIApp, public_url: str | None = None) -> None:
        self.app = app
        parts = urlsplit(public_url) if public_url else None
        self.host = parts.netloc.lower() if parts else None
        self.https = parts is not None and parts.scheme == "https"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = self._refusal(scope)
        if status is not None:
            response = error_response(Request(scope), status)
            await response(scope, receive, self._with_hsts(send))
            return
        await self.app(scope, receive, self._with_hsts(send))

    def _refusal(self, scope: Scope) -> int | None:
        if self.host is not None and _host(scope) != self.host:
            return 400
        return 404 if has_control_character(scope["path"]) else None

    def _with_hsts(self, send: Send) -> Send:
        if not self.https:
            return send

        async def send_with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"strict-transport-security", HSTS))
            await send(message)

        return send_with_hsts


def _host(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"host":
            return str(value.decode("latin-1").lower())
    return None
