"""What online services say about a library's items, for text overlays and ``reset_overlays: tmdb``.

:class:`TmdbFacts` gives an item's TMDb record: a movie's or show's details, a season's details
(``/tv/ID/season/N``) or an episode's entry in its season's details (one request per season, not
per episode). Items are matched to TMDb ids from the library listing's guids (seasons and episodes
through their show), converting IMDb/TVDb-only items with TMDb's find. :class:`MdblistFacts` gives
a movie's or show's MDBList ratings record (seasons and episodes use their show's); :class:`OmdbFacts`
the same from OMDb by IMDb id. Both clients
cache their answers beside the config, so a second run within the cache period asks nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from kometa.clients.policy import NotFound
from kometa.ids.guids import item_ids
from kometa.ids.mapping import IdMap
from kometa.plex.snapshot import Item, Snapshot


def _parent_key(item: Item, level: str) -> int:
    """The rating key of the movie or show an item belongs to (itself at the library's own level)."""
    if level == "season":
        return int(item.get("parent_rating_key") or 0)
    if level == "episode":
        return int(item.get("grandparent_rating_key") or 0)
    return item.rating_key


class TmdbFacts:
    """TMDb records of one library's items, by rating key (``client()`` may raise ServiceError)."""

    def __init__(self, client: Callable[[], Any], top: Snapshot) -> None:
        self._client = client
        self.top = top
        self.movie = top.item_type == "movie"
        self._ids: dict[int, int] | None = None
        self._records: dict[tuple[Any, ...], dict[str, Any] | None] = {}
        self._lock = threading.Lock()  # lookups come from several threads: the id map is made once

    def tmdb_id(self, rating_key: int) -> int | None:
        """The TMDb id of a movie or show of the library (None: no id and TMDb's find knows none)."""
        with self._lock:
            if self._ids is None:
                idmap = IdMap.from_snapshot(self.top)
                if idmap.pending:
                    idmap.convert(self._client(), {rk: i.title for rk, i in self.top.items.items()})
                self._ids = {rk: tmdb for tmdb, rks in idmap.by_tmdb.items() for rk in rks}
        return self._ids.get(rating_key)

    def _get(self, key: tuple[Any, ...], fetch: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
        if key not in self._records:
            try:
                self._records[key] = fetch()
            except NotFound:
                self._records[key] = None
        return self._records[key]

    def record(self, item: Item, level: str) -> dict[str, Any] | None:
        """The item's TMDb record (details / season details / the episode's entry), or None (answers
        are kept per title and season: two threads may at worst ask the client's cache twice)."""
        tmdb = self.tmdb_id(_parent_key(item, level))
        if tmdb is None:
            return None
        client = self._client()
        if not level:
            fetch = client.movie if self.movie else client.show
            return self._get(("title", tmdb), lambda: fetch(tmdb))
        season = item.get("season_number")
        if season is None:
            return None
        details = self._get(("season", tmdb, season), lambda: client.season(tmdb, int(season)))
        if details is None or level == "season":
            return details
        number = item.get("episode_number")
        return next((e for e in details.get("episodes") or () if e.get("episode_number") == number), None)

    def poster_path(self, item: Item, level: str) -> str | None:
        """TMDb's poster (an episode: its still) file path, e.g. ``/abc.jpg``."""
        record = self.record(item, level)
        if record is None:
            return None
        return record.get("still_path" if level == "episode" else "poster_path") or None

    def rating(self, item: Item, level: str) -> float | None:
        """TMDb's vote average (None when TMDb has none, as for a season or episode nobody rated)."""
        record = self.record(item, level)
        value = record.get("vote_average") if record else None
        return float(value) if value else None


#: mdb_* text variable -> (MDBList rating source or a top-level field, divisor to a 0-10 scale)
MDB_RATINGS: dict[str, tuple[str, float]] = {
    "mdb_rating": ("score", 10), "mdb_average_rating": ("score_average", 10), "mdb_imdb_rating": ("imdb", 1),
    "mdb_metacritic_rating": ("metacritic", 10), "mdb_metacriticuser_rating": ("metacriticuser", 1),
    "mdb_trakt_rating": ("trakt", 10), "mdb_tomatoes_rating": ("tomatoes", 10),
    "mdb_tomatoesaudience_rating": ("tomatoesaudience", 10), "mdb_tmdb_rating": ("tmdb", 10),
    "mdb_letterboxd_rating": ("letterboxd", 0.5), "mdb_myanimelist_rating": ("myanimelist", 1),
}


class MdblistFacts:
    """MDBList ratings records of one library's movies or shows (``client()`` may raise ServiceError)."""

    def __init__(self, client: Callable[[], Any], top: Snapshot) -> None:
        self._client = client
        self.top = top
        self.media = "movie" if top.item_type == "movie" else "show"
        self._records: dict[int, dict[str, Any] | None] = {}

    def record(self, item: Item, level: str) -> dict[str, Any] | None:
        key = _parent_key(item, level)
        if key not in self._records:
            parent = self.top.items.get(key)
            ids = item_ids(parent.get("guid"), parent.get("guids") or ()) if parent is not None else None
            found = None
            if ids is not None:
                for provider, value in (("tmdb", ids.tmdb if self.media == "movie" else None),
                                        ("tvdb", ids.tvdb if self.media == "show" else None), ("imdb", ids.imdb)):
                    if value is None:
                        continue
                    try:
                        found = self._client().ratings(provider, self.media, str(value))
                        break
                    except NotFound:
                        continue
            self._records[key] = found
        return self._records[key]

    def rating(self, name: str, item: Item, level: str) -> float | None:
        """An ``mdb_*`` rating on a 0-10 scale (None when MDBList has none)."""
        record = self.record(item, level)
        if record is None:
            return None
        field, divisor = MDB_RATINGS[name]
        if field in ("score", "score_average"):
            value = record.get(field)
        else:
            sources = {"popcorn": "tomatoesaudience"}
            value = next((r.get("value") for r in record.get("ratings") or ()
                          if sources.get(str(r.get("source")), r.get("source")) == field), None)
        return float(value) / divisor if value else None


#: omdb_* text variable -> (key of clients.omdb.ratings_of, scale to 0-10) — Kometa's
OMDB_RATINGS = {"omdb_rating": ("imdb", 1.0), "omdb_imdb_rating": ("imdb", 1.0),
                "omdb_metascore_rating": ("metacritic", 0.1), "omdb_tomatoes_rating": ("rotten_tomatoes", 0.1)}


class OmdbFacts:
    """OMDb records of one library's movies or shows by IMDb id (seasons and episodes use their
    show's); ``client()`` may raise ServiceError. An item without an IMDb id has no OMDb value."""

    def __init__(self, client: Callable[[], Any], top: Snapshot) -> None:
        self._client = client
        self.top = top
        self._ratings: dict[int, dict[str, Any] | None] = {}
        self._lock = threading.Lock()  # lookups come from several threads: the client is made once
        self._made: Any = None

    def _omdb(self) -> Any:
        with self._lock:
            if self._made is None:
                self._made = self._client()
            return self._made

    def rating(self, name: str, item: Item, level: str) -> float | None:
        key = _parent_key(item, level)
        if key not in self._ratings:
            parent = self.top.items.get(key)
            imdb = item_ids(parent.get("guid"), parent.get("guids") or ()).imdb if parent is not None else None
            found = None
            if imdb is not None:
                try:
                    found = self._omdb().ratings(imdb)
                except NotFound:
                    found = None
            self._ratings[key] = found
        ratings = self._ratings[key]
        field, scale = OMDB_RATINGS[name]
        value = ratings.get(field) if ratings else None
        return round(float(value) * scale, 1) if value else None
