"""Snapshots kept between the event worker's scoped runs, refreshed where something changed.

A scoped run after an event usually needs the whole library's picture (the collections it runs
are evaluated over every item), but little of it changed since the last scoped run: the items the
event names, and the items our own writes touched. :class:`KeptSnapshots` keeps each library's
:class:`~kometa.plex.snapshot.Snapshot` after a run and, at the next one, re-reads only

* the items the event names and the items the last run wrote to, by rating key, through the same
  listing a full read uses (``/library/sections/SID/all?type=T&includeGuids=1&id=RK,RK``), so a
  refreshed item parses exactly as a fully read one;
* the section's collections listing (one small request);
* the section's item count (``X-Plex-Container-Size=0``: ``totalSize``).

It reads the library whole instead when in doubt: no kept snapshot; another server, section or
token; the kept one is older than ``max_age`` (changes without an event: plays, edits in Plex while
only webhooks are on); another run (a full run, ``kometa --run``) ran since; the last run sent a
write whose items it cannot name (deleting a collection, a library refresh); more than
``MAX_REFRESH`` items to refresh; the count after the refresh differs from Plex's; a refresh
request failed; a show or music library whose event names an episode, season or track (the show
changed too).

Writes are seen on the connection itself (a ``requests`` response hook on the server's session),
so no write path has to remember to report.
"""

from __future__ import annotations

import bisect
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from kometa.plex.snapshot import TYPE_NUMBERS, Snapshot, list_all, parse_item, read_collections

log = logging.getLogger("kometa")

MAX_AGE = 900.0  # seconds a kept snapshot is trusted (15 minutes)
MAX_REFRESH = 1000  # more items than this to re-read: one full listing is cheaper
_METADATA = re.compile(r"^/library/metadata/(\d+)(?:/|$)")
_IDS = re.compile(r"/library/metadata/([\d,]+)")
#: writes that change no item's listing values (collections' own fields, hubs, playlists)
_HARMLESS = ("/playlists", "/hubs/", "/library/collections/")


@dataclass
class WriteLog:
    """Rating keys named by the writes sent on one connection; ``unknown`` once a write named none."""

    keys: set[int] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)

    def hook(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        request = response.request
        if request.method in ("GET", "HEAD"):
            return response
        self.note(request.method, request.url)
        return response

    def note(self, method: str, url: str) -> None:
        parts = urlsplit(url)
        path = unquote(parts.path)
        named: set[int] = set()
        query = parse_qs(parts.query)
        for value in query.get("id", ()):  # PUT /library/sections/SID/all?id=1,2 (batched edits)
            named.update(int(v) for v in value.split(",") if v.isdigit())
        for value in query.get("uri", ()):  # collection created / items added: .../library/metadata/1,2
            for ids in _IDS.findall(unquote(value)):
                named.update(int(v) for v in ids.split(",") if v.isdigit())
        match = _METADATA.match(path)
        if match:
            named.add(int(match.group(1)))  # an item's edit or poster; or a collection's own edit
        children = re.match(r"^/library/collections/\d+/(?:children|items)/(\d+)", path)
        if children:
            named.add(int(children.group(1)))  # an item taken out of a collection
        if method == "DELETE" and match and not children:
            self.unknown.append(f"{method} {path}")  # deleting a collection untags its members unnamed
        elif not named and not path.startswith(_HARMLESS):
            self.unknown.append(f"{method} {path}")
        self.keys |= named


@dataclass
class _Kept:
    identity: tuple[str, str, int, str, str]  # machine id, token hash, section key, title, type
    snapshot: Snapshot
    at: float
    run_id: int


class KeptSnapshots:
    """The event worker's memory of each library between scoped runs."""

    def __init__(self, max_age: float = MAX_AGE, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age = max_age
        self.clock = clock
        self.servers: Any = None  # kometa.plex.connection.ServerPool kept between runs (one identity request)
        self.writes: dict[int, WriteLog] = {}  # id(server) -> the writes seen on it since the last keep
        self._kept: dict[str, _Kept] = {}
        self.event_keys: set[int] = set()  # the rating keys the running scope names
        self.run_id = 0  # the running run's id in the run history
        self.ours: set[int] = set()  # ids of the runs this worker ran
        self.outcomes: list[str] = []  # per library: "kept (n refreshed)" or "full read (why)"

    # -- the run's side ---------------------------------------------------------------------
    def begin(self, run_id: int, previous_run: int | None, event_keys: Iterable[str]) -> None:
        """A scoped run starts. ``previous_run``: the id of the run before it in the history."""
        self.run_id = run_id
        self.event_keys = {int(k) for k in event_keys if str(k).isdigit()}
        self.outcomes = []
        if previous_run is not None and previous_run not in self.ours:
            self._kept.clear()  # someone else ran in between: what we kept may be out of date
        self.ours.add(run_id)

    def watch(self, server: Any) -> WriteLog:
        """Record the writes sent to ``server`` (once per connection)."""
        log_ = self.writes.get(id(server))
        if log_ is None:
            log_ = self.writes[id(server)] = WriteLog()
            session = getattr(server, "_session", None)
            if session is not None:
                session.hooks.setdefault("response", []).append(log_.hook)
        return log_

    def snapshot(self, name: str, server: Any, section: dict[str, Any], token: str,
                 read_full: Callable[[], Snapshot]) -> Snapshot:
        """The library's snapshot for this run: the kept one refreshed, or ``read_full()``."""
        writes = self.watch(server)
        identity = (str(server.machineIdentifier), str(hash(token)), int(section["key"]), str(section.get("title", "")),
                    str(section.get("type", "movie")))
        kept = self._kept.pop(name, None)
        why = self._doubt(kept, identity, writes)
        snapshot = None
        refreshed = self.event_keys | writes.keys
        if why is None and kept is not None:
            try:
                snapshot, why = _refresh(server, kept.snapshot, refreshed)
            except Exception as exc:  # noqa: BLE001 - a refresh that fails is a full read, never a failed run
                why = f"refresh failed ({type(exc).__name__})"
        writes.keys.clear()
        writes.unknown.clear()
        if snapshot is None:
            self.outcomes.append(f"{name}: full read ({why})")
            return read_full()
        self.outcomes.append(f"{name}: kept snapshot, {len(refreshed)} item(s) re-read")
        return snapshot

    def _doubt(self, kept: _Kept | None, identity: tuple[str, str, int, str, str], writes: WriteLog) -> str | None:
        if kept is None:
            return "no kept snapshot"
        if kept.identity != identity:
            return "another server or section"
        if self.clock() - kept.at > self.max_age:
            return f"kept for more than {self.max_age:g} s"
        if writes.unknown:
            return f"the last run sent {writes.unknown[0]}"
        return None

    def keep(self, snapshots: dict[str, tuple[Any, Snapshot]], tokens: dict[str, str], finished: bool) -> None:
        """After a run: keep its snapshots (with what our writes did recorded) for the next one. A run
        that did not finish (failed, interrupted) keeps nothing."""
        if not finished:
            self._kept.clear()
            return
        now = self.clock()
        for name, (server, snap) in snapshots.items():
            if name not in tokens:
                continue
            snap.levels.clear()  # season/episode views and episodes are read again when needed
            snap.episodes = None
            identity = (str(server.machineIdentifier), str(hash(tokens[name])), snap.section_id, snap.section_title,
                        snap.section_type)
            self._kept[name] = _Kept(identity, snap, now, self.run_id)

    def forget(self) -> None:
        self._kept.clear()

    @property
    def items_kept(self) -> int:
        return sum(len(k.snapshot.items) for k in self._kept.values())


def _refresh(reader: Any, snapshot: Snapshot, keys: set[int]) -> tuple[Snapshot | None, str | None]:
    """``snapshot`` with ``keys`` re-read (and its collections and count checked); (None, why) when
    a full read is needed instead."""
    if len(keys) > MAX_REFRESH:
        return None, f"{len(keys)} items to refresh"
    section = snapshot.section_id
    type_number = TYPE_NUMBERS.get(snapshot.item_type, 1)
    listing = f"/library/sections/{section}/all"
    fresh: dict[int, Any] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 200):  # URLs stay short
        ids = ",".join(str(k) for k in ordered[start:start + 200])
        for elem in list_all(reader, listing, {"type": type_number, "includeGuids": 1, "id": ids}):
            if "ratingKey" in elem.attrib:
                item = parse_item(elem)
                fresh[item.rating_key] = item
    missing = [k for k in keys if k not in fresh]
    if snapshot.library_type != "movie" and any(k in keys for k in missing if k not in snapshot.items):
        return None, "the event names an episode, season or track"
    data = reader.query(listing, headers={"X-Plex-Container-Start": "0", "X-Plex-Container-Size": "0"},
                        params={"type": type_number})
    total = int(data.attrib.get("totalSize", -1)) if data is not None else -1
    items = _merged(snapshot.items, fresh, missing)
    if total != len(items):
        return None, f"Plex lists {total} items, the kept snapshot {len(items)}"
    snapshot.items = items
    snapshot.collections = read_collections(reader, section)
    snapshot._members = None
    return snapshot, None


def _sort_key(item: Any) -> tuple[str, int]:
    return (str(item.values.get("title_sort") or item.values.get("title") or "").casefold(), item.rating_key)


def _merged(kept: dict[int, Any], fresh: dict[int, Any], missing: Iterable[int]) -> dict[int, Any]:
    """The kept items with ``fresh`` ones replaced or added and ``missing`` ones gone, in the
    listing's order (Plex lists a section by sort title): a new item, or one whose sort title
    changed, takes its place among the others, which keep the order Plex gave them."""
    gone = set(missing)
    moved = [item for key, item in fresh.items()
             if key not in kept or _sort_key(kept[key]) != _sort_key(item)]
    moved_keys = {item.rating_key for item in moved}
    order = [fresh.get(key, item) for key, item in kept.items() if key not in gone and key not in moved_keys]
    for item in sorted(moved, key=_sort_key):
        keys = [_sort_key(other) for other in order]
        order.insert(bisect.bisect_right(keys, _sort_key(item)), item)
    return {item.rating_key: item for item in order}
