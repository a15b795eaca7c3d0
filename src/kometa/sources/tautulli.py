"""``tautulli_popular`` (most users watched) and ``tautulli_watched`` (most plays): Tautulli's home
stats for this library's section, as a mapping (or a list of mappings) of ``list_days`` (default
30), ``list_size`` (10), ``list_minimum`` (0: the least users/plays an item needs) and
``list_buffer`` (accepted; Tautulli 2.12+ filters by section, so no buffer is needed). Items are
the library's by Plex rating key (when its guid agrees) or guid, else title and year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kometa.clients.policy import AuthError
from kometa.clients.tautulli import TautulliClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.tmdb import TmdbBuilt

ATTRS = {"list_days": 30, "list_size": 10, "list_minimum": 0, "list_buffer": 0}


def parse(key: str, value: Any) -> list[dict[str, int]]:
    raw = value if isinstance(value, list) else [value]
    out = []
    for spec in raw:
        if spec is None or spec is True:
            spec = {}
        if not isinstance(spec, Mapping):
            raise ConditionError(f"{key} takes a mapping of list_days, list_size, list_minimum, list_buffer")
        for attr in spec:
            if attr not in ATTRS:
                raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(ATTRS)})")
        values = {}
        for attr, default in ATTRS.items():
            v = spec.get(attr, default)
            if isinstance(v, bool) or not str(v).strip().isdigit():
                raise ConditionError(f"{key}: {attr} must be a whole number, got {v!r}")
            values[attr] = int(str(v))
        if values["list_size"] < 1 or values["list_days"] < 1:
            raise ConditionError(f"{key}: list_size and list_days must be at least 1")
        out.append(values)
    return out


class TautulliSource:
    def __init__(self, client: Callable[[], TautulliClient], snapshot: Snapshot,
                 refused: Callable[[AuthError], Exception] | None = None) -> None:
        self._client = client
        self._refused = refused
        self.snapshot = snapshot

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        specs = parse(key, value)
        stat = ("popular" if key == "tautulli_popular" else "top") + ("_movies" if self.snapshot.item_type == "movie"
                                                                     else "_tv")
        field = "users_watched" if key == "tautulli_popular" else "total_plays"
        client = self._client()
        by_guid = {str(item.get("guid")): rk for rk, item in self.snapshot.items.items() if item.get("guid")}
        by_title = {(item.title.lower(), item.get("year")): rk for rk, item in self.snapshot.items.items()}
        out = TmdbBuilt()
        for spec in specs:
            try:
                stats = client.home_stats(spec["list_days"], spec["list_size"], self.snapshot.section_id)
            except AuthError as exc:
                if self._refused is None:
                    raise
                raise self._refused(exc) from None
            rows = next((s.get("rows") or [] for s in stats if s.get("stat_id") == stat), None)
            if rows is None:
                raise ConditionError(f"{key}: Tautulli's answer has no {stat} statistics")
            taken = 0
            for row in rows:
                if taken >= spec["list_size"] or int(row.get(field) or 0) < spec["list_minimum"]:
                    continue
                rk = self._match(row, by_guid, by_title)
                if rk is None:
                    out.missing.append(f"{row.get('title')} ({row.get('year')}) [tautulli]")
                    continue
                taken += 1
                if rk not in out.keys:
                    out.keys.append(rk)
        return out

    def _match(self, row: Mapping[str, Any], by_guid: dict[str, int], by_title: dict[tuple[str, Any], int]) -> int | None:
        try:
            rk = int(row.get("rating_key") or 0)
        except (TypeError, ValueError):
            rk = 0
        item = self.snapshot.items.get(rk)
        if item is not None and (not row.get("guid") or item.get("guid") == row.get("guid")):
            return rk
        if row.get("guid") and str(row["guid"]) in by_guid:
            return by_guid[str(row["guid"])]
        return by_title.get((str(row.get("title") or "").lower(), row.get("year")))
