"""One school's history as an SVG line chart: the numbers of `GET .../history`, drawn.

Like every route of the authorities it needs the authority's token, and another authority's
school is 404 exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app.authorities import service as authorities
from app.authorities.deps import CurrentAuthority
from app.authorities.history_chart import history_chart
from app.authorities.lookups import history_areas, history_of
from app.authorities.routing import refuse_other_methods
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS

router = APIRouter(
    prefix="/api/v1", tags=["authorities"], responses={401: ERRORS[401], 404: ERRORS[404]}
)
SVG = "image/svg+xml"
HISTORY_CHART: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Each area's score (0–100) over the school's rounds, oldest first, as "
        "an SVG line chart; a dashed line marks where the questionnaire's version changed",
        "content": {SVG: {"schema": {"type": "string"}}},
    }
}


@router.get("/schools/{school_id}/history.svg", response_class=Response, responses=HISTORY_CHART)
def get_history_svg(
    school_id: str, authority: CurrentAuthority, session: SessionDep, state: StateDep
) -> Response:
    school = authorities.get_school(session, authority, school_id)
    if school is None:
        raise HTTPException(404)
    history = history_of(session, state, authority, school)
    areas = history_areas(session, state, authority, history)
    return Response(history_chart(history, areas), media_type=SVG)


refuse_other_methods(router)
