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
and ``endDate_greater``/``_lesser`` (FuzzyDateInt ``YYYYMMDD``), ``isAdult``, ``countryOfOrigin``,
``source``, ``id_in``, ``tag_in``/``tag_not_in``, ``tagCategory_in``/``tagCategory_not_in`` and
``minimumTagRank`` (a tag counts from that rank). Each medium has ``id``, ``idMal``, ``title
{romaji english native}``, ``format``, ``status``, ``startDate``, ``endDate``, ``season``,
``seasonYear``, ``episodes``, ``duration``, ``averageScore``, ``popularity``, ``trending``,
``genres``, ``tags {name category rank}``, ``isAdult``, ``countryOfOrigin``, ``source`` and
``relations``. ``GenreCollection`` (AniList's genres), ``MediaTagCollection``, ``Studio(id)`` and ``MediaListCollection(userName)`` are
answered too (:mod:`metasim.anilist.graph`). The anime are the world's (:mod:`metasim.anime`). Errors as AniList sends them: an unknown id is HTTP 404 ``{"errors":
[{"message": "Not Found.", "status": 404}], "data": {"Media": null}}``; a query it cannot read 400;
too many requests 429 (``Retry-After``). No key (AniList's public data needs none).
"""

from __future__ import annotations

from datetime import date
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
    from ..model import Title
    from ..world import World

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


def anime_genres(t: Title) -> list[str]:
    """An anime's genres as AniList (and MyAnimeList) name them, from its title's TMDb genres."""
    names = MOVIE_GENRES if t.kind == "movie" else TV_GENRES
    return sorted({_RENAME.get(names.get(g, ""), names.get(g, "")) for g in t.genre_ids} - {""}) or ["Slice of Life"]


def medium(world: World, a: Anime) -> dict[str, Any]:
    from .graph import relations, tags
    seed = world.seed
    t = a.title
    n = derive(seed, "anilist", a.anilist_id)
    genres = anime_genres(t)
    d = t.release_date
    episodes = 1 if t.kind == "movie" else max(1, sum(s.episode_count for s in t.seasons) if t.seasons else 12)
    status = "NOT_YET_RELEASED" if t.status in ("Planned", "In Production") else \
        "RELEASING" if t.status == "Returning Series" else "FINISHED"
    from ..anime import SEASONS
    return {"id": a.anilist_id, "idMal": a.mal_id,
            "title": {"romaji": t.original_title, "english": t.title, "native": t.original_title},
            "format": "MOVIE" if t.kind == "movie" else ("TV", "TV", "TV", "ONA", "OVA")[n % 5],
            "status": status, "startDate": _date(d),
            "season": SEASONS[(d.month - 1) // 3] if d else None, "seasonYear": d.year if d else None,
            "endDate": _date(t.release_date if t.kind == "movie" else None if status != "FINISHED" else
                             t.last_air_date or t.release_date),
            "episodes": episodes, "duration": t.runtime, "averageScore": max(1, min(100, round(t.vote_average * 10))),
            "popularity": t.vote_count * 7 + n % 97, "trending": round(t.popularity) + n % 13, "genres": genres,
            "isAdult": False, "countryOfOrigin": "JP" if t.original_language == "ja" else (t.origin_countries or ["JP"])[0],
            "source": ("ORIGINAL", "MANGA", "LIGHT_NOVEL", "VIDEO_GAME", "NOVEL")[n // 5 % 5],
            "tags": tags(world, a), "relations": {"edges": relations(world, a)}}


def _date(d: date | None) -> dict[str, int | None]:
    return {"year": d.year if d else None, "month": d.month if d else None, "day": d.day if d else None}


class BadQuery(Exception):
    pass


def _fuzzy(m: dict[str, Any], field: str = "startDate") -> int:
    d = m[field]
    return (d["year"] or 0) * 10000 + (d["month"] or 0) * 100 + (d["day"] or 0)


def _tags(m: dict[str, Any], v: dict[str, Any], field: str) -> set[str]:
    rank = int(v.get("minimumTagRank") or 0)
    return {t[field] for t in m["tags"] if t["rank"] >= rank}


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
        ("endDate_greater", lambda x: _fuzzy(m, "endDate") > int(x)),
        ("endDate_lesser", lambda x: 0 < _fuzzy(m, "endDate") < int(x)),
        ("tag_in", lambda x: bool(set(x) & _tags(m, v, "name"))),
        ("tag_not_in", lambda x: not set(x) & _tags(m, v, "name")),
        ("tagCategory_in", lambda x: bool(set(x) & _tags(m, v, "category"))),
        ("tagCategory_not_in", lambda x: not set(x) & _tags(m, v, "category")),
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
    world = meta.world
    if "MediaTagCollection" in query:
        from .graph import tag_collection
        return 200, {"data": {"MediaTagCollection": tag_collection(world)}}
    if "GenreCollection" in query:
        return 200, {"data": {"GenreCollection": sorted(GENRES | {"Hentai"})}}
    if "Studio(" in query:
        return _studio(world, v)
    if "MediaListCollection" in query:
        return _lists(world, v)
    if "Page" not in query and "Media(" in query:
        found = by_anilist(world).get(int(v.get("id") or 0))
        if found is None:
            return 404, {"errors": [{"message": "Not Found.", "status": 404}], "data": {"Media": None}}
        return 200, {"data": {"Media": medium(world, found)}}
    if "Page" not in query or "media" not in query:
        raise BadQuery("Cannot query: only Media and Page { media } are served here")
    sort = v.get("sort") or ["ID"]
    sort = sort if isinstance(sort, list) else [sort]
    if any(s not in SORTS for s in sort):
        raise BadQuery(f'Value "{sort[0]}" does not exist in "MediaSort" enum.')
    rows = [m for m in (medium(world, a) for a in catalogue(world)) if _keep(m, v)]
    rows.sort(key=lambda m: (SORTS[sort[0]](m), m["id"]))
    page, per = max(1, int(v.get("page") or 1)), max(1, min(50, int(v.get("perPage") or 50)))
    shown = rows[(page - 1) * per:page * per]
    return 200, {"data": {"Page": {"pageInfo": {"total": len(rows), "currentPage": page, "perPage": per,
                                                "hasNextPage": page * per < len(rows)}, "media": shown}}}


def _studio(world: World, v: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    from .graph import studio
    found = studio(world, int(v.get("id") or 0))
    if found is None:
        return 404, {"errors": [{"message": "Not Found.", "status": 404}], "data": {"Studio": None}}
    name, members = found
    page, per = max(1, int(v.get("page") or 1)), max(1, min(50, int(v.get("perPage") or 25)))
    shown = members[(page - 1) * per:page * per]
    return 200, {"data": {"Studio": {"id": int(v["id"]), "name": name, "media": {
        "pageInfo": {"hasNextPage": page * per < len(members)},
        "nodes": [{**medium(world, a), "type": "ANIME"} for a in shown]}}}}


def _lists(world: World, v: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    from .graph import LIST_SORTS, sorted_lists, user_lists
    lists = user_lists(world, str(v.get("userName") or v.get("user") or ""))
    if lists is None:
        return 404, {"errors": [{"message": "User not found", "status": 404}], "data": {"MediaListCollection": None}}
    sort = v.get("sort") or "SCORE_DESC"
    sort = sort[0] if isinstance(sort, list) and sort else sort
    if sort not in LIST_SORTS:
        raise BadQuery(f'Value "{sort}" does not exist in "MediaListSort" enum.')
    from ..anime import by_anilist
    anime = by_anilist(world)
    out = sorted_lists(lists, str(sort))
    for lst in out:
        for entry in lst["entries"]:
            entry["media"] = medium(world, anime[entry["media"]["id"]])
    return 200, {"data": {"MediaListCollection": {"lists": out}}}


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
