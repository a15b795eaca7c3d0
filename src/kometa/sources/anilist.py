"""AniList builders, as Kometa documents them: ``anilist_popular``, ``anilist_top_rated``,
``anilist_trending`` (a number of anime); ``anilist_id`` (AniList ids, a list or comma-separated);
``anilist_relations`` (AniList ids: each anime and its whole relation tree, hop by hop, except
``CHARACTER`` and ``OTHER`` relations and anything that is not an anime); ``anilist_studio``
(AniList studio ids: every anime of the studio); ``anilist_userlist`` (a mapping, or a list of
them, of ``username``, ``list_name``, ``sort_by`` and ``score.gt``/``.gte``/``.lt``/``.lte``
0-10, the user's POINT_10 score); ``anilist_search`` (a mapping, or a list of them, of the
attributes in :data:`SEARCH_KEYS`: text, season/year, the tag attributes ``format``, ``status``,
``genre``, ``tag``, ``tag_category`` with ``.not``, ``min_tag_percent``, ``start``/``end``
``.before``/``.after`` MM/DD/YYYY and the numbers ``duration``, ``episodes``, ``score``,
``popularity`` with ``.gt``/``.gte``/``.lt``/``.lte``). Tags and tag categories are checked
against AniList's tag collection, genres against its genre collection (one cached request
each), written as AniList names them.

``anilist_genre``, ``anilist_tag`` and ``anilist_season`` are Kometa's older builders, which Kometa
now reads as ``anilist_search``: they take its mapping (or a list of them). A plain value is the
genre, tag or season (``anilist_genre: Action``); ``anilist_genre`` and ``anilist_tag`` need
their attribute, and ``anilist_season`` without a ``season`` is the current season of the run's
clock (with this year, as any season without a year).

Anime reach the library through the anime id mapping (:mod:`kometa.ids.anime`): an AniList id
gives TMDb/TVDb/IMDb ids, matched against the library listing's guids. In a movie library only
AniList's movies (format ``MOVIE``) count, in a show library only the rest; anime the library
lacks are missing (with their ids, for Radarr/Sonarr), anime the mapping file does not know are
missing too, labelled so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from kometa.clients.anilist import LIST_SORTS, AnilistClient
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
SEARCH_KEYS = ("sort_by", "limit", "search", "season", "year", "adult", "country", "source", "min_tag_percent",
               "start.before", "start.after", "end.before", "end.after", "format", "format.not", "status",
               "status.not", "genre", "genre.not", "tag", "tag.not", "tag_category", "tag_category.not",
               *(f"{n}.{m}" for n in NUMBERS for m in ("gt", "gte", "lt", "lte")))
#: tag attributes -> AniList's variable stem
TAG_FIELDS = {"format": "format", "status": "status", "genre": "genre", "tag": "tag", "tag_category": "tagCategory"}
#: Kometa's older builders, read as anilist_search: key -> the attribute a plain value is
ALIASES = {"anilist_genre": "genre", "anilist_tag": "tag", "anilist_season": "season"}
USER_KEYS = ("username", "list_name", "sort_by", "score.gt", "score.gte", "score.lt", "score.lte")


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
        if name not in SEARCH_KEYS:
            raise ConditionError(f"{key}: unknown attribute '{name}' ({', '.join(SEARCH_KEYS[:23])}, "
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
        elif name == "min_tag_percent":
            if isinstance(raw, bool) or not str(raw).strip().isdigit() or not 0 <= int(str(raw)) <= 100:
                raise ConditionError(f"{key}: min_tag_percent must be a number between 0 and 100, got {raw!r}")
            v["minimumTagRank"] = int(str(raw))
        elif base in ("start", "end"):
            v[f"{base}Date_{'lesser' if mod == 'before' else 'greater'}"] = _date(key, name, raw)
        elif base in TAG_FIELDS:
            table = {"format": FORMATS, "status": STATUSES}.get(base)
            v[f"{TAG_FIELDS[base]}_{'not_in' if mod == 'not' else 'in'}"] = _words(key, name, raw, table)
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


def _norm(word: str) -> str:
    return word.strip().lower().replace(" / ", "-").replace(" ", "-")


def _specs(key: str, value: Any) -> list[Mapping[str, Any]]:
    """A mapping or a list of mappings (Kometa's ``listdict``)."""
    raw = value if isinstance(value, list) else [value]
    if not raw or not all(isinstance(v, Mapping) and v for v in raw):
        raise ConditionError(f"{key} takes a mapping of attributes (or a list of them)")
    return raw


def _alias_specs(key: str, value: Any) -> list[Mapping[str, Any]]:
    """The search mappings of ``anilist_genre`` / ``anilist_tag`` / ``anilist_season``."""
    attr = ALIASES[key]
    if value is None or isinstance(value, str | int) and not isinstance(value, bool):
        if value is None or not str(value).strip():
            raise ConditionError(f"{key} needs a {attr} (or a mapping of anilist_search attributes)")
        value = {attr: value}
    out = []
    for spec in _specs(key, value):
        if attr not in spec and attr != "season":
            raise ConditionError(f"{key} needs the attribute {attr} (the {attr} to find)")
        out.append({"season": "current", **spec} if attr not in spec else spec)
    return out


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
            media = [self._one(client, key, ident) for ident in parse_ids(key, value)]
        elif key == "anilist_relations":
            media = [m for ident in parse_ids(key, value) for m in self._tree(client, key, ident)]
        elif key == "anilist_studio":
            media = []
            for ident in parse_site_ids(key, value, "anilist.co/studio", "an AniList studio"):
                try:
                    media += client.studio(ident)[1]
                except NotFound:
                    raise ConditionError(f"{key}: AniList has no studio {ident}") from None
        elif key == "anilist_userlist":
            media = [m for spec in _specs(key, value) for m in self._userlist(client, key, spec)]
        else:
            media = []
            for spec in _alias_specs(key, value) if key in ALIASES else _specs(key, value):
                variables, limit = search_variables(key, spec, self.now())
                self._check_tags(client, key, variables)
                self._check_genres(client, key, variables)
                media += client.page_ids(variables, limit, key)
        return self._match(media)

    @staticmethod
    def _one(client: AnilistClient, key: str, ident: int) -> dict[str, Any]:
        try:
            return client.anime(ident)
        except NotFound:
            raise ConditionError(f"{key}: AniList has no anime {ident}") from None

    @staticmethod
    def _tree(client: AnilistClient, key: str, first: int) -> list[dict[str, Any]]:
        """The anime and every anime its relations reach (breadth first), without CHARACTER/OTHER."""
        out: list[dict[str, Any]] = []
        seen = {first}
        todo = [first]
        while todo:
            ident = todo.pop(0)
            try:
                media = client.with_relations(ident)
            except NotFound:
                if ident == first:
                    raise ConditionError(f"{key}: AniList has no anime {ident}") from None
                continue
            out.append(media)
            for edge in (media.get("relations") or {}).get("edges") or []:
                node = edge.get("node") or {} if isinstance(edge, dict) else {}
                nid = node.get("id")
                if edge.get("relationType") in ("CHARACTER", "OTHER") or node.get("type") != "ANIME" or \
                        not isinstance(nid, int) or nid in seen:
                    continue
                seen.add(nid)
                todo.append(nid)
        return out

    @staticmethod
    def _userlist(client: AnilistClient, key: str, spec: Mapping[str, Any]) -> list[dict[str, Any]]:
        bad = next((str(k) for k in spec if str(k) not in USER_KEYS), None)
        if bad is not None:
            raise ConditionError(f"{key}: unknown attribute '{bad}' ({', '.join(USER_KEYS)})")
        user, name = (str(spec.get(k) or "").strip() for k in ("username", "list_name"))
        if not user or not name:
            raise ConditionError(f"{key}: username and list_name are both needed")
        sort = str(spec.get("sort_by") or "score").strip().lower()
        if sort not in LIST_SORTS:
            raise ConditionError(f"{key}: sort_by must be one of {', '.join(LIST_SORTS)}, got {spec.get('sort_by')!r}")
        scores: dict[str, float] = {}
        for mod in ("gt", "gte", "lt", "lte"):
            raw = spec.get(f"score.{mod}")
            if raw is None:
                continue
            if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 10:
                raise ConditionError(f"{key}: score.{mod} must be a number between 0 and 10, got {raw!r}")
            scores[mod] = float(raw)
        try:
            lists = client.user_lists(user, LIST_SORTS[sort])
        except NotFound:
            raise ConditionError(f"{key}: AniList has no user {user}") from None
        chosen = next((lst for lst in lists if lst.get("name") == name), None)
        if chosen is None:
            names = ", ".join(str(lst.get("name")) for lst in lists) or "none"
            raise ConditionError(f"{key}: {user} has no list '{name}' (their lists: {names})")
        tests = {"gt": float.__gt__, "gte": float.__ge__, "lt": float.__lt__, "lte": float.__le__}
        return [e["media"] for e in chosen.get("entries") or [] if isinstance(e, dict) and isinstance(e.get("media"), dict)
                and all(tests[m](float(e.get("score") or 0), v) for m, v in scores.items())]

    @staticmethod
    def _check_tags(client: AnilistClient, key: str, variables: dict[str, Any]) -> None:
        """Tags and tag categories as AniList names them (Kometa's matching: case and '-' for spaces)."""
        fields = [f for f in ("tag_in", "tag_not_in", "tagCategory_in", "tagCategory_not_in") if f in variables]
        if not fields:
            return
        known = client.tags()
        for field in fields:
            which = "category" if field.startswith("tagCategory") else "name"
            names = {_norm(str(t.get(which))): str(t.get(which)) for t in known if t.get(which)}
            out = []
            for word in variables[field]:
                if _norm(word) not in names:
                    label = "tag category" if which == "category" else "tag"
                    raise ConditionError(f"{key}: AniList has no {label} {word!r}")
                out.append(names[_norm(word)])
            variables[field] = out

    @staticmethod
    def _check_genres(client: AnilistClient, key: str, variables: dict[str, Any]) -> None:
        """Genres as AniList names them (case, and '-' for spaces, as Kometa matches them)."""
        fields = [f for f in ("genre_in", "genre_not_in") if f in variables]
        if not fields:
            return
        names = {_norm(g): g for g in client.genres()}
        for field in fields:
            bad = next((w for w in variables[field] if _norm(w) not in names), None)
            if bad is not None:
                raise ConditionError(f"{key}: AniList has no genre {bad!r} (its genres: {', '.join(names.values())})")
            variables[field] = [names[_norm(w)] for w in variables[field]]

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
