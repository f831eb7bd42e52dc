"""Who is asking: the authority behind a bearer token (the API), or the signed-in user behind
a session cookie (the web view); both read in the request's own unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from app.authorities import accounts, messages, sessions
from app.authorities.csrf import csrf_matches, csrf_token
from app.authorities.models import Authority, AuthorityUser
from app.platform.deps import (
    SAFE_METHODS,
    SessionDep,
    StateDep,
    count_failed_lookup,
    refuse_if_guessing,
)
from app.platform.errors import Problem
from app.platform.state import AppState

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AuthorityToken",
    description="The authority's API token, from `koll authority create` or `rotate-token`.",
)
SESSION_COOKIE = "koll_session"
LOGIN_PATH = "/authority/login"
HOME_PATH = "/authority"


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


# The web view --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    """The signed-in user of a page request, with the CSRF token its forms carry."""

    user: AuthorityUser
    authority: Authority
    csrf: str


class SignInRequired(Exception):
    """No live session: the page answers 303 to the sign-in page, and back afterwards."""

    def __init__(self, return_to: str | None) -> None:
        super().__init__("sign-in required")
        self.return_to = return_to


def signed_in_user(request: Request, session: SessionDep, state: StateDep) -> SignedIn:
    cookie = request.cookies.get(SESSION_COOKIE)
    now = state.clock()
    found = sessions.find(session, cookie, now) if cookie else None
    if cookie is None or found is None:
        return_to = request.url.path if request.method in SAFE_METHODS else None
        if return_to and request.url.query:
            return_to += "?" + request.url.query
        raise SignInRequired(return_to)
    if found.needs_touch:
        if request.method in SAFE_METHODS:
            # A page's unit of work only reads; a short write of its own notes the request.
            with state.db.transaction(write=True) as writing:
                sessions.touch(writing, found.id_hash, now)
        else:
            sessions.touch(session, found.id_hash, now)
    return SignedIn(found.user, found.authority, csrf_token(state.secret_key, cookie))


CurrentUser = Annotated[SignedIn, Depends(signed_in_user)]


def checked_csrf(request: Request, state: StateDep, csrf: Annotated[str, Form()] = "") -> None:
    """403 for a form without the token of this browser's cookie, before anything is done."""
    if not csrf_matches(state.secret_key, request.cookies.get(SESSION_COOKIE), csrf):
        raise Problem(403, "csrf_failed", messages.CSRF_FAILED)


CsrfChecked = Depends(checked_csrf)


def safe_return_path(text: str | None) -> str:
    """Where to go after signing in: a path of the web view on this site, else its home.

    Only `/authority` and paths under it pass: no scheme, no host, no `//` or backslash
    (which browsers read as another host), no control character."""
    if not text or not text.isprintable() or "\\" in text:
        return HOME_PATH
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or text.startswith("//"):
        return HOME_PATH
    if parts.path != HOME_PATH and not parts.path.startswith(HOME_PATH + "/"):
        return HOME_PATH
    return text


def session_cookie_is_secure(state: AppState) -> bool:
    return (state.settings.public_url or "").startswith("https://")


def set_session_cookie(response: Response, state: AppState, value: str) -> None:
    """`HttpOnly; SameSite=Lax; Path=/`, and `Secure` on an https site. No expiry: the server
    ends the session, and the browser drops the cookie when it closes."""
    response.set_cookie(
        SESSION_COOKIE,
        value,
        httponly=True,
        samesite="lax",
        path="/",
        secure=session_cookie_is_secure(state),
    )


def install_sign_in_redirect(app: FastAPI) -> None:
    async def to_sign_in(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        target = LOGIN_PATH
        if exc.return_to:
            target += "?next=" + quote(safe_return_path(exc.return_to), safe="/")
        return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})

    app.add_exception_handler(SignInRequired, to_sign_in)
