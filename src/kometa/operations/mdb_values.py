"""MDBList as an operation source: each item's MDBList record, asked once and cached by the client.

An item is looked up the way Kometa does it: a show by its TVDb id (``/tvdb/show/ID``), a movie by
its TMDb id (``/tmdb/movie/ID``), then by its IMDb id when that found nothing. Ids come from the
library listing's guids, so no Plex request is needed. Records are cached for the ``mdblist:``
section's ``cache_expiration`` days: a second run asks MDBList nothing. MDBList's free keys allow
1,000 requests a day; when the quota runs out (or MDBList is down), the items not yet cached have
no MDBList value this run (the chain's next source is used) and the row says how many and why.

What each source reads from a record (the scale conversions are Kometa's):

- ratings: ``mdb`` the MDBList score /10, ``mdb_average`` the average score /10, ``mdb_imdb`` IMDb's
  rating, ``mdb_tmdb``/``mdb_trakt``/``mdb_tomatoes``/``mdb_tomatoesaudience``/``mdb_metacritic``
  their 0-100 value /10, ``mdb_letterboxd`` the 0-5 value x2, ``mdb_metacriticuser`` and
  ``mdb_myanimelist`` as given; a 0 or missing value is no value;
- content ratings: ``mdb`` the certification, ``mdb_commonsense`` Common Sense Media's age when CSM
  reviewed the title, ``mdb_age_rating`` MDBList's age rating; the ``0`` variants pad it to two
  digits (``07``);
- dates: ``mdb`` the release date, ``mdb_digital`` the digital release date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import NotFound, ServiceDown
from kometa.ids.guids import item_ids
from kometa.operations.sources import MDB_RATINGS
from kometa.plex.snapshot import Item

Record = dict[str, Any]
_SCALE = {"score": 0.1, "score_average": 0.1, "imdb": 1.0, "metacritic": 0.1, "metacriticuser": 1.0,
          "trakt": 0.1, "tomatoes": 0.1, "tomatoesaudience": 0.1, "tmdb": 0.1, "letterboxd": 2.0,
          "myanimelist": 1.0}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def rating(record: Record, source: str) -> float | None:
    """The 0-10 rating ``source`` (a value of :data:`MDB_RATINGS`) gives, or None."""
    if source in ("score", "score_average"):
        raw = _number(record.get(source))
    else:
        names = ("tomatoesaudience", "popcorn") if source == "tomatoesaudience" else (source,)
        raw = next((_number(r.get("value")) for r in record.get("ratings") or ()
                    if isinstance(r, dict) and r.get("source") in names and _number(r.get("value"))), None)
    if not raw:
        return None
    return round(min(10.0, raw * _SCALE[source]), 1)


def _padded(value: Any, pad: bool) -> str | None:
    if value in (None, "", 0):
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text.rjust(2, "0") if pad else text


def content_rating(record: Record, name: str) -> str | None:
    if name == "mdb":
        return str(record["certification"]) if record.get("certification") else None
    if name.startswith("mdb_commonsense"):
        return _padded(record.get("age_rating"), name.endswith("0")) if record.get("commonsense") else None
    return _padded(record.get("age_rating"), name.endswith("0"))


def release(record: Record, name: str) -> str | None:
    value = record.get("released_digital" if name == "mdb_digital" else "released")
    return str(value)[:10] if value else None


def extractor(name: str, kind: str) -> Callable[[Record], Any]:
    """What source ``name`` reads from a record for a field of ``kind`` (float | text | date | epoch)."""
    if kind == "float":
        source = MDB_RATINGS[name]
        return lambda record: rating(record, source)
    if kind in ("date", "epoch"):
        return lambda record: release(record, name)
    return lambda record: content_rating(record, name)


@dataclass
class MdbRecords:
    """One library's MDBList records by rating key, filled by :meth:`prefetch`."""

    client: Any  # kometa.clients.mdblist.MdblistClient
    item_type: str  # movie | show
    records: dict[int, Record] = field(default_factory=dict)
    quota_missed: int = 0  # items without a record because the quota ran out (or MDBList is down)
    _asked: set[int] = field(default_factory=set)

    def _lookups(self, item: Item) -> list[tuple[str, str, str]]:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        media = "show" if self.item_type == "show" else "movie"
        out: list[tuple[str, str, str]] = []
        if media == "show" and ids.tvdb is not None:
            out.append(("tvdb", media, str(ids.tvdb)))
        if media == "movie" and ids.tmdb is not None:
            out.append(("tmdb", media, str(ids.tmdb)))
        if ids.imdb is not None:
            out.append(("imdb", media, ids.imdb))
        return out

    def prefetch(self, items: Iterable[Item]) -> None:
        wanted = [i for i in items if i.rating_key not in self._asked]
        self._asked.update(i.rating_key for i in wanted)

        def one(item: Item) -> Record | None | bool:
            for provider, media, ident in self._lookups(item):
                try:
                    found: Record = self.client.ratings(provider, media, ident)
                except NotFound:
                    continue
                except ServiceDown:  # out of quota (or down) with nothing cached: no MDBList value
                    return False
                if found:
                    return found
            return None

        for item, found in zip(wanted, self.client.service.map(one, wanted), strict=True):
            if found is False:
                self.quota_missed += 1
            elif isinstance(found, dict):
                self.records[item.rating_key] = found


@dataclass(frozen=True)
class RecordValue:
    """An ``mdb*`` (or ``omdb*``) link of a chain, bound to a library's records by rating key."""

    name: str
    extract: Callable[[Record], Any]
    source: Any  # MdbRecords | kometa.operations.omdb_values.OmdbRecords

    def value(self, item: Item) -> Any | None:
        record = self.source.records.get(item.rating_key)
        return self.extract(record) if record is not None else None
