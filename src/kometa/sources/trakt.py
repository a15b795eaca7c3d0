"""Trakt builders: ask Trakt which titles a builder names, then keep the ones the library holds.

Trakt items carry their TMDb, IMDb and TVDb ids, so the library's items are found from the
listing's guids alone (TMDb id first, then IMDb, then TVDb); the rest are *missing*. Values follow
Kometa: ``trakt_list`` takes Trakt list URLs (``https://trakt.tv/users/U/lists/L`` or
``https://trakt.tv/lists/ID``) as one or a list; the charts (``trakt_trending``,
``trakt_popular``, ``trakt_anticipated``, ``trakt_recommendations``, ``trakt_watched_<period>``,
``trakt_collected_<period>``, ``trakt_recommended_<period>``) the number of items;
``trakt_boxoffice`` true; ``trakt_chart`` a mapping (or a list) of ``chart``, ``time_period``,
``limit``; ``trakt_userlist`` a mapping (or a list) of ``userlist``, ``user``, ``sort_by``;
``trakt_watchlist`` / ``trakt_collection`` user names (``me``: the signed-in user).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from kometa.clients.policy import AuthError, NotFound
from kometa.clients.trakt import TraktClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt, parse_count
from kometa.sources.trakt_filters import NAMES as CHART_FILTERS
from kometa.sources.trakt_filters import chart_filters

PERIODS = ("daily", "weekly", "monthly", "yearly", "all")
COUNT_CHARTS: dict[str, tuple[str, str | None]] = {"trakt_trending": ("trending", None), "trakt_popular": ("popular", None),
                "trakt_anticipated": ("anticipated", None)}
COUNT_CHARTS |= {f"trakt_{chart}_{period}": (chart, period) for chart in ("watched", "collected", "recommended")
                 for period in PERIODS}
CHART_NAMES = ("trending", "popular", "recommended", "watched", "collected", "anticipated")
USERLISTS = ("watchlist", "favorites", "watched", "collection")
USER_SORTS = ("rank", "added", "released", "title")
_LIST_URL = re.compile(r"trakt\.tv/(?:users/([^/?#\s]+)/lists/([^/?#\s]+)|lists/([^/?#\s]+))")


def list_path(key: str, value: Any) -> str:
    text = str(value).strip()
    match = _LIST_URL.search(text)
    if not match:
        raise ConditionError(f"{key}: '{text}' is not a Trakt list URL (https://trakt.tv/users/USER/lists/LIST)")
    user, slug, lid = match.groups()
    return f"/users/{user}/lists/{slug}" if user else f"/lists/{lid}"


def _mappings(key: str, value: Any) -> list[Mapping[str, Any]]:
    raw = value if isinstance(value, list) else [value]
    if not raw or not all(isinstance(v, Mapping) for v in raw):
        raise ConditionError(f"{key} takes a mapping (or a list of mappings)")
    return raw


def _pick(key: str, attr: str, value: Any, allowed: tuple[str, ...], default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    text = str(value).strip().lower() if value is not None else ""
    if text not in allowed:
        raise ConditionError(f"{key}: {attr} must be one of {', '.join(allowed)}, got {value!r}")
    return text


class TraktSource:
    """The Trakt builders for one library; the client comes from the run (``client()`` may raise)."""

    def __init__(self, client: Callable[[], TraktClient], snapshot: Snapshot,
                 refused: Callable[[AuthError], Exception] | None = None) -> None:
        self._client = client
        self._refused = refused
        self.snapshot = snapshot
        self.kind = "movie" if snapshot.item_type == "movie" else "tv"
        self.matcher = Matcher(snapshot)

    def client(self) -> TraktClient:
        """The run's Trakt client (raises ServiceError when the trakt: section is missing or wrong)."""
        return self._client()

    def build(self, key: str, value: Any, level: Snapshot | None = None) -> TmdbBuilt:
        """The library's items ``key: value`` names and the titles it lacks. Raises ConditionError
        for a bad value and ServiceError when Trakt cannot answer (a refused key: ``refused(exc)``).
        ``level``: the library's seasons or episodes (``builder_level``): a list's season and
        episode rows give those (a season row at episode level: its episodes)."""
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        if key == "trakt_boxoffice" and self.kind != "movie":
            raise ConditionError(f"{key} works in movie libraries only")
        try:
            out = TmdbBuilt()
            rows = self._resolve(key, value, out)
        except AuthError as exc:
            if self._refused is None:
                raise
            raise self._refused(exc) from None
        self._match(rows, out, level)
        return out

    def list_description(self, key: str, value: Any) -> str:
        """``trakt_description``: the description of the (first) Trakt list ``value`` names."""
        first = value[0] if isinstance(value, list) and value else value
        path = list_path(key, first)
        try:
            return str(self._client().list_summary(path).get("description") or "")
        except NotFound:
            raise ConditionError(f"{key}: Trakt has no list {path.split('/lists/')[-1]} (or it is private)") from None
        except AuthError as exc:
            if self._refused is None:
                raise
            raise self._refused(exc) from None

    def _resolve(self, key: str, value: Any, out: TmdbBuilt) -> list[dict[str, Any]]:
        media = "movies" if self.kind == "movie" else "shows"
        if key in COUNT_CHARTS:
            chart, period = COUNT_CHARTS[key]
            return self._client().chart(media, chart, parse_count(key, value), period)
        if key == "trakt_boxoffice":
            if value is not True:
                raise ConditionError(f"{key} must be true")
            return self._client().chart("movies", "boxoffice", 10)
        if key == "trakt_recommendations":
            count = parse_count(key, value)
            client = self._client()
            self._need_auth(client, key)
            return client.recommendations(media, min(count, 100))
        if key in ("trakt_list", "trakt_list_details"):
            paths = [list_path(key, v) for v in (value if isinstance(value, list) else [value])]
            if not paths:
                raise ConditionError(f"{key} has no value (give Trakt list URLs)")
            client = self._client()
            rows: list[dict[str, Any]] = []
            for index, path in enumerate(paths):
                try:
                    if index == 0 and key.endswith("_details"):
                        out.details = {"summary": str(client.list_summary(path).get("description") or "")}
                    rows += client.list_items(path)
                except NotFound:
                    raise ConditionError(f"{key}: Trakt has no list {path.split('/lists/')[-1]} "
                                         f"(or it is private)") from None
            return rows
        if key == "trakt_chart":
            return self._charts(key, value, media)
        if key == "trakt_userlist":
            return self._userlists(key, value, media)
        which = "watchlist" if key == "trakt_watchlist" else "collection"
        users = value if isinstance(value, list) else [value]
        specs = [{"userlist": which, "user": u} for u in users]
        return self._userlists(key, specs, media)

    def _charts(self, key: str, value: Any, media: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for spec in _mappings(key, value):
            for attr in spec:
                if attr not in ("chart", "time_period", "limit", *CHART_FILTERS):
                    raise ConditionError(f"{key}: unknown attribute '{attr}' (chart, time_period, limit, "
                                         f"{', '.join(CHART_FILTERS)})")
            filters = chart_filters(key, spec, shows=self.kind != "movie")
            chart = _pick(key, "chart", spec.get("chart"), CHART_NAMES)
            limit = parse_count(f"{key} limit", spec.get("limit", 10))
            period = None
            if chart in ("watched", "collected", "recommended"):
                period = _pick(key, "time_period", spec.get("time_period"), PERIODS, "weekly")
            elif "time_period" in spec:
                raise ConditionError(f"{key}: time_period does not work with the {chart} chart")
            rows += self._client().chart(media, chart, limit, period, filters)
        return rows

    def _userlists(self, key: str, value: Any, media: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for spec in _mappings(key, value):
            for attr in spec:
                if attr not in ("userlist", "user", "sort_by"):
                    raise ConditionError(f"{key}: unknown attribute '{attr}' (userlist, user, sort_by)")
            which = _pick(key, "userlist", spec.get("userlist"), USERLISTS)
            sort = _pick(key, "sort_by", spec.get("sort_by"), USER_SORTS, "rank")
            user = str(spec.get("user") or "me").strip()
            if not re.fullmatch(r"[\w.\-]+", user):
                raise ConditionError(f"{key}: '{user}' is not a Trakt user name")
            client = self._client()
            if user == "me":
                self._need_auth(client, key)
            try:
                rows += client.userlist(which, user, media, sort)
            except NotFound:
                raise ConditionError(f"{key}: Trakt has no user {user} (or their {which} is private)") from None
        return rows

    @staticmethod
    def _need_auth(client: TraktClient, key: str) -> None:
        if not client.authorised:
            raise ConditionError(f"{key} needs Trakt's sign-in (run kometa auth trakt to add trakt: authorization)")

    def _match(self, rows: list[dict[str, Any]], out: TmdbBuilt, level: Snapshot | None = None) -> None:
        want = "movie" if self.kind == "movie" else "show"
        seen: set[Any] = set()
        for row in rows:
            if level is not None and row.get("type") in ("season", "episode"):
                self._part(row, level, out)
                continue
            body = row.get(want) if isinstance(row.get(want), Mapping) else (row if "ids" in row else None)
            if body is None or row.get("type", want) != want:
                continue
            ids = body.get("ids") or {}
            ident = ids.get("trakt") or (ids.get("tmdb"), ids.get("imdb"))
            if ident in seen:
                continue
            seen.add(ident)
            year = f" ({body['year']})" if body.get("year") else ""
            known = {name: ids.get(name) for name in ("tmdb", "imdb", "tvdb")}
            self.matcher.place(out, known.items(), f"{body.get('title') or '?'}{year} [trakt "
                               f"{ids.get('slug') or ids.get('trakt')}]", body.get("title"), body.get("year"), **known)

    def _part(self, row: Mapping[str, Any], level: Snapshot, out: TmdbBuilt) -> None:
        """A season or episode row at ``builder_level``: the level's items of that show and number."""
        ids = (row.get("show") or {}).get("ids") or {}
        shows = self.matcher.keys((name, ids.get(name)) for name in ("tmdb", "imdb", "tvdb"))
        part = row.get(str(row.get("type"))) or {}
        season = part.get("number") if row.get("type") == "season" else part.get("season")
        episode = part.get("number") if row.get("type") == "episode" else None
        if episode is not None and level.level != "episode":
            return  # an episode row in a season collection: nothing of that level
        under = getattr(level, "under", {})
        for show in shows:
            for key in under.get(show, ()):
                item = level.items[key]
                if item.get("season_number") == season and episode in (None, item.get("episode_number")) \
                        and key not in out.keys:
                    out.keys.append(key)
