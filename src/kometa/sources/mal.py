"""MyAnimeList builders (``mal:`` section): the rankings ``mal_all``, ``mal_airing``,
``mal_upcoming``, ``mal_tv``, ``mal_movie``, ``mal_ova``, ``mal_special``, ``mal_popular``,
``mal_favorite`` (a number of anime, at most 500), ``mal_suggested`` (at most 100; signed in),
``mal_season`` (``season``: winter/spring/summer/fall/current, ``year``, ``sort_by``:
members/score, ``limit`` up to 500, ``starting_only``: only the anime that began that season),
``mal_userlist`` (``username`` or ``@me``, ``status``:
all/watching/completed/on_hold/dropped/plan_to_watch, ``sort_by``: score/last_updated/title/
start_date, ``limit`` up to 1000) and ``mal_id`` (MAL ids).

Anime reach the library through the anime id mapping (:mod:`kometa.ids.anime`), as for AniList:
in a movie library MAL's movies (``media_type: movie``) count, in a show library the rest.
``mal_search`` (a mapping, or a list of them; :mod:`kometa.sources.mal_search`), ``mal_genre`` and
``mal_studio`` read Jikan (:mod:`kometa.clients.jikan`), MyAnimeList's public API, as Kometa does;
they need no sign-in and no ``mal:`` section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from kometa.clients.jikan import JikanClient
from kometa.clients.mal import MalClient
from kometa.clients.policy import NotFound
from kometa.ids.anime import AnimeIdsClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher, parse_site_ids
from kometa.sources.tmdb import TmdbBuilt

RANKINGS = {"mal_all": "all", "mal_airing": "airing", "mal_upcoming": "upcoming", "mal_tv": "tv", "mal_ova": "ova",
            "mal_movie": "movie", "mal_special": "special", "mal_popular": "bypopularity", "mal_favorite": "favorite"}
BUILDERS = frozenset({*RANKINGS, "mal_suggested", "mal_season", "mal_userlist", "mal_id", "mal_search", "mal_genre",
                      "mal_studio"})
JIKAN = ("mal_search", "mal_genre", "mal_studio")
SEASONS = ("winter", "spring", "summer", "fall")
SEASON_SORTS = {"members": "anime_num_list_users", "score": "anime_score"}
LIST_SORTS = {"score": "list_score", "last_updated": "list_updated_at", "title": "anime_title",
              "start_date": "anime_start_date"}
STATUSES = ("all", "watching", "completed", "on_hold", "dropped", "plan_to_watch")


def _count(key: str, value: Any, maximum: int, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not str(value).strip().isdigit() or not 1 <= int(str(value)) <= maximum:
        raise ConditionError(f"{key} takes a number of anime between 1 and {maximum}, got {value!r}")
    return int(str(value))


def _mapping(key: str, value: Any, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConditionError(f"{key} takes a mapping ({', '.join(allowed)})")
    bad = next((k for k in value if k not in allowed), None)
    if bad is not None:
        raise ConditionError(f"{key}: unknown attribute '{bad}' ({', '.join(allowed)})")
    return value


def _choice(key: str, name: str, value: Any, table: Mapping[str, str] | tuple[str, ...], default: str) -> str:
    text = default if value is None else str(value).strip().lower()
    if text not in table:
        raise ConditionError(f"{key}: {name} must be one of {', '.join(table)}, got {value!r}")
    return table[text] if isinstance(table, Mapping) else text


def parse_ids(key: str, value: Any) -> list[int]:
    return parse_site_ids(key, value, "myanimelist.net/anime", "a MyAnimeList")


class MalSource:
    def __init__(self, client: Callable[[], MalClient], ids: Callable[[], AnimeIdsClient], snapshot: Snapshot,
                 now: Callable[[], datetime], jikan: Callable[[], JikanClient] | None = None) -> None:
        self._client = client
        self._jikan = jikan
        self._ids = ids
        self.snapshot = snapshot
        self.now = now
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        nodes = self._nodes(key, value)
        return self._match(nodes)

    def _nodes(self, key: str, value: Any) -> list[dict[str, Any]]:
        if key in JIKAN:
            return self._search(key, value)
        if key in RANKINGS:
            count = _count(key, value, 500)
            return [r["node"] for r in self._client().ranking(RANKINGS[key], count)]
        if key == "mal_suggested":
            count = _count(key, value, 100)
            client = self._client()
            if not client.authorised:
                raise ConditionError(f"{key} needs a signed-in MyAnimeList: run kometa auth mal")
            return [r["node"] for r in client.suggestions(count)]
        if key == "mal_id":
            out = []
            for ident in parse_ids(key, value):
                try:
                    out.append(self._client().anime(ident))
                except NotFound:
                    raise ConditionError(f"{key}: MyAnimeList has no anime {ident}") from None
            return out
        now = self.now()
        if key == "mal_season":
            spec = {"season": value} if isinstance(value, str) else _mapping(
                key, value, ("season", "year", "sort_by", "limit", "starting_only"))
            season = _choice(key, "season", spec.get("season"), (*SEASONS, "current"), "current")
            if season == "current":
                season = SEASONS[(now.month - 1) // 3]
            year = spec.get("year", now.year)
            if isinstance(year, bool) or not str(year).isdigit() or not 1917 <= int(year) <= now.year + 1:
                raise ConditionError(f"{key}: year must be a year between 1917 and {now.year + 1}, got {year!r}")
            sort = _choice(key, "sort_by", spec.get("sort_by"), SEASON_SORTS, "members")
            limit = _count(f"{key}: limit", spec.get("limit"), 500, 100)
            starting = spec.get("starting_only", False)
            if starting is None:
                starting = False
            if not isinstance(starting, bool):
                raise ConditionError(f"{key}: starting_only must be true or false, got {starting!r}")
            if not starting:
                return [r["node"] for r in self._client().season(int(year), season, sort, limit)]
            # only the anime that began this season (MAL also lists shows going on from earlier ones)
            nodes = [r["node"] for r in self._client().season(int(year), season, sort, 500)]
            began = [n for n in nodes if (n.get("start_season") or {}).get("year") == int(year)
                     and (n.get("start_season") or {}).get("season") == season]
            return began[:limit]
        spec = _mapping(key, value, ("username", "status", "sort_by", "limit"))
        user = str(spec.get("username") or "").strip()
        if not user:
            raise ConditionError(f"{key}: username is missing (a MyAnimeList user, or @me)")
        status = _choice(key, "status", spec.get("status"), STATUSES, "all")
        sort = _choice(key, "sort_by", spec.get("sort_by"), LIST_SORTS, "score")
        limit = _count(f"{key}: limit", spec.get("limit"), 1000, 100)
        client = self._client()
        if user == "@me" and not client.authorised:
            raise ConditionError(f"{key}: @me needs a signed-in MyAnimeList: run kometa auth mal")
        try:
            rows = client.userlist(user, None if status == "all" else status, sort, limit)
        except NotFound:
            raise ConditionError(f"{key}: MyAnimeList has no user {user}") from None
        return [r["node"] for r in rows]

    def _search(self, key: str, value: Any) -> list[dict[str, Any]]:
        from kometa.sources.mal_search import search_params, shortcut
        if self._jikan is None:
            raise ConditionError(f"{key}: Jikan is not available here")
        jikan = self._jikan()
        genres: dict[str, int] = {}

        def genre(name: str) -> int | None:
            if not genres:
                genres.update(jikan.genres())
            return genres.get(name.lower())

        if key != "mal_search":
            return jikan.search(shortcut(key, value, genre, jikan.studio_id), 0)
        specs = value if isinstance(value, list) else [value]
        out: list[dict[str, Any]] = []
        for spec in specs:
            params, limit = search_params(key, spec, genre, jikan.studio_id)
            out += jikan.search(params, limit)
        return out

    def _match(self, nodes: list[dict[str, Any]]) -> TmdbBuilt:
        movie_library = self.snapshot.item_type == "movie"
        mapping = self._ids().mapping()
        out = TmdbBuilt()
        seen: set[int] = set()
        for n in nodes:
            ident = int(n.get("id") or 0)
            if ident in seen or (n.get("media_type") == "movie") != movie_library:
                continue
            seen.add(ident)
            title = (n.get("alternative_titles") or {}).get("en") or n.get("title") or "?"
            text = str(n.get("start_date") or "")[:4]
            year = int(text) if text.isdigit() else None
            label = f"{title} ({year})" if year else str(title)
            self.matcher.place_anime(out, mapping.by_mal.get(ident), f"{label} [mal {ident}", title, year)
        return out
