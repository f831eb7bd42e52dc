"""Finding a stored result for a request: from memory, else from the database, counting a
miss as a failed guess of a secret (a result's id is the only key to it)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from app.core.results import ResultView
from app.platform.deps import app_state, count_failed_lookup, refuse_if_guessing
from app.selfcheck.service import read_result


async def result_or_404(request: Request, result_id: str) -> ResultView:
    state = app_state(request)
    view = state.results.get(result_id)
    if view is not None:
        return view
    refuse_if_guessing(request)
    view = await state.db.read(lambda session: read_result(state, session, result_id))
    if view is None:
        count_failed_lookup(request)
        raise HTTPException(404)
    return view
