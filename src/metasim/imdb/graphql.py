"""IMDb's GraphQL operations as metasim answers them (see the package docstring for the shapes).

IMDb's view of a world title: its ``imdb_id``; type ``movie`` or ``tvSeries``; genres from its
TMDb genres in IMDb's names; a user rating (TMDb's vote average moved by a deterministic
-0.5..+0.5) and a vote count (TMDb's votes x 3); popularity rank from TMDb's popularity. Lists
(``ls`` + digits) and watchlists (``ur`` + digits or ``p.`` + letters) resolve to deterministic
selections of titles; an id whose number is in the reserved range is ``RESOURCE_NOT_FOUND``.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import tables as T
from ..model import Title, derive, rng_for
from ..world import RESERVED

if TYPE_CHECKING:
    from ..app import Meta

GENRE_NAMES = {"Science Fiction": ["Sci-Fi"], "Action & Adventure": ["Action", "Adventure"],
               "Sci-Fi & Fantasy": ["Sci-Fi", "Fantasy"], "War & Politics": ["War"], "Kids": ["Family"],
               "TV Movie": [], "Soap": ["Drama"], "Talk": ["Talk-Show"], "Reality": ["Reality-TV"]}
CHART_TYPES = {"TOP_RATED_MOVIES": ("movie", "top"), "TOP_RATED_TV_SHOWS": ("tv", "top"),
               "MOST_POPULAR_MOVIES": ("movie", "popular"), "MOST_POPULAR_TV_SHOWS": ("tv", "popular"),
               "LOWEST_RATED_MOVIES": ("movie", "bottom"), "TOP_RATED_ENGLISH_MOVIES": ("movie", "english")}
TYPE_IDS = {"movie": "movie", "tvSeries": "tv", "tvMiniSeries": "tv"}
MAX_FIRST = 250


class GqlError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def genres(title: Title, names: dict[str, list[str]] | None = None) -> list[str]:
    """The title's TMDb genres in another service's names (``names``: TMDb name -> its names;
    IMDb's by default)."""
    table = T.MOVIE_GENRES if title.kind == "movie" else T.TV_GENRES
    names = GENRE_NAMES if names is None else names
    out: list[str] = []
    for gid in title.genre_ids:
        name = table.get(gid)
        for g in names.get(name, [name]) if name else []:
            if g not in out:
                out.append(g)
    return out


def rating(seed: int, title: Title) -> float:
    shift = (derive(seed, "imdb-rating", title.kind, title.tmdb_id) % 101 - 50) / 100
    return round(min(10.0, max(1.0, title.vote_average + shift)), 1)


def votes(title: Title) -> int:
    return title.vote_count * 3


def _titles(meta: Meta) -> list[Title]:
    return [t for t in meta.world.titles if t.imdb_id]


def _pick(meta: Meta, *parts: object) -> list[Title]:
    world = meta.world
    rng = rng_for(world.seed, "imdb", *parts)
    lib = [t for t in _titles(meta) if t.in_library]
    miss = [t for t in _titles(meta) if not t.in_library]
    want = rng.randint(10, 60)
    chosen: dict[tuple[str, int], Title] = {}
    for _ in range(want * 3):
        if len(chosen) >= want or not (lib or miss):
            break
        pool = lib if (rng.random() < 0.8 and lib) or not miss else miss
        pick = rng.choice(pool)
        chosen.setdefault(pick.key, pick)
    return list(chosen.values())


def _first_after(variables: dict[str, Any]) -> tuple[int, int]:
    try:
        first = int(variables.get("first") or 100)
        after = int(base64.b64decode(variables["after"]).decode()) if variables.get("after") else 0
    except (ValueError, TypeError):
        raise GqlError("BAD_REQUEST", "first must be an integer and after a cursor from pageInfo") from None
    if not 1 <= first <= MAX_FIRST:
        raise GqlError("BAD_REQUEST", f"first must be between 1 and {MAX_FIRST}")
    return first, after


def _page(rows: list[Title], variables: dict[str, Any], edge: Callable[[Title], dict[str, Any]]) -> dict[str, Any]:
    first, after = _first_after(variables)
    chunk = rows[after:after + first]
    end = after + len(chunk)
    return {"total": len(rows), "pageInfo": {"endCursor": base64.b64encode(str(end).encode()).decode(),
                                             "hasNextPage": end < len(rows)},
            "edges": [edge(t) for t in chunk]}


def _sort(meta: Meta, rows: list[Title], by: str, order: str) -> list[Title]:
    seed = meta.world.seed
    keys: dict[str, Callable[[Title], Any]] = {
        "POPULARITY": lambda t: -t.popularity, "USER_RATING": lambda t: rating(seed, t),
        "USER_RATING_COUNT": lambda t: votes(t), "RELEASE_DATE": lambda t: t.date_text,
        "TITLE_REGIONAL": lambda t: t.title.lower(), "ALPHABETICAL": lambda t: t.title.lower(),
        "RUNTIME": lambda t: t.runtime, "LIST_ORDER": lambda t: 0, "DATE_ADDED": lambda t: 0}
    if by not in keys:
        raise GqlError("BAD_REQUEST", f"unknown sort {by}")
    if by in ("LIST_ORDER", "DATE_ADDED"):
        return rows[::-1] if order == "DESC" else rows
    return sorted(rows, key=lambda t: (keys[by](t), t.imdb_id or ""), reverse=order == "DESC")


def _number(ident: str, prefix: str) -> int | None:
    match = re.fullmatch(prefix + r"(\d+)", ident or "")
    return int(match.group(1)) if match else None


def title_list(meta: Meta, v: dict[str, Any]) -> dict[str, Any]:
    number = _number(str(v.get("lsConst")), "ls")
    if number is None or number in RESERVED:
        raise GqlError("RESOURCE_NOT_FOUND", f"List {v.get('lsConst')} does not exist")
    rows = _pick(meta, "list", number)
    sort = v.get("sort") or {}
    rows = _sort(meta, rows, str(sort.get("by", "LIST_ORDER")), str(sort.get("order", "ASC")))
    return {"list": {"id": v["lsConst"], "name": {"originalText": f"IMDb list {v['lsConst']}"},
                     "titleListItemSearch": _page(rows, v, lambda t: {"listItem": {"id": t.imdb_id}})}}


def watchlist(meta: Meta, v: dict[str, Any]) -> dict[str, Any]:
    user = str(v.get("urConst") or "")
    number = _number(user, "ur")
    if number is None and not re.fullmatch(r"p\.[A-Za-z0-9_-]+", user):
        raise GqlError("BAD_REQUEST", f"{user} is not a user id")
    if number is not None and number in RESERVED:
        return {"predefinedList": None}
    rows = _pick(meta, "watchlist", user)
    sort = v.get("sort") or {}
    rows = _sort(meta, rows, str(sort.get("by", "LIST_ORDER")), str(sort.get("order", "ASC")))
    return {"predefinedList": {"titleListItemSearch": _page(rows, v, lambda t: {"listItem": {"id": t.imdb_id}})}}


def _range(value: Any, name: str) -> tuple[Any, Any]:
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise GqlError("BAD_REQUEST", f"{name} must be an object")
    return value.get("min", value.get("start")), value.get("max", value.get("end"))


def search(meta: Meta, v: dict[str, Any]) -> dict[str, Any]:
    seed = meta.world.seed
    known = {"locale", "first", "after", "sortBy", "sortOrder", "titleTypeConstraint", "genreConstraint",
             "releaseDateConstraint", "userRatingsConstraint", "titleTextConstraint", "runtimeConstraint",
             "explicitContentConstraint"}
    unknown = set(v) - known
    if unknown:
        raise GqlError("BAD_REQUEST", f"metasim does not model {', '.join(sorted(unknown))}")
    rows = _titles(meta)
    types = v.get("titleTypeConstraint") or {}
    if types.get("anyTitleTypeIds"):
        kinds = {TYPE_IDS.get(t) for t in types["anyTitleTypeIds"]}
        rows = [t for t in rows if t.kind in kinds]
    if types.get("excludeTitleTypeIds"):
        kinds = {TYPE_IDS.get(t) for t in types["excludeTitleTypeIds"]}
        rows = [t for t in rows if t.kind not in kinds]
    g = v.get("genreConstraint") or {}
    rows = [t for t in rows if all(x in genres(t) for x in g.get("allGenreIds", []))
            and (not g.get("anyGenreIds") or any(x in genres(t) for x in g["anyGenreIds"]))
            and not any(x in genres(t) for x in g.get("excludeGenreIds", []))]
    lo, hi = _range((v.get("releaseDateConstraint") or {}).get("releaseDateRange"), "releaseDateRange")
    if lo:
        rows = [t for t in rows if t.release_date and t.release_date >= date.fromisoformat(str(lo))]
    if hi:
        rows = [t for t in rows if t.release_date and t.release_date <= date.fromisoformat(str(hi))]
    ratings = v.get("userRatingsConstraint") or {}
    lo, hi = _range(ratings.get("aggregateRatingRange"), "aggregateRatingRange")
    rows = [t for t in rows if (lo is None or rating(seed, t) >= float(lo)) and (hi is None or rating(seed, t) <= float(hi))]
    lo, hi = _range(ratings.get("ratingsCountRange"), "ratingsCountRange")
    rows = [t for t in rows if (lo is None or votes(t) >= int(lo)) and (hi is None or votes(t) <= int(hi))]
    lo, hi = _range((v.get("runtimeConstraint") or {}).get("runtimeRangeMinutes"), "runtimeRangeMinutes")
    rows = [t for t in rows if (lo is None or t.runtime >= int(lo)) and (hi is None or t.runtime <= int(hi))]
    term = str((v.get("titleTextConstraint") or {}).get("searchTerm") or "").lower()
    if term:
        rows = [t for t in rows if term in t.title.lower()]
    rows = _sort(meta, rows, str(v.get("sortBy", "POPULARITY")), str(v.get("sortOrder", "ASC")))
    return {"advancedTitleSearch": _page(rows, v, lambda t: {"node": {"title": {"id": t.imdb_id}}})}


def chart(meta: Meta, chart_type: str, first: int) -> dict[str, Any]:
    if chart_type not in CHART_TYPES:
        raise GqlError("BAD_REQUEST", f"unknown chartType {chart_type}")
    kind, name = CHART_TYPES[chart_type]
    seed = meta.world.seed
    pool = [t for t in _titles(meta) if t.kind == kind]
    if name == "english":
        pool = [t for t in pool if t.original_language == "en"]
    if name == "popular":
        rows = sorted(pool, key=lambda t: (-t.popularity, t.imdb_id or ""))
    else:
        rated = [t for t in pool if votes(t) >= 300]
        rows = sorted(rated, key=lambda t: (-rating(seed, t) if name != "bottom" else rating(seed, t), -votes(t)))
    rows = rows[:min(first, 250 if name != "popular" and name != "bottom" else 100)]
    return {"chartTitles": {"edges": [{"node": {"id": t.imdb_id}} for t in rows], "total": len(rows)}}


def box_office(meta: Meta) -> dict[str, Any]:
    pool = [t for t in _titles(meta) if t.kind == "movie" and t.release_date and t.revenue]
    rows = sorted(pool, key=lambda t: (t.release_date, t.revenue), reverse=True)[:10]
    return {"boxOfficeWeekendChart": {"entries": [{"title": {"id": t.imdb_id}} for t in rows]}}


_PARENTS = re.compile(r'titles\s*\(\s*ids\s*:\s*\[([^\]]*)\]\s*\)\s*\{\s*id\s+parentsGuide')
_CHART = re.compile(r"chartTitles\s*\(\s*chart\s*:\s*\{\s*chartType\s*:\s*(\w+)\s*\}\s*,\s*first\s*:\s*(\d+)\s*\)")
OPERATIONS = {"TitleListMainPage": title_list, "WatchListPageRefiner": watchlist, "AdvancedTitleSearch": search}


def answer(meta: Meta, body: dict[str, Any]) -> dict[str, Any]:
    op = body.get("operationName")
    variables = body.get("variables") or {}
    if op in OPERATIONS:
        return OPERATIONS[str(op)](meta, variables if isinstance(variables, dict) else {})
    query = str(body.get("query") or "")
    match = _CHART.search(query)
    if match:
        return chart(meta, match.group(1), int(match.group(2)))
    if "boxOfficeWeekendChart" in query:
        return box_office(meta)
    match = _PARENTS.search(query)
    if match:
        from .datasets import parents_guides
        return parents_guides(meta, re.findall(r'"([^"]+)"', match.group(1)))
    raise GqlError("BAD_REQUEST", "metasim answers TitleListMainPage, WatchListPageRefiner, AdvancedTitleSearch, "
                                  "chartTitles, boxOfficeWeekendChart and titles(ids) { id parentsGuide }")


def routes(meta: Meta) -> list[BaseRoute]:
    from ..app import json_body

    async def graphql(request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return json_body({"errors": [{"message": "body is not JSON", "extensions": {"code": "BAD_REQUEST"}}]},
                             400)
        try:
            return json_body({"data": answer(meta, body if isinstance(body, dict) else {})})
        except GqlError as exc:
            return json_body({"errors": [{"message": str(exc), "extensions": {"code": exc.code}}], "data": None})

    return [Route("/", graphql, methods=["POST"])]
