"""TMDb as an operation source: each item's TMDb details, fetched once per item (cached by the client).

Items are mapped to TMDb ids from the listing's guids (:class:`~kometa.ids.mapping.IdMap`, converting
IMDb/TVDb-only items through TMDb's find); the details of every mapped item are fetched before the
decision (``prefetch``, concurrent, answers cached so a second run sends no request), then the
decision reads them synchronously. What each operation takes from the details:

- ratings: ``vote_average`` (none when nobody voted);
- ``mass_genre_update``: the genre names;
- ``mass_originally_available_update`` / ``mass_added_at_update``: ``release_date`` (movies) or
  ``first_air_date`` (shows);
- ``mass_studio_update``: the first production company;
- ``mass_episode_*_rating_update``: each episode's ``vote_average`` from its season's details;
- ``tmdb_premiere``, ``tmdb_theatricallimited``, ``tmdb_theatrical``, ``tmdb_digital``,
  ``tmdb_physical``, ``tmdb_tv`` (dates, movie libraries): the earliest release of that type in
  ``/movie/ID/release_dates`` (one request per movie, cached), in the ``tmdb: region`` when it has one
  there, else in any country (Kometa's rule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import NotFound
from kometa.clients.tmdb import TmdbClient
from kometa.ids.mapping import IdMap
from kometa.plex.snapshot import Item, Snapshot


def _rating(details: dict[str, Any]) -> Any:
    votes, average = details.get("vote_count"), details.get("vote_average")
    if not votes or average is None:
        return None
    return round(float(average), 1)


def _genres(details: dict[str, Any]) -> Any:
    names = tuple(str(g.get("name")) for g in details.get("genres") or () if g.get("name"))
    return names or None


def _date(details: dict[str, Any]) -> Any:
    return details.get("release_date") or details.get("first_air_date") or None


def _studio(details: dict[str, Any]) -> Any:
    companies = details.get("production_companies") or ()
    return companies[0].get("name") if companies else None


#: FieldSpec.kind / attr -> what the ``tmdb`` source reads
EXTRACT: dict[str, Callable[[dict[str, Any]], Any]] = {
    "float": _rating, "tags": _genres, "date": _date, "epoch": _date, "studio": _studio,
}


@dataclass
class TmdbDetails:
    """One library's TMDb details by rating key, filled by :meth:`prefetch`."""

    client: TmdbClient
    snapshot: Snapshot
    idmap: IdMap | None = None
    details: dict[int, dict[str, Any]] = field(default_factory=dict)
    _fetched: set[int] = field(default_factory=set)

    def mapping(self) -> IdMap:
        if self.idmap is None:
            self.idmap = IdMap.from_snapshot(self.snapshot)
        if self.idmap.pending:
            self.idmap.convert(self.client, {rk: i.title for rk, i in self.snapshot.items.items()})
        return self.idmap

    def prefetch(self, items: Iterable[Item]) -> None:
        by_tmdb = {rk: tmdb for tmdb, rks in self.mapping().by_tmdb.items() for rk in rks}
        wanted = sorted({by_tmdb[i.rating_key] for i in items if i.rating_key in by_tmdb} - self._fetched)
        fetch = self.client.movie if self.snapshot.item_type == "movie" else self.client.show

        def one(tmdb_id: int) -> dict[str, Any] | None:
            try:
                return fetch(tmdb_id)
            except NotFound:
                return None

        for tmdb_id, found in zip(wanted, self.client.service.map(one, wanted), strict=True):
            self._fetched.add(tmdb_id)
            if found is not None:
                for rk in self.mapping().by_tmdb.get(tmdb_id, ()):
                    self.details[rk] = found

    def episode_table(self, episodes: Iterable[Item]) -> dict[int, float]:
        """Episode rating key -> TMDb's vote average of that episode (``/tv/ID/season/N``: one request
        per season of the library, cached), for episodes TMDb has votes for."""
        show_tmdb = {rk: tmdb for tmdb, rks in self.mapping().by_tmdb.items() for rk in rks}
        wanted: dict[tuple[int, int], list[Item]] = {}
        for episode in episodes:
            tmdb = show_tmdb.get(episode.get("show_key") or 0)
            if tmdb is not None:
                wanted.setdefault((tmdb, episode.get("season_number") or 0), []).append(episode)
        seasons = sorted(wanted)

        def one(key: tuple[int, int]) -> dict[str, Any] | None:
            try:
                return dict(self.client.get(f"/tv/{key[0]}/season/{key[1]}", {"language": self.client.settings.language}))
            except NotFound:
                return None

        out: dict[int, float] = {}
        for key, season in zip(seasons, self.client.service.map(one, seasons), strict=True):
            votes = {e.get("episode_number"): e for e in (season or {}).get("episodes") or ()}
            for episode in wanted[key]:
                found = votes.get(episode.get("index"))
                if found and found.get("vote_count") and found.get("vote_average"):
                    out[episode.rating_key] = round(float(found["vote_average"]), 1)
        return out


#: the ``tmdb_*`` date sources -> TMDb's release type
RELEASE_TYPES = {"tmdb_premiere": 1, "tmdb_theatricallimited": 2, "tmdb_theatrical": 3, "tmdb_digital": 4,
                 "tmdb_physical": 5, "tmdb_tv": 6}


def release_date(answer: dict[str, Any], kind: int, region: str | None) -> str | None:
    """The earliest ``YYYY-MM-DD`` release of TMDb type ``kind`` (pure)."""
    countries = {str(r.get("iso_3166_1")): r.get("release_dates") or () for r in answer.get("results") or ()}
    chosen = [countries[region]] if region and region in countries else list(countries.values())
    dates = [str(d.get("release_date"))[:10] for rows in chosen for d in rows
             if d.get("type") == kind and d.get("release_date")]
    return min(dates) if dates else None


def release_table(details: TmdbDetails, name: str, items: Iterable[Item]) -> dict[int, str]:
    """Rating key -> the date ``name`` (a key of :data:`RELEASE_TYPES`) gives; movies only."""
    if details.snapshot.item_type != "movie":
        return {}
    by_tmdb = {rk: tmdb for tmdb, rks in details.mapping().by_tmdb.items() for rk in rks}
    wanted = sorted({by_tmdb[i.rating_key] for i in items if i.rating_key in by_tmdb})

    def one(tmdb_id: int) -> dict[str, Any] | None:
        try:
            return dict(details.client.get(f"/movie/{tmdb_id}/release_dates"))
        except NotFound:
            return None

    out: dict[int, str] = {}
    for tmdb_id, answer in zip(wanted, details.client.service.map(one, wanted), strict=True):
        found = release_date(answer or {}, RELEASE_TYPES[name], details.client.settings.region)
        if found:
            for rk in details.mapping().by_tmdb.get(tmdb_id, ()):
                out[rk] = found
    return out


@dataclass(frozen=True)
class TmdbValue:
    """The ``tmdb`` link of a chain, bound to a library's details."""

    name: str
    extract: Callable[[dict[str, Any]], Any]
    source: TmdbDetails

    def value(self, item: Item) -> Any | None:
        details = self.source.details.get(item.rating_key)
        return self.extract(details) if details is not None else None
