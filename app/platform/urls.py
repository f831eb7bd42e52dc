"""URLs of named routes, each route's path template worked out once per app.

Starlette finds a route by name by trying every route in turn, which costs more than the rest
of a small request; links in API bodies are built on every submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request


def path_for(app: Starlette, name: str, **params: str) -> str:
    return _filled(_template(app, app.state.route_paths, name, params), _quoted(params))


def urls_for(request: Request, routes: Mapping[str, str], **params: str) -> dict[str, str]:
    """The absolute URL of each route named in `routes`, by its key there, all with the same
    parameters: the base URL and the quoted values are worked out once for all of them."""
    app = request.app
    base, templates, quoted = base_url(request), app.state.route_paths, _quoted(params)
    return {
        key: base + _filled(_template(app, templates, name, params), quoted)
        for key, name in routes.items()
    }


def _template(
    app: Starlette, templates: dict[str, str], name: str, params: Mapping[str, str]
) -> str:
    template = templates.get(name)
    if template is None:
        placeholders = {key: "{" + key + "}" for key in params}
        template = templates[name] = str(app.url_path_for(name, **placeholders))
    return template


def _quoted(params: Mapping[str, str]) -> list[tuple[str, str]]:
    return [("{" + key + "}", quote(value, safe="")) for key, value in params.items()]


def _filled(template: str, quoted: list[tuple[str, str]]) -> str:
    for placeholder, value in quoted:
        template = template.replace(placeholder, value)
    return template


# Base URLs worked out, by what they are made of; the Host header is the client's to choose,
# so there is a bound.
MAX_BASE_URLS = 256


def base_url(request: Request) -> str:
    """The site's address without the trailing slash: `KOLL_PUBLIC_URL` when it is set, else
    as the client sees it, remembered by what Starlette makes it of (building it anew costs
    a submission more than the rest of its four links)."""
    public_url: str | None = request.app.state.koll.settings.public_url
    if public_url:
        return public_url
    scope = request.scope
    host = next((value for name, value in scope["headers"] if name == b"host"), None)
    root_path = scope.get("app_root_path", scope.get("root_path", ""))
    server = scope.get("server")  # a pair, as a list from some servers
    key = (scope.get("scheme"), host, root_path, tuple(server) if server else None)
    known: dict[tuple[object, ...], str] = request.app.state.base_urls
    url = known.get(key)
    if url is None:
        if len(known) >= MAX_BASE_URLS:
            known.clear()
        url = known[key] = str(request.base_url).rstrip("/")
    return url


def url_for(request: Request, name: str, **params: str) -> str:
    return base_url(request) + path_for(request.app, name, **params)
