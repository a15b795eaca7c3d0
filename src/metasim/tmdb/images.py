"""TMDb's image host (``image.tmdb.org/t/p/SIZE/FILE``) under ``/tmdb/t/p``: a JPEG for any file path.

Every TMDb-looking path the API answers (``poster_path``, ``still_path``, ...) has an image here:
a 400x600 JPEG drawn from the file name, so the same path is always the same bytes. Sizes other
than TMDb's (``original``, ``w500``, ...) are 404, as on TMDb. No key is needed, as on TMDb.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from .errors import error

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/tmdb/t/p"
SIZES = {"original", "w92", "w154", "w185", "w300", "w342", "w500", "w780", "w1280"}


@lru_cache(maxsize=256)
def image(name: str) -> bytes:
    """A 400x600 JPEG coloured from the file name, with the name written on it."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha1(name.encode()).digest()
    img = Image.new("RGB", (400, 600), (digest[0], digest[1], digest[2]))
    ImageDraw.Draw(img).text((20, 20), name, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def _routes(meta: Meta) -> list[BaseRoute]:
    async def serve(request: Request) -> Response:
        size, name = request.path_params["size"], request.path_params["file"]
        if size not in SIZES or not name.endswith((".jpg", ".png")):
            return Response(status_code=404)
        return Response(image(name), media_type="image/jpeg")

    return [Route("/{size}/{file}", serve, methods=["GET"])]


SERVICE = Service(name="tmdb-images", prefix=PREFIX, routes=_routes, authorised=lambda meta, request: True,
                  error=error)
