"""Map a library's items to TMDb ids, from the listing first and through TMDb only for the rest.

Every item's ids come from its Guid elements (or legacy agent guid) in the one library listing:
no per-item request. An item with an IMDb or TVDb id but no TMDb id is converted with TMDb's
``/find`` (cached, so a second run asks nothing); an item with no usable id, or one TMDb does not
know, is *unmapped* and listed in the run's Convert Summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kometa.clients.policy import NotFound, ServiceDown, ServiceError
from kometa.clients.tmdb import TmdbClient
from kometa.ids.guids import ItemIds, item_ids
from kometa.plex.snapshot import Snapshot

log = logging.getLogger("kometa")


@dataclass(frozen=True)
class Unmapped:
    rating_key: int
    title: str
    reason: str


@dataclass
class IdMap:
    """TMDb id -> the library's rating keys (several for duplicates), for one library."""

    kind: str  # movie | tv
    ids: dict[int, ItemIds] = field(default_factory=dict)
    by_tmdb: dict[int, list[int]] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    converted: int = 0  # ids TMDb's find supplied
    pending: list[int] = field(default_factory=list)  # rating keys still needing a conversion

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> IdMap:
        kind = "movie" if snapshot.item_type == "movie" else "tv"
        out = cls(kind)
        for rk, item in snapshot.items.items():
            ids = item_ids(item.get("guid"), item.get("guids") or ())
            out.ids[rk] = ids
            if ids.tmdb is not None:
                out.by_tmdb.setdefault(ids.tmdb, []).append(rk)
            elif ids.imdb is None and ids.tvdb is None:
                out.unmapped.append(Unmapped(rk, item.title, f"no TMDb, IMDb or TVDb id in its guids "
                                                             f"({item.get('guid') or 'no guid'})"))
            else:
                out.pending.append(rk)
        return out

    def keys(self, tmdb_id: int) -> list[int]:
        return list(self.by_tmdb.get(tmdb_id, ()))

    def convert(self, client: TmdbClient, titles: dict[int, str]) -> None:
        """Ask TMDb's find for the items the listing gave no TMDb id (once; answers cached)."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        results = client.service.map(lambda rk: self._find(client, rk), pending)
        for rk, (tmdb_id, reason) in zip(pending, results, strict=True):
            if tmdb_id is not None:
                self.by_tmdb.setdefault(tmdb_id, []).append(rk)
                self.converted += 1
            else:
                self.unmapped.append(Unmapped(rk, titles.get(rk, str(rk)), reason))

    def _find(self, client: TmdbClient, rk: int) -> tuple[int | None, str]:
        ids = self.ids[rk]
        results_key = "movie_results" if self.kind == "movie" else "tv_results"
        tried = []
        for source, value in (("imdb_id", ids.imdb), ("tvdb_id", ids.tvdb)):
            if value is None:
                continue
            tried.append(f"{source.split('_')[0].upper().replace('TVDB', 'TVDb').replace('IMDB', 'IMDb')} {value}")
            try:
                found = client.find(str(value), source).get(results_key) or []
            except NotFound:
                continue
            except ServiceDown as exc:
                return None, f"TMDb could not convert it ({exc})"
            except ServiceError as exc:
                return None, str(exc)
            if found and found[0].get("id"):
                return int(found[0]["id"]), ""
        return None, f"TMDb knows no {'movie' if self.kind == 'movie' else 'show'} for {' or '.join(tried)}"
