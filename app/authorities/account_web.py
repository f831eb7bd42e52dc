"""The web view's account pages: the authority's users, inviting a colleague, and rotating
the API token, through the same services as `koll authority add-user` and `rotate-token`.

Koll sends no e-mail: a new colleague's one-time link is shown to whoever invited them, once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.authorities import accounts, messages, users
from app.authorities.deps import CsrfChecked, CurrentUser, SignedIn
from app.authorities.form_checks import FieldProblem
from app.authorities.pages import page
from app.platform.deps import SessionDep, StateDep
from app.platform.urls import url_for

router = APIRouter(include_in_schema=False)


@router.get("/authority/users", name="web:authority_users")
def users_page(request: Request, user: CurrentUser, session: SessionDep) -> HTMLResponse:
    return users_form(request, user, session)


def users_form(
    request: Request,
    user: SignedIn,
    session: Session,
    *,
    status: int = 200,
    email: str = "",
    problems: list[FieldProblem] | None = None,
    invited: tuple[str, str] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "users.html",
        user,
        status=status,
        users=users.list_users(session, user.authority.id),
        email=email,
        problems=problems or [],
        invited=invited,
    )


@router.post("/authority/users", name="web:authority_user_add", dependencies=[CsrfChecked])
def invite_user(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
    email: Annotated[str, Form()] = "",
) -> Response:
    try:
        with session.begin_nested():
            made, token = users.add_user(session, user.authority.id, email, state.clock())
    except users.InvalidEmail:
        problem: FieldProblem = ("email", messages.INVALID_EMAIL)
        return users_form(request, user, session, status=422, email=email, problems=[problem])
    except (users.EmailTaken, IntegrityError):
        problem = ("email", messages.EMAIL_TAKEN)
        return users_form(request, user, session, status=409, email=email, problems=[problem])
    link = url_for(request, "web:authority_password", token=token)
    return users_form(request, user, session, status=201, invited=(made.email, link))


@router.get("/authority/token", name="web:authority_token")
def token_page(request: Request, user: CurrentUser) -> HTMLResponse:
    return page(request, "token.html", user, token=None)


@router.post("/authority/token", name="web:authority_token_rotate", dependencies=[CsrfChecked])
def rotate_token(request: Request, user: CurrentUser, session: SessionDep) -> HTMLResponse:
    token = accounts.rotate_token(session, user.authority.id)
    return page(request, "token.html", user, token=token)
