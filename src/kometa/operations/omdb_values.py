"""OMDb as an operation source: each item's OMDb record, asked once by IMDb id and cached by the client.

The IMDb id comes from the library listing's guids (no Plex request). Records are cached for the
``omdb:`` section's ``cache_expiration`` days, so a second run asks OMDb nothing. Free OMDb keys
allow 1,000 requests a day: once OMDb says "Request limit reached!" (or is down), items not yet
cached have no OMDb value this run (the chain's next source is used) and the row says how many and
why. An item without an IMDb id, or one OMDb does not know, has no OMDb value.

What each source reads (Kometa's scales):

- ratings: ``omdb`` the IMDb rating (``imdbRating``), ``omdb_metascore`` the Metascore /10,
  ``omdb_tomatoes`` the Tomatometer % /10; "N/A" or 0 is no value;
- content ratings: ``omdb`` the ``Rated`` value;
- genres: ``omdb`` the ``Genre`` list (comma separated);
- dates (``mass_originally_available_update``, ``mass_added_at_update``): ``omdb`` the ``Released``
  date (``05 May 2017``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kometa.clients.omdb import ratings_of
from kometa.clients.policy import NotFound, ServiceDown
from kometa.operations.imdb_values import imdb_id
from kometa.plex.snapshot import Item

Record = dict[str, Any]
#: rating source -> (key of clients.omdb.ratings_of, scale to 0-10)
RATINGS = {"omdb": ("imdb", 1.0), "omdb_metascore": ("metacritic", 0.1), "omdb_tomatoes": ("rotten_tomatoes", 0.1)}


def rating(record: Record, name: str) -> float | None:
    key, scale = RATINGS[name]
    raw = ratings_of(record).get(key)
    return round(min(10.0, raw * scale), 1) if raw else None


def genres(record: Record) -> tuple[str, ...] | None:
    text = str(record.get("Genre") or "")
    found = tuple(g.strip() for g in text.split(",") if g.strip() and g.strip() != "N/A")
    return found or None


def released(record: Record) -> str | None:
    try:
        return datetime.strptime(str(record.get("Released") or ""), "%d %b %Y").strftime("%Y-%m-%d")
    except ValueError:
        return None  # "N/A"


def extractor(name: str, kind: str) -> Callable[[Record], Any]:
    """What source ``name`` reads from a record for a field of ``kind`` (float | text | tags | date | epoch)."""
    if kind == "float":
        return lambda record: rating(record, name)
    if kind == "tags":
        return genres
    if kind in ("date", "epoch"):
        return released
    return lambda record: ratings_of(record)["rated"]


@dataclass
class OmdbRecords:
    """One library's OMDb records by rating key, filled by :meth:`prefetch` (read through
    :class:`kometa.operations.mdb_values.RecordValue`)."""

    client: Any  # kometa.clients.omdb.OmdbClient
    records: dict[int, Record] = field(default_factory=dict)
    quota_missed: int = 0  # items without a record because the quota ran out (or OMDb is down)
    _asked: set[int] = field(default_factory=set)

    def prefetch(self, items: Iterable[Item]) -> None:
        wanted: list[tuple[int, str]] = []
        for item in items:
            if item.rating_key in self._asked:
                continue
            self._asked.add(item.rating_key)
            if (ident := imdb_id(item)) is not None:
                wanted.append((item.rating_key, ident))

        def one(ident: str) -> Record | None | bool:
            try:
                found: Record = self.client.record(ident)
            except NotFound:
                return None
            except ServiceDown:  # out of quota (or down) with nothing cached: no OMDb value
                return False
            return found

        for (rk, _), found in zip(wanted, self.client.service.map(one, [i for _, i in wanted]), strict=True):
            if found is False:
                self.quota_missed += 1
            elif isinstance(found, dict):
                self.records[rk] = found
