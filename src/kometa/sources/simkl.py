"""The Simkl builders (movie and show libraries): ``simkl_trending`` (Simkl's trending movies, or
shows and anime, of ``today``, the ``week`` or the ``month``) and ``simkl_dvd`` (its DVD-release
list), in Simkl's order.

Values follow Kometa: a number is the ``limit`` (1-500, default 20); a mapping takes ``limit`` and,
for ``simkl_trending``, ``period`` (``today``, the default, ``week``, ``month``). Movie libraries
take the movies, show libraries the shows and then the anime (trending) or the entries with a TVDb
id (DVD). Titles are matched to the library by TMDb id (then TVDb, then IMDb) from the listing's
guids; the rest are missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kometa.clients.policy import NotFound, ServiceError
from kometa.clients.simkl import SimklClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

PERIODS = ("today", "week", "month")
DEFAULT_LIMIT = 20


def _limit(key: str, value: Any) -> int:
    if value is None:
        return DEFAULT_LIMIT
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= 500:
        raise ConditionError(f"{key}: limit must be a whole number from 1 to 500, got {value!r}")
    return int(text)


def parse(key: str, value: Any) -> tuple[str | None, int]:
    """(period or None for simkl_dvd, limit)."""
    trending = key == "simkl_trending"
    if isinstance(value, Mapping):
        allowed = ("period", "limit") if trending else ("limit",)
        for attr in value:
            if str(attr).lower() not in allowed:
                raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(allowed)})")
        data = {str(k).lower(): v for k, v in value.items()}
        period = str(data.get("period") or "today").strip().lower()
        if trending and period not in PERIODS:
            raise ConditionError(f"{key}: period must be one of {', '.join(PERIODS)}, got {data.get('period')!r}")
        return (period if trending else None), _limit(key, data.get("limit"))
    return ("today" if trending else None), _limit(key, value)


def _num(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


class SimklSource:
    def __init__(self, client: Callable[[], SimklClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        period, limit = parse(key, value)
        kind = self.snapshot.item_type
        if kind not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        client = self._client()
        try:
            if period is not None:
                lists = client.trending(period, limit)
                rows = lists["movies"] if kind == "movie" else lists["tv"] + lists["anime"]
            else:
                rows = [r for r in client.dvd(limit)
                        if bool(_num((r.get("ids") or {}).get("tvdb"))) == (kind == "show")]
        except NotFound:
            raise ServiceError("Simkl", f"the service has no list for {key}") from None
        out = TmdbBuilt()
        taken = 0
        for row in rows:
            if taken >= limit:
                break
            found = row.get("ids")
            ids: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
            tmdb, tvdb = _num(ids.get("tmdb")), _num(ids.get("tvdb")) if kind == "show" else None
            imdb = str(ids.get("imdb") or "") or None
            if not tmdb and not tvdb:
                continue
            taken += 1
            year = row.get("year")
            label = f"{row.get('title') or '?'}{f' ({year})' if year else ''} [simkl]"
            self.matcher.place(out, (("tmdb", tmdb), ("tvdb", tvdb), ("imdb", imdb)), label, row.get("title"),
                               year if isinstance(year, int) else None, tmdb=tmdb, tvdb=tvdb, imdb=imdb)
        return out
