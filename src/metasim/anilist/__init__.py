"""AniList under ``/anilist`` (``KOMETA_ANILIST_URL=http://HOST:PORT/anilist`` replaces
``https://graphql.anilist.co``): its GraphQL API at ``POST /anilist/`` for what Kometa's AniList
builders ask.

A query is answered by what it selects: ``Media(id: $id)`` (one anime) or ``Page(page: $page,
perPage: $perPage) { pageInfo { hasNextPage } media(...) }`` (a page, at most 50), with the
``media`` arguments taken from the variables as AniList names them: ``sort`` (``POPULARITY_DESC``,
``SCORE_DESC``, ``TRENDING_DESC``, ``START_DATE_DESC``, ``ID``), ``search``, ``season``,
``seasonYear``, ``genre_in``/``genre_not_in``, ``format_in``/``format_not_in``, ``status_in``,
``averageScore_greater``/``_lesser``, ``popularity_greater``/``_lesser``,
``episodes_greater``/``_lesser``, ``duration_greater``/``_lesser``, ``startDate_greater``/``_lesser``
(FuzzyDateInt ``YYYYMMDD``), ``isAdult``, ``countryOfOrigin``, ``source``, ``id_in``. Each medium
has ``id``, ``idMal``, ``title {romaji english native}``, ``format``, ``status``, ``startDate``,
``season``, ``seasonYear``, ``episodes``, ``duration``, ``averageScore``, ``popularity``,
``trending``, ``genres``, ``isAdult``, ``countryOfOrigin``, ``source``. The anime are the world's
(:mod:`metasim.anime`). Errors as AniList sends them: an unknown id is HTTP 404 ``{"errors":
[{"message": "Not Found.", "status": 404}], "data": {"Media": null}}``; a query it cannot read 400;
too many requests 429 (``Retry-After``). No key (AniList's public data needs none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service, json_body
from ..model import derive
from ..tables import MOVIE_GENRES, TV_GENRES

if TYPE_CHECKING:
    from ..anime import Anime
    from ..app import Meta

PREFIX = "/anilist"
GENRES = {"Action", "Adventure", "Comedy", "Drama", "Fantasy", "Horror", "Mystery", "Romance", "Sci-Fi", "Thriller",
          "Music", "Slice of Life", "Sports", "Supernatural", "Mecha", "Psychological", "Mahou Shoujo", "Ecchi"}
_RENAME = {"Science Fiction": "Sci-Fi", "Sci-Fi & Fantasy": "Sci-Fi", "Action & Adventure": "Action",
           "Family": "Slice of Life", "Animation": "", "Documentary": "", "History": "", "War": "", "Crime": "Mystery",
           "Western": "", "TV Movie": "", "Kids": "", "News": "", "Reality": "", "Soap": "Romance", "Talk": "",
           "War & Politics": "Drama"}


def error(status: int, kind: str) -> Response:
    message = {"not_found": "Not Found.", "rate_limited": "Too Many Requests.", "unauthorised": "Invalid token"}
    return json_body({"errors": [{"message": message.get(kind, kind), "status": status}], "data": None}, status)


def medium(seed: int, a: Anime) -> dict[str, Any]:
    t = a.title
    n = derive(seed, "anilist", a.anilist_id)
    names = MOVIE_GENRES if t.kind == "movie" else TV_GENRES
    genres = sorted({_RENAME.get(names.get(g, ""), names.get(g, "")) for g in t.genre_ids} - {""}) or ["Slice of Life"]
    d = t.release_date
    episodes = 1 if t.kind == "movie" else max(1, sum(s.episode_count for s in t.seasons) if t.seasons else 12)
    status = "NOT_YET_RELEASED" if t.status in ("Planned", "In Production") else \
        "RELEASING" if t.status == "Returning Series" else "FINISHED"
    from ..anime import SEASONS
    return {"id": a.anilist_id, "idMal": a.mal_id,
            "title": {"romaji": t.original_title, "english": t.title, "native": t.original_title},
            "format": "MOVIE" if t.kind == "movie" else ("TV", "TV", "TV", "ONA", "OVA")[n % 5],
            "status": status, "startDate": {"year": d.year if d else None, "month": d.month if d else None,
                                            "day": d.day if d else None},
            "season": SEASONS[(d.month - 1) // 3] if d else None, "seasonYear": d.year if d else None,
            "episodes": episodes, "duration": t.runtime, "averageScore": max(1, min(100, round(t.vote_average * 10))),
            "popularity": t.vote_count * 7 + n % 97, "trending": round(t.popularity) + n % 13, "genres": genres,
            "isAdult": False, "countryOfOrigin": "JP" if t.original_language == "ja" else (t.origin_countries or ["JP"])[0],
            "source": ("ORIGINAL", "MANGA", "LIGHT_NOVEL", "VIDEO_GAME", "NOVEL")[n // 5 % 5]}


class BadQuery(Exception):
    pass


def _fuzzy(m: dict[str, Any]) -> int:
    d = m["startDate"]
    return (d["year"] or 0) * 10000 + (d["month"] or 0) * 100 + (d["day"] or 0)


def _keep(m: dict[str, Any], v: dict[str, Any]) -> bool:
    checks = [
        ("search", lambda x: x.lower() in f"{m['title']['english']} {m['title']['romaji']}".lower()),
        ("season", lambda x: m["season"] == x), ("seasonYear", lambda x: m["seasonYear"] == int(x)),
        ("genre_in", lambda x: bool(set(x) & set(m["genres"]))), ("genre_not_in", lambda x: not set(x) & set(m["genres"])),
        ("format_in", lambda x: m["format"] in x), ("format_not_in", lambda x: m["format"] not in x),
        ("status_in", lambda x: m["status"] in x), ("isAdult", lambda x: m["isAdult"] == bool(x)),
        ("countryOfOrigin", lambda x: m["countryOfOrigin"] == x), ("source", lambda x: m["source"] == x),
        ("id_in", lambda x: m["id"] in x),
        ("startDate_greater", lambda x: _fuzzy(m) > int(x)), ("startDate_lesser", lambda x: _fuzzy(m) < int(x)),
    ]
    for name in ("averageScore", "popularity", "episodes", "duration"):
        checks += [(f"{name}_greater", lambda x, k=name: (m[k] or 0) > float(x)),
                   (f"{name}_lesser", lambda x, k=name: (m[k] or 0) < float(x))]
    return all(test(v[key]) for key, test in checks if v.get(key) is not None)


SORTS = {"POPULARITY_DESC": (lambda m: -m["popularity"]), "SCORE_DESC": (lambda m: -m["averageScore"]),
         "TRENDING_DESC": (lambda m: -m["trending"]), "START_DATE_DESC": (lambda m: -_fuzzy(m)),
         "ID": (lambda m: m["id"])}


def answer(meta: Meta, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    from ..anime import by_anilist, catalogue
    query = str(body.get("query") or "")
    v = body.get("variables") or {}
    if not isinstance(v, dict):
        raise BadQuery("variables must be an object")
    seed = meta.world.seed
    if "Page" not in query and "Media(" in query:
        found = by_anilist(meta.world).get(int(v.get("id") or 0))
        if found is None:
            return 404, {"errors": [{"message": "Not Found.", "status": 404}], "data": {"Media": None}}
        return 200, {"data": {"Media": medium(seed, found)}}
    if "Page" not in query or "media" not in query:
        raise BadQuery("Cannot query: only Media and Page { media } are served here")
    sort = v.get("sort") or ["ID"]
    sort = sort if isinstance(sort, list) else [sort]
    if any(s not in SORTS for s in sort):
        raise BadQuery(f'Value "{sort[0]}" does not exist in "MediaSort" enum.')
    rows = [m for m in (medium(seed, a) for a in catalogue(meta.world)) if _keep(m, v)]
    rows.sort(key=lambda m: (SORTS[sort[0]](m), m["id"]))
    page, per = max(1, int(v.get("page") or 1)), max(1, min(50, int(v.get("perPage") or 50)))
    shown = rows[(page - 1) * per:page * per]
    return 200, {"data": {"Page": {"pageInfo": {"total": len(rows), "currentPage": page, "perPage": per,
                                                "hasNextPage": page * per < len(rows)}, "media": shown}}}


def _routes(meta: Meta) -> list[BaseRoute]:
    async def graphql(request: Request) -> Response:
        try:
            body = await request.json()
            status, data = answer(meta, body if isinstance(body, dict) else {})
        except (ValueError, BadQuery) as exc:
            return json_body({"errors": [{"message": str(exc), "status": 400}], "data": None}, 400)
        return json_body(data, status)
    return [Route("/", graphql, methods=["POST"])]


SERVICE = Service(name="anilist", prefix=PREFIX, routes=_routes, authorised=lambda meta, request: True, error=error)
