"""The inventory API's JSON bodies, made from the typed values."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from app.core.catalogues.summary import AreaHours, SchoolSummary, Summary
from app.core.catalogues.workshop1 import Workshop1, one_decimal
from app.inventory.models import Inventory
from app.inventory.planning import Workshop3View
from app.inventory.tokens import participate_token
from app.platform.tables import as_utc
from app.platform.urls import url_for


def status(inventory: Inventory) -> str:
    return "open" if inventory.closed_at is None else "closed"


def inventory_json(
    request: Request, inventory: Inventory, manage_token: str | None = None
) -> dict[str, Any]:
    key: bytes = request.app.state.koll.secret_key
    manage = (
        url_for(request, "web:inventory_manage", manage_token=manage_token)
        if manage_token
        else None
    )
    participate = url_for(request, "web:participate", token=participate_token(key, inventory.id))
    body: dict[str, Any] = {
        "id": inventory.id,
        "name": inventory.name,
        "catalogue": {"id": inventory.catalogue_id, "version": inventory.catalogue_version},
        "min_respondents": inventory.min_respondents,
        "staff_count": inventory.staff_count,
        "status": status(inventory),
        "created_at": as_utc(inventory.created_at).isoformat(),
        "links": {"manage": manage, "participate": participate},
    }
    if inventory.school_id is not None:
        body["school_id"] = inventory.school_id
    if manage_token is not None:
        body["manage_token"] = manage_token
    return body


def workshop1_json(inventory: Inventory, figures: Workshop1) -> dict[str, Any]:
    return {
        "inventory": {"id": inventory.id, "name": inventory.name, "status": status(inventory)},
        "respondents": figures.respondents,
        "min_respondents": figures.min_respondents,
        "visible": figures.visible,
        "reason": figures.visibility.reason,
        "role": figures.role,
        "roles": figures.roles,
        "areas": [
            {
                "id": area.area.id,
                "title": area.area.title,
                "hours_total": one_decimal(area.hours_total),
                "tasks": [
                    {
                        "id": task.task.id,
                        "text": task.task.text,
                        "doing": task.doing,
                        "hours_total": one_decimal(task.hours_total),
                        "hours_median": one_decimal(task.hours_median),
                        "energy_mean": one_decimal(task.energy_mean),
                        "teacher": task.teacher or {"yes": None, "partly": None, "no": None},
                    }
                    for task in area.tasks
                ],
            }
            for area in figures.areas
        ],
    }


def workshop3_json(view: Workshop3View) -> dict[str, Any]:
    return {
        "priorities": [
            {**priority.model_dump(mode="json"), "hours_total": one_decimal(hours)}
            for priority, hours in view.priorities
        ],
        "hours_freed": {
            "respondents": one_decimal(view.hours_freed.respondents),
            "school": one_decimal(view.hours_freed.school),
        },
    }


def _tenths(value: int | None) -> float | None:
    # Whole tenths are exact at one decimal: the same float one_decimal gives, far cheaper.
    return None if value is None else value / 10


def _hours(figures: AreaHours) -> dict[str, Any]:
    return {
        "hours_total": _tenths(figures.total_tenths),
        "hours_handed_over": _tenths(figures.handed_tenths),
    }


def _school(school: SchoolSummary) -> dict[str, Any]:
    return {
        "school_id": school.school_id,
        "inventory_id": school.inventory_id,
        "respondents": school.respondents,
        "visible": school.visible,
        "areas": {area_id: _hours(hours) for area_id, hours in school.areas.items()},
        "roles": [{"title": r.title, "fte": one_decimal(r.fte)} for r in school.roles],
    }


def summary_json(found: Summary) -> dict[str, Any]:
    return {
        "schools": [_school(school) for school in found.schools],
        "totals": {
            "areas": {
                area_id: {**_hours(total), "schools": total.schools}
                for area_id, total in found.areas.items()
            },
            "roles": [
                {"title": r.title, "fte": one_decimal(r.fte), "schools": r.schools}
                for r in found.roles
            ],
        },
    }
