"""Regular and smart collections: creation, membership, order, preferences, XML.

A regular collection owns a ``Collection`` tag (its ``index``); members carry that tag and the
collection keeps their custom order in ``extra["order"]``. Smart collections store the once-decoded
``content`` uri and are evaluated with :mod:`plexsim.filters` on every read.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from . import filters
from .http import PlexError, page, param, xml
from .model import TYPE_NAMES, Item
from .uris import parse_uri
from .xml import container, element, library_item, section_pairs

if TYPE_CHECKING:
    from .app import Sim

MODE_ENUM = "-1:Library default|0:Hide collection|1:Hide items in this collection|2:Show this collection and its items"
SORT_ENUM = "0:Release date|1:Alphabetical|2:Custom"
USER_ENUM = "0:Admin|1:User"


class Collections:
    def __init__(self, sim: Sim) -> None:
        self.sim = sim
        self.store = sim.store

    # -- queries -----------------------------------------------------------------------------
    def in_section(self, sid: int) -> list[Item]:
        return self.store.section_items(sid, "collection")

    def by_tag(self, tid: int) -> Item | None:
        for item in self.store.by_type["collection"].values():
            if item.extra.get("tag") == tid:
                return item
        return None

    def members(self, coll: Item) -> list[Item]:
        store = self.store
        ex = coll.extra
        if ex.get("smart"):
            uri = parse_uri(ex["content"])
            if uri.section not in store.sections:
                return []
            from .routes_library import search
            return search(self.sim, uri.section, uri.query)
        items = [store.items[rk] for rk in ex.get("order", []) if rk in store.items]
        sort = int(ex.get("collectionSort", 0))
        if sort == 1:
            return filters.order(store, items, [("titleSort", "asc")], "movie")
        if sort == 0:
            return filters.order(store, items, [("originallyAvailableAt", "asc"), ("titleSort", "asc")], "movie")
        return items

    # -- mutations ---------------------------------------------------------------------------
    def create(self, sid: int, title: str, smart: bool, type_num: int, uri_text: str) -> Item:
        store = self.store
        if sid not in store.sections:
            raise PlexError(400, f"no library section {sid}")
        subtype = TYPE_NAMES.get(type_num)
        if subtype not in ("movie", "show", "season", "episode", "artist", "album", "track"):
            raise PlexError(400, f"invalid collection type {type_num}")
        uri = parse_uri(uri_text)
        if smart != uri.smart:
            raise PlexError(400, "smart=1 needs a section uri; smart=0 needs a metadata uri")
        if smart and uri.section != sid:
            raise PlexError(400, "smart uri points at another section")
        if smart:
            filters.parse(store, sid, uri.query)  # validate now: 400 on bad filters
        else:
            self._members_for(sid, uri.rks)  # validate before creating anything
        coll = self._new(sid, title, subtype, smart)
        if smart:
            coll.extra["content"] = uri_text
            store.save(coll)
        else:
            self.add_items(coll, uri.rks)
        return coll

    def _new(self, sid: int, title: str, subtype: str, smart: bool) -> Item:
        store = self.store
        tid = None
        if not smart:  # each regular collection owns a Collection tag; reuse an unowned one of that name
            tid = store.find_tag("collection", title)
            if tid is None or self.by_tag(tid) is not None:
                tid = store.new_tag("collection", title)
        now = int(time.time())
        coll = Item(rk=store.next_id("rk"), type="collection", section=sid)
        coll.attrs.update(title=title, summary="", guid=f"collection://{uuid.uuid4()}", addedAt=now, updatedAt=now)
        coll.extra.update(subtype=subtype, smart=smart, order=[], tag=tid)
        return store.add(coll)

    def tag_for(self, sid: int, name: str, subtype: str) -> int:
        """Tag id of the regular collection titled ``name`` in section ``sid``, created if missing."""
        for coll in self.in_section(sid):
            if not coll.extra.get("smart") and str(coll.attrs.get("title", "")).lower() == name.lower():
                return int(coll.extra["tag"])
        return int(self._new(sid, name, subtype, False).extra["tag"])

    def _members_for(self, sid: int, rks: list[int]) -> list[Item]:
        items = []
        for rk in rks:
            item = self.store.get(rk)
            if item is None:
                raise PlexError(404, f"no item {rk}")
            if item.section != sid or item.type in ("collection", "playlist"):
                raise PlexError(400, f"item {rk} cannot join a collection of section {sid}")
            items.append(item)
        if len({i.type for i in items}) > 1:
            raise PlexError(400, "mixed item types in one collection")
        return items

    def add_items(self, coll: Item, rks: list[int]) -> None:
        store = self.store
        items = self._members_for(coll.section, rks)
        if items and items[0].type != coll.extra["subtype"] and coll.extra["order"]:
            raise PlexError(400, f"collection holds {coll.extra['subtype']} items, not {items[0].type}")
        if items and not coll.extra["order"]:
            coll.extra["subtype"] = items[0].type
        tid = coll.extra["tag"]
        for item in items:
            ids = item.tags.setdefault("collection", [])
            if tid not in ids:  # joining a collection is a tag change: the item's updatedAt stays
                ids.append(tid)
                store.save(item)
            if item.rk not in coll.extra["order"]:
                coll.extra["order"].append(item.rk)
        self.touch(coll)

    def tag_changed(self, item: Item, tid: int, added: bool) -> None:
        """An item gained/lost a Collection tag through a field edit: keep the collection in step."""
        coll = self.by_tag(tid)
        if coll is None:
            return
        order = coll.extra["order"]
        if added and item.rk not in order:
            order.append(item.rk)
        elif not added and item.rk in order:
            order.remove(item.rk)
        self.touch(coll)

    def remove_item(self, coll: Item, rk: int) -> None:
        if coll.extra.get("smart"):
            raise PlexError(400, "cannot remove items from a smart collection")
        item = self.store.get(rk)
        if item is None or rk not in coll.extra["order"]:
            raise PlexError(404, f"item {rk} is not in collection {coll.rk}")
        coll.extra["order"].remove(rk)
        ids = item.tags.get("collection", [])
        if coll.extra["tag"] in ids:
            ids.remove(coll.extra["tag"])
            self.store.save(item)
        self.touch(coll)

    def move(self, coll: Item, rk: int, after: int | None) -> None:
        if coll.extra.get("smart"):
            raise PlexError(400, "cannot move items in a smart collection")
        current = [i.rk for i in self.members(coll)]
        if rk not in current or (after is not None and after not in current):
            raise PlexError(404, "item is not in the collection")
        current.remove(rk)
        current.insert(0 if after is None else current.index(after) + 1, rk)
        coll.extra["order"] = current
        coll.extra["collectionSort"] = 2
        self.touch(coll)

    def update_filters(self, coll: Item, uri_text: str) -> None:
        uri = parse_uri(uri_text)
        if not coll.extra.get("smart"):
            if uri.smart:
                raise PlexError(400, "cannot set a smart filter on a regular collection")
            self.add_items(coll, uri.rks)
            return
        if not uri.smart or uri.section != coll.section:
            raise PlexError(400, "a smart collection needs a uri of its own section")
        filters.parse(self.store, coll.section, uri.query)
        coll.extra["content"] = uri_text
        self.touch(coll)

    def set_prefs(self, coll: Item, prefs: list[tuple[str, str]]) -> None:
        allowed = {"collectionMode": ("-1", "0", "1", "2"), "collectionSort": ("0", "1", "2"),
                   "collectionFilterBasedOnUser": ("0", "1")}
        changes = {}
        for key, value in prefs:
            if key.startswith("X-Plex-"):
                continue
            if key not in allowed:
                raise PlexError(400, f"unknown collection preference {key!r}")
            if value not in allowed[key]:
                raise PlexError(400, f"invalid value {value!r} for {key}")
            changes[key] = int(value)
        coll.extra.update(changes)
        self.touch(coll)

    def delete(self, coll: Item) -> None:
        tid = coll.extra.get("tag")
        if tid is not None:
            for rk in coll.extra.get("order", []):
                item = self.store.get(rk)
                if item is not None and tid in item.tags.get("collection", []):
                    item.tags["collection"].remove(tid)
                    self.store.save(item)
        self.sim.hubs_forget(coll)
        self.store.remove(coll.rk)

    def touch(self, coll: Item) -> None:
        coll.attrs["updatedAt"] = int(time.time())
        self.store.save(coll)

    # -- XML -----------------------------------------------------------------------------------
    def xml(self, coll: Item, prefs: bool = False) -> str:
        store = self.store
        a, ex = coll.attrs, coll.extra
        members = self.members(coll)
        years = [m.attrs["year"] for m in members if m.attrs.get("year")]
        thumb = a.get("thumb") or f"/library/collections/{coll.rk}/composite/{a['updatedAt']}?width=400&height=600"
        pairs: list[tuple[str, Any]] = [
            ("ratingKey", coll.rk), ("key", f"/library/collections/{coll.rk}/children"), ("guid", a.get("guid")),
            ("type", "collection"), ("title", a.get("title")), ("titleSort", a.get("titleSort")),
            ("subtype", ex.get("subtype")), ("smart", 1 if ex.get("smart") else 0), ("childCount", len(members)),
            ("index", ex.get("tag")), *section_pairs(store, coll.section)[:3], ("summary", a.get("summary", "")),
            ("contentRating", a.get("contentRating")), ("collectionMode", ex.get("collectionMode")),
            ("collectionSort", ex.get("collectionSort")),
            ("collectionFilterBasedOnUser", ex.get("collectionFilterBasedOnUser")),
            ("minYear", min(years) if years else None), ("maxYear", max(years) if years else None),
            ("ratingCount", sum(1 for m in members if m.attrs.get("rating") is not None)),
            ("rating", a.get("rating")), ("audienceRating", a.get("audienceRating")),
            ("userRating", a.get("userRating")), ("addedAt", a.get("addedAt")), ("updatedAt", a.get("updatedAt")),
            ("thumb", thumb), ("art", a.get("art")), ("theme", a.get("theme")),
        ]
        if ex.get("smart"):
            pairs.append(("content", ex["content"]))
        kids = "".join(element("Label", [("id", t), ("filter", f"label={t}"), ("tag", store.tags[t].tag)])
                       for t in coll.tags.get("label", []) if t in store.tags)
        kids += "".join(element("Field", [("locked", 1), ("name", f)]) for f in coll.locked)
        if prefs:
            settings = [
                [("id", "collectionMode"), ("label", "Collection mode"), ("summary", ""), ("type", "int"),
                 ("default", -1), ("value", ex.get("collectionMode", -1)), ("hidden", 0), ("advanced", 0),
                 ("group", ""), ("enumValues", MODE_ENUM)],
                [("id", "collectionSort"), ("label", "Collection sort"), ("summary", ""), ("type", "int"),
                 ("default", 0), ("value", ex.get("collectionSort", 0)), ("hidden", 0), ("advanced", 0),
                 ("group", ""), ("enumValues", SORT_ENUM)],
            ]
            if ex.get("smart"):
                settings.append([("id", "collectionFilterBasedOnUser"), ("label", "Filter by user"),
                                 ("summary", ""), ("type", "int"), ("default", 0),
                                 ("value", ex.get("collectionFilterBasedOnUser", 0)), ("hidden", 0),
                                 ("advanced", 0), ("group", ""), ("enumValues", USER_ENUM)])
            kids += element("Preferences", [], "".join(element("Setting", s) for s in settings))
        return element("Directory", pairs, kids)

    def children_response(self, coll: Item, request: Request) -> Response:
        members = self.members(coll)
        chunk, info = page(members, request)
        guids = param(request, "includeGuids") == "1"
        head = [*info.items(), *section_pairs(self.store, coll.section)[:3], ("key", coll.rk),
                ("title1", coll.attrs.get("title")), ("viewGroup", coll.extra.get("subtype"))]
        return xml(container(head, [library_item(self.store, m, guids=guids) for m in chunk]))

