"""Matching a source's titles to the library, in one place: each online source names titles by
the ids it knows (TMDb, IMDb, TVDb, or an anime id through the anime id mapping); the library's
rating keys come from the listing's guids (:func:`kometa.ids.guids.library_index`, no request),
trying the ids in the source's order; a title not found is *missing* (its label for people and its
ids, for Radarr/Sonarr)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kometa.ids.anime import AnimeMap
from kometa.ids.guids import library_index
from kometa.plex.snapshot import Snapshot
from kometa.sources.tmdb import TmdbBuilt

Index = dict[tuple[str, Any], list[int]]


class Matcher:
    """The library's guid index for one source and library (built on first use)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._index: Index | None = None

    def index(self) -> Index:
        if self._index is None:
            self._index = library_index(self.snapshot.items)  # type: ignore[arg-type]
        return self._index

    def keys(self, tries: Iterable[tuple[str, Any]]) -> list[int]:
        """The rating keys of the first of ``tries`` (("tmdb", 603), ("imdb", "tt…"), ...) the library holds."""
        index = self.index()
        for source, value in tries:
            if value not in (None, "", 0):
                keys = index.get((source, value))
                if keys:
                    return keys
        return []

    def place(self, out: TmdbBuilt, tries: Iterable[tuple[str, Any]], label: str, title: Any = None,
              year: Any = None, **ids: Any) -> bool:
        """Add the title's rating keys to ``out``, or record it missing; True when it is in the library."""
        keys = self.keys(tries)
        if keys:
            out.keys.extend(k for k in keys if k not in out.keys)
            return True
        out.lack(label, title, year, **ids)
        return False

    def place_anime(self, out: TmdbBuilt, entry: Mapping[str, Any] | None, label: str, title: Any,
                    year: Any) -> None:
        """An anime through its anime id mapping entry (None: the mapping does not know it)."""
        if entry is None:
            out.lack(f"{label}: not in the anime id mapping]", title, year)
            return
        movie = self.snapshot.item_type == "movie"
        self.place(out, AnimeMap.targets(entry, self.snapshot.item_type), f"{label}]", title, year,
                   tmdb=entry.get("tmdb_movie_id" if movie else "tmdb_show_id"), imdb=entry.get("imdb_id"),
                   tvdb=None if movie else entry.get("tvdb_id"))


def parse_site_ids(key: str, value: Any, url: str, service: str) -> list[int]:
    """Ids from numbers or ``url/<id>`` addresses (a list or a comma-separated string); ``service``
    is named with its article ("an AniList")."""
    import re

    from kometa.sources.conditions import ConditionError

    out = []
    for v in value if isinstance(value, list) else str(value).split(","):
        text = str(v).strip()
        if not text:
            continue
        match = re.search(re.escape(url) + r"/(\d+)", text)
        number = match.group(1) if match else text
        if isinstance(v, bool) or not number.isdigit():
            raise ConditionError(f"{key}: '{text}' is not {service} id (a number)")
        out.append(int(number))
    if not out:
        raise ConditionError(f"{key} has no value")
    return out
