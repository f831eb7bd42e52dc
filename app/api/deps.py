"""API dependencies: the database session of a request, and the authority behind a token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app import authorities
from app.db import transaction
from app.models import Authority
from app.state import AppState, get_state

StateDep = Annotated[AppState, Depends(get_state)]
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AuthorityToken",
    description="The authority's API token, from `koll authority create` or `rotate-token`.",
)


def read_session(state: StateDep) -> Iterator[Session]:
    with transaction(state.engine) as session:
        yield session


ReadSession = Annotated[Session, Depends(read_session)]


def current_authority(
    session: ReadSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Authority:
    authority = authorities.authenticate(session, credentials.credentials) if credentials else None
    if authority is None:
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})
    return authority


CurrentAuthority = Annotated[Authority, Depends(current_authority)]
