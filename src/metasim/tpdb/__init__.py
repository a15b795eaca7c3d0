"""ThePosterDB's asset addresses under ``/tpdb`` (``KOMETA_TPDB_URL=http://HOST:PORT/tpdb`` replaces
``https://theposterdb.com``): ``GET /api/assets/{id}`` answers that poster's image, as the address
Kometa builds from a ``tpdb_poster`` id does (Plex downloads it). Any numeric id has an image (a
JPEG drawn from the id, the same bytes each time); another id is 404. No key is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/tpdb"


def _routes(meta: Meta) -> list[BaseRoute]:
    from ..tmdb.images import image

    async def asset(request: Request) -> Response:
        ident = request.path_params["ident"]
        if not ident.isdigit():
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(image(f"tpdb-{ident}.jpg"), media_type="image/jpeg")

    return [Route("/api/assets/{ident}", asset, methods=["GET"])]


def error(status: int, kind: str) -> Response:
    return Response("Not Found" if status == 404 else "Error", status_code=status, media_type="text/plain")


SERVICE = Service(name="tpdb", prefix=PREFIX, routes=_routes, authorised=lambda meta, request: True, error=error)
