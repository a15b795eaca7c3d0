"""Builders: a definition's item sources, resolved against the library snapshot.

``plex_all``, ``plex_search`` (and search keys written directly in the definition) and
``plex_collectionless`` yield an ordered list of rating keys. ``plex_search`` runs locally when
every condition is in the snapshot; otherwise (``hdr``, languages, ...) that one search is sent to
Plex. ``smart_filter`` and ``smart_label`` describe a Plex smart collection instead (its filter
URI), ``smart_label`` also naming the label its builders' items get.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from kometa.clients.policy import ServiceError, keep_answers
from kometa.plex.snapshot import Item, Snapshot
from kometa.sources.attributes import TAG, lookup, split_key
from kometa.sources.conditions import Cond, ConditionError, Group, compile_node, walk
from kometa.sources.index import SnapshotIndex
from kometa.sources.plex_query import search_query, smart_uri
from kometa.sources.registry import (
    ARR_BUILDERS,
    BUILDERS,
    FAMILIES,
    IMDB_BUILDERS,
    MDBLIST_BUILDERS,
    ONLINE_BUILDERS,
    SEARCH_SHORTCUTS,
    TMDB_BUILDERS,
    TRAKT_BUILDERS,
)
from kometa.sources.search import Search, SearchParser
from kometa.sources.sorting import parse_sort, sort_items

#: runs a Plex search query for the library: query string -> rating keys in Plex's order
RemoteSearch = Callable[[str], list[int]]


@dataclass
class Built:
    """What a definition's builders produced."""

    items: list[int] = field(default_factory=list)  # ordered, deduplicated, all in the library
    smart_query: str | None = None  # smart collection: the filter query (without server prefix)
    smart_label: str | None = None  # items in ``items`` get this label; collection is smart on it
    order_preserving: bool = False  # a single builder whose order is meaningful (custom order)
    force_sync: bool = False
    force_mode_hide: bool = False
    builders: tuple[str, ...] = ()
    missing: list[str] = field(default_factory=list)  # titles an online source named that the library lacks
    missing_ids: list[dict[str, Any]] = field(default_factory=list)  # their ids (sources.tmdb.TmdbBuilt.lack)
    labels_of: dict[int, str] = field(default_factory=dict)  # id(missing_ids entry) -> its line in ``missing``
    details: dict[str, str] = field(default_factory=dict)  # summary/url_poster/url_background from a source

    @property
    def smart(self) -> bool:
        return self.smart_query is not None

    def uri(self, snapshot: Snapshot) -> str | None:
        if self.smart_query is None:
            return None
        return smart_uri(snapshot.machine_id, snapshot.section_id, self.smart_query)


class Builders:
    def __init__(self, snapshot: Snapshot, now: datetime, remote: RemoteSearch | None = None,
                 tmdb: Any = None, trakt: Any = None, imdb: Any = None, mdblist: Any = None,
                 tautulli: Any = None, arr: Any = None, sources: Mapping[str, Any] | None = None,
                 show_options: bool = False) -> None:
        self.sources = dict(sources or {})  # family (registry.FAMILIES) -> its source, e.g. "letterboxd"
        self.arr = arr  # a sources.arr.ArrSources, or None
        self.tautulli = tautulli  # a sources.tautulli.TautulliSource, or None
        self.mdblist = mdblist  # a sources.mdblist.MdblistSource, or None
        self.imdb = imdb  # a sources.imdb.ImdbSource, or None
        self.snapshot = snapshot
        self.trakt = trakt  # a sources.trakt.TraktSource, or None
        self.tmdb = tmdb  # a sources.tmdb.TmdbSource, or None when the run has no TMDb
        self.now = now
        self.remote = remote
        self.parser = SearchParser(snapshot, now)
        self.parser.show_options = show_options  # settings show_options (sources/search.py)
        self.index = SnapshotIndex(snapshot.items)

    # -- entry point

    def build(self, name: str, data: Mapping[str, Any]) -> Built:
        present = [k for k in data if k in BUILDERS or k in ONLINE_BUILDERS]
        shortcuts = {k: v for k, v in data.items() if str(k).split(".")[0] in SEARCH_SHORTCUTS}
        smart = [k for k in present if k.startswith("smart_")]
        level = self.snapshot.level
        if level is not None:
            refused = [k for k in present if k == "smart_url"]
            if refused:
                raise ConditionError(f"{refused[0]} does not work with builder_level: {level}")
        if "smart_url" in present:
            if len(present) > 1 or "filters" in data:
                raise ConditionError("smart_url cannot be combined with other builders or filters")
            return Built(smart_query=smart_url_query(data["smart_url"], self.snapshot.section_id),
                         builders=("smart_url",))
        if "smart_filter" in present and len(present) > 1:
            raise ConditionError("smart_filter cannot be combined with other builders")
        if "smart_filter" in present and "filters" in data:
            raise ConditionError("smart_filter cannot be combined with filters (put the conditions in it)")
        if not present and not shortcuts:
            raise ConditionError("no builder: add plex_all, plex_search, plex_collectionless, smart_filter "
                                 "or smart_label")
        if "smart_filter" in present:
            return self._smart_filter(data["smart_filter"])
        built = Built(builders=tuple(k for k in present if k != "smart_label") + tuple(shortcuts))
        seen: set[int] = set()
        in_library = self.snapshot.items

        def extend(keys: list[int], local: bool = False) -> None:
            """Add a builder's keys: distinct keys of the library when ``local`` (searches,
            plex_all), any keys otherwise (those not in the library are dropped)."""
            if not seen and local:
                seen.update(keys)
                built.items.extend(keys)
                return
            for key in keys:
                if key not in seen and key in in_library:
                    seen.add(key)
                    built.items.append(key)

        if "plex_all" in present:
            if data["plex_all"] is not True:
                raise ConditionError("plex_all must be true")
            extend(list(self.snapshot.items), local=True)
        if "plex_pilots" in present:
            extend(self._pilots(data["plex_pilots"]), local=True)
        if "plex_search" in present:
            for search in self.parser.parse_many(data["plex_search"]):
                extend(self.run_search(search, name), local=search.local)
        if shortcuts:
            shortcut = self._shortcut_search(shortcuts)
            extend(self.run_search(shortcut, name), local=shortcut.local)
        from kometa.sources.tmdb import parse_region

        region = parse_region(data)  # tmdb_region: this definition's TMDb charts and discover
        with keep_answers(cache_days(data.get("cache_builders"))):  # cache_builders: N (Kometa)
            for key in (k for k in present if k in ONLINE_BUILDERS):
                extend(self._tmdb(key, data[key], built, region))
        if "plex_collectionless" in present:
            extend(self._collectionless(name, data["plex_collectionless"]))
            built.force_sync = True
            built.force_mode_hide = True
        built.order_preserving = len(built.builders) == 1 and (built.builders[0] == "plex_search"
                                                               or built.builders[0] in ONLINE_BUILDERS)
        if smart:
            built.smart_label = name
            built.smart_query = self._smart_label_query(name, data["smart_label"])
        return built

    # -- builders

    def run_search(self, search: Search, name: str) -> list[int]:
        if search.local:
            candidates, residual = self.index.select(search.tree)
            rank = self.index.rank(search.sort)
            if residual is None and candidates is not None and rank is not None:
                keys = sorted(candidates, key=rank.__getitem__)
                return keys[: search.limit] if search.limit else keys
            pool = self.snapshot.items.values() if candidates is None else self.index.ordered(candidates)
            if residual is None:
                hits = list(pool)
            else:
                test = compile_node(residual, self.now)
                hits = [item for item in pool if test(item)]
            if rank is not None:
                hits.sort(key=lambda item: rank[item.rating_key])
                ordered = hits
            else:
                ordered = sort_items(hits, search.sort, seed=f"{name}|{self.now.date()}")
            if search.limit:
                ordered = ordered[: search.limit]
            return [i.rating_key for i in ordered]
        if self.remote is None:
            raise ConditionError("this search needs Plex to evaluate it, and no server is available")
        query = search_query(self.snapshot.type_number, search.tree, search.sort, search.limit, self.parser.fields)
        return [rk for rk in self.remote(query) if rk in self.snapshot.items]

    def _tmdb(self, key: str, value: Any, built: Built, region: str | None = None) -> list[int]:
        source = (self.tmdb if key in TMDB_BUILDERS else self.trakt if key in TRAKT_BUILDERS
                  else self.imdb if key in IMDB_BUILDERS else self.mdblist if key in MDBLIST_BUILDERS
                  else self.arr if key in ARR_BUILDERS else self._family(key) if _family_of(key) else self.tautulli)
        if source is None:
            raise ConditionError(f"{key} is not supported here in this version (online builders work "
                                 f"in collections)")
        try:
            if key in IMDB_BUILDERS and self.snapshot.level == "episode":  # episode ids give episodes
                found = source.build(key, value, episodes=self.snapshot, convert=self._imdb_episode)
            elif (key in TRAKT_BUILDERS or key == "text_file") and self.snapshot.level in ("season", "episode"):
                found = source.build(key, value, level=self.snapshot)  # season/episode rows
            elif region and source is self.tmdb:
                found = source.build(key, value, region)
            else:
                found = source.build(key, value)
        except ServiceError as exc:
            raise ServiceError(exc.service, f"{key} needs {exc.service}: {exc.detail}", key) from None
        built.missing.extend(found.missing)
        ids = list(getattr(found, "missing_ids", ()))
        if len(ids) == len(found.missing):  # made together (lack()): each entry names its line
            built.labels_of.update({id(entry): label for entry, label in zip(ids, found.missing, strict=True)})
        built.missing_ids.extend(ids)
        if found.details and not built.details:
            built.details = found.details
        keys = list(found.keys)
        expand = getattr(self.snapshot, "expand", None)  # builder_level: a show found means its seasons/episodes
        return expand(keys) if expand is not None else keys

    def _imdb_episode(self, imdb_id: str) -> list[int]:
        """The episode an IMDb episode id names when Plex's episode has no ``imdb://`` guid, as Kometa
        finds it: TMDb's ``/find`` gives its show and numbers (the show's TMDb id its place in the
        library), else OMDb's record (its ``seriesID``: the show's IMDb id). Both answers are cached.
        Neither configured, or neither knows it: none (the id is missing)."""
        under = getattr(self.snapshot, "under", None)
        if under is None:
            return []
        place = self._tmdb_episode(imdb_id) or self._omdb_episode(imdb_id)
        if place is None:
            return []
        shows, season, number = place
        return [key for show in shows for key in under.get(show, ())
                if self.snapshot.items[key].get("season_index") == season and self.snapshot.items[key].get("index")
                == number]

    def _tmdb_episode(self, imdb_id: str) -> tuple[list[int], int, int] | None:
        if self.tmdb is None:
            return None
        try:
            client = self.tmdb.client()
        except ServiceError:  # no tmdb: in the config
            return None
        found = client.find(imdb_id, "imdb_id")  # TMDb down: the builder fails
        rows = found.get("tv_episode_results") or []
        if found.get("movie_results") or found.get("tv_results"):
            return [], 0, 0  # a movie's or show's id: no episode (and no OMDb question)
        if not rows or not rows[0].get("show_id"):
            return None
        row = rows[0]
        return self.tmdb.idmap().keys(int(row["show_id"])), row.get("season_number"), row.get("episode_number")

    def _omdb_episode(self, imdb_id: str) -> tuple[list[int], int, int] | None:
        omdb = getattr(self.imdb, "omdb", None)
        if omdb is None:
            return None
        try:
            record = omdb().record(imdb_id)
        except ServiceError:  # no omdb: in the config, an id OMDb does not know, its daily limit
            return None
        season, number = str(record.get("Season") or ""), str(record.get("Episode") or "")
        if record.get("Type") != "episode" or not season.isdigit() or not number.isdigit():
            return None
        return self.imdb.by_imdb().get(str(record.get("seriesID") or ""), []), int(season), int(number)

    def _pilots(self, value: Any) -> list[int]:
        """``plex_pilots``: every show's first episode (season 1, episode 1), in the shows' order."""
        if value is not True:
            raise ConditionError("plex_pilots must be true")
        under = getattr(self.snapshot, "under", None)
        if self.snapshot.level != "episode" or under is None:
            raise ConditionError("plex_pilots only works with builder_level: episode")
        base = getattr(self.snapshot, "base", self.snapshot)
        found = []
        for show in base.items:
            pilot = next((k for k in under.get(show, ()) if self.snapshot.items[k].get("season_index") == 1
                          and self.snapshot.items[k].get("index") == 1), None)
            if pilot is not None:
                found.append(pilot)
        return found

    def _family(self, key: str) -> Any:
        return self.sources.get(_family_of(key) or "")

    def _shortcut_search(self, shortcuts: Mapping[str, Any]) -> Search:
        children = []
        for key, value in shortcuts.items():
            name, _ = split_key(str(key))  # the modifier is dropped, as in Kometa
            children.extend(self.parser.nodes(name, value, key)[1])
        tree = Group("any", tuple(children))
        local = self.parser.is_local(walk(tree))
        return Search(tree, parse_sort("title.asc"), None, local)

    def _collectionless(self, name: str, value: Any) -> list[int]:
        if not isinstance(value, Mapping) or not (value.get("exclude_prefix") or value.get("exclude")):
            raise ConditionError("plex_collectionless needs exclude_prefix and/or exclude (a list of names)")
        prefixes = _as_list(value.get("exclude_prefix"))
        names = {n.lower() for n in _as_list(value.get("exclude"))} | {name.lower()}
        sort_titles = {c.title.lower(): (c.title_sort or c.title) for c in self.snapshot.collections}

        def excluded(collection: str) -> bool:
            low = collection.lower()
            sort_title = sort_titles.get(low, collection)
            return low in names or any(collection.startswith(p) or sort_title.startswith(p) for p in prefixes)

        def free(items: Mapping[int, Item]) -> list[int]:
            return [rk for rk, item in items.items() if all(excluded(c) for c in item.tags("collection"))]

        expand = getattr(self.snapshot, "expand", None)
        if expand is None:
            return free(self.snapshot.items)
        # builder_level: the seasons/episodes of the shows in no collection, that are in none themselves
        own = set(free(self.snapshot.items))
        return [rk for rk in expand(free(self.snapshot.base.items)) if rk in own]  # type: ignore[attr-defined]

    def _smart_filter(self, value: Any) -> Built:
        if isinstance(value, list):
            raise ConditionError("smart_filter takes one mapping (any:/all:, sort_by, limit)")
        parser = SearchParser(self.snapshot, self.now, default_sort="random")
        parser.show_options = self.parser.show_options
        search = parser.parse(value, "smart_filter")
        query = search_query(self.snapshot.type_number, search.tree, search.sort, search.limit, parser.fields)
        return Built(smart_query=query, builders=("smart_filter",))

    def _smart_label_query(self, name: str, value: Any) -> str:
        sort_text: Any = "random" if value is True or value is None else value
        if isinstance(value, Mapping):
            raise ConditionError("smart_label takes a sort (e.g. title.asc) or true")
        sort = parse_sort(sort_text, "smart_label")
        label = lookup("label")
        assert label is not None and label.kind == TAG
        tree = Group("all", (Cond(label, "", name),))
        return search_query(self.snapshot.type_number, tree, sort, None)

    def items(self, keys: list[int]) -> list[Item]:
        return [self.snapshot.items[k] for k in keys if k in self.snapshot.items]


def cache_days(value: Any) -> float:
    """``cache_builders``: the days a definition's builders keep what they found (0: not kept)."""
    if value is None or value == "":
        return 0.0
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise ConditionError(f"cache_builders must be a whole number of days, 0 or more, got {value!r}")
    return float(int(text))


def _family_of(key: str) -> str | None:
    return next((family for family, names in FAMILIES.items() if key in names), None)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def smart_url_query(value: Any, section_id: int) -> str:
    """The filter query of a ``smart_url``: a Plex Web address (its ``key=`` holds the section
    listing) or a ``/library/sections/N/all?...`` path, for this library's section."""
    text = str(value or "").strip()
    key = text
    if "key=" in text:
        key = unquote(text.split("key=", 1)[1].split("&context", 1)[0])
    match = re.search(r"/library/sections/(\d+)/all\?(.+)$", key)
    if not match:
        raise ConditionError("smart_url must be a Plex Web address of a filtered library view (or a "
                             "/library/sections/N/all?... path)")
    if int(match.group(1)) != section_id:
        raise ConditionError(f"smart_url points at library section {match.group(1)}, not this library "
                             f"(section {section_id})")
    return match.group(2)
