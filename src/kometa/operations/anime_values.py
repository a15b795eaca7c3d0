"""MyAnimeList and AniDB as operation sources, as Kometa reads them.

An item's anime ids come from the anime id mapping file (``anime_ids.json``: an entry carries the
AniDB, MyAnimeList, TVDb, TMDb and IMDb ids), matched to the library by the listing's guids (no Plex
request). Each anime is asked once (``/anime/ID`` of MAL's API v2; AniDB's ``anime`` XML) and cached
for the cache expiry, so a second run asks nothing. An item the mapping does not know has no value
(the chain goes on).

What each source reads:

- MyAnimeList: ``mal`` the score (``mean``), the content rating (MAL's ``rating``, written as Kometa
  writes it, e.g. ``PG-13 - Teens 13 or older``), the genres (``mal``: MAL's genres only; ``mal_all``
  with its explicit genres, themes and demographics), the studio (the first one), the start date, the
  original title (``mal`` the main title, ``mal_english``, ``mal_japanese``);
- AniDB: ``anidb_rating`` (permanent), ``anidb_average`` (temporary), ``anidb_score`` (review), the
  genres (``anidb`` the main tags; ``anidb_3_0`` ... ``anidb_0_5`` also the tags of at least that many
  stars), the studio (the "Animation Work" creator), the start date, the original title (``anidb`` the
  main title, ``anidb_official`` the official title in the ``anidb: language``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import NotFound
from kometa.ids.anime import AnimeMap
from kometa.ids.guids import library_index
from kometa.operations.sources import ANIDB_WEIGHTS, op_kind
from kometa.plex.snapshot import Item, Snapshot

Record = dict[str, Any]
#: MAL's API v2 content rating codes -> the text Kometa writes (MAL's site labels)
MAL_RATINGS = {"g": "G - All Ages", "pg": "PG - Children", "pg_13": "PG-13 - Teens 13 or older",
               "r": "R - 17+ (violence & profanity)", "r+": "R+ - Mild Nudity", "rx": "Rx - Hentai"}
#: MAL's genre ids (not its explicit genres, themes or demographics, which its API lists with them)
MAL_GENRE_IDS = frozenset({1, 2, 4, 5, 7, 8, 10, 14, 22, 24, 26, 28, 30, 36, 37, 41, 46, 47})


def anime_keys(mapping: AnimeMap, snapshot: Snapshot) -> dict[int, dict[str, Any]]:
    """Rating key -> its anime id mapping entry, for the library's items the mapping knows."""
    index = library_index(snapshot.items)  # type: ignore[arg-type]
    out: dict[int, dict[str, Any]] = {}
    for entry in mapping.by_anidb.values():
        for source, value in AnimeMap.targets(entry, snapshot.item_type):
            keys = index.get((source, value))
            if keys:
                for rk in keys:
                    out.setdefault(rk, entry)
                break
    return out


def _mal(name: str, kind: str) -> Callable[[Record], Any]:
    def genres(record: Record) -> tuple[str, ...] | None:
        found = tuple(str(g["name"]) for g in record.get("genres") or () if isinstance(g, dict) and g.get("name")
                      and (name == "mal_all" or g.get("id") in MAL_GENRE_IDS))
        return found or None

    def original(record: Record) -> str | None:
        if name == "mal":
            return record.get("title") or None
        titles = record.get("alternative_titles") or {}
        return titles.get("en" if name == "mal_english" else "ja") or None

    table: dict[str, Callable[[Record], Any]] = {
        "float": lambda r: round(float(r["mean"]), 1) if isinstance(r.get("mean"), int | float) and r["mean"] else None,
        "tags": genres, "original": original,
        "content": lambda r: MAL_RATINGS.get(str(r.get("rating") or "")) or None,
        "studio": lambda r: next((s.get("name") for s in r.get("studios") or () if isinstance(s, dict)), None),
        "date": lambda r: str(r.get("start_date") or "")[:10] if len(str(r.get("start_date") or "")) >= 10 else None,
    }
    return table[kind]


def _anidb(name: str, kind: str, language: str) -> Callable[[Record], Any]:
    def genres(record: Record) -> tuple[str, ...] | None:
        least = ANIDB_WEIGHTS[name]
        found = tuple(str(t).title() for t, w in (record.get("tags") or {}).items() if int(w) >= least)
        return found or None

    def original(record: Record) -> str | None:
        if name == "anidb_official":
            return (record.get("titles") or {}).get(language) or record.get("main_title") or None
        return record.get("main_title") or None

    field_of = {"anidb_rating": "rating", "anidb_average": "average", "anidb_score": "score"}
    table: dict[str, Callable[[Record], Any]] = {
        "float": lambda r: round(float(r[field_of[name]]), 1) if r.get(field_of.get(name, "")) else None,
        "tags": genres, "original": original, "studio": lambda r: r.get("studio") or None,
        "date": lambda r: r.get("released") or None,
    }
    return table[kind]


def extractor(service: str, name: str, key: str, kind: str, language: str = "en") -> Callable[[Record], Any]:
    """What source ``name`` of ``service`` (MyAnimeList / AniDB) reads for operation ``key``."""
    what = op_kind(key, kind)
    return _mal(name, what) if service == "MyAnimeList" else _anidb(name, what, language)


@dataclass
class AnimeRecords:
    """One library's MAL or AniDB records by rating key, filled by :meth:`prefetch` (read through
    :class:`kometa.operations.mdb_values.RecordValue`)."""

    service: str  # MyAnimeList | AniDB
    fetch: Callable[[int], Record]  # anime id -> record (the client's; NotFound for an unknown id)
    client: Any  # the client (its .service maps the requests)
    keys: dict[int, dict[str, Any]]  # rating key -> anime id mapping entry
    records: dict[int, Record] = field(default_factory=dict)
    quota_missed: int = 0
    _asked: set[int] = field(default_factory=set)

    def prefetch(self, items: Iterable[Item]) -> None:
        id_field = "mal_id" if self.service == "MyAnimeList" else "anidb_id"
        wanted: list[tuple[int, int]] = []
        for item in items:
            if item.rating_key in self._asked:
                continue
            self._asked.add(item.rating_key)
            ident = (self.keys.get(item.rating_key) or {}).get(id_field)
            if isinstance(ident, int) or (isinstance(ident, str) and ident.isdigit()):
                wanted.append((item.rating_key, int(ident)))

        def one(ident: int) -> Record | None:
            try:
                return self.fetch(ident)
            except NotFound:
                return None

        for (rk, _), found in zip(wanted, self.client.service.map(one, [i for _, i in wanted]), strict=True):
            if found is not None:
                self.records[rk] = found
