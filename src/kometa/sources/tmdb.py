"""TMDb builders: ask TMDb which titles a builder names, then keep the ones the library holds.

Each builder resolves to an ordered list of TMDb titles (movies in a movie library, shows in a
show library); the library's items are found through the :class:`~kometa.ids.mapping.IdMap` (from
the listing's guids, converting only what the listing lacks) and the rest are *missing* (counted,
listed with ``show_missing``). Values follow Kometa: ids or TMDb URLs, as a list or a
comma-separated string; charts take a number of items; ``tmdb_discover`` takes a mapping (or a list
of mappings) of Kometa's discover attributes plus ``limit`` (default 100), checked before TMDb is
asked. A ``_details`` variant also gives the collection the first object's summary, poster and
background (unless the definition sets them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import AuthError, NotFound
from kometa.clients.tmdb import TmdbClient, image_url
from kometa.ids.mapping import IdMap
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.tmdb_discover import discover_queries

ID_BUILDERS = {"tmdb_collection": "collection", "tmdb_list": "list", "tmdb_movie": "movie", "tmdb_show": "tv",
               "tmdb_actor": "person", "tmdb_director": "person", "tmdb_producer": "person",
               "tmdb_writer": "person", "tmdb_crew": "person", "tmdb_company": "company",
               "tmdb_network": "network", "tmdb_keyword": "keyword"}
CHARTS = {"tmdb_popular": "popular", "tmdb_top_rated": "top_rated", "tmdb_now_playing": "now_playing",
          "tmdb_upcoming": "upcoming", "tmdb_airing_today": "airing_today", "tmdb_on_the_air": "on_the_air",
          "tmdb_trending_daily": "day", "tmdb_trending_weekly": "week"}
MOVIE_ONLY = {"tmdb_collection", "tmdb_movie", "tmdb_company", "tmdb_now_playing", "tmdb_upcoming"}
SHOW_ONLY = {"tmdb_show", "tmdb_network", "tmdb_airing_today", "tmdb_on_the_air"}
DETAILS = {f"{k}_details" for k in ID_BUILDERS if k not in ("tmdb_company", "tmdb_network", "tmdb_keyword")}
_URL = re.compile(r"themoviedb\.org/(?:\w+/)?(movie|tv|collection|list|person|company|network|keyword)/(\d+)")


@dataclass
class TmdbBuilt:
    keys: list[int] = field(default_factory=list)  # library rating keys, in TMDb's order
    missing: list[str] = field(default_factory=list)  # "Title (year) [tmdb id]" of titles not in the library
    details: dict[str, str] = field(default_factory=dict)  # summary / url_poster / url_background
    #: the missing titles' ids, in the order of ``missing``: {"title", "year", "tmdb", "imdb", "tvdb"}
    #: (what is known; for sending them to Radarr/Sonarr)
    missing_ids: list[dict[str, Any]] = field(default_factory=list)

    def lack(self, label: str, title: Any = None, year: Any = None, **ids: Any) -> None:
        """Record a title the library lacks: its label for people and its ids."""
        self.missing.append(label)
        self.missing_ids.append({"title": title, "year": year, **{k: v for k, v in ids.items() if v}})


def parse_ids(key: str, value: Any) -> list[int]:
    """Ids from a number, a TMDb URL, a comma-separated string or a list of those."""
    raw = value if isinstance(value, list) else [value]
    out: list[int] = []
    for entry in raw:
        if isinstance(entry, bool) or entry is None:
            raise ConditionError(f"{key} needs TMDb ids or TMDb URLs, got {entry!r}")
        parts = [entry] if isinstance(entry, int) else [p.strip() for p in str(entry).split(",") if p.strip()]
        for part in parts:
            text = str(part)
            match = _URL.search(text)
            number = match.group(2) if match else text.split("-", 1)[0]
            if not number.isdigit() or int(number) <= 0:
                raise ConditionError(f"{key}: '{text}' is not a TMDb id or a TMDb URL")
            out.append(int(number))
    if not out:
        raise ConditionError(f"{key} has no value (give TMDb ids or URLs)")
    return list(dict.fromkeys(out))


def parse_count(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
            return int(value)
        raise ConditionError(f"{key} takes the number of items to fetch (a whole number of at least 1), "
                             f"got {value!r}")
    return value


def parse_region(data: Mapping[str, Any]) -> str | None:
    """A definition's ``tmdb_region``: an ISO 3166-1 country code (blank: the ``tmdb:`` section's)."""
    value = data.get("tmdb_region")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", text):
        raise ConditionError(f"tmdb_region must be a two-letter country code (ISO 3166-1, e.g. US, GB), got {value!r}")
    return text


def _label(result: Mapping[str, Any]) -> str:
    title = result.get("title") or result.get("name") or "?"
    date = str(result.get("release_date") or result.get("first_air_date") or "")
    year = f" ({date[:4]})" if date[:4].isdigit() else ""
    return f"{title}{year} [tmdb {result.get('id')}]"


class TmdbSource:
    """The TMDb builders for one library; the client comes from the run (``client()`` may raise)."""

    def __init__(self, client: Callable[[], TmdbClient], snapshot: Snapshot,
                 refused: Callable[[AuthError], Exception] | None = None,
                 register: Callable[[IdMap], None] | None = None) -> None:
        self._client = client
        self._register = register
        self._refused = refused
        self.snapshot = snapshot
        self.kind = "movie" if snapshot.item_type == "movie" else "tv"
        self._idmap: IdMap | None = None

    def client(self) -> TmdbClient:
        """The run's TMDb client (raises ServiceError when the config has no TMDb)."""
        return self._client()

    def refusal(self, exc: AuthError) -> Exception:
        """What a refused key means to the run (the run's refusal, else the error itself)."""
        return self._refused(exc) if self._refused is not None else exc

    def known_idmap(self) -> IdMap | None:
        """The id map as far as this run has built it (None before any TMDb builder ran); asks nothing."""
        return self._idmap

    def idmap(self) -> IdMap:
        if self._idmap is None:
            self._idmap = IdMap.from_snapshot(self.snapshot)
            if self._register is not None:
                self._register(self._idmap)
        if self._idmap.pending:
            titles = {rk: self.snapshot.items[rk].title for rk in self._idmap.pending}
            self._idmap.convert(self._client(), titles)
        return self._idmap

    def build(self, key: str, value: Any, region: str | None = None) -> TmdbBuilt:
        """The library's items ``key: value`` names, and the titles it lacks. Raises ConditionError for
        a bad value and ServiceError when TMDb cannot answer (a refused key: ``refused(exc)``).
        ``region``: the definition's ``tmdb_region`` (charts and discover), over the section's."""
        try:
            return self._build(key, value, region)
        except AuthError as exc:
            if self._refused is None:
                raise
            raise self._refused(exc) from None

    def _build(self, key: str, value: Any, region: str | None = None) -> TmdbBuilt:
        base = key.removesuffix("_details")
        client = self._client()  # a missing tmdb: section first: it is the cause whatever the library type
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        if base in MOVIE_ONLY and self.kind != "movie":
            raise ConditionError(f"{key} works in movie libraries only")
        if base in SHOW_ONLY and self.kind != "tv":
            raise ConditionError(f"{key} works in show libraries only")
        out = TmdbBuilt()
        results = self._resolve(client, key, base, value, out, region)
        idmap = self.idmap()
        seen: set[int] = set()
        for result in results:
            if result.get("media_type") not in (None, self.kind) or not result.get("id"):
                continue
            tmdb_id = int(result["id"])
            if tmdb_id in seen:
                continue
            seen.add(tmdb_id)
            keys = idmap.keys(tmdb_id)
            if keys:
                out.keys.extend(k for k in keys if k not in out.keys)
            else:
                date = str(result.get("release_date") or result.get("first_air_date") or "")
                out.lack(_label(result), result.get("title") or result.get("name"),
                         int(date[:4]) if date[:4].isdigit() else None, tmdb=tmdb_id)
        return out

    def _resolve(self, client: TmdbClient, key: str, base: str, value: Any, out: TmdbBuilt,
                 region: str | None = None) -> list[dict[str, Any]]:
        if base in CHARTS:
            count = parse_count(key, value)
            if base.startswith("tmdb_trending"):
                return client.trending(self.kind, CHARTS[base], count)
            return client.chart(self.kind, CHARTS[base], count, region)
        if base == "tmdb_discover":
            found: list[dict[str, Any]] = []
            for params, limit in discover_queries(key, value, self.kind, region or client.settings.region):
                found += client.discover(self.kind, params, limit)
            return found
        what = ID_BUILDERS[base]
        results: list[dict[str, Any]] = []
        for index, ident in enumerate(parse_ids(key, value)):
            try:
                found, details = self._one(client, base, what, ident)
            except NotFound:
                raise ConditionError(f"{key}: TMDb has no {what if what != 'tv' else 'show'} with id {ident}") from None
            results += found
            if index == 0 and key.endswith("_details"):
                if what == "person":
                    details = self.person_details(client, ident)
                out.details = {k: v for k, v in details.items() if v}
        return results

    def _one(self, client: TmdbClient, base: str, what: str, ident: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        if what == "collection":
            data = client.collection(ident)
            return list(data.get("parts") or []), _details(data, data.get("overview"))
        if what == "list":
            data, items = client.list_details(ident)
            return items, _details(data, data.get("description"))
        if what in ("movie", "tv"):
            data = client.movie(ident) if what == "movie" else client.show(ident)
            return [data], _details(data, data.get("overview"))
        if what == "person":
            credits = client.person_credits(ident, self.kind)
            if base == "tmdb_actor":
                found = list(credits.get("cast") or [])
            else:
                department = {"tmdb_director": "Directing", "tmdb_producer": "Production",
                              "tmdb_writer": "Writing"}.get(base)
                found = [c for c in credits.get("crew") or [] if department is None or c.get("department") == department]
            return found, {}
        param = {"company": "with_companies", "network": "with_networks", "keyword": "with_keywords"}[what]
        {"company": client.company, "network": client.network, "keyword": client.keyword}[what](ident)  # 404 check
        return client.discover(self.kind, {param: str(ident), "sort_by": "popularity.desc"}, None), {}

    def person_details(self, client: TmdbClient, ident: int) -> dict[str, str]:
        data = client.person(ident)
        return {"summary": str(data.get("biography") or ""), "url_poster": image_url(data.get("profile_path")) or ""}


def _details(data: Mapping[str, Any], summary: Any) -> dict[str, Any]:
    return {"summary": str(summary or ""), "url_poster": image_url(data.get("poster_path")),
            "url_background": image_url(data.get("backdrop_path"))}
