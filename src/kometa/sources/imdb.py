"""IMDb builders: IMDb ids from IMDb (lists, watchlists, charts, searches), kept where the library
holds them (matched by the IMDb id in the listing's guids, no extra request); the rest are missing.

Values follow Kometa: ``imdb_id`` takes ``tt`` ids; ``imdb_list`` a list id (``ls…``) or list URL,
or a mapping ``list_id``, ``limit`` (0 = all), ``sort_by`` — one or a list; ``imdb_watchlist`` the
same with ``user_id`` (``ur…``, ``p.…`` or a watchlist URL); ``imdb_chart`` chart names;
``imdb_search`` a mapping of the filters listed in :data:`SEARCH_KEYS`; ``imdb_award`` an event,
its years and filters (:mod:`kometa.sources.imdb_award`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from kometa.clients.imdb import ImdbClient
from kometa.clients.policy import NotFound
from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.imdb_award import award_ids, parse_award
from kometa.sources.tmdb import TmdbBuilt

CHARTS = {"top_movies": ("TOP_RATED_MOVIES", "movie", 250), "top_shows": ("TOP_RATED_TV_SHOWS", "show", 250),
          "popular_movies": ("MOST_POPULAR_MOVIES", "movie", 100), "popular_shows": ("MOST_POPULAR_TV_SHOWS", "show", 100),
          "lowest_rated": ("LOWEST_RATED_MOVIES", "movie", 100), "top_english": ("TOP_RATED_ENGLISH_MOVIES", "movie", 250),
          "box_office": ("", "movie", 0)}
UNSUPPORTED_CHARTS = ("top_indian", "top_tamil", "top_telugu", "top_malayalam", "trending_india", "trending_tamil",
                      "trending_telugu")
LIST_SORTS = {"custom": "LIST_ORDER", "title": "ALPHABETICAL", "rating": "USER_RATING", "votes": "USER_RATING_COUNT",
              "release": "RELEASE_DATE", "popularity": "POPULARITY", "added": "DATE_ADDED", "runtime": "RUNTIME"}
SEARCH_SORTS = {"popularity": "POPULARITY", "title": "TITLE_REGIONAL", "rating": "USER_RATING",
                "votes": "USER_RATING_COUNT", "release": "RELEASE_DATE", "runtime": "RUNTIME"}
TITLE_TYPES = {"movie": "movie", "tv_series": "tvSeries", "tv_mini_series": "tvMiniSeries", "tv_movie": "tvMovie",
               "short": "short", "tv_special": "tvSpecial", "video": "video", "documentary": "documentary"}
GENRES = ("Action", "Adult", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary", "Drama",
          "Family", "Fantasy", "Film-Noir", "Game-Show", "History", "Horror", "Music", "Musical", "Mystery", "News",
          "Reality-TV", "Romance", "Sci-Fi", "Short", "Sport", "Talk-Show", "Thriller", "War", "Western")
SEARCH_KEYS = ("limit", "sort_by", "title", "type", "type.not", "release.after", "release.before", "rating.gte",
               "rating.lte", "votes.gte", "votes.lte", "genre", "genre.any", "genre.not", "runtime.gte", "runtime.lte",
               "adult", "keyword", "keyword.any", "keyword.not")
SEARCH_DEFAULT_LIMIT = 100
_TT = re.compile(r"tt\d{7,}")


def _entries(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [value]


def _limit(key: str, value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise ConditionError(f"{key}: limit must be a whole number (0 = all), got {value!r}")
    return int(str(value))


def _sort(key: str, value: Any, table: dict[str, str], default: str) -> tuple[str, str]:
    text = str(value or default).strip().lower()
    name, _, order = text.partition(".")
    if name not in table or order not in ("asc", "desc"):
        raise ConditionError(f"{key}: sort_by must be one of {', '.join(f'{n}.asc/.desc' for n in table)}, got {value!r}")
    return table[name], order.upper()


def parse_lists(key: str, value: Any, main: str) -> list[tuple[str, int, tuple[str, str]]]:
    """(id, limit, sort) per entry of imdb_list (``main`` list_id) or imdb_watchlist (user_id)."""
    out = []
    for entry in _entries(value):
        spec: Mapping[str, Any] = entry if isinstance(entry, Mapping) else {main: entry}
        for attr in spec:
            if attr not in (main, "url", "limit", "sort_by"):
                raise ConditionError(f"{key}: unknown attribute '{attr}' ({main}, limit, sort_by)")
        raw = str(spec.get(main) or spec.get("url") or "").strip()
        if not raw:
            raise ConditionError(f"{key}: {main} is missing")
        if main == "list_id":
            if "imdb.com/search/" in raw or "imdb.com/filmosearch/" in raw:
                raise ConditionError(f"{key}: IMDb search URLs do not work with imdb_list; use imdb_search")
            match = re.search(r"ls\d+", raw)
            if not match:
                raise ConditionError(f"{key}: '{raw}' is not an IMDb list id (ls followed by digits) or list URL")
            ident = match.group(0)
        else:
            url = re.search(r"imdb\.com/user/([^/?#]+)", raw)
            ident = url.group(1) if url else raw
            if not re.fullmatch(r"ur\d+|p\.[A-Za-z0-9_-]+", ident):
                raise ConditionError(f"{key}: '{raw}' is not an IMDb user id (ur########, p.xxxxxxx or a watchlist URL)")
        out.append((ident, _limit(key, spec.get("limit")), _sort(key, spec.get("sort_by"), LIST_SORTS, "custom.asc")))
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


def _names(key: str, attr: str, value: Any, table: Mapping[str, str] | tuple[str, ...]) -> list[str]:
    out = []
    lookup = {k.lower(): (table[k] if isinstance(table, Mapping) else k) for k in table}
    for item in _entries(value):
        text = str(item).strip().lower().replace(" ", "_" if isinstance(table, Mapping) else "-")
        if text not in lookup:
            raise ConditionError(f"{key}: {attr} '{item}' is not one of {', '.join(table)}")
        out.append(lookup[text])
    return out


def _date(key: str, attr: str, value: Any) -> str:
    text = str(value).strip()
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        month, day, year = text.split("/")
        text = f"{year}-{month}-{day}"
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ConditionError(f"{key}: {attr} must be a date (YYYY-MM-DD or MM/DD/YYYY), got {value!r}") from None


def _number(key: str, attr: str, value: Any, kind: type) -> float | int:
    try:
        return kind(str(value))  # type: ignore[no-any-return]
    except ValueError:
        raise ConditionError(f"{key}: {attr} must be a number, got {value!r}") from None


def search_variables(key: str, value: Any) -> tuple[dict[str, Any], int]:
    """IMDb AdvancedTitleSearch variables and the limit for an imdb_search mapping."""
    if not isinstance(value, Mapping) or not value:
        raise ConditionError(f"{key} takes a mapping of IMDb search attributes (type, genre, rating.gte, ...)")
    for attr in value:
        if attr not in SEARCH_KEYS:
            raise ConditionError(f"{key}: '{attr}' is not supported in this version (supported: {', '.join(SEARCH_KEYS)})")
    v: dict[str, Any] = {}
    limit = _limit(key, value.get("limit", SEARCH_DEFAULT_LIMIT)) or SEARCH_DEFAULT_LIMIT
    v["sortBy"], v["sortOrder"] = _sort(key, value.get("sort_by"), SEARCH_SORTS, "popularity.asc")
    types: dict[str, Any] = {"anyTitleTypeIds": _names(key, "type", value["type"], TITLE_TYPES) if "type" in value else []}
    if "type.not" in value:
        types["excludeTitleTypeIds"] = _names(key, "type.not", value["type.not"], TITLE_TYPES)
    v["titleTypeConstraint"] = types
    if "title" in value:
        v["titleTextConstraint"] = {"searchTerm": str(value["title"])}
    release = {k: _date(key, f"release.{a}", value[f"release.{a}"]) for a, k in (("after", "start"), ("before", "end"))
               if f"release.{a}" in value}
    if release:
        v["releaseDateConstraint"] = {"releaseDateRange": release}
    ratings: dict[str, Any] = {}
    for attr, name, kind in (("rating", "aggregateRatingRange", float), ("votes", "ratingsCountRange", int)):
        rng = {m: _number(key, f"{attr}.{mod}", value[f"{attr}.{mod}"], kind)
               for mod, m in (("gte", "min"), ("lte", "max")) if f"{attr}.{mod}" in value}
        if rng:
            ratings[name] = rng
    if ratings:
        v["userRatingsConstraint"] = ratings
    genre = {f"{m}GenreIds": _names(key, f"genre{mod}", value[f"genre{mod}"], GENRES)
             for mod, m in (("", "all"), (".any", "any"), (".not", "exclude")) if f"genre{mod}" in value}
    if genre:
        v["genreConstraint"] = genre
    words = {f"{m}Keywords": [str(w).strip().lower().replace(" ", "-") for w in _entries(value[f"keyword{mod}"])
                              if str(w).strip()]
             for mod, m in (("", "all"), (".any", "any"), (".not", "exclude")) if f"keyword{mod}" in value}
    if words:
        if not all(words.values()):
            raise ConditionError(f"{key}: keyword needs at least one IMDb keyword (e.g. based-on-novel)")
        v["keywordConstraint"] = words
    runtime = {m: _number(key, f"runtime.{mod}", value[f"runtime.{mod}"], int)
               for mod, m in (("gte", "min"), ("lte", "max")) if f"runtime.{mod}" in value}
    if runtime:
        v["runtimeConstraint"] = {"runtimeRangeMinutes": runtime}
    if value.get("adult") is True:
        v["explicitContentConstraint"] = {"explicitContentFilter": "INCLUDE_ADULT"}
    return v, limit


def _by_imdb(snapshot: Snapshot) -> dict[str, list[int]]:
    """IMDb id -> the snapshot's rating keys with it (from the listing's guids)."""
    out: dict[str, list[int]] = {}
    for rk, item in snapshot.items.items():
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        if ids.imdb:
            out.setdefault(ids.imdb, []).append(rk)
    return out


class ImdbSource:
    """The IMDb builders for one library; the client comes from the run."""

    def __init__(self, client: Callable[[], ImdbClient], snapshot: Snapshot, current_year: int = 0,
                 omdb: Callable[[], Any] | None = None) -> None:
        self._client = client
        self.omdb = omdb  # the run's OMDb client (raises when omdb: is not configured): episode ids Plex lacks
        self.current_year = current_year  # the run's year: event_year -1, 2000-current, ...
        self.snapshot = snapshot
        self.kind = "movie" if snapshot.item_type == "movie" else "show"
        self._by_imdb: dict[str, list[int]] | None = None

    def by_imdb(self) -> dict[str, list[int]]:
        if self._by_imdb is None:
            self._by_imdb = _by_imdb(self.snapshot)
        return self._by_imdb

    def build(self, key: str, value: Any, episodes: Snapshot | None = None,
              convert: Callable[[str], list[int]] | None = None) -> TmdbBuilt:
        """``episodes``: the library's episodes (``builder_level: episode``): an episode's IMDb id in
        the list gives that episode, a show's id its episodes; ``convert``: the episodes of an IMDb id
        no listed item carries (an episode without an ``imdb://`` guid: through TMDb, as Kometa does)."""
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        out = TmdbBuilt()
        index = self.by_imdb()
        own = _by_imdb(episodes) if episodes is not None else {}
        for imdb_id in dict.fromkeys(self._ids(key, value)):
            keys = index.get(imdb_id) or own.get(imdb_id) or (convert(imdb_id) if convert is not None else None)
            if keys:
                out.keys.extend(k for k in keys if k not in out.keys)
            else:
                out.lack(f"{imdb_id} [imdb]", imdb=imdb_id)
        return out

    def _ids(self, key: str, value: Any) -> list[str]:
        if key == "imdb_id":
            given = [str(v).strip() for v in _entries(value)]
            bad = [i for i in given if not _TT.fullmatch(i)]
            if bad or not given:
                raise ConditionError(f"{key}: '{bad[0] if bad else value}' is not an IMDb id (tt followed by digits)")
            return given
        if key == "imdb_chart":
            return self._charts(key, value)
        if key == "imdb_award":
            specs = parse_award(key, value)
        client = self._client()
        try:
            if key == "imdb_award":
                return [i for spec in specs for i in award_ids(key, spec, client, self.current_year)]
            if key == "imdb_search":
                variables, limit = search_variables(key, value)
                return client.search_ids(variables, limit)
            ids: list[str] = []
            for ident, limit, sort in parse_lists(key, value, "list_id" if key == "imdb_list" else "user_id"):
                ids += (client.list_ids if key == "imdb_list" else client.watchlist_ids)(ident, limit, sort)
            return ids
        except NotFound as exc:
            raise ConditionError(f"{key}: IMDb says {str(exc).split(': ', 1)[-1]}") from None

    def _charts(self, key: str, value: Any) -> list[str]:
        names = [str(v).strip().lower() for v in _entries(value)]
        if not names:
            raise ConditionError(f"{key} has no value")
        for name in names:  # every name is judged before IMDb is asked anything
            if name in UNSUPPORTED_CHARTS:
                raise ConditionError(f"{key}: the {name} chart is not supported in this version")
            if name not in CHARTS:
                raise ConditionError(f"{key}: '{name}' is not an IMDb chart ({', '.join(CHARTS)})")
            if CHARTS[name][1] != self.kind:
                raise ConditionError(f"{key}: {name} works in {CHARTS[name][1]} libraries only")
        ids: list[str] = []
        for name in names:
            chart_type, kind, first = CHARTS[name]
            client = self._client()
            ids += client.box_office_ids() if name == "box_office" else client.chart_ids(chart_type, first)
        return ids
