"""What the authorities' routers share in HTTP: a 405 that names every method of its path,
request bodies read so that authentication answers before anything about the body does, and
POSTs made idempotent by an `Idempotency-Key`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.routing import APIRoute
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from app.platform.deps import earlier_answer, idempotency_claim
from app.platform.errors import ERRORS
from app.platform.idempotency import Earlier, remember

# The 422 of a route whose body names fields, for the OpenAPI document.
INVALID_BODY: dict[int | str, dict[str, Any]] = {
    422: {**ERRORS[422], "description": "Invalid body, naming each field"}
}
# The same, on a route that also takes an Idempotency-Key. The route's text describes the
# header rather than declaring it as a parameter: a fuzzer sending schema-valid keys would
# soon send one again with another body, and count its 422 as valid data refused.
INVALID_BODY_OR_KEY: dict[int | str, dict[str, Any]] = {
    422: {
        **ERRORS[422],
        "description": "Invalid body, naming each field (`invalid_request`); a malformed "
        "Idempotency-Key (`invalid_idempotency_key`); or a key already used with another body "
        "(`idempotency_key_reused`)",
    }
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


class Stored(Protocol):
    @property
    def id(self) -> str: ...


S = TypeVar("S", bound=Stored)


def store_once(
    request: Request,
    session: Session,
    scope: str,
    raw: bytes,
    store: Callable[[], S],
    *,
    status: int,
    conflicts: tuple[type[Exception], ...] = (),
) -> S | Earlier:
    """What `store` makes, with the request's Idempotency-Key remembered in the same unit of
    work; or, for a key seen before with this body (`raw`), what it made then (`Earlier`).

    `scope` keeps keys apart per route and per authority: one authority's key never finds
    another's resource. `store` runs in a savepoint, so that a key that lost a race (its
    INSERT fails on PostgreSQL once the winner commits; `conflicts` are the other ways the
    loser may fail, such as a unique school code) leaves the unit of work usable for
    answering with the winner's result. On SQLite the request's write lock serialises the two
    and the second one finds the key before it stores anything."""
    claim = idempotency_claim(request, scope, raw)
    if claim is not None and (earlier := earlier_answer(session, claim)):
        return earlier
    lost: tuple[type[Exception], ...] = (IntegrityError, *conflicts)
    try:
        with session.begin_nested():
            made = store()
            if claim is not None:
                remember(session, claim, status, made.id)
    except lost:
        if claim is not None and (earlier := earlier_answer(session, claim)):
            return earlier
        raise
    return made
