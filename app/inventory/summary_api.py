"""GET /api/v1/inventories/summary: an authority's figures across its schools' inventories.

Included in `create_app` before the inventory API, whose `/inventories/{inventory_id}` would
otherwise take the path."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.authorities.deps import CurrentAuthority
from app.inventory import summary
from app.inventory.bodies import summary_json
from app.inventory.schemas import SummaryOut
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS
from app.platform.responses import JSONResponse

router = APIRouter(prefix="/api/v1", tags=["inventory"])


@router.get(
    "/inventories/summary",
    name="api:inventory_summary",
    response_model=SummaryOut,
    responses=ERRORS,
)
def get_summary(state: StateDep, session: SessionDep, authority: CurrentAuthority) -> Any:
    """Each of the authority's schools by its latest inventory (by when it was made); schools
    without an inventory are left out. Schools come in Swedish alphabetical order of their
    names.

    Area hours (a week: `hours_total`, workshop 1's; `hours_handed_over`, those of the area's
    tasks that workshop 3 decided to hand over) only from inventories whose workshop 1 figures
    are visible (closed, and at least the threshold answered), else null. Roles are workshop
    4's, from every school; `fte` is the sum of `fte_percent` over 100, at one decimal. Role
    titles are grouped case-insensitively after trimming (inner spaces collapsed), within a
    school and across schools, each group shown by the title first seen: schools in the
    list's order, roles in workshop 4's. Totals are worked out from the exact figures, then
    rounded; `schools` says how many schools a total counts (an area's total is null when
    no school's figures are visible)."""
    found = summary.authority_summary(session, state, authority.id)
    return JSONResponse(summary_json(found), headers={"Cache-Control": "no-store"})
