"""URLs of named routes, each route's path template worked out once per app.

Starlette finds a route by name by trying every route in turn, which costs more than the rest
of a small request; links in API bodies are built on every submission.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request


def path_for(app: Starlette, name: str, **params: str) -> str:
    templates: dict[str, str] = app.state.route_paths
    template = templates.get(name)
    if template is None:
        placeholders = {key: "{" + key + "}" for key in params}
        template = templates[name] = str(app.url_path_for(name, **placeholders))
    for key, value in params.items():
        template = template.replace("{" + key + "}", quote(value, safe=""))
    return template


def base_url(request: Request) -> str:
    """The site's address without the trailing slash: `KOLL_PUBLIC_URL` when it is set, else
    as the client sees it."""
    public_url: str | None = request.app.state.koll.settings.public_url
    return public_url or str(request.base_url).rstrip("/")


def url_for(request: Request, name: str, **params: str) -> str:
    return base_url(request) + path_for(request.app, name, **params)
