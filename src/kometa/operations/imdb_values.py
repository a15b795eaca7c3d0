"""IMDb as an operation source: ratings and genres from IMDb's daily datasets, parents guides from
its GraphQL API.

As Kometa does, ``imdb`` ratings (``mass_*_rating_update``) are ``title.ratings``' average rating
of the item's IMDb id, ``imdb`` genres are ``title.basics``' genres, and episode ratings
(``mass_episode_*_rating_update: imdb``) find the episode's IMDb id in ``title.episode`` by the
show's IMDb id, season and episode number. Each dataset is downloaded at most once a day (see
:class:`~kometa.clients.imdb.ImdbDatasets`) and read once per run; only the library's ids are kept.
IMDb ids come from the listing's guids (no Plex request). An item whose guids have a TMDb id but no
IMDb id (Plex's legacy TMDb agent: ``com.plexapp.agents.themoviedb://ID``) gets the IMDb id TMDb
gives for it (``/movie/ID/external_ids``, cached), as Kometa converts it, when the config has a
``tmdb:`` section; without one, or when TMDb knows none, the item has no IMDb value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Item, Snapshot


def imdb_id(item: Item) -> str | None:
    return item_ids(item.get("guid"), item.get("guids") or ()).imdb


@dataclass
class ImdbData:
    """One run's IMDb data for one library, read from the datasets on first use."""

    datasets: Any  # kometa.clients.imdb.ImdbDatasets
    client: Any  # kometa.clients.imdb.ImdbClient (parents guides)
    snapshot: Snapshot
    tmdb: Callable[[], Any] | None = None  # the run's TMDb client (raises when the config has none)
    _ratings: dict[str, float] = field(default_factory=dict)
    _rated: set[str] = field(default_factory=set)
    _genres: dict[str, tuple[str, ...]] | None = None
    _episodes: dict[tuple[str, int, int], str] | None = None
    _wanted: set[str] = field(default_factory=set)
    _converted: dict[int, str] | None = None

    def ident(self, item: Item) -> str | None:
        """The item's IMDb id: from its guids, else (a library item) converted from its TMDb id."""
        found = imdb_id(item)
        if found is None and item.rating_key in self.snapshot.items:
            found = self._conversions().get(item.rating_key)
        return found

    def _conversions(self) -> dict[int, str]:
        if self._converted is None:
            self._converted = {}
            pending = [(rk, ids.tmdb) for rk, i in self.snapshot.items.items()
                       if (ids := item_ids(i.get("guid"), i.get("guids") or ())).imdb is None and ids.tmdb is not None]
            client = self._tmdb_client() if pending else None
            if client is not None:
                kind = "movie" if self.snapshot.item_type == "movie" else "tv"
                found = client.service.map(lambda p: _external_imdb(client, kind, p[1]), pending)
                self._converted = {rk: ident for (rk, _), ident in zip(pending, found, strict=True) if ident}
        return self._converted

    def _tmdb_client(self) -> Any | None:
        from kometa.clients.policy import ServiceError

        if self.tmdb is None:
            return None
        try:
            return self.tmdb()
        except ServiceError:  # no tmdb: section, or a refused key: the guids' ids only
            return None

    def _library_ids(self) -> set[str]:
        if not self._wanted:
            self._wanted = {i for i in map(self.ident, self.snapshot.items.values()) if i}
        return self._wanted

    def _episode_ids(self) -> dict[tuple[str, int, int], str]:
        if self._episodes is None:
            self._episodes = self.datasets.episodes(self._library_ids())
        return self._episodes

    def ratings(self, wanted: set[str]) -> dict[str, float]:
        """Average ratings of ``wanted`` ids (the dataset is read again only for ids not read yet)."""
        missing = wanted - self._rated
        if missing:
            self._ratings.update(self.datasets.ratings(missing))
            self._rated |= missing
        return self._ratings

    def genres(self) -> dict[str, tuple[str, ...]]:
        if self._genres is None:
            self._genres = self.datasets.genres(self._library_ids())
        return self._genres

    def table(self, kind: str, level: str, items: Iterable[Item]) -> dict[int, Any]:
        """Rating key -> the IMDb value of a field of ``kind`` for ``items`` (items without one left out)."""
        out: dict[int, Any] = {}
        if level == "episode":
            shows = {rk: self.ident(show) for rk, show in self.snapshot.items.items()}
            episodes = self._episode_ids()
            ratings = self.ratings(set(episodes.values()))
            for item in items:
                parent = shows.get(item.get("show_key") or 0)
                key = (parent, item.get("season_number"), item.get("index"))
                episode = episodes.get(key) if parent else None  # type: ignore[arg-type]
                if episode is not None and ratings.get(episode):
                    out[item.rating_key] = round(ratings[episode], 1)
            return out
        source: dict[str, Any] = self.genres() if kind == "tags" else self.ratings(self._library_ids())
        for item in items:
            ident = self.ident(item)
            value = source.get(ident) if ident else None
            if value:
                out[item.rating_key] = round(value, 1) if kind == "float" else value
        return out


def _external_imdb(client: Any, kind: str, tmdb_id: int) -> str | None:
    from kometa.clients.policy import ServiceError

    try:
        found = client.external_ids(kind, tmdb_id).get("imdb_id")
    except ServiceError:  # not found, or TMDb down: no IMDb id for this item this run
        return None
    return found if isinstance(found, str) and found.startswith("tt") else None


@dataclass(frozen=True)
class TableValue:
    """A service link bound to a precomputed rating key -> value table."""

    name: str
    table: dict[int, Any]

    def value(self, item: Item) -> Any | None:
        return self.table.get(item.rating_key)
