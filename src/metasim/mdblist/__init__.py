"""MDBList under ``/mdblist`` (``KOMETA_MDBLIST_URL=http://HOST:PORT/mdblist`` replaces
``https://api.mdblist.com``), in MDBList's API shapes.

* ``GET /user``: the key's account (``api_requests`` daily limit, ``api_requests_count`` used today).
* ``GET /lists/{user}/{list}``: ``[{id, name, slug, items, user_name, description, mediatype}]``.
* ``GET /lists/{user}/{list}/items[/{movie|show}]``: ``{"movies": [...], "shows": [...]}``, each
  ``{id (TMDb), rank, adult, title, imdb_id, tvdb_id, release_year, mediatype}``; ``limit``
  (default and max 1000) / ``offset`` paging with the ``X-Has-More`` header; ``sort`` (rank,
  score, released, title, imdbrating, imdbvotes) and ``sortorder`` (asc, desc).
* ``GET /{imdb|tmdb|tvdb}/{movie|show}/{id}``: one title: ``score``, ``score_average``,
  ``released``, ``released_digital``, ``certification``, ``commonsense`` (reviewed by Common Sense
  Media), ``age_rating``, ``ids`` and its ``ratings`` (``[{source, value, score, votes}]`` for
  imdb, tmdb, trakt, letterboxd, tomatoes, popcorn, metacritic, metacriticuser, myanimelist; each
  value in its site's scale: IMDb 0-10, TMDb/Trakt/RT/Metacritic 0-100, Letterboxd 0-5).

Any user/list resolves deterministically from the world (a user or list starting with
``missing`` is 404); ``k0meta/<key>-originals`` (the lists Kometa's streaming defaults read) holds
the service's own productions (its network's shows and a seeded third of what it offers; see
``tables.ORIGINALS``), 404 for a service without such a list. The key is the ``apikey`` parameter (``--any-key`` accepts every key); a
wrong key is 403 ``{"error": "Invalid API key!"}``. Each key has a daily limit
(:class:`MdblistState`, ``Meta.mdblist``): past it every answer is 429 ``{"error": "API Limit
Reached!"}``, as MDBList sends it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from ..app import Service

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/mdblist"


@dataclass
class MdblistState:
    apikey: str = "metasim-mdblist"
    daily_limit: int = 1000
    used: int = 0  # requests answered today (tests reset it)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def spend(self) -> bool:
        """Count one request; False once today's limit is passed."""
        with self._lock:
            self.used += 1
            return self.used <= self.daily_limit


def authorised(meta: Meta, request: Request) -> bool:
    return meta.any_key or request.query_params.get("apikey") == meta.mdblist.apikey


def error(status: int, kind: str) -> Response:
    from ..app import json_body
    message = {"unauthorised": "Invalid API key!", "rate_limited": "API Rate Limit Reached!",
               "quota": "API Limit Reached!", "not_found": "Not found"}.get(kind, kind)
    return json_body({"error": message}, 403 if status == 401 else status)


def _routes(meta: Meta) -> list[BaseRoute]:
    from .routes import routes
    return routes(meta)


SERVICE = Service(name="mdblist", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
