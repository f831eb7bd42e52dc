"""Signing in and out of the web view, and setting a password from a one-time link.

Before signing in, the browser's cookie holds a random value that is stored nowhere: it only
binds the sign-in form's CSRF token. Signing in gives a new value, now a session, so a value
planted in a browser beforehand is worth nothing afterwards (no session fixation).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import messages, passwords, sessions, users
from app.authorities.csrf import csrf_token
from app.authorities.deps import (
    SESSION_COOKIE,
    CsrfChecked,
    safe_return_path,
    set_session_cookie,
)
from app.authorities.models import AuthorityUser
from app.authorities.pages import NO_STORE, page
from app.authorities.signin_limit import signin_failed, signin_retry_after
from app.authorities.users import PASSWORD_PATH
from app.platform.deps import (
    SessionDep,
    StateDep,
    client_address,
    count_failed_lookup,
    refuse_if_guessing,
)
from app.platform.state import AppState
from app.platform.urls import path_for

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
# What the sign-in page says after a redirect to it (`?done=...`).
NOTICES = {
    "signed_out": messages.SIGNED_OUT,
    "password_set": messages.PASSWORD_SAVED,
}


@router.get("/authority/login", name="web:authority_login")
def login_page(
    request: Request,
    state: StateDep,
    session: SessionDep,
    next: str | None = None,
    done: str | None = None,
) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and sessions.find(session, cookie, state.clock()):
        return RedirectResponse(safe_return_path(next), status_code=303, headers=NO_STORE)
    notice = NOTICES.get(done or "") or (messages.SIGNIN_NEEDED if next else None)
    return login_form(request, state, next=next, notice=notice)


@router.post("/authority/login", name="web:authority_login_submit", dependencies=[CsrfChecked])
async def login_submit(
    request: Request,
    state: StateDep,
    email: FormText = "",
    password: FormText = "",
    next: FormText = "",
) -> Response:
    address = email.strip().lower()
    client = client_address(request)
    wait = signin_retry_after(state.signin_failures, client, address)
    if wait is not None:
        locked = messages.SIGNIN_LOCKED.format(minutes=math.ceil(wait / 60))
        retry = {"Retry-After": str(wait)}
        return login_form(
            request, state, next=next, email=email, problem=locked, status=429, headers=retry
        )
    user = await state.db.read(lambda session: users.find_by_email(session, address))
    if not await to_thread.run_sync(users.check_password, user, password) or user is None:
        signin_failed(state.signin_failures, client, address)
        return login_form(
            request, state, next=next, email=email, problem=messages.SIGNIN_FAILED, status=422
        )
    now = state.clock()
    session_id = await state.db.write(lambda session: _start(session, user, now))
    response = RedirectResponse(safe_return_path(next), status_code=303, headers=NO_STORE)
    set_session_cookie(response, state, session_id)
    return response


def _start(session: Session, user: AuthorityUser, now: datetime) -> str:
    sessions.end_expired(session, now)
    return sessions.start(session, user.id, now)


@router.post("/authority/logout", name="web:authority_logout", dependencies=[CsrfChecked])
def logout(request: Request, state: StateDep, session: SessionDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        sessions.end(session, cookie)
    target = path_for(request.app, "web:authority_login") + "?done=signed_out"
    response = RedirectResponse(target, status_code=303, headers=NO_STORE)
    # A fresh value, stored nowhere, for the sign-in form that comes next.
    set_session_cookie(response, state, sessions.new_session_id())
    return response


def login_form(
    request: Request,
    state: AppState,
    *,
    next: str | None = None,
    email: str = "",
    problem: str | None = None,
    notice: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    cookie = request.cookies.get(SESSION_COOKIE) or sessions.new_session_id()
    response = page(
        request,
        "login.html",
        None,
        status=status,
        headers=headers,
        csrf=csrf_token(state.secret_key, cookie),
        email=email,
        next=safe_return_path(next) if next else "",
        problems=[("email", problem)] if problem else [],
        notice=notice,
    )
    if cookie != request.cookies.get(SESSION_COOKIE):
        set_session_cookie(response, state, cookie)
    return response


# Setting a password ------------------------------------------------------------------------


@router.get(PASSWORD_PATH, name="web:authority_password")
def password_page(request: Request, token: str, state: StateDep, session: SessionDep) -> Response:
    found = _open_link(request, session, state, token)
    if isinstance(found, Response):
        return found
    return password_form(request, state, token, found.user.email)


@router.post(PASSWORD_PATH, name="web:authority_password_submit", dependencies=[CsrfChecked])
async def password_submit(
    request: Request,
    token: str,
    state: StateDep,
    password: FormText = "",
    password_repeat: FormText = "",
) -> Response:
    found = await state.db.read(lambda session: _open_link(request, session, state, token))
    if isinstance(found, Response):
        return found
    problem = passwords.password_problem(password, password_repeat)
    if problem is not None:
        return password_form(request, state, token, found.user.email, problem, status=422)
    password_hash = await to_thread.run_sync(passwords.hash_password, password)
    now = state.clock()

    def store(session: Session) -> Response | None:
        still_open = _open_link(request, session, state, token)
        if isinstance(still_open, Response):
            return still_open
        users.set_password(session, still_open, password_hash, now)
        return None

    gone = await state.db.write(store)
    if gone is not None:
        return gone
    target = path_for(request.app, "web:authority_login") + "?done=password_set"
    return RedirectResponse(target, status_code=303, headers=NO_STORE)


def _open_link(
    request: Request, session: Session, state: AppState, token: str
) -> users.OpenLink | Response:
    """The link's user; the 410 page for a used or expired link; 404 for no link at all,
    counted as a failed guess like every other secret in a URL."""
    refuse_if_guessing(request)
    try:
        found = users.open_link(session, token, state.clock())
    except users.LinkGone:
        return page(request, "link_gone.html", None, status=410)
    if found is None:
        count_failed_lookup(request)
        raise HTTPException(404)
    return found


def password_form(
    request: Request,
    state: AppState,
    token: str,
    email: str,
    problem: str | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    cookie = request.cookies.get(SESSION_COOKIE) or sessions.new_session_id()
    response = page(
        request,
        "password.html",
        None,
        status=status,
        csrf=csrf_token(state.secret_key, cookie),
        email=email,
        action=path_for(request.app, "web:authority_password_submit", token=token),
        problems=[("password", problem)] if problem else [],
        minimum=passwords.MIN_LENGTH,
    )
    if cookie != request.cookies.get(SESSION_COOKIE):
        set_session_cookie(response, state, cookie)
    return response
