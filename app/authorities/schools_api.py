"""The authorities' schools: added, listed, renamed and removed (`app.authorities.api` includes
this router). Another authority's school answers 404, like one that does not exist."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import messages
from app.authorities import service as authorities
from app.authorities.bodies import school_body, schools_body
from app.authorities.deps import CurrentAuthority
from app.authorities.models import Authority, School
from app.authorities.routing import (
    INVALID_BODY,
    INVALID_BODY_OR_KEY,
    RawBody,
    refuse_other_methods,
    store_once,
)
from app.authorities.schemas import SchoolCreate, SchoolList, SchoolOut, SchoolUpdate
from app.platform.bodies import documented_body, json_body
from app.platform.deps import SessionDep
from app.platform.errors import ERRORS, Problem
from app.platform.idempotency import Earlier

router = APIRouter()


# Each route that takes a body takes `RawBody` first: see `app.authorities.routing.raw_body`.
@router.post(
    "/schools",
    status_code=201,
    response_model=SchoolOut,
    responses={409: ERRORS[409], **INVALID_BODY_OR_KEY},
    openapi_extra=documented_body(SchoolCreate, idempotent=True),
)
def create_school(
    raw: RawBody,
    request: Request,
    response: Response,
    authority: CurrentAuthority,
    session: SessionDep,
) -> Any:
    """Takes an optional `Idempotency-Key` header (1 to 255 visible ASCII characters, such as
    a UUID): a retry with the same key and body within 24 hours gets the first answer again
    and stores nothing new."""
    body = json_body(SchoolCreate, raw)
    try:
        made = store_once(
            request,
            session,
            f"schools:{authority.id}",
            raw,
            lambda: authorities.add_school(session, authority, body.name, body.school_unit_code),
            status=201,
            conflicts=(authorities.DuplicateSchool,),
        )
    # The unique constraint catches the race of two requests adding the same code at once.
    except (authorities.DuplicateSchool, IntegrityError):
        raise _duplicate() from None
    if isinstance(made, Earlier):
        # Built again from what is stored now; a school removed since then is 404.
        response.status_code = made.status
        return school_body(_school_or_404(session, authority, made.resource_id))
    return school_body(made)


@router.get("/schools", response_model=SchoolList)
def list_schools(authority: CurrentAuthority, session: SessionDep) -> dict[str, Any]:
    return schools_body(authorities.list_schools(session, authority))


@router.patch(
    "/schools/{school_id}",
    response_model=SchoolOut,
    responses={409: ERRORS[409], **INVALID_BODY},
    openapi_extra=documented_body(SchoolUpdate),
)
def update_school(
    raw: RawBody, school_id: str, authority: CurrentAuthority, session: SessionDep
) -> Any:
    school = _school_or_404(session, authority, school_id)
    body = json_body(SchoolUpdate, raw)
    try:
        authorities.update_school(session, authority, school, body.name, body.school_unit_code)
    except (authorities.DuplicateSchool, IntegrityError):
        raise _duplicate() from None
    return school_body(school)


@router.delete(
    "/schools/{school_id}",
    status_code=204,
    response_class=Response,
    responses={409: {**ERRORS[409], "description": "The school has responses"}},
)
def delete_school(school_id: str, authority: CurrentAuthority, session: SessionDep) -> Response:
    school = _school_or_404(session, authority, school_id)
    try:
        authorities.delete_school(session, school)
    # A response stored while the school was being removed: its foreign key stops the removal.
    except (authorities.SchoolHasResponses, IntegrityError):
        raise Problem(409, "conflict", messages.SCHOOL_HAS_RESPONSES) from None
    return Response(status_code=204)


def _school_or_404(session: Session, authority: Authority, school_id: str) -> School:
    school = authorities.get_school(session, authority, school_id)
    if school is None:
        raise HTTPException(404)
    return school


def _duplicate() -> Problem:
    return Problem(409, "conflict", messages.DUPLICATE_SCHOOL)


refuse_other_methods(router)
