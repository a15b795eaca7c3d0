"""Item-scoped runs: of a library's collection definitions, run only those an event's items could
enter or leave.

For items X (rating keys from the event, or the items whose tmdb/imdb/tvdb ids a Sonarr/Radarr
event names; an episode or season stands for its show), a definition is skipped only when it is
*item-local* and X can neither enter nor leave it:

* item-local: its builders are ``plex_all``, ``plex_search`` and search shortcuts whose every
  search is evaluated from the snapshot, with no ``limit`` (in a search or in the definition);
  then whether an item belongs depends on that item alone (``filters`` only take items away);
* X can enter: some X matches a builder's conditions now (the engine then decides filters,
  order and the rest, running the definition whole);
* X can leave: some X carries the collection's tag now.

Everything else runs whole, as in a full run: searches on what the run itself writes
(``collection``, ``label``, and any attribute an ``item_*`` key of the library's definitions
writes), online builders (their lists are not about X),
``plex_collectionless`` (depends on other collections), smart collections, ``limit``/ranking,
searches Plex must evaluate, and any definition whose conditions do not even parse here. A change
that is not about known items (a deletion, ``POST /run``, an item not in the listing yet) makes
the whole library run. Overlays, operations and metadata files decide for items X only (they
decide per item: X's result is what a full run gives X), except where one item's result depends on
the others (an overlay with ``limit``, season/episode overlays). A metadata entry edits X (with
its seasons and episodes) when it matches X; entries matching other items wait for the full run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kometa.config.definitions import Definition
from kometa.events.scope import Change
from kometa.ids.guids import item_ids, library_index
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import compile_node
from kometa.sources.registry import BUILDERS, ONLINE_BUILDERS, SEARCH_SHORTCUTS
from kometa.sources.search import Search, SearchParser

log = logging.getLogger("kometa")
LOCAL_BUILDERS = {"plex_all", "plex_search"}


def _parent_in(server: Any, key: str, snapshot: Snapshot) -> int | None:
    """The snapshot item an episode/season/track belongs to (one metadata request)."""
    try:
        element = server.query(f"/library/metadata/{int(key)}")[0]
    except Exception:  # noqa: BLE001 - gone, or not readable: the caller runs the library whole
        return None
    for attr in ("grandparentRatingKey", "parentRatingKey"):
        value = element.attrib.get(attr)
        if value and value.isdigit() and int(value) in snapshot.items:
            return int(value)
    return None


def event_items(changes: Iterable[Change], snapshot: Snapshot, server: Any) -> set[int] | None:
    """The snapshot items the changes are about; None when some change is not about known items."""
    found: set[int] = set()
    index: dict[tuple[str, Any], list[int]] | None = None
    for change in changes:
        if change.kind in ("deleted", "run") or not (change.rating_keys or change.guids):
            return None
        for key in change.rating_keys:
            if key.isdigit() and int(key) in snapshot.items:
                found.add(int(key))
                continue
            parent = _parent_in(server, key, snapshot) if key.isdigit() else None
            if parent is None:
                return None
            found.add(parent)
        if change.guids and not change.rating_keys:
            if index is None:
                index = library_index({rk: item.values for rk, item in snapshot.items.items()})
            ids = item_ids(None, change.guids)
            keys = [rk for name in ("tmdb", "imdb", "tvdb") if getattr(ids, name) is not None
                    for rk in index.get((name, getattr(ids, name)), ())]
            if not keys:  # not in Plex's listing yet (the scan has not found it)
                return None
            found.update(keys)
    return found


def _searches(data: dict[str, Any], parser: SearchParser) -> list[Search] | None:
    """The definition's searches when it is item-local, else None."""
    present = {k for k in data if k in BUILDERS or k in ONLINE_BUILDERS}
    shortcuts = {k: v for k, v in data.items() if str(k).split(".")[0] in SEARCH_SHORTCUTS}
    if not present <= LOCAL_BUILDERS or data.get("limit") is not None or not (present or shortcuts):
        return None
    searches = parser.parse_many(data["plex_search"]) if "plex_search" in present else []
    if shortcuts:
        from kometa.sources.builders import Builders

        searches.append(Builders(parser.snapshot, parser.now)._shortcut_search(shortcuts))
    if any(not s.local or s.limit for s in searches):
        return None
    return searches


#: tags the run itself writes to items: membership (every collection) and labels (item_label,
#: smart_label, the Overlay label); a search on them depends on what other definitions do this run
RUN_WRITTEN = frozenset({"collection", "label"})


def written_by(definitions: list[Definition]) -> frozenset[str]:
    """The item attributes this run's definitions may write (``item_genre`` writes genres, ...)."""
    written = set(RUN_WRITTEN)
    for definition in definitions:
        for key in definition.data:
            if str(key).startswith("item_"):
                written.add(str(key)[len("item_"):].split(".")[0])
    return frozenset(written)


def could_change(definition: Definition, items: set[int], snapshot: Snapshot, now: datetime,
                 parser: SearchParser | None = None, written: frozenset[str] = RUN_WRITTEN) -> bool:
    """False only when ``definition`` is item-local and none of ``items`` can enter or leave it.
    ``parser``: one shared by the library's definitions (it reads each tag's values once);
    ``written``: attributes the run writes (:func:`written_by`): a search on one runs whole, since
    another definition may change it for any item during the run."""
    data = definition.data
    try:
        searches = _searches(data, parser or SearchParser(snapshot, now))
    except Exception:  # noqa: BLE001 - a condition that does not parse: the engine reports it
        return True
    if searches is None or "plex_all" in data:
        return True
    if any(cond.attr.name in written for search in searches for cond in search.conditions()):
        return True
    name = str(data.get("name") or data.get("collection_name") or definition.name)
    if any(rk in items for rk in snapshot.members_by_tag(name)):
        return True  # may leave
    for search in searches:
        test = compile_node(search.tree, now)
        if any(test(snapshot.items[rk]) for rk in items):
            return True  # may enter
    return False


class ItemScope:
    """A scoped run's items per library (decided once from the snapshot, then shared): the
    collection definitions they can change (:meth:`definitions`, the RunContext's
    ``definition_filter``), and the items overlays and operations decide for (:meth:`items`)."""

    def __init__(self, changes: list[Change], now: datetime) -> None:
        self.changes = changes
        self.now = now
        self._items: dict[str, set[int] | None] = {}

    def items(self, library: Any, server: Any, snapshot: Snapshot) -> set[int] | None:
        """The snapshot items the changes are about; None: the library runs whole."""
        key = library.mapping_name  # section ids repeat across servers
        if key not in self._items:
            from kometa.events.resolve import touches

            relevant = [c for c in self.changes
                        if touches(c, library, str(snapshot.section_id), snapshot.section_type, server)]
            found = event_items(relevant, snapshot, server)
            if found is None:
                log.info("Scoped run: library %s runs whole (a change is not about items in its listing)",
                         library.mapping_name)
            self._items[key] = found
        return self._items[key]

    def definitions(self, library: Any, server: Any, snapshot: Snapshot,
                    definitions: list[Definition]) -> list[Definition]:
        items = self.items(library, server, snapshot)
        if items is None:
            return definitions
        parser = SearchParser(snapshot, self.now)
        written = written_by(definitions)
        chosen = [d for d in definitions if could_change(d, items, snapshot, self.now, parser, written)]
        log.info("Scoped run: library %s, %d item(s): %d of %d collection definition(s) can include or exclude "
                 "them", library.mapping_name, len(items), len(chosen), len(definitions))
        return chosen


def definition_filter(changes: list[Change], now: datetime) -> Any:
    """The RunContext hook: (library, server, snapshot, definitions) -> the definitions to run."""
    return ItemScope(changes, now).definitions
