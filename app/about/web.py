"""The pages about the service: what it is and keeps (/om), and its accessibility statement.

Every page's footer names the operator too, error pages included, so `create_app` puts the
operator among the globals of the app's templates (`operator_globals`), where `base.html`
finds it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.about.operator import Operator
from app.platform.settings import Settings
from app.web.rendering import render_page


def operator_globals(settings: Settings) -> dict[str, Operator]:
    """What every page's template needs to name the operator."""
    return {"operator": Operator.of(settings)}


router = APIRouter(include_in_schema=False)


@router.get("/om", name="web:about")
async def about(request: Request) -> HTMLResponse:
    return HTMLResponse(render_page(request, "about/om.html"))


@router.get("/tillganglighet", name="web:accessibility")
async def accessibility(request: Request) -> HTMLResponse:
    return HTMLResponse(render_page(request, "about/tillganglighet.html"))
