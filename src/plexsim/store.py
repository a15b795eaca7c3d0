"""SQLite-backed state with an in-memory mirror.

SQLite (a file, or ``:memory:``) is the durable copy: every mutation is written through to it
before the request answers, and a server started on an existing ``--data`` directory loads its
state back. Reads are served from the in-memory mirror (dicts of :class:`~plexsim.model.Item`),
which keeps listings of 50,000 items fast. One re-entrant lock serialises all access.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .model import TAG_KINDS, Item, Section, Tag

SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (rk INTEGER PRIMARY KEY, type TEXT NOT NULL, section INTEGER,
                                    data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, tag TEXT NOT NULL,
                                 thumb TEXT);
CREATE TABLE IF NOT EXISTS sections (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (sha1 TEXT PRIMARY KEY, data BLOB NOT NULL);
"""


class Store:
    """All simulator state. Use ``with store.lock:`` around read-modify-write sequences."""

    def __init__(self, path: str | None = None) -> None:
        self.db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.lock = threading.RLock()
        self.items: dict[int, Item] = {}
        self.by_type: dict[str, dict[int, Item]] = defaultdict(dict)
        self.children: dict[int, list[int]] = defaultdict(list)
        self.sections: dict[int, Section] = {}
        self.tags: dict[int, Tag] = {}
        self._tag_lookup: dict[tuple[str, str], int] = {}
        self.meta: dict[str, Any] = {}
        self.version = 0  # bumped on every mutation; keys query-result caches
        self.xml_cache: dict[int, tuple[str, str, str]] = {}
        self._in_bulk = False
        self._dirty_meta: set[str] = set()
        #: called as ``observer(event, item)`` (event: created | updated | deleted) after each item
        #: mutation outside :meth:`bulk`; the notification websocket listens here
        self.observers: list[Callable[[str, Item], None]] = []
        self._load()

    # -- loading / persistence -------------------------------------------------------------
    def _load(self) -> None:
        for (data,) in self.db.execute("SELECT data FROM sections ORDER BY id"):
            sec = Section(**json.loads(data))
            self.sections[sec.id] = sec
        for tid, kind, tag, thumb in self.db.execute("SELECT id, kind, tag, thumb FROM tags"):
            self._index_tag(Tag(tid, kind, tag, thumb))
        for (data,) in self.db.execute("SELECT data FROM objects ORDER BY rk"):
            self._index(Item.from_json(json.loads(data)))
        for key, value in self.db.execute("SELECT key, value FROM meta"):
            self.meta[key] = json.loads(value)

    @property
    def empty(self) -> bool:
        return not self.sections

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Group many writes in one transaction (fixture generation)."""
        self.db.execute("BEGIN")
        self._in_bulk = True
        try:
            yield
        finally:
            self._in_bulk = False
            for key in sorted(self._dirty_meta):
                self.set_meta(key, self.meta[key])
            self._dirty_meta.clear()
            self.db.execute("COMMIT")

    def set_meta(self, key: str, value: Any) -> None:
        self.meta[key] = value
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value)))
        self.version += 1

    def next_id(self, name: str) -> int:
        key = "seq." + name
        value = int(self.meta.get(key, 0)) + 1
        self.meta[key] = value
        if self._in_bulk:
            self._dirty_meta.add(key)
        else:
            self.set_meta(key, value)
        return value

    def add_section(self, section: Section) -> None:
        self.sections[section.id] = section
        self.save_section(section)

    def save_section(self, section: Section) -> None:
        self.db.execute("INSERT OR REPLACE INTO sections (id, data) VALUES (?, ?)",
                        (section.id, json.dumps(section.to_json())))
        self.version += 1

    # -- items -----------------------------------------------------------------------------
    def _index(self, item: Item) -> None:
        self.items[item.rk] = item
        self.by_type[item.type][item.rk] = item
        if item.parent is not None:
            kids = self.children[item.parent]
            if item.rk not in kids:
                kids.append(item.rk)

    def add(self, item: Item) -> Item:
        self._index(item)
        self._write(item)
        self._notify("created", item)
        return item

    def save(self, item: Item) -> None:
        """Write an item through to SQLite and drop cached XML for it and its ancestors."""
        self._write(item)
        self._notify("updated", item)

    def _write(self, item: Item) -> None:
        self.db.execute("INSERT OR REPLACE INTO objects (rk, type, section, data) VALUES (?, ?, ?, ?)",
                        (item.rk, item.type, item.section, json.dumps(item.to_json())))
        self.touch(item)

    def _notify(self, event: str, item: Item) -> None:
        if self._in_bulk:
            return
        for observer in self.observers:
            observer(event, item)

    def touch(self, item: Item) -> None:
        """Invalidate cached XML of the item, its ancestors (derived counts) and its descendants
        (they repeat parent/grandparent titles)."""
        self.version += 1
        node: Item | None = item
        while node is not None:
            self.xml_cache.pop(node.rk, None)
            node = self.items.get(node.parent) if node.parent is not None else None
        stack = list(self.children.get(item.rk, ()))
        while stack:
            rk = stack.pop()
            self.xml_cache.pop(rk, None)
            stack.extend(self.children.get(rk, ()))

    def remove(self, rk: int) -> None:
        item = self.items.pop(rk, None)
        if item is None:
            return
        self.by_type[item.type].pop(rk, None)
        for child in list(self.children.pop(rk, [])):
            self.remove(child)
        if item.parent is not None and rk in self.children.get(item.parent, []):
            self.children[item.parent].remove(rk)
            parent = self.items.get(item.parent)
            if parent is not None:
                self.touch(parent)
        self.xml_cache.pop(rk, None)
        self.db.execute("DELETE FROM objects WHERE rk = ?", (rk,))
        self.version += 1
        self._notify("deleted", item)

    def get(self, rk: int) -> Item | None:
        return self.items.get(rk)

    def kids(self, rk: int) -> list[Item]:
        return [self.items[c] for c in self.children.get(rk, ())]

    def leaves(self, item: Item) -> list[Item]:
        """Episodes under a show or season (the item itself for a movie/episode)."""
        if item.type in ("movie", "episode", "track", "photo"):
            return [item]
        out: list[Item] = []
        for kid in self.kids(item.rk):
            out.extend(self.leaves(kid))
        return out

    def ancestor(self, item: Item, level: str) -> Item | None:
        node: Item | None = item
        while node is not None and node.type != level:
            node = self.items.get(node.parent) if node.parent is not None else None
        return node

    def section_items(self, sid: int, type_: str) -> list[Item]:
        return [i for i in self.by_type[type_].values() if i.section == sid]

    # -- tags ------------------------------------------------------------------------------
    def _index_tag(self, tag: Tag) -> None:
        self.tags[tag.id] = tag
        self._tag_lookup.setdefault((tag.kind, tag.tag.lower()), tag.id)

    def find_tag(self, kind: str, name: str) -> int | None:
        return self._tag_lookup.get((kind, name.lower()))

    def tag_id(self, kind: str, name: str, thumb: str | None = None) -> int:
        """Id of the tag ``name`` of ``kind``, created when missing."""
        assert kind in TAG_KINDS, kind
        tid = self._tag_lookup.get((kind, name.lower()))
        return self.new_tag(kind, name, thumb) if tid is None else tid

    def new_tag(self, kind: str, name: str, thumb: str | None = None) -> int:
        """A new tag row even when the name exists (each regular collection owns its own tag)."""
        tid = self.next_id("tag")
        self._index_tag(Tag(tid, kind, name, thumb))
        self.db.execute("INSERT INTO tags (id, kind, tag, thumb) VALUES (?, ?, ?, ?)", (tid, kind, name, thumb))
        return tid

    def rename_tag(self, tid: int, name: str) -> None:
        tag = self.tags[tid]
        old = (tag.kind, tag.tag.lower())
        if self._tag_lookup.get(old) == tid:
            del self._tag_lookup[old]
            other = next((t.id for t in self.tags.values() if (t.kind, t.tag.lower()) == old and t.id != tid), None)
            if other is not None:
                self._tag_lookup[old] = other
        tag.tag = name
        self._index_tag(tag)
        self.db.execute("UPDATE tags SET tag = ? WHERE id = ?", (name, tid))
        self.version += 1

    # -- blobs (uploaded images) -----------------------------------------------------------
    def put_blob(self, sha1: str, data: bytes) -> None:
        self.db.execute("INSERT OR IGNORE INTO blobs (sha1, data) VALUES (?, ?)", (sha1, data))

    def get_blob(self, sha1: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM blobs WHERE sha1 = ?", (sha1,)).fetchone()
        return bytes(row[0]) if row else None
