"""API dependencies: the database session of a request, and the authority behind a token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app import authorities
from app.db import transaction
from app.models import Authority
from app.state import AppState, get_state

StateDep = Annotated[AppState, Depends(get_state)]
Body = TypeVar("Body", bound=BaseModel)
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


def json_body(model: type[Body], raw: bytes) -> Body:
    """Parse a JSON body as FastAPI would, failing with the same 422: for hot routes, where
    FastAPI's body and dependency handling costs more than the work itself."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as invalid:
        errors = invalid.errors(include_url=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None


def documented_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its body with `json_body`."""
    schema = {"application/json": {"schema": model.model_json_schema()}}
    return {"requestBody": {"required": True, "content": schema}}
