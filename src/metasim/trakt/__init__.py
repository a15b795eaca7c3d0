"""Trakt API v2 under ``/trakt`` (``KOMETA_TRAKT_URL=http://HOST:PORT/trakt``).

Credentials as Trakt: every request carries ``trakt-api-key: <client id>`` and
``trakt-api-version: 2`` (a wrong or missing client id is HTTP 401 ``{"error": ...}``); user data
(``/users/me/...``, ``/recommendations``, ``/users/settings``) also needs ``Authorization: Bearer
<access token>`` issued by the simulated OAuth (``/oauth/device/code``, ``/oauth/device/token``,
``/oauth/token``), which take the client id in their JSON body instead of the header. The state
(client id/secret, issued tokens, how many polls a device code stays pending) is
:class:`~metasim.trakt.state.TraktState`, ``Meta.trakt``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.routing import BaseRoute

from ..app import Service
from .state import error

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/trakt"


def authorised(meta: Meta, request: Request) -> bool:
    if request.url.path.startswith(PREFIX + "/oauth/"):
        return True  # the client id is in the body; the route checks it
    if meta.any_key:
        return True
    return request.headers.get("trakt-api-key") == meta.trakt.client_id


def _routes(meta: Meta) -> list[BaseRoute]:
    from .routes import routes
    return routes(meta)


SERVICE = Service(name="trakt", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
