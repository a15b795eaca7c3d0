"""The ``plex_watchlist`` builder (movie and show libraries): the plex.tv watchlist of the account
whose token the library's server is read with, in the sort asked (``added.asc``, the default,
``added.desc``, ``title.asc/.desc``, ``release.asc/.desc``, ``critic_rating.asc/.desc``; as in
Kometa, another value is warned about and ``added.asc`` is used). Movie libraries take the
watchlist's movies, show libraries its shows.

An item is matched to the library by its ``plex://`` guid first (no request); the rest (items of a
legacy agent, titles the server lacks) by the ids plex.tv's metadata gives them (one request per
item, cached), TMDb then IMDb for movies, TVDb then TMDb then IMDb for shows; the rest are missing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kometa.clients.plex_watchlist import PlexWatchlistClient
from kometa.clients.policy import NotFound
from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

log = logging.getLogger("kometa")
SORTS = {"added.asc": "watchlistedAt:asc", "added.desc": "watchlistedAt:desc", "title.asc": "titleSort:asc",
         "title.desc": "titleSort:desc", "release.asc": "originallyAvailableAt:asc",
         "release.desc": "originallyAvailableAt:desc", "critic_rating.asc": "rating:asc",
         "critic_rating.desc": "rating:desc"}
DEFAULT = "added.asc"


def parse_sort(key: str, value: Any) -> str:
    """plex.tv's sort for the builder's value (``true`` or nothing: the default)."""
    if value is None or value is True:
        return SORTS[DEFAULT]
    text = str(value).strip().lower()
    if text not in SORTS:
        log.warning("%s: sort %r is not one of %s; %s is used (as in Kometa)", key, value, ", ".join(SORTS), DEFAULT)
        return SORTS[DEFAULT]
    return SORTS[text]


class PlexWatchlistSource:
    def __init__(self, client: Callable[[], PlexWatchlistClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        sort = parse_sort(key, value)
        kind = self.snapshot.item_type
        if kind not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only (a watchlist holds movies and shows)")
        client = self._client()
        rows = [r for r in client.watchlist(kind, sort) if r.get("type") == kind]
        by_guid: dict[str, int] = {}
        for rk, item in self.snapshot.items.items():
            guid = str(item.get("guid") or "")
            if guid.startswith("plex://"):
                by_guid.setdefault(guid, rk)
        unmatched = [r for r in rows if r.get("guid") not in by_guid]
        found = dict(zip((r["ratingKey"] for r in unmatched), client.metadata.map(lambda r: _ids(client, r),
                                                                                   unmatched), strict=True))
        out = TmdbBuilt()
        for row in rows:
            held = by_guid.get(str(row.get("guid")))
            if held is not None:
                if held not in out.keys:
                    out.keys.append(held)
                continue
            ids = item_ids(None, found.get(row["ratingKey"]) or ())
            tries = ((("tmdb", ids.tmdb), ("imdb", ids.imdb)) if kind == "movie"
                     else (("tvdb", ids.tvdb), ("tmdb", ids.tmdb), ("imdb", ids.imdb)))
            year = str(row.get("year") or "")
            label = f"{row.get('title') or '?'}{f' ({year})' if year else ''} [plex watchlist]"
            self.matcher.place(out, tries, label, row.get("title"), int(year) if year.isdigit() else None,
                               tmdb=ids.tmdb, imdb=ids.imdb, tvdb=ids.tvdb if kind == "show" else None)
        return out


def _ids(client: PlexWatchlistClient, row: dict[str, Any]) -> list[str]:
    try:
        return client.ids(str(row["ratingKey"]))
    except NotFound:
        return []
