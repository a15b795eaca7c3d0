"""Anime id mapping: AniDB / AniList / MyAnimeList ids <-> TVDb / TMDb / IMDb, from the mapping file
Kometa uses (Kometa-Team's Anime-IDs ``anime_ids.json``: one entry per AniDB id with ``anilist_id``,
``mal_id``, ``tvdb_id``, ``imdb_id``, ``tmdb_movie_id`` / ``tmdb_show_id``).

The file is read through the shared policy (:class:`AnimeIdsClient`; ``KOMETA_ANIME_IDS_URL``
replaces ``https://raw.githubusercontent.com/Kometa-Team/Anime-IDs/master``), kept for a day, and
the last copy stands in when it cannot be fetched. :class:`AnimeMap` is pure: which library ids an
anime may carry, in the order to try them for a movie or a show library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://raw.githubusercontent.com/Kometa-Team/Anime-IDs/master"
URL_ENV = "KOMETA_ANIME_IDS_URL"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


@dataclass(frozen=True)
class AnimeMap:
    by_anilist: dict[int, dict[str, Any]]
    by_mal: dict[int, dict[str, Any]]
    by_anidb: dict[int, dict[str, Any]]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AnimeMap:
        anilist: dict[int, dict[str, Any]] = {}
        mal: dict[int, dict[str, Any]] = {}
        anidb: dict[int, dict[str, Any]] = {}
        for key, entry in data.items():
            if not isinstance(entry, Mapping):
                continue
            e = dict(entry)
            if str(key).isdigit():
                anidb.setdefault(int(key), e)
            for field, table in (("anilist_id", anilist), ("mal_id", mal)):
                value = e.get(field)
                if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
                    table.setdefault(int(value), e)
        return cls(anilist, mal, anidb)

    @staticmethod
    def targets(entry: Mapping[str, Any], item_type: str) -> list[tuple[str, Any]]:
        """(source, id) pairs to look up in the library index, best first: a movie by its TMDb then
        IMDb id; a show by its TVDb, then TMDb, then IMDb id."""
        out: list[tuple[str, Any]] = []

        def add(source: str, value: Any) -> None:
            if value in (None, "", 0):
                return
            if source in ("tmdb", "tvdb"):
                if not str(value).isdigit():
                    return
                value = int(value)
            out.append((source, value))

        if item_type == "movie":
            add("tmdb", entry.get("tmdb_movie_id"))
            add("imdb", entry.get("imdb_id"))
        else:
            add("tvdb", entry.get("tvdb_id"))
            add("tmdb", entry.get("tmdb_show_id"))
            add("imdb", entry.get("imdb_id"))
        return out


class AnimeIdsClient:
    """The mapping file, once a run."""

    def __init__(self, cache: Cache | None, *, base_url: str | None = None, policy: Policy | None = None) -> None:
        self.service = Service(policy or Policy("Anime-IDs", rate=None, concurrency=1), base_url or api_root(),
                               cache=cache)
        self._map: AnimeMap | None = None

    def mapping(self) -> AnimeMap:
        if self._map is None:
            data = self.service.get("/anime_ids.json", revalidate=True)
            if not isinstance(data, Mapping):
                raise ServiceError("Anime-IDs", "anime_ids.json is not a mapping of AniDB ids")
            self._map = AnimeMap.from_json(data)
        return self._map
