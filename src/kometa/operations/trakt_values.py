"""Trakt as an operation source, as Kometa reads it:

- ``trakt``: Trakt's average rating of the item (``/movies/ID/ratings``, ``/shows/ID/ratings``) by
  its IMDb id, or of an episode (``/shows/ID/seasons/S/episodes/E/ratings``) by its show's IMDb id;
  one request per item (per episode), each cached for the cache expiry, so a second run asks
  nothing;
- ``trakt_user``: the signed-in user's own rating (1-10), from one listing of their ratings
  (``/users/me/ratings/movies|shows``) matched by TMDb id (movies) or TVDb id (shows); it needs the
  ``trakt: authorization`` (``kometa auth trakt``).

An item without the id, or one Trakt has no rating for, has no Trakt value (the chain goes on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Item, Snapshot


class NotSignedIn(Exception):
    """``trakt_user`` without a Trakt sign-in."""


@dataclass
class TraktRatings:
    client: Any  # kometa.clients.trakt.TraktClient
    snapshot: Snapshot

    @property
    def media(self) -> str:
        return "movies" if self.snapshot.item_type == "movie" else "shows"

    def _owner(self, item: Item) -> Item:
        return self.snapshot.items.get(item.get("show_key") or 0, item) if item.type == "episode" else item

    def table(self, source: str, level: str, items: Iterable[Item]) -> dict[int, float]:
        """Rating key -> the 0-10 rating ``source`` (``trakt`` / ``trakt_user``) gives, for ``items``."""
        items = list(items)
        if source == "trakt_user":
            return self._user(items)
        wanted: list[tuple[int, tuple[Any, ...]]] = []
        for item in items:
            imdb = item_ids(self._owner(item).get("guid"), self._owner(item).get("guids") or ()).imdb
            if imdb is None:
                continue
            if level == "episode":
                wanted.append((item.rating_key, (imdb, item.get("season_number") or 0, item.get("index") or 0)))
            else:
                wanted.append((item.rating_key, (imdb,)))

        def one(key: tuple[Any, ...]) -> float | None:
            if len(key) == 3:
                return self.client.episode_rating(*key)  # type: ignore[no-any-return]
            return self.client.rating(self.media, key[0])  # type: ignore[no-any-return]

        found = self.client.service.map(one, [key for _, key in wanted])
        return {rk: round(value, 1) for (rk, _), value in zip(wanted, found, strict=True) if value}

    def _user(self, items: list[Item]) -> dict[int, float]:
        if not self.client.authorised:
            raise NotSignedIn()
        id_type = "tmdb" if self.media == "movies" else "tvdb"
        given: dict[int, float] = {}
        for row in self.client.user_ratings(self.media):
            ids = ((row.get(self.media[:-1]) or {}).get("ids") or {}) if isinstance(row, dict) else {}
            ident, rating = ids.get(id_type), row.get("rating") if isinstance(row, dict) else None
            if isinstance(ident, int) and isinstance(rating, int | float) and not isinstance(rating, bool):
                given.setdefault(ident, round(float(rating), 1))
        out: dict[int, float] = {}
        for item in items:
            ids = item_ids(item.get("guid"), item.get("guids") or ())
            ident = ids.tmdb if id_type == "tmdb" else ids.tvdb
            if ident in given:
                out[item.rating_key] = given[ident]
        return out
