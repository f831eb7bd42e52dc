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


def documented_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its body with `json_body`."""
    schema = {"application/json": {"schema": model.model_json_schema()}}
    return {"requestBody": {"required": True, "content": schema}}
