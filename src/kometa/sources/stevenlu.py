"""The ``stevenlu_popular`` builder (movie libraries): every movie of StevenLu's Popular Movies,
in the list's order. The value is ``true`` (``false`` finds nothing, as in Kometa). Each movie
names its IMDb id (and TMDb id, when the file gives it); it is matched to the library from the
listing's guids (``imdb://``, then ``tmdb://`` for items of the legacy TMDb agent), the rest are missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kometa.clients.policy import NotFound, ServiceError
from kometa.clients.stevenlu import StevenluClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt


def parse_flag(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ConditionError(f"{key} must be true or false, got {value!r}")


class StevenluSource:
    def __init__(self, client: Callable[[], StevenluClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        wanted = parse_flag(key, value)
        if self.snapshot.item_type != "movie":
            raise ConditionError(f"{key} works in movie libraries only (StevenLu's list holds movies)")
        out = TmdbBuilt()
        if not wanted:
            return out
        try:
            rows = self._client().popular()
        except NotFound:
            raise ServiceError("StevenLu", "the list (movies.json) was not found at its address") from None
        seen: set[str] = set()
        for row in rows:
            imdb = str(row.get("imdb_id") or "").strip()
            if not imdb.startswith("tt") or imdb in seen:
                continue
            seen.add(imdb)
            title = row.get("title") or imdb
            tmdb = row.get("tmdb_id") if isinstance(row.get("tmdb_id"), int) else None
            self.matcher.place(out, (("imdb", imdb), ("tmdb", tmdb)), f"{title} [stevenlu {imdb}]", row.get("title"),
                               None, imdb=imdb, tmdb=tmdb)
        if not seen:
            raise ServiceError("StevenLu", "the list named no movies with IMDb ids")
        return out
