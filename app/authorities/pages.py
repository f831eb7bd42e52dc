"""What every page of the web view shares: the template's common values and `no-store`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.authorities.deps import SignedIn
from app.platform.urls import path_for
from app.web.rendering import render_page

# Every page shows one authority's data, or a form bound to one browser: no cache may keep it.
NO_STORE = {"Cache-Control": "no-store"}


def page(
    request: Request,
    template: str,
    signed_in: SignedIn | None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    context.setdefault("csrf", signed_in.csrf if signed_in else "")
    context.setdefault("problems", [])
    html = render_page(
        request,
        f"authorities/{template}",
        signed_in=signed_in,
        section=_section(request),
        # Links through the app's cache of route paths: Starlette's own lookup tries every
        # route in turn, which cost a fifth of the comparison page's time.
        url=lambda name, **params: path_for(request.app, name, **params),
        **context,
    )
    return HTMLResponse(html, status_code=status, headers={**NO_STORE, **(headers or {})})


def see_other(request: Request, name: str, **params: str) -> RedirectResponse:
    """After a form: on to a page (post, redirect, get)."""
    return RedirectResponse(path_for(request.app, name, **params), status_code=303)


def _section(request: Request) -> str:
    """Which part of the navigation the page belongs to, for `aria-current`."""
    parts = request.url.path.split("/")
    return parts[2] if len(parts) > 2 else ""
