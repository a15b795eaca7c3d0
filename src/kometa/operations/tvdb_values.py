"""TheTVDB as an operation source (``mass_genre_update: tvdb``, ``mass_originally_available_update:
tvdb``, ``mass_added_at_update: tvdb``), as Kometa reads it: each item's TVDb page, found by the TVDb
id in the library listing's guids (a show's ``tvdb://`` guid, or a movie's when it has one), asked
once and cached by the client. ``tvdb`` genres are the page's genres, dates its first-aired
(shows) or released (movies) date. An item without a TVDb id, or one TVDb does not know, has no
TVDb value (the chain's next source is used).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import NotFound
from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Item


@dataclass
class TvdbPages:
    """One library's TVDb page facts by rating key, filled by :meth:`prefetch`."""

    client: Any  # kometa.clients.tvdb.TvdbClient
    item_type: str  # movie | show
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    _asked: set[int] = field(default_factory=set)

    def prefetch(self, items: Iterable[Item]) -> None:
        wanted: list[tuple[int, int]] = []
        for item in items:
            if item.rating_key in self._asked:
                continue
            self._asked.add(item.rating_key)
            tvdb = item_ids(item.get("guid"), item.get("guids") or ()).tvdb
            if tvdb is not None:
                wanted.append((item.rating_key, tvdb))
        movie = self.item_type == "movie"

        def one(tvdb_id: int) -> dict[str, Any] | None:
            try:
                return dict(self.client.title(tvdb_id, is_movie=movie))
            except NotFound:
                return None

        for (rk, _), page in zip(wanted, self.client.service.map(one, [t for _, t in wanted]), strict=True):
            if page is not None:
                self.pages[rk] = page

    def table(self, kind: str) -> dict[int, Any]:
        """Rating key -> genres (``tags``) or date (``date``/``epoch``) for the items with one."""
        out: dict[int, Any] = {}
        for rk, page in self.pages.items():
            value = tuple(page.get("genres") or ()) if kind == "tags" else page.get("release")
            if value:
                out[rk] = value
        return out
