"""Text overlay ratings a service gives for a whole library at once, as Kometa reads them:

- ``<<imdb_rating>>``: IMDb's average rating from its daily datasets (``title.ratings``), by the
  item's IMDb id; an episode's own rating (``title.episode`` by its show's IMDb id, season and
  episode number); a season has its show's;
- ``<<trakt_rating>>``: Trakt's average rating of the movie or show (seasons and episodes: their
  show's), by IMDb id; ``<<trakt_user_rating>>``: the signed-in user's own rating (``kometa auth
  trakt``), from one listing of their ratings;
- ``<<mal_rating>>``: MyAnimeList's score (``mean``, the ``mal:`` section), ``<<anidb_rating>>``
  (AniDB's permanent rating), ``<<anidb_average_rating>>`` (its temporary one) and
  ``<<anidb_score_rating>>`` (its review score), by the anime id mapping (seasons and episodes: their
  show's).

The reading is the operations' (:mod:`kometa.operations.imdb_values`, ``trakt_values``,
``anime_values``): one table per variable and level, every answer cached beside the config, so a
second run within the cache period sends no request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.overlays.text import BATCH as SERVICES  # variable -> the service it comes from
from kometa.plex.snapshot import Item, Snapshot

#: anime variable -> the record field (clients.mal details / clients.anidb anime)
ANIME_FIELDS = {"mal_rating": "mean", "anidb_rating": "rating", "anidb_average_rating": "average",
                "anidb_score_rating": "score"}


class NeedsSignIn(ServiceError):
    """``<<trakt_user_rating>>`` without a Trakt sign-in."""


class LibraryRatings:
    """The batch-read ratings of one library (``online``: engine.online.OnlineServices); sources are
    made on first use, so a variable nobody uses costs nothing."""

    def __init__(self, online: Any, top: Snapshot) -> None:
        self.online = online
        self.top = top
        self._made: dict[str, Any] = {}

    def _source(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = self._make(service)
        return self._made[service]

    def _make(self, service: str) -> Any:
        online, top = self.online, self.top
        if service == "IMDb":
            from kometa.operations.imdb_values import ImdbData
            return ImdbData(online.imdb_datasets(), online.imdb(), top, tmdb=online.tmdb)
        if service == "Trakt":
            from kometa.operations.trakt_values import TraktRatings
            return TraktRatings(online.trakt(), top)
        from kometa.operations.anime_values import AnimeRecords, anime_keys
        client = online.mal() if service == "MyAnimeList" else online.anidb()
        keys = anime_keys(online.anime_ids().mapping(), top)
        return AnimeRecords(service, client.details if service == "MyAnimeList" else client.anime, client, keys)

    def _owner(self, item: Item, level: str) -> Item | None:
        """The movie or show whose value a season or episode shows (itself at the library's level)."""
        if not level:
            return item
        key = item.get("parent_rating_key" if level == "season" else "grandparent_rating_key")
        return self.top.items.get(int(key)) if key else None

    def table(self, name: str, level: str, items: list[Item]) -> dict[int, float]:
        """Rating key -> the value of ``name`` for ``items`` of ``level`` (items without one left out).
        Raises ServiceError when the service cannot be asked."""
        service = SERVICES[name]
        source = self._source(service)
        if name == "imdb_rating" and level == "episode":
            return dict(source.table("float", "episode", items))
        owners = {item.rating_key: owner for item in items if (owner := self._owner(item, level)) is not None}
        unique = list({owner.rating_key: owner for owner in owners.values()}.values())
        found = self._read(name, source, unique)
        return {key: found[owner.rating_key] for key, owner in owners.items() if owner.rating_key in found}

    def _read(self, name: str, source: Any, owners: list[Item]) -> dict[int, float]:
        if name == "imdb_rating":
            return dict(source.table("float", "", owners))
        if name in ("trakt_rating", "trakt_user_rating"):
            from kometa.operations.trakt_values import NotSignedIn
            try:
                return dict(source.table("trakt" if name == "trakt_rating" else "trakt_user", "", owners))
            except NotSignedIn:
                raise NeedsSignIn("Trakt", "<<trakt_user_rating>> needs the Trakt sign-in (run: kometa auth "
                                           "trakt)") from None
        source.prefetch(owners)
        field = ANIME_FIELDS[name]
        out: dict[int, float] = {}
        for owner in owners:
            value = (source.records.get(owner.rating_key) or {}).get(field)
            if isinstance(value, int | float) and not isinstance(value, bool) and value:
                out[owner.rating_key] = float(value)
        return out


def batch_values(ratings: Callable[[], LibraryRatings], wanted: list[tuple[str, Item, set[str]]],
                 failed: dict[str, str]) -> dict[int, dict[str, Any]]:
    """The batch-read variables of ``wanted`` ((level, item, names) as engine.overlay_text gathers
    them): rating key -> {variable: value}; a service that cannot be asked goes into ``failed``."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for level, item, names in wanted:
        for name in names & SERVICES.keys():
            groups.setdefault((name, level), []).append(item)
    out: dict[int, dict[str, Any]] = {}
    for (name, level), items in sorted(groups.items()):
        service = SERVICES[name]
        if service in failed:
            continue
        try:
            table = ratings().table(name, level, items)
        except NeedsSignIn as exc:  # the sign-in only: trakt_rating still reads
            failed.setdefault(f"{service} sign-in", str(exc))
            continue
        except ServiceError as exc:
            failed.setdefault(service, str(exc))
            continue
        for key, value in table.items():
            out.setdefault(key, {})[name] = value
    return out
