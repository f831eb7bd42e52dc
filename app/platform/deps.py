"""Request dependencies shared by every feature: the app's state and the request's unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.platform import idempotency
from app.platform.errors import Problem
from app.platform.messages import IDEMPOTENCY_KEY_REUSED, INVALID_IDEMPOTENCY_KEY
from app.platform.state import AppState


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.koll
    return state


async def get_state(request: Request) -> AppState:
    """`async` on purpose: a plain `def` dependency costs every request a thread-pool hop."""
    return app_state(request)


StateDep = Annotated[AppState, Depends(get_state)]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_session(request: Request) -> Iterator[Session]:
    """The one unit of work of a request: every dependency and the handler share it; it
    commits when the handler returns, before the response is sent, or rolls back on an error.
    Requests that may change something take the write lock up front."""
    state = app_state(request)
    with state.db.transaction(write=request.method not in SAFE_METHODS) as session:
        yield session


# scope="function": end the unit of work when the handler returns, so a failed commit is the
# client's error response rather than happening after a success was already sent.
SessionDep = Annotated[Session, Depends(request_session, scope="function")]


def client_address(request: Request) -> str:
    """The client's address; the proxy's word for it only behind a trusted proxy (see
    `trust_proxy` in app.platform.settings and create_app)."""
    return request.client.host if request.client else "unknown"


def refuse_if_guessing(request: Request) -> None:
    """429 for a client past its failed lookups of secrets in the last minute."""
    retry_after = app_state(request).failures.retry_after(client_address(request))
    if retry_after is not None:
        raise HTTPException(429, headers={"Retry-After": str(retry_after)})


def count_failed_lookup(request: Request) -> None:
    app_state(request).failures.failed(client_address(request))


def idempotency_claim(request: Request, route: str, body: bytes) -> idempotency.Claim | None:
    """The request's Idempotency-Key as a claim (None without one); 422 for a bad key."""
    try:
        return idempotency.claim(route, request.headers.get(idempotency.HEADER), body)
    except idempotency.InvalidKey:
        raise Problem(422, "invalid_idempotency_key", INVALID_IDEMPOTENCY_KEY) from None


def earlier_answer(session: Session, claim: idempotency.Claim) -> idempotency.Earlier | None:
    """What the same key made before; 422 if it came with another body."""
    try:
        return idempotency.find(session, claim)
    except idempotency.KeyReused:
        raise Problem(422, "idempotency_key_reused", IDEMPOTENCY_KEY_REUSED) from None
