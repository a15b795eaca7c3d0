"""Regular and smart playlists.

Regular playlists keep ``extra["entries"]``: ``[playlistItemID, ratingKey]`` pairs in order
(playlistItemIDs come from their own sequence, are never reused and survive moves; an item may
appear twice). Smart playlists store the once-decoded ``content`` uri and list the section's leaf
type (movies, or episodes for TV) with the uri's filters, sort and limit.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from . import filters
from .http import PlexError
from .model import CONTAINER_TYPES, LEAF_TYPES, SECTION_LEVELS, Item
from .uris import parse_uri
from .xml import element, section_pairs

if TYPE_CHECKING:
    from .app import Sim

_TYPES = ("video", "audio", "photo")


class Playlists:
    def __init__(self, sim: Sim) -> None:
        self.sim = sim
        self.store = sim.store

    def all(self, owner: int | None = None) -> list[Item]:
        """Every playlist, or those of ``owner`` (0 the admin, else a shared user's id: plexsim.users)."""
        found = list(self.store.by_type["playlist"].values())
        return found if owner is None else [p for p in found if p.extra.get("owner", 0) == owner]

    def entries(self, pl: Item) -> list[tuple[int | None, Item]]:
        """(playlistItemID, item) in order; smart playlists have no stable PIIDs (None)."""
        store = self.store
        if pl.extra.get("smart"):
            uri = parse_uri(pl.extra["content"])
            sid = uri.section
            if sid not in store.sections:
                return []
            leaf = SECTION_LEVELS[store.sections[sid].type][-1]
            query = [(k, v) for k, v in uri.query if k != "type"]
            q = filters.parse(store, sid, query, default_type=leaf)
            items = filters.run(store, q, store.section_items(sid, leaf))
            return [(None, i) for i in items]
        return [(piid, store.items[rk]) for piid, rk in pl.extra.get("entries", []) if rk in store.items]

    def create(self, title: str, smart: bool, ptype: str, uri_text: str, owner: int = 0) -> Item:
        if ptype not in _TYPES:
            raise PlexError(400, f"type={ptype!r}: expected video, audio or photo")
        uri = parse_uri(uri_text)
        if smart != uri.smart:
            raise PlexError(400, "smart=1 needs a section uri; smart=0 needs a metadata uri")
        store = self.store
        if smart:
            if uri.section not in store.sections:
                raise PlexError(400, f"no library section {uri.section}")
            filters.parse(store, uri.section, uri.query)
        elif not uri.rks:
            raise PlexError(400, "a playlist needs at least one item")
        else:
            self._leaves_for(uri.rks)  # validate before creating anything
        now = int(time.time())
        pl = Item(rk=store.next_id("rk"), type="playlist", section=0)
        pl.attrs.update(title=title, summary="", guid=f"com.plexapp.agents.none://{uuid.uuid4()}",
                        addedAt=now, updatedAt=now)
        pl.extra.update(smart=smart, playlistType=ptype, entries=[], owner=owner)
        if smart:
            pl.extra["content"] = uri_text
            pl.extra["sectionID"] = uri.section
        store.add(pl)
        if not smart:
            self.add(pl, uri.rks)
        return pl

    def _leaves_for(self, rks: list[int]) -> list[Item]:
        out: list[Item] = []
        for rk in rks:
            item = self.store.get(rk)
            if item is None:
                raise PlexError(404, f"no item {rk}")
            leaves = self.store.leaves(item) if item.type in CONTAINER_TYPES else [item]
            for leaf in leaves:
                if leaf.type not in LEAF_TYPES:
                    raise PlexError(400, f"a {leaf.type} cannot be in a playlist")
            out += leaves
        return out

    def add(self, pl: Item, rks: list[int]) -> None:
        if pl.extra.get("smart"):
            raise PlexError(400, "cannot add items to a smart playlist")
        for leaf in self._leaves_for(rks):
            pl.extra["entries"].append([self.store.next_id("piid"), leaf.rk])
        self.touch(pl)

    def update_filters(self, pl: Item, uri_text: str) -> None:
        uri = parse_uri(uri_text)
        if not pl.extra.get("smart"):
            if uri.smart:
                raise PlexError(400, "cannot set a smart filter on a regular playlist")
            self.add(pl, uri.rks)
            return
        if not uri.smart or uri.section not in self.store.sections:
            raise PlexError(400, "a smart playlist needs a section uri")
        filters.parse(self.store, uri.section, uri.query)
        pl.extra["content"] = uri_text
        pl.extra["sectionID"] = uri.section
        self.touch(pl)

    def remove(self, pl: Item, piid: int) -> None:
        if pl.extra.get("smart"):
            raise PlexError(400, "cannot remove items from a smart playlist")
        entries = pl.extra["entries"]
        match = next((e for e in entries if e[0] == piid), None)
        if match is None:
            raise PlexError(404, f"no playlist item {piid}")
        entries.remove(match)
        self.touch(pl)

    def move(self, pl: Item, piid: int, after: int | None) -> None:
        if pl.extra.get("smart"):
            raise PlexError(400, "cannot move items in a smart playlist")
        entries = pl.extra["entries"]
        match = next((e for e in entries if e[0] == piid), None)
        if match is None:
            raise PlexError(404, f"no playlist item {piid}")
        if after is not None and not any(e[0] == after for e in entries if e is not match):
            raise PlexError(404, f"no playlist item {after}")
        entries.remove(match)
        if after is None:
            entries.insert(0, match)
        else:
            anchor = next(i for i, e in enumerate(entries) if e[0] == after)
            entries.insert(anchor + 1, match)
        self.touch(pl)

    def forget(self, rks: set[int]) -> None:
        """Drop deleted items from every regular playlist."""
        for pl in self.all():
            entries = pl.extra.get("entries", [])
            kept = [e for e in entries if e[1] not in rks]
            if len(kept) != len(entries):
                pl.extra["entries"] = kept
                self.touch(pl)

    def touch(self, pl: Item) -> None:
        pl.attrs["updatedAt"] = max(int(time.time()), int(pl.attrs.get("updatedAt", 0)))
        self.store.save(pl)

    def xml(self, pl: Item) -> str:
        a, ex = pl.attrs, pl.extra
        entries = self.entries(pl)
        duration = sum(int(i.attrs.get("duration", 0)) for _p, i in entries)
        composite = a.get("thumb") or f"/playlists/{pl.rk}/composite/{a['updatedAt']}"
        pairs: list[tuple[str, Any]] = [
            ("ratingKey", pl.rk), ("key", f"/playlists/{pl.rk}/items"), ("guid", a.get("guid")), ("type", "playlist"),
            ("title", a.get("title")), ("titleSort", a.get("titleSort")), ("summary", a.get("summary", "")),
            ("smart", 1 if ex.get("smart") else 0), ("playlistType", ex.get("playlistType")),
            ("composite", composite), ("thumb", a.get("thumb")), ("art", a.get("art")), ("icon", "playlist://image.smart" if ex.get("smart") else None),
            ("leafCount", len(entries)), ("duration", duration),
            ("allowSync", 1), ("addedAt", a.get("addedAt")), ("updatedAt", a.get("updatedAt")),
        ]
        if ex.get("smart"):
            pairs += section_pairs(self.store, ex["sectionID"])[:3]
            pairs.append(("content", ex["content"]))
        kids = "".join(element("Field", [("locked", 1), ("name", f)]) for f in pl.locked)
        return element("Playlist", pairs, kids)
