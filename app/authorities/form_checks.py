"""Form fields checked by the API's own request shapes, so a page refuses exactly what the
API refuses, with each problem in Swedish beside the field it is about."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from app.authorities import messages

M = TypeVar("M", bound=BaseModel)
# A problem on a page: the field's name (None: the whole form) and what to do about it.
FieldProblem = tuple[str | None, str]
# pydantic's own messages are English; the shapes' custom ones are Swedish already.
SWEDISH = {
    "string_too_short": messages.BLANK_NAME,
    "string_too_long": messages.NAME_TOO_LONG,
}


def checked(model: type[M], values: Mapping[str, str]) -> M | list[FieldProblem]:
    """The values as `model`, or one problem per field that the model refuses."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as error:
        return [
            (str(problem["loc"][0]) if problem["loc"] else None, _swedish(problem))
            for problem in error.errors()
        ]


def _swedish(problem: Mapping[str, object]) -> str:
    text = SWEDISH.get(str(problem["type"]))
    return text or str(problem["msg"]).removeprefix("Value error, ")
