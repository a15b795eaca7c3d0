"""AniList builders: ``anilist_popular``, ``anilist_top_rated``, ``anilist_trending`` (a number of
anime), ``anilist_id`` (AniList ids, a list or comma-separated) and ``anilist_search`` (a mapping
of the attributes in :data:`SEARCH_KEYS`, as Kometa documents them).

Anime reach the library through the anime id mapping (:mod:`kometa.ids.anime`): an AniList id
gives TMDb/TVDb/IMDb ids, matched against the library listing's guids. In a movie library only
AniList's movies (format ``MOVIE``) count, in a show library only the rest; anime the library
lacks are missing (with their ids, for Radarr/Sonarr), anime the mapping file does not know are
missing too, labelled so. Not in this version (located errors): ``anilist_relations``,
``anilist_studio``, ``anilist_userlist`` and the search's ``tag``/``min_tag_percent``/``end``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from kometa.clients.anilist import AnilistClient
from kometa.clients.policy import NotFound
from kometa.ids.anime import AnimeIdsClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher, parse_site_ids
from kometa.sources.tmdb import TmdbBuilt, parse_count

CHARTS = {"anilist_popular": "POPULARITY_DESC", "anilist_top_rated": "SCORE_DESC", "anilist_trending": "TRENDING_DESC"}
SORTS = {"score": "SCORE_DESC", "popular": "POPULARITY_DESC", "trending": "TRENDING_DESC"}
SEASONS = ("winter", "spring", "summer", "fall")
FORMATS = {"tv": "TV", "short": "TV_SHORT", "movie": "MOVIE", "special": "SPECIAL", "ova": "OVA", "ona": "ONA",
           "music": "MUSIC"}
STATUSES = {"finished": "FINISHED", "airing": "RELEASING", "not_yet_aired": "NOT_YET_RELEASED",
            "cancelled": "CANCELLED", "hiatus": "HIATUS"}
SOURCES = {s: s.upper() for s in ("original", "manga", "light_novel", "visual_novel", "video_game", "other", "novel",
                                  "doujinshi", "anime")}
NUMBERS = {"duration": "duration", "episodes": "episodes", "score": "averageScore", "popularity": "popularity"}
SEARCH_KEYS = ("sort_by", "limit", "search", "season", "year", "adult", "country", "source", "start.before",
               "start.after", "format", "format.not", "status", "status.not", "genre", "genre.not",
               *(f"{n}.{m}" for n in NUMBERS for m in ("gt", "gte", "lt", "lte")))
UNBUILT_SEARCH = ("tag", "tag.not", "min_tag_percent", "end.before", "end.after")


def _words(key: str, name: str, value: Any, table: Mapping[str, str] | None = None) -> list[str]:
    raw = value if isinstance(value, list) else str(value).split(",")
    words = [str(v).strip() for v in raw if str(v).strip()]
    if not words:
        raise ConditionError(f"{key}: {name} has no value")
    if table is None:
        return words
    bad = [w for w in words if w.lower() not in table]
    if bad:
        raise ConditionError(f"{key}: {name} must be one of {', '.join(table)}, got {bad[0]!r}")
    return [table[w.lower()] for w in words]


def _date(key: str, name: str, value: Any) -> int:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(value).strip())
    if not match:
        raise ConditionError(f"{key}: {name} must be a date as MM/DD/YYYY, got {value!r}")
    month, day, year = (int(g) for g in match.groups())
    return year * 10000 + month * 100 + day


def search_variables(key: str, value: Any, now: datetime) -> tuple[dict[str, Any], int]:
    """AniList's Page variables and the limit for an ``anilist_search`` mapping."""
    if not isinstance(value, Mapping) or not value:
        raise ConditionError(f"{key} takes a mapping of AniList search attributes (e.g. season, genre, sort_by)")
    v: dict[str, Any] = {}
    limit = 0
    for attr, raw in value.items():
        name = str(attr)
        if name in UNBUILT_SEARCH:
            raise ConditionError(f"{key}: {name} is not supported in this version")
        if name not in SEARCH_KEYS:
            raise ConditionError(f"{key}: unknown attribute '{name}' ({', '.join(SEARCH_KEYS[:16])}, "
                                 f"duration/episodes/score/popularity.gt/.gte/.lt/.lte)")
        if raw is None:
            raise ConditionError(f"{key}: {name} has no value")
        base, _, mod = name.partition(".")
        if name == "sort_by":
            if str(raw).lower() not in SORTS:
                raise ConditionError(f"{key}: sort_by must be one of {', '.join(SORTS)}, got {raw!r}")
            v["sort"] = [SORTS[str(raw).lower()]]
        elif name == "limit":
            if isinstance(raw, bool) or not str(raw).strip().isdigit():
                raise ConditionError(f"{key}: limit must be a whole number (0 = all), got {raw!r}")
            limit = int(str(raw))
        elif name == "search":
            v["search"] = str(raw)
        elif name == "season":
            season = str(raw).strip().lower()
            if season == "current":
                season = SEASONS[(now.month - 1) // 3]
            if season not in SEASONS:
                raise ConditionError(f"{key}: season must be one of {', '.join(SEASONS)} or current, got {raw!r}")
            v["season"] = season.upper()
        elif name == "year":
            if isinstance(raw, bool) or not str(raw).isdigit() or not 1917 <= int(raw) <= now.year + 1:
                raise ConditionError(f"{key}: year must be a year between 1917 and {now.year + 1}, got {raw!r}")
            v["seasonYear"] = int(raw)
        elif name == "adult":
            if not isinstance(raw, bool):
                raise ConditionError(f"{key}: adult must be true or false, got {raw!r}")
            v["isAdult"] = raw
        elif name == "country":
            if not (isinstance(raw, str) and len(raw.strip()) == 2):
                raise ConditionError(f"{key}: country must be a two-letter country code, got {raw!r}")
            v["countryOfOrigin"] = raw.strip().upper()
        elif name == "source":
            v["source"] = _words(key, name, raw, SOURCES)[0]
        elif base == "start":
            v["startDate_lesser" if mod == "before" else "startDate_greater"] = _date(key, name, raw)
        elif base in ("format", "status", "genre"):
            table = {"format": FORMATS, "status": STATUSES, "genre": None}[base]
            field = {"format": "format", "status": "status", "genre": "genre"}[base]
            v[f"{field}_{'not_in' if mod == 'not' else 'in'}"] = _words(key, name, raw, table)
        else:  # a number attribute
            try:
                number = float(raw) if not isinstance(raw, bool) else None
            except (TypeError, ValueError):
                number = None
            if number is None or number < 1:
                raise ConditionError(f"{key}: {name} must be a number of at least 1, got {raw!r}")
            field = NUMBERS[base]
            step = 0 if mod in ("gt", "lt") else 1  # AniList has only greater/lesser: .gte N is greater N-1
            v[f"{field}_{'greater' if mod.startswith('gt') else 'lesser'}"] = int(number) - step \
                if mod.startswith("gt") else int(number) + step
    if "season" in v and "seasonYear" not in v:
        v["seasonYear"] = now.year
    v.setdefault("sort", [SORTS["score"]])
    return v, limit


def parse_ids(key: str, value: Any) -> list[int]:
    return parse_site_ids(key, value, "anilist.co/anime", "an AniList")


class AnilistSource:
    def __init__(self, client: Callable[[], AnilistClient], ids: Callable[[], AnimeIdsClient], snapshot: Snapshot,
                 now: Callable[[], datetime]) -> None:
        self._client = client
        self._ids = ids
        self.snapshot = snapshot
        self.now = now
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        item_type = self.snapshot.item_type
        if item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        client = self._client()
        if key in CHARTS:
            media = client.page_ids({"sort": [CHARTS[key]]}, parse_count(key, value), key)
        elif key == "anilist_id":
            media = []
            for ident in parse_ids(key, value):
                try:
                    media.append(client.anime(ident))
                except NotFound:
                    raise ConditionError(f"{key}: AniList has no anime {ident}") from None
        else:
            variables, limit = search_variables(key, value, self.now())
            media = client.page_ids(variables, limit, key)
        return self._match(media)

    def _match(self, media: list[dict[str, Any]]) -> TmdbBuilt:
        movie_library = self.snapshot.item_type == "movie"
        mapping = self._ids().mapping()
        out = TmdbBuilt()
        seen: set[int] = set()
        for m in media:
            ident = int(m.get("id") or 0)
            if ident in seen or (m.get("format") == "MOVIE") != movie_library:
                continue
            seen.add(ident)
            title = (m.get("title") or {}).get("english") or (m.get("title") or {}).get("romaji") or "?"
            year = (m.get("startDate") or {}).get("year") or m.get("seasonYear")
            label = f"{title} ({year})" if year else str(title)
            self.matcher.place_anime(out, mapping.by_anilist.get(ident), f"{label} [anilist {ident}", title, year)
        return out
