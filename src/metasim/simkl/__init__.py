"""The Kometa Simkl service under ``/simkl`` (``KOMETA_SIMKL_URL=http://HOST:PORT/simkl`` replaces
``https://utilities.kometa.wiki/simkl-service``): Simkl's trending and DVD-release lists, as that
service hands them to Kometa (no key, no account).

* ``GET /simkl/trending/{today|week|month}/{small|large}``: ``{"movies": [...], "tv": [...],
  "anime": [...]}``, each list ranked (``small`` the top 100, ``large`` the top 500). An item is
  Simkl's: ``{"title", "year", "url", "poster", "rank", "ids": {"simkl_id", "slug", "tmdb",
  "imdb", "tvdb"}}`` with ids as Simkl writes them (strings; ``tvdb`` for shows only). ``anime`` holds
  the world's animated shows, ``tv`` the other shows. The ranking is the world's popularity weighted
  by a stable draw per period.
* ``GET /simkl/dvd/{small|large}``: one list of movies and shows newest first by a stable "DVD
  date" (the world's titles released in the two years before its today), the same item shape;
  only shows carry ``tvdb``.

Another period or size is 404 ``{"error": "not_found"}``; faults answer ``{"error": ...}`` too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import TODAY, Title, derive

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/simkl"
PERIODS = ("today", "week", "month")
SIZES = {"small": 100, "large": 500}
ANIMATION = 16


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    from ..app import json_body
    return json_body({"error": kind}, status)


def _slug(title: Title) -> str:
    return "-".join("".join(c for c in title.title.lower() if c.isalnum() or c == " ").split())


def _simkl_id(title: Title) -> int:
    return 100_000 + derive(0, "simkl-id", title.kind, title.tmdb_id) % 9_000_000


def item(title: Title, rank: int) -> dict[str, Any]:
    ids: dict[str, Any] = {"simkl_id": _simkl_id(title), "slug": _slug(title), "tmdb": str(title.tmdb_id)}
    if title.imdb_id:
        ids["imdb"] = title.imdb_id
    if title.kind == "tv" and title.tvdb_id:
        ids["tvdb"] = str(title.tvdb_id)
    section = "movies" if title.kind == "movie" else "tv"
    return {"title": title.title, "year": title.year, "rank": rank,
            "url": f"/{section}/{_simkl_id(title)}/{_slug(title)}",
            "poster": f"{derive(0, 'simkl-poster', title.tmdb_id) % 100:02d}/{_simkl_id(title)}",
            "ids": ids}


def ranked(meta: Meta, titles: list[Title], period: str, size: int) -> list[dict[str, Any]]:
    seed = meta.world.seed
    order = sorted(titles, key=lambda t: (-t.popularity * (0.25 + derive(seed, "simkl", period, t.kind, t.tmdb_id)
                                                           % 1000 / 500), t.tmdb_id))
    return [item(t, n) for n, t in enumerate(order[:size], 1)]


def trending(meta: Meta, period: str, size: int) -> dict[str, Any]:
    world = meta.world
    shows = [t for t in world.shows if ANIMATION not in t.genre_ids]
    anime = [t for t in world.shows if ANIMATION in t.genre_ids]
    return {"movies": ranked(meta, list(world.movies), period, size), "tv": ranked(meta, shows, period, size),
            "anime": ranked(meta, anime, period, size)}


def dvd(meta: Meta, size: int) -> list[dict[str, Any]]:
    seed = meta.world.seed
    start = TODAY - timedelta(days=730)
    recent = [t for t in meta.world.titles if t.release_date and start <= t.release_date <= TODAY]

    def dvd_date(title: Title) -> Any:
        assert title.release_date is not None
        return min(TODAY, title.release_date + timedelta(days=60 + derive(seed, "dvd", title.kind, title.tmdb_id) % 120))
    recent.sort(key=lambda t: (dvd_date(t), t.tmdb_id), reverse=True)
    return [item(t, n) for n, t in enumerate(recent[:size], 1)]


def _routes(meta: Meta) -> list[BaseRoute]:
    from ..app import json_body

    async def trending_route(request: Request) -> Response:
        period, size = request.path_params["period"], request.path_params["size"]
        if period not in PERIODS or size not in SIZES:
            return error(404, "not_found")
        return json_body(trending(meta, period, SIZES[size]))

    async def dvd_route(request: Request) -> Response:
        size = request.path_params["size"]
        if size not in SIZES:
            return error(404, "not_found")
        return json_body(dvd(meta, SIZES[size]))

    return [Route("/trending/{period}/{size}", trending_route, methods=["GET"]),
            Route("/dvd/{size}", dvd_route, methods=["GET"])]


SERVICE = Service(name="simkl", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
