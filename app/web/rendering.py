"""Jinja2 set up once per app: autoescaping, Swedish number and date formats, path-only URLs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.routing import Router

TEMPLATES = Path(__file__).parent / "templates"
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def make_environment(router: Router) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Path-only URLs: cached pages must not carry the host of whoever asked first.
    environment.globals["url"] = lambda name, **params: str(router.url_path_for(name, **params))
    environment.filters["number"] = swedish_number
    environment.filters["date"] = swedish_date
    return environment


def render(environment: Environment, template: str, **context: Any) -> str:
    return environment.get_template(template).render(**context)


def swedish_number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",")


def swedish_date(value: datetime) -> str:
    try:
        local = value.astimezone(ZoneInfo("Europe/Stockholm"))
    except ZoneInfoNotFoundError:  # pragma: no cover - systems without time zone data
        local = value.astimezone(UTC)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} kl. {local:%H:%M}"


def render_page(request: Request, template: str, **context: Any) -> str:
    """A page of this request's app (its templates are in the app's state)."""
    return render(request.app.state.koll.templates, template, **context)
