"""Request bodies read without FastAPI's body machinery, for hot routes; they fail as it would."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

Body = TypeVar("Body", bound=BaseModel)


def json_body(model: type[Body], raw: bytes) -> Body:
    """Parse a JSON body as FastAPI would, failing with the same 422: for hot routes, where
    FastAPI's body and dependency handling costs more than the work itself."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as invalid:
        errors = invalid.errors(include_url=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None


IDEMPOTENCY_KEY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Retry safely: the same key with the same body within 24 hours answers the "
    "first result again and stores nothing new; with another body it is 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"},
}


def documented_body(model: type[BaseModel], *, idempotent: bool = False) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its body with `json_body` (and, if
    `idempotent`, takes an `Idempotency-Key` header)."""
    schema = {"application/json": {"schema": model.model_json_schema()}}
    extra: dict[str, Any] = {"requestBody": {"required": True, "content": schema}}
    if idempotent:
        extra["parameters"] = [IDEMPOTENCY_KEY_PARAMETER]
    return extra
