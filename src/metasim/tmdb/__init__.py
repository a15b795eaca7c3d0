"""TMDb API v3 under ``/tmdb/3``: auth, error bodies (``errors``), JSON shapes (``shapes``),
discover filters (``discover``) and the routes (``routes``).

Credentials: the ``api_key`` query parameter or an ``Authorization: Bearer <token>`` header must
equal the server's TMDb key (``--tmdb-key``, default ``metasim-tmdb``), unless the server runs with
``--any-key`` (every key and token accepted, for real configs whose secrets are placeholders).
A wrong or missing key is HTTP 401 with status_code 7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.routing import BaseRoute

from ..app import Service
from .errors import error

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/tmdb/3"


def authorised(meta: Meta, request: Request) -> bool:
    if meta.any_key:
        return True
    if request.query_params.get("api_key") == meta.tmdb_key:
        return True
    header = request.headers.get("authorization", "")
    return header.lower().startswith("bearer ") and header[7:].strip() == meta.tmdb_key


def _routes(meta: Meta) -> list[BaseRoute]:
    from .routes import routes
    return routes(meta)


SERVICE = Service(name="tmdb", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
