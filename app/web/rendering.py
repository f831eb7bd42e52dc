"""Jinja2 set up once per app: autoescaping, Swedish number and date formats, path-only URLs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.routing import Router

from app.core.swedish import stockholm_time, written_date

TEMPLATES = Path(__file__).parent / "templates"


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
    local = stockholm_time(value)
    return f"{written_date(local.date())} kl. {local:%H:%M}"


def render_page(request: Request, template: str, **context: Any) -> str:
    """A page of this request's app (its templates are in the app's state)."""
    return render(request.app.state.koll.templates, template, **context)
