"""AniDB builders, as Kometa documents them, read from the AniDB service Kometa uses
(:mod:`kometa.clients.anidb`):

* ``anidb_id``: AniDB ids (or ``anidb.net/anime/N`` links), a list or comma-separated; an id AniDB
  does not know is an error.
* ``anidb_relation``: AniDB ids (or anime / relation-graph links): each anime and every anime its
  relation graph reaches (``<relatedanime>``, followed hop by hop, each anime asked once).
* ``anidb_tag``: an AniDB tag id (or ``anidb.net/tag/N`` link), or a mapping (or a list of them) of
  ``tag_id`` (``tag`` in Kometa's older spelling) and ``limit`` (1-1000; default 100, what the
  service gives when Kometa sends none; 0 is all, the service's most, 1000): the tag's anime,
  heaviest first.
* ``anidb_tag_name``: tag names (a name, a list of them, or a mapping of ``tags`` and
  ``min_weight`` 0-1000, default 0): the anime with the most of those tags first (the service gives
  at most 100).
* ``anidb_popular``: Kometa's older builder, the number of anime (1-30, default 30) of AniDB's
  "Popular Anime" page.

Anime reach the library through the anime id mapping (:mod:`kometa.ids.anime`), keyed by AniDB id:
in a movie library the anime with a TMDb movie id count, in a show library the rest. Anime the
library lacks are missing (with their ids, for Radarr/Sonarr); anime the mapping does not know are
missing too, labelled so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from kometa.clients.anidb import AnidbClient
from kometa.clients.policy import NotFound
from kometa.ids.anime import AnimeIdsClient
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher, parse_site_ids
from kometa.sources.tmdb import TmdbBuilt

TAG_KEYS = ("tag_id", "tag", "limit")
NAME_KEYS = ("tags", "min_weight")
POPULAR_MAX = 30  # the popular page's length


def _number(key: str, name: str, raw: Any, low: int, high: int) -> int:
    if isinstance(raw, bool) or not str(raw).strip().isdigit() or not low <= int(str(raw).strip()) <= high:
        raise ConditionError(f"{key}: {name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(str(raw).strip())


def parse_popular(key: str, value: Any) -> int:
    if value is None or value is True:
        return POPULAR_MAX
    return _number(key, "the number of anime", value, 1, POPULAR_MAX)


def parse_tags(key: str, value: Any) -> list[tuple[int, int]]:
    """(tag id, limit) pairs of ``anidb_tag``."""
    out = []
    for spec in value if isinstance(value, list) else [value]:
        if not isinstance(spec, Mapping):
            spec = {"tag_id": spec}
        bad = next((str(k) for k in spec if str(k) not in TAG_KEYS), None)
        if bad is not None:
            raise ConditionError(f"{key}: unknown attribute '{bad}' (anidb_tag takes tag_id and limit)")
        raw = spec.get("tag_id", spec.get("tag"))
        if raw is None or isinstance(raw, bool) or not str(raw).strip():
            raise ConditionError(f"{key} needs an AniDB tag id (tag_id)")
        match = re.search(r"anidb\.net/tag/(\d+)", str(raw))
        text = match.group(1) if match else str(raw).strip()
        if not text.isdigit() or int(text) < 1:
            raise ConditionError(f"{key}: '{raw}' is not an AniDB tag id (a number)")
        limit = _number(key, "limit", spec["limit"], 0, 1000) if spec.get("limit") is not None else 100
        out.append((int(text), limit or 1000))
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


def parse_tag_names(key: str, value: Any) -> tuple[list[str], int]:
    """The tag names and minimum weight of ``anidb_tag_name``."""
    weight = 0
    if isinstance(value, Mapping):
        bad = next((str(k) for k in value if str(k) not in NAME_KEYS), None)
        if bad is not None:
            raise ConditionError(f"{key}: unknown attribute '{bad}' (anidb_tag_name takes tags and min_weight)")
        if value.get("min_weight") is not None:
            weight = _number(key, "min_weight", value["min_weight"], 0, 1000)
        value = value.get("tags")
    raw = value if isinstance(value, list) else [] if value is None else str(value).split(",")
    names = [str(v).strip().lower() for v in raw if not isinstance(v, bool | Mapping) and str(v).strip()]
    if not names or len(names) != len([v for v in raw if str(v).strip()]):
        raise ConditionError(f"{key} needs AniDB tag names (a name, a list of them, or tags: with min_weight)")
    return names, weight


class AnidbSource:
    def __init__(self, client: Callable[[], AnidbClient], ids: Callable[[], AnimeIdsClient],
                 snapshot: Snapshot) -> None:
        self._client = client
        self._ids = ids
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        if key == "anidb_popular":
            count = parse_popular(key, value)
            return self._match([(p["anidb_id"], p.get("title")) for p in self._client().popular()[:count]])
        if key == "anidb_tag":
            specs = parse_tags(key, value)
            client = self._client()
            return self._match([(aid, None) for tag, limit in specs for aid in client.tag(tag, limit)])
        if key == "anidb_tag_name":
            names, weight = parse_tag_names(key, value)
            return self._match([(aid, None) for aid in self._client().tag_names(names, weight)])
        ids = parse_site_ids(key, value, "anidb.net/anime", "an AniDB")
        client = self._client()
        if key == "anidb_id":
            return self._match([(aid, self._title(client, key, aid)) for aid in ids])
        found: list[tuple[int, Any]] = []
        for first in ids:
            found += self._graph(client, key, first)
        return self._match(found)

    @staticmethod
    def _title(client: AnidbClient, key: str, anidb_id: int) -> Any:
        try:
            return client.anime(anidb_id).get("main_title")
        except NotFound:
            raise ConditionError(f"{key}: AniDB has no anime {anidb_id}") from None

    def _graph(self, client: AnidbClient, key: str, first: int) -> list[tuple[int, Any]]:
        """The anime and every anime its relations reach (breadth first, each asked once)."""
        out: list[tuple[int, Any]] = []
        seen = {first}
        todo = [first]
        while todo:
            aid = todo.pop(0)
            try:
                related = client.related(aid)
            except NotFound:
                if aid == first:
                    raise ConditionError(f"{key}: AniDB has no anime {aid}") from None
                continue
            out.append((aid, None))
            for other in related:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return out

    def _match(self, found: list[tuple[int, Any]]) -> TmdbBuilt:
        movie_library = self.snapshot.item_type == "movie"
        by_anidb = self._ids().mapping().by_anidb
        out = TmdbBuilt()
        seen: set[int] = set()
        for aid, title in found:
            if aid in seen:
                continue
            seen.add(aid)
            entry = by_anidb.get(aid)
            if entry is not None and _is_movie(entry) is not None and _is_movie(entry) != movie_library:
                continue
            label = f"{title} [anidb {aid}" if title else f"AniDB anime {aid} [anidb {aid}"
            self.matcher.place_anime(out, entry, label, title, None)
        return out


def _is_movie(entry: Mapping[str, Any]) -> bool | None:
    """Whether the mapping calls the anime a movie (a TMDb movie id), a show (TVDb or TMDb show id),
    or None when it says neither."""
    if entry.get("tmdb_movie_id"):
        return True
    if entry.get("tvdb_id") or entry.get("tmdb_show_id"):
        return False
    return None
