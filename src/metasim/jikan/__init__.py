"""Jikan (the public MyAnimeList API) under ``/jikan``: ``KOMETA_JIKAN_URL=http://HOST:PORT/jikan/v4``
replaces ``https://api.jikan.moe/v4``. What Kometa's ``mal_search``, ``mal_genre`` and
``mal_studio`` read, in Jikan v4's shapes (no key):

* ``GET /v4/anime``: a search. Parameters ``q`` (text in a title), ``letter`` (titles starting with
  it), ``type`` (tv, movie, ova, special, ona, music), ``status`` (airing, complete, upcoming),
  ``rating`` (g, pg, pg13, r17, r, rx), ``genres`` / ``genres_exclude`` and ``producers`` (ids;
  ``,`` AND, ``|`` OR), ``min_score`` / ``max_score``, ``sfw``, ``order_by`` (mal_id, title, type,
  rating, start_date, end_date, episodes, score, scored_by, rank, popularity, members, favorites)
  with ``sort`` (desc, asc), ``page`` and ``limit`` (at most 25). The answer is ``{"pagination":
  {"last_visible_page", "has_next_page", "current_page", "items": {"count", "total", "per_page"}},
  "data": [anime]}``; an anime has ``mal_id``, ``url``, ``title``, ``title_english``, ``type``
  (``TV``, ``Movie``, ...), ``episodes``, ``status`` (``Finished Airing``, ``Currently Airing``,
  ``Not yet aired``), ``aired {from, to}``, ``rating`` (``PG-13 - Teens 13 or older``, ...),
  ``score``, ``scored_by``, ``rank``, ``popularity``, ``members``, ``favorites``, ``year``,
  ``genres`` and ``studios`` (``[{mal_id, type, name, url}]``). A wrong parameter is 400
  ``{"status": 400, "type": "ValidationException", "messages": {...}}``.
* ``GET /v4/genres/anime``: ``{"data": [{"mal_id", "name", "url", "count"}]}`` with MyAnimeList's
  genre ids (Action 1, Adventure 2, Comedy 4, ...).
* ``GET /v4/producers?q=NAME`` and ``GET /v4/producers/{id}``: studios, ``{"mal_id", "titles":
  [{"type": "Default", "title"}], ...}``; metasim's studio ids are the world's TMDb company ids.

The anime are the world's (:mod:`metasim.anime`), with the MyAnimeList ids, types and scores
metasim's MyAnimeList serves. Errors as Jikan sends them (``{"status", "type", "message",
"error"}``); 429 with ``Retry-After`` for too many requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service, json_body
from ..model import derive

if TYPE_CHECKING:
    from ..anime import Anime
    from ..app import Meta

PREFIX = "/jikan"
GENRE_IDS = {"Action": 1, "Adventure": 2, "Comedy": 4, "Mystery": 7, "Drama": 8, "Ecchi": 9, "Fantasy": 10,
             "Horror": 14, "Mecha": 18, "Music": 19, "Romance": 22, "Sci-Fi": 24, "Sports": 30,
             "Slice of Life": 36, "Supernatural": 37, "Psychological": 40, "Thriller": 41, "Mahou Shoujo": 66}
TYPES = {"tv": "TV", "movie": "Movie", "ova": "OVA", "special": "Special", "ona": "ONA", "music": "Music"}
STATUSES = {"airing": "Currently Airing", "complete": "Finished Airing", "upcoming": "Not yet aired"}
RATINGS = {"g": "G - All Ages", "pg": "PG - Children", "pg13": "PG-13 - Teens 13 or older",
           "r17": "R - 17+ (violence & profanity)", "r": "R+ - Mild Nudity", "rx": "Rx - Hentai"}
ORDER = ("mal_id", "title", "type", "rating", "start_date", "end_date", "episodes", "score", "scored_by", "rank",
         "popularity", "members", "favorites")


def error(status: int, kind: str) -> Response:
    types = {404: "HttpException", 429: "RateLimitException", 400: "ValidationException"}
    message = {"not_found": "Not Found", "rate_limited": "You are being rate limited by Jikan"}.get(kind, kind)
    return json_body({"status": status, "type": types.get(status, "HttpException"), "message": message,
                      "error": None}, status)


def anime_json(meta: Meta, a: Anime) -> dict[str, Any]:
    from ..anilist import anime_genres
    from ..mal.routes import node
    seed = meta.world.seed
    t = a.title
    mal = node(seed, a, {"media_type", "start_date", "mean", "num_list_users", "status"})
    n = derive(seed, "jikan", a.mal_id)
    status = "Currently Airing" if mal["status"] == "currently_airing" else \
        "Not yet aired" if (mal["start_date"] or "") > "2025-12-01" else "Finished Airing"
    companies = [meta.world.companies.get(c) for c in t.company_ids]
    return {"mal_id": a.mal_id, "url": f"https://myanimelist.net/anime/{a.mal_id}", "title": mal["title"],
            "title_english": t.title, "type": TYPES.get(mal["media_type"], "TV"),
            "episodes": 1 if t.kind == "movie" else max(1, sum(s.episode_count for s in t.seasons) or 12),
            "status": status, "aired": {"from": f"{mal['start_date']}T00:00:00+00:00" if mal["start_date"] else None,
                                        "to": None},
            "rating": list(RATINGS.values())[(0, 1, 2, 2, 3, 3)[n % 6]], "score": mal["mean"],
            "scored_by": mal["num_list_users"] // 2, "rank": 1 + n % 20000, "popularity": 1 + (n // 7) % 20000,
            "members": mal["num_list_users"], "favorites": n % 5000, "year": t.year,
            "genres": [{"mal_id": GENRE_IDS[g], "type": "anime", "name": g,
                        "url": f"https://myanimelist.net/anime/genre/{GENRE_IDS[g]}/{g.replace(' ', '_')}"}
                       for g in anime_genres(t) if g in GENRE_IDS],
            "studios": [{"mal_id": c, "type": "anime", "name": g.name if g else f"Studio {c}",
                         "url": f"https://myanimelist.net/anime/producer/{c}"}
                        for c, g in zip(t.company_ids, companies, strict=True)]}


class Bad(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _ids(name: str, raw: str) -> list[set[int]]:
    try:
        return [{int(x) for x in part.split("|") if x.strip()} for part in raw.split(",") if part.strip()]
    except ValueError:
        raise Bad(name, f"The {name} must be ids separated by commas.") from None


def _keep(q: Any) -> Any:
    tests = []
    text = (q.get("q") or "").lower()
    if text:
        tests.append(lambda r: text in f"{r['title']} {r['title_english']}".lower())
    letter = (q.get("letter") or "").lower()
    if letter:
        tests.append(lambda r: r["title"].lower().startswith(letter))
    for name, table, field in (("type", TYPES, "type"), ("status", STATUSES, "status"), ("rating", RATINGS, "rating")):
        value = q.get(name)
        if value is not None:
            if value not in table:
                raise Bad(name, f"The selected {name} is invalid.")
            tests.append(lambda r, v=table[value], f=field: r[f] == v)
    for name, field in (("genres", "genres"), ("genres_exclude", "genres"), ("producers", "studios")):
        raw = q.get(name)
        if raw:
            groups = _ids(name, raw)
            if name == "genres_exclude":
                tests.append(lambda r, g=groups, f=field: not any(o & {x["mal_id"] for x in r[f]} for o in g))
            else:
                tests.append(lambda r, g=groups, f=field: all(o & {x["mal_id"] for x in r[f]} for o in g))
    for name, op in (("min_score", float.__ge__), ("max_score", float.__le__)):
        if q.get(name) is not None:
            try:
                bound = float(q[name])
            except ValueError:
                raise Bad(name, f"The {name} must be a number.") from None
            tests.append(lambda r, b=bound, o=op: r["score"] is not None and o(float(r["score"]), b))
    if q.get("sfw") in ("true", "1"):
        tests.append(lambda r: r["rating"] != RATINGS["rx"])
    return lambda r: all(t(r) for t in tests)


def search(meta: Meta, request: Request) -> Response:
    from ..anime import catalogue
    q = request.query_params
    order = q.get("order_by") or "mal_id"
    direction = q.get("sort") or "desc"
    if order not in ORDER:
        raise Bad("order_by", "The selected order by is invalid.")
    if direction not in ("desc", "asc"):
        raise Bad("sort", "The selected sort is invalid.")
    try:
        page, limit = int(q.get("page") or 1), int(q.get("limit") or 25)
    except ValueError:
        raise Bad("page", "The page must be an integer.") from None
    if page < 1 or not 1 <= limit <= 25:
        raise Bad("limit", "The limit may not be greater than 25.")
    keep = _keep(q)
    rows = [r for r in (anime_json(meta, a) for a in catalogue(meta.world)) if keep(r)]
    field = {"start_date": "aired", "end_date": "aired"}.get(order, order)

    def key(r: dict[str, Any]) -> Any:
        value = r[field]
        if field == "aired":
            return value["from"] or ""
        return value if value is not None else 0
    rows.sort(key=lambda r: (key(r), r["mal_id"]), reverse=direction == "desc")
    shown = rows[(page - 1) * limit:page * limit]
    last = max(1, -(-len(rows) // limit))
    return json_body({"pagination": {"last_visible_page": last, "has_next_page": page < last, "current_page": page,
                                     "items": {"count": len(shown), "total": len(rows), "per_page": limit}},
                      "data": shown})


def genres(meta: Meta, request: Request) -> Response:
    return json_body({"data": [{"mal_id": i, "name": name, "url": f"https://myanimelist.net/anime/genre/{i}",
                                "count": 100 + i} for name, i in sorted(GENRE_IDS.items(), key=lambda x: x[1])]})


def _producer(meta: Meta, company: int) -> dict[str, Any] | None:
    group = meta.world.companies.get(company)
    if group is None:
        return None
    return {"mal_id": company, "url": f"https://myanimelist.net/anime/producer/{company}",
            "titles": [{"type": "Default", "title": group.name}], "favorites": 0, "count": len(group.members)}


def producers(meta: Meta, request: Request) -> Response:
    text = (request.query_params.get("q") or "").lower()
    rows = [p for p in (_producer(meta, c) for c in sorted(meta.world.companies)) if p is not None
            and text in p["titles"][0]["title"].lower()]
    return json_body({"pagination": {"last_visible_page": 1, "has_next_page": False, "current_page": 1,
                                     "items": {"count": len(rows), "total": len(rows), "per_page": 25}},
                      "data": rows[:25]})


def producer(meta: Meta, request: Request) -> Response:
    found = _producer(meta, int(request.path_params["ident"])) if request.path_params["ident"].isdigit() else None
    return json_body({"data": found}) if found is not None else error(404, "not_found")


def _routes(meta: Meta) -> list[BaseRoute]:
    def wrap(fn: Any) -> Any:
        async def run(request: Request) -> Response:
            try:
                return fn(meta, request)  # type: ignore[no-any-return]
            except Bad as exc:
                return json_body({"status": 400, "type": "ValidationException",
                                  "messages": {exc.field: [str(exc)]},
                                  "error": "Invalid or incomplete request. Make sure your request is correct."}, 400)
        return run
    return [Route("/v4/anime", wrap(search), methods=["GET"]), Route("/v4/genres/anime", wrap(genres), methods=["GET"]),
            Route("/v4/producers", wrap(producers), methods=["GET"]),
            Route("/v4/producers/{ident}", wrap(producer), methods=["GET"])]


SERVICE = Service(name="jikan", prefix=PREFIX, routes=_routes, authorised=lambda meta, request: True, error=error)
