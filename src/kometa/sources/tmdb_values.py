"""Library values that need TMDb: ``dynamic_collections`` of ``type: tmdb_collection``,
``original_language`` and ``origin_country``.

:class:`OnlineValues` is the library's :class:`~kometa.config.dynamic.LibraryValues` in a run: the
offline values (genres, years, people, ...) come from the listing as before, and
``tmdb_collection`` asks TMDb for each movie's collection (``belongs_to_collection`` of
``/movie/{id}``; one request per movie, cached, so a second run asks nothing) and answers
``collection id -> collection name`` for every TMDb collection a movie of the library is part of;
``original_language`` / ``origin_country`` read each item's details the same way and answer
``code -> TMDb's English name`` (``/configuration/languages``, ``/configuration/countries``).
A failure is a :class:`LookupError` whose message is for people (the set reports it, located).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kometa.clients.policy import NotFound, ServiceError
from kometa.clients.tmdb import TmdbClient
from kometa.config.dynamic import ItemValues
from kometa.ids.mapping import IdMap
from kometa.plex.snapshot import Snapshot

#: dynamic types of TMDb's details -> the names table (``TmdbClient.names``) of their codes
TAGS = {"original_language": "languages", "origin_country": "countries"}


class OnlineValues:
    online = True  # config.dynamic: this library can answer the online types

    def __init__(self, snapshot: Snapshot, tmdb: Callable[[], TmdbClient] | None) -> None:
        self.snapshot = snapshot
        self.base = ItemValues.from_snapshot(snapshot)
        self._tmdb = tmdb
        self._collections: dict[str, str] | None = None

    @property
    def library_type(self) -> str:
        return self.base.library_type

    def people(self, role: str, depth: int) -> Mapping[str, int]:
        return self.base.people(role, depth)

    def values_for(self, attribute: str) -> Mapping[str, str]:
        if attribute in TAGS:
            return self._tmdb_tags(attribute)
        if attribute != "tmdb_collection":
            return self.base.values_for(attribute)
        if self._collections is None:
            self._collections = self._tmdb_collections()
        return self._collections

    def _tmdb_tags(self, attribute: str) -> dict[str, str]:
        """``original_language`` (movies and shows) / ``origin_country`` (shows): the codes TMDb gives
        the library's items (their details: one request per item, cached) -> TMDb's English names."""
        kinds = ("movie", "show") if attribute == "original_language" else ("show",)
        if self.snapshot.item_type not in kinds:
            raise LookupError(f"type {attribute} works in {' and '.join(k + ' ' for k in kinds)}libraries; this is "
                              f"a {self.snapshot.item_type} library")
        if self._tmdb is None:
            raise LookupError(f"type {attribute} needs TMDb (a tmdb: section with an apikey)")
        try:
            client = self._tmdb()
            idmap = IdMap.from_snapshot(self.snapshot)
            idmap.convert(client, {rk: item.title for rk, item in self.snapshot.items.items()})
            details = client.movie if self.snapshot.item_type == "movie" else client.show
            answers = client.service.map(lambda tmdb_id: _details_of(details, tmdb_id), sorted(idmap.by_tmdb))
            names = client.names(TAGS[attribute])
        except ServiceError as exc:
            raise LookupError(f"type {attribute} needs TMDb: {exc}") from None
        codes = {str(code) for answer in answers if answer for code in _codes(answer.get(attribute)) if code}
        return dict(sorted(((code, names.get(code, code)) for code in codes), key=lambda kv: kv[1].lower()))

    def _tmdb_collections(self) -> dict[str, str]:
        if self.snapshot.item_type != "movie":
            raise LookupError(f"type tmdb_collection works in movie libraries (TMDb collections are of movies); "
                              f"this is a {self.snapshot.item_type} library")
        if self._tmdb is None:
            raise LookupError("type tmdb_collection needs TMDb (a tmdb: section with an apikey)")
        try:
            client = self._tmdb()
            idmap = IdMap.from_snapshot(self.snapshot)
            idmap.convert(client, {rk: item.title for rk, item in self.snapshot.items.items()})
            ids = sorted(idmap.by_tmdb)
            answers = client.service.map(lambda tmdb_id: _collection_of(client, tmdb_id), ids)
        except ServiceError as exc:
            raise LookupError(f"type tmdb_collection needs TMDb: {exc}") from None
        found: dict[str, str] = {}
        for answer in answers:
            if answer is not None:
                found.setdefault(str(answer[0]), answer[1])
        return dict(sorted(found.items(), key=lambda kv: kv[1].lower()))


def _collection_of(client: TmdbClient, tmdb_id: int) -> tuple[int, str] | None:
    try:
        details: Any = client.movie(tmdb_id)
    except NotFound:
        return None
    part = details.get("belongs_to_collection") if isinstance(details, Mapping) else None
    if not isinstance(part, Mapping) or not part.get("id"):
        return None
    return int(part["id"]), str(part.get("name") or part["id"])


def _details_of(details: Callable[[int], dict[str, Any]], tmdb_id: int) -> dict[str, Any] | None:
    try:
        return details(tmdb_id)
    except NotFound:
        return None


def _codes(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
