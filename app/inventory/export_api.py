"""The whole inventory as one Excel file (the same tokens as workshop 1)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.inventory.deps import ReadableInventory
from app.inventory.plan_exports import inventory_xlsx
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS

router = APIRouter(prefix="/api/v1", tags=["inventory"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/inventories/{inventory_id}/export.xlsx",
    name="api:inventory_export",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {XLSX: {}}, "description": "The Excel file"}},
)
def export_inventory(
    state: StateDep, session: SessionDep, inventory: ReadableInventory
) -> Response:
    """Workshops 1 to 4 and the action plan, a sheet each. Workshop 1's figures (and the
    hours in workshop 3) only when they are visible; else the sheet says why."""
    return Response(
        inventory_xlsx(session, state.catalogues, inventory),
        media_type=XLSX,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'attachment; filename="inventering.xlsx"',
        },
    )
