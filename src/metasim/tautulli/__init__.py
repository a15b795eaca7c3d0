"""Tautulli under ``/tautulli`` (the config's ``tautulli: url`` is ``http://HOST:PORT/tautulli``):
its API v2 at ``/api/v2?apikey=…&cmd=…``, the commands Kometa uses.

* ``get_tautulli_info``: ``{"response": {"result": "success", "data": {"tautulli_version": "v2.13.4", ...}}}``.
* ``get_home_stats`` (``time_range`` days, ``stats_count``, optional ``section_id``): ``data`` is a
  list of ``{"stat_id", "stat_type", "rows"}`` for ``popular_movies``, ``top_movies``, ``popular_tv``,
  ``top_tv``; each row has ``title``, ``year``, ``rating_key``, ``guid`` (the Plex guid of the
  world's library title), ``section_id`` (1 movies, 2 shows, as plexsim's world library),
  ``users_watched`` and ``total_plays`` (deterministic; more days, more plays). metasim cannot
  know plexsim's rating keys, so ``rating_key`` is a stand-in: clients match by ``guid``.

A wrong ``apikey`` is HTTP 401 with ``{"response": {"result": "error", "message": "Invalid apikey"}}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import Title, derive

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/tautulli"
APIKEY = "metasim-tautulli"


def authorised(meta: Meta, request: Request) -> bool:
    return meta.any_key or request.query_params.get("apikey") == APIKEY


def error(status: int, kind: str) -> Response:
    from ..app import json_body
    message = {"unauthorised": "Invalid apikey", "not_found": "Not found"}.get(kind, kind)
    return json_body({"response": {"result": "error", "message": message, "data": {}}}, status)


def _plays(seed: int, title: Title, days: int) -> tuple[int, int]:
    base = derive(seed, "tautulli", title.kind, title.tmdb_id)
    users = min(12, (base % 7) * max(1, days) // 30 + (base % 3))
    return users, users * (1 + base % 4)


def _row(seed: int, title: Title, days: int) -> dict[str, Any]:
    users, plays = _plays(seed, title, days)
    return {"title": title.title, "year": title.year, "rating_key": 10_000_000 + title.index, "guid": title.plex_guid,
            "section_id": 1 if title.kind == "movie" else 2, "media_type": "movie" if title.kind == "movie" else "show",
            "users_watched": users, "total_plays": plays}


def home_stats(meta: Meta, request: Request) -> Any:
    q = request.query_params
    days, count = int(q.get("time_range") or 30), int(q.get("stats_count") or 10)
    section = q.get("section_id")
    seed = meta.world.seed
    out = []
    for kind, media in (("movie", "movies"), ("tv", "tv")):
        pool = [t for t in meta.world.library if t.kind == kind and (section is None or
                                                                     str(1 if kind == "movie" else 2) == section)]
        rows = [_row(seed, t, days) for t in pool]
        rows = [r for r in rows if r["total_plays"] > 0]
        for stat, key in (("popular", "users_watched"), ("top", "total_plays")):
            ranked = sorted(rows, key=lambda r: (-r[key], r["title"]))[:count]
            out.append({"stat_id": f"{stat}_{media}", "stat_type": key, "stat_title": stat, "rows": ranked})
    return out


def _routes(meta: Meta) -> list[BaseRoute]:
    from ..app import json_body

    async def api(request: Request) -> Response:
        cmd = request.query_params.get("cmd")
        if cmd == "get_tautulli_info":
            data: Any = {"tautulli_version": "v2.13.4", "tautulli_branch": "master"}
        elif cmd == "get_home_stats":
            try:
                data = home_stats(meta, request)
            except ValueError:
                return json_body({"response": {"result": "error", "message": "time_range and stats_count must be "
                                               "integers", "data": {}}}, 400)
        else:
            return json_body({"response": {"result": "error", "message": f"Unknown command: {cmd}", "data": {}}}, 400)
        return json_body({"response": {"result": "success", "message": None, "data": data}})

    return [Route("/api/v2", api, methods=["GET"])]


SERVICE = Service(name="tautulli", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
