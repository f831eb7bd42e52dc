"""What the authorities' routers share in HTTP: a 405 that names every method of its path, and
request bodies read so that authentication answers before anything about the body does."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from app.platform.errors import ERRORS

# The 422 of a route whose body names fields, for the OpenAPI document.
INVALID_BODY: dict[int | str, dict[str, Any]] = {
    422: {**ERRORS[422], "description": "Invalid body, naming each field"}
}


class MethodNotAllowed:
    """An ASGI app refusing every request with 405 and the methods its path does take."""

    def __init__(self, methods: Collection[str]) -> None:
        self.allow = ", ".join(sorted(methods))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Raised, not sent, so that the app's handler answers with its usual JSON error.
        raise HTTPException(405, headers={"Allow": self.allow})


def refuse_other_methods(router: APIRouter) -> None:
    """End each path of the router with a route that takes any method its routes do not.

    Without it Starlette answers such a method from the first route of the path it tried, so
    `Allow` named that route's methods alone: `POST` where `GET` works too. Call it once every
    route of the router is added: a route matching the method comes first and still wins."""
    methods: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, APIRoute):
            methods.setdefault(route.path, set()).update(route.methods or ())
    # An ASGI app with no methods named: Starlette lets it match every method.
    router.routes.extend(
        Route(path, MethodNotAllowed(allowed), include_in_schema=False)
        for path, allowed in methods.items()
    )


async def raw_body(request: Request) -> bytes:
    """The body's bytes, parsed by the route only once the caller is authenticated.

    Read before the unit of work starts, so a slow upload holds no transaction (on SQLite, no
    write lock); parsed after authentication, so a caller without a token hears 401 whatever
    it sent. `app.platform.bodies.json_body` parses it as FastAPI would have, with its 422."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]
