"""``ignore_ids`` / ``ignore_imdb_ids``: items no collection of the library may take, as in Kometa.

Library (or global) ``settings:`` give the ids for every definition; a definition's own keys add to
them. ``ignore_ids`` are TMDb ids (movies) and TVDb ids (shows); ``ignore_imdb_ids`` are IMDb ``tt``
ids. An item carrying one is never added to a collection (a sync removes it) and a title with one is
never reported missing or sent to Radarr/Sonarr. The ids come from the listing's guids: no request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Snapshot

_IMDB = re.compile(r"^tt\d{5,}$")


class IgnoreIdsError(ValueError):
    pass


@dataclass(frozen=True)
class Ignored:
    numbers: frozenset[int] = frozenset()  # TMDb (movies) / TVDb (shows) ids
    imdb: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.numbers or self.imdb)


def _values(key: str, value: Any) -> list[str]:
    if value is None:
        return []
    raw = value if isinstance(value, list) else str(value).split(",")
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in raw):
        raise IgnoreIdsError(f"{key} must be an id or a list of ids, got {value!r}")
    return [str(v).strip() for v in raw if str(v).strip()]


def parse_ignored(key_values: Iterable[tuple[str, Any]]) -> Ignored:
    """The ids of ``("ignore_ids", value)`` / ``("ignore_imdb_ids", value)`` pairs, checked."""
    numbers: set[int] = set()
    imdb: set[str] = set()
    for key, value in key_values:
        for text in _values(key, value):
            if key == "ignore_imdb_ids":
                if not _IMDB.match(text):
                    raise IgnoreIdsError(f"ignore_imdb_ids: '{text}' is not an IMDb id (tt followed by digits)")
                imdb.add(text)
            elif text.isdigit() and int(text) > 0:
                numbers.add(int(text))
            else:
                raise IgnoreIdsError(f"ignore_ids: '{text}' is not a TMDb or TVDb id (a whole number)")
    return Ignored(frozenset(numbers), frozenset(imdb))


def ignored_for(settings: Mapping[str, Any], data: Mapping[str, Any]) -> Ignored:
    """The library's ids plus the definition's own."""
    pairs = [(key, source[key]) for source in (settings, data) for key in ("ignore_ids", "ignore_imdb_ids")
             if source.get(key) is not None]
    return parse_ignored(pairs)


def _hit(ignored: Ignored, tmdb: Any, tvdb: Any, imdb: Any) -> bool:
    return (tmdb in ignored.numbers or tvdb in ignored.numbers) or imdb in ignored.imdb


def keep_items(snapshot: Snapshot, keys: Sequence[int], ignored: Ignored,
               by_tmdb: Mapping[int, Sequence[int]] | None = None) -> list[int]:
    """``keys`` without the items that carry an ignored id (``by_tmdb``: the TMDb ids this run's id
    mapping found for items whose guids name only an IMDb or TVDb id)."""
    converted = {rk for n in ignored.numbers for rk in (by_tmdb or {}).get(n, ())}
    out = []
    for key in keys:
        if key in converted:
            continue
        item = snapshot.items.get(key)
        if item is None:
            out.append(key)
            continue
        ids = item_ids(item.values.get("guid"), item.values.get("guids") or ())
        if not _hit(ignored, ids.tmdb, ids.tvdb, ids.imdb):
            out.append(key)
    return out


def keep_missing(entries: Sequence[Mapping[str, Any]], ignored: Ignored) -> list[Any]:
    """Missing titles (``{"tmdb": …, "imdb": …, "tvdb": …}``) without the ignored ones."""
    def number(value: Any) -> int | None:
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else None

    return [e for e in entries if not _hit(ignored, number(e.get("tmdb")), number(e.get("tvdb")), e.get("imdb"))]
