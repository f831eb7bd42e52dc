"""The authority behind a request's bearer token, read in the request's own unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from app.authorities import accounts
from app.authorities.models import Authority
from app.platform.deps import SessionDep, count_failed_lookup, refuse_if_guessing

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AuthorityToken",
    description="The authority's API token, from `koll authority create` or `rotate-token`.",
)


def current_authority(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Authority:
    if credentials is None:
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})
    refuse_if_guessing(request)
    authority = accounts.authenticate(session, credentials.credentials)
    if authority is None:
        count_failed_lookup(request)
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})
    return authority


CurrentAuthority = Annotated[Authority, Depends(current_authority)]
