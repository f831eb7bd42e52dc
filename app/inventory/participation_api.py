"""`POST /api/v1/participations`: one participant's answers. A router of its own, included
first by `create_app` (see participation_web)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException

from app.core.catalogues.participation import InvalidParticipation, validate_participation
from app.inventory import messages, service
from app.inventory.deps import catalogue_of_link, opened_link, participation_links
from app.inventory.schemas import ParticipationCreate
from app.platform.bodies import documented_body
from app.platform.deps import app_state
from app.platform.errors import ERRORS, Problem
from app.platform.responses import JSONResponse

router = APIRouter(prefix="/api/v1", tags=["inventory"])
GONE: dict[int | str, dict[str, Any]] = {410: {"description": "The inventory is closed"}}


def _inlined(node: Any, defs: dict[str, Any] | None = None) -> Any:
    """The body's JSON Schema with its `$defs` written in place: a `#/$defs/...` reference
    would point at the root of the OpenAPI document, where they are not."""
    if isinstance(node, dict):
        if defs is None and "$defs" in node.get("requestBody", {}).get("content", {}).get(
            "application/json", {}
        ).get("schema", {}):
            defs = node["requestBody"]["content"]["application/json"]["schema"].pop("$defs")
        if "$ref" in node and defs is not None:
            return _inlined(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return {key: _inlined(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(item, defs) for item in node]
    return node


@router.post(
    "/participations",
    status_code=201,
    responses={**ERRORS, **GONE},
    openapi_extra=_inlined(documented_body(ParticipationCreate)),
)
async def create_participation(request: Request) -> Any:
    """One participant's answers. Nothing sent can be read back as an individual answer."""
    state = app_state(request)
    token, role, tasks = _participation_body(await request.body())
    link = await opened_link(request, token)
    if link.closed:
        raise Problem(410, "closed", messages.CLOSED)
    version = await catalogue_of_link(request, link)
    try:
        answers = validate_participation(version.catalogue, role, tasks)
    except InvalidParticipation as invalid:
        errors = [
            {"task": p.task_id, "field": p.field, "code": p.code, "message": p.message}
            for p in invalid.problems
        ]
        body = {"code": "invalid_participation", "message": messages.INVALID_PARTICIPATION}
        return JSONResponse({**body, "errors": errors}, status_code=422)
    outcome = await state.db.write(lambda session: service.take_part(session, link, answers))
    if outcome == "closed":
        participation_links(request).closed(link.inventory_id)
        raise Problem(410, "closed", messages.CLOSED)
    if outcome == "unknown":
        raise HTTPException(404)
    return JSONResponse({"received": True}, status_code=201)


def _participation_body(raw: bytes) -> tuple[str, object, dict[str, object]]:
    """The token, role and tasks; a body of another shape is the ordinary 422."""
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("token"), str)
        or not isinstance(body.get("tasks", {}), dict)
    ):
        raise Problem(422, "invalid_request", messages.INVALID_BODY)
    return body["token"], body.get("role"), body.get("tasks", {})
