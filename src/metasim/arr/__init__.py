"""Radarr under ``/radarr`` and Sonarr under ``/sonarr`` (the config's ``radarr: url`` /
``sonarr: url`` is ``http://HOST:PORT/radarr`` / ``.../sonarr``): their API v3 reads Kometa uses.

* ``GET /api/v3/movie`` (Radarr) / ``GET /api/v3/series`` (Sonarr): every title the app manages —
  about 80% of the world's movies (Radarr) or shows (Sonarr), library and missing alike — with
  ``id``, ``title``, ``year``, ``tmdbId``, ``imdbId`` (Sonarr also ``tvdbId``), ``monitored``,
  ``hasFile``, ``qualityProfileId``, ``rootFolderPath``, ``path`` (``/movies/Title (Year)``,
  ``/tv/Title``) and ``tags`` (tag ids); what the editor changed (``PUT /api/v3/movie|series/editor``,
  :mod:`metasim.arr.writes`) shows here.
* ``GET /api/v3/tag``: ``[{"id", "label"}]`` (:data:`TAGS`); each title carries 0-2 of them.
* ``GET /api/v3/system/status``: ``{"appName", "version"}``.
* What Kometa sends (lookup, add, import, editor delete, tags, quality profiles, root folders): see
  :mod:`metasim.arr.writes`;
  titles added appear in the lists above.

The key is the ``X-Api-Key`` header (or ``apikey`` parameter): ``metasim-radarr`` /
``metasim-sonarr``; a wrong one is HTTP 401 ``{"error": "Unauthorized"}``.
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

TAGS = ("kometa", "4k", "family", "anime", "favorite")
KEYS = {"radarr": "metasim-radarr", "sonarr": "metasim-sonarr"}


def error(status: int, kind: str) -> Response:
    from ..app import json_body
    return json_body({"error": "Unauthorized" if kind == "unauthorised" else kind}, status)


def _authorised(app: str) -> Any:
    def check(meta: Meta, request: Request) -> bool:
        key = request.headers.get("x-api-key") or request.query_params.get("apikey")
        return meta.any_key or key == KEYS[app]
    return check


def managed(meta: Meta, app: str) -> list[Title]:
    """The world's titles the app has (about 80%), less those removed through the editor."""
    kind = "movie" if app == "radarr" else "tv"
    seed = meta.world.seed
    removed = meta.arr.removed[app]
    return [t for t in meta.world.titles if t.kind == kind and derive(seed, app, t.tmdb_id) % 10 < 8
            and 1 + t.index not in removed]


def tag_ids(seed: int, app: str, title: Title) -> list[int]:
    n = derive(seed, app, "tags", title.tmdb_id)
    count = n % 3
    return sorted({1 + (n // 7 + i * 3) % len(TAGS) for i in range(count)})


def folder_name(app: str, title: Title) -> str:
    return f"{title.title} ({title.year or 2025})" if app == "radarr" else title.title


def _record(seed: int, app: str, title: Title) -> dict[str, Any]:
    from .writes import FOLDERS
    root = FOLDERS[app][0]
    out: dict[str, Any] = {"id": 1 + title.index, "title": title.title, "year": title.year, "tmdbId": title.tmdb_id,
                           "imdbId": title.imdb_id, "monitored": derive(seed, app, "monitored", title.tmdb_id) % 4 > 0,
                           "hasFile": title.in_library, "qualityProfileId": 1 if title.index % 3 == 0 else 4,
                           "rootFolderPath": root, "path": f"{root}/{folder_name(app, title)}",
                           "tags": tag_ids(seed, app, title)}
    if app == "sonarr":
        out["tvdbId"] = title.tvdb_id
    return out


def _routes_for(app: str) -> Any:
    def routes(meta: Meta) -> list[BaseRoute]:
        from ..app import json_body

        seed = meta.world.seed

        def record(title: Title) -> dict[str, Any]:
            return _record(seed, app, title)

        async def items(request: Request) -> Response:
            out = [_record(seed, app, t) for t in managed(meta, app)]
            id_key = "tmdbId" if app == "radarr" else "tvdbId"
            for n, body in enumerate(meta.arr.added[app], 100_001):  # what Kometa added
                out.append({"id": n, "title": body.get("title"), "year": body.get("year"), id_key: body[id_key],
                            "imdbId": body.get("imdbId"), "monitored": bool(body.get("monitored", True)),
                            "hasFile": bool(body.get("path")), "qualityProfileId": body.get("qualityProfileId"),
                            "rootFolderPath": body.get("rootFolderPath"),
                            "path": body.get("path") or f"{body.get('rootFolderPath')}/{body.get('title')}",
                            "tags": list(body.get("tags") or [])})
            removed, edits = meta.arr.removed[app], meta.arr.edits[app]
            return json_body([{**r, **edits.get(r["id"], {})} for r in out if r["id"] not in removed])

        async def tags(request: Request) -> Response:
            labels = list(TAGS) + meta.arr.tags[app]
            return json_body([{"id": i, "label": label} for i, label in enumerate(labels, 1)])

        async def status(request: Request) -> Response:
            return json_body({"appName": app.title(), "version": "5.14.0" if app == "radarr" else "4.0.11"})

        from .writes import routes as writes
        return [Route("/api/v3/movie" if app == "radarr" else "/api/v3/series", items, methods=["GET"]),
                Route("/api/v3/tag", tags, methods=["GET"]), Route("/api/v3/system/status", status, methods=["GET"]),
                *writes(meta, app, record, lambda: managed(meta, app))]
    return routes


RADARR = Service(name="radarr", prefix="/radarr", routes=_routes_for("radarr"), authorised=_authorised("radarr"),
                 error=error)
SONARR = Service(name="sonarr", prefix="/sonarr", routes=_routes_for("sonarr"), authorised=_authorised("sonarr"),
                 error=error)
