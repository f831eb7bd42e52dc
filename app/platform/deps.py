"""Request dependencies shared by every feature: the app's state and the request's unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

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
