"""Seasons, episodes, albums and tracks of a library: a level view, read on demand.

A definition with ``builder_level: episode`` (or ``season``, ``album``, ``track``) is about the
items one level below (or two below) the library's own. :func:`level_view` reads that level with
**one** listing of the section (``/library/sections/SID/all?type=4``, not one request per show) the
first time a definition of the run asks for it, and gives a :class:`LevelSnapshot`: a
:class:`~kometa.plex.snapshot.Snapshot` whose items are the level's, whose collections are the
library's (one list, shared, so what one definition creates the next one sees), and which knows
each show's (artist's) items at that level, in Plex's order.
"""

from __future__ import annotations

from typing import Any

from kometa.plex.snapshot import TYPE_NUMBERS, CollectionInfo, Item, Reader, Snapshot, list_all, parse_item

#: library type -> the levels below it a collection can be made of
LEVELS = {"show": ("season", "episode"), "artist": ("album", "track")}


class LevelSnapshot(Snapshot):
    """One level of a library (seasons, episodes, albums or tracks) as a snapshot."""

    def __init__(self, base: Snapshot, level: str, items: dict[int, Item], under: dict[int, list[int]],
                 parents: dict[int, int] | None = None) -> None:
        # not Snapshot.__init__: its collections belong to the base snapshot (the property below)
        self.base = base
        self._level = level
        self.section_id, self.section_title = base.section_id, base.section_title
        self.section_type, self.machine_id = base.section_type, base.machine_id
        self.items = items
        self.under = under  # show/artist rating key -> its items at this level, in Plex's order
        self.parents = parents or {}  # item -> its parent's rating key (an episode's season, a track's album)
        self._children: dict[int, list[Item]] | None = None
        self.episodes = None
        self.levels = {}
        self._members = None

    @property
    def collections(self) -> list[CollectionInfo]:
        return self.base.collections

    @collections.setter
    def collections(self, value: list[CollectionInfo]) -> None:
        self.base.collections = value

    @property
    def item_type(self) -> str:
        return self._level

    @property
    def level(self) -> str | None:
        return self._level

    def children(self, key: int) -> list[Item]:
        """The items at this level under ``key``: a show's (artist's), or a season's (album's)."""
        if key in self.under:
            return [self.items[k] for k in self.under[key]]
        if self._children is None:
            self._children = {}
            for rk, parent in self.parents.items():
                self._children.setdefault(parent, []).append(self.items[rk])
        return self._children.get(key, [])

    def expand(self, keys: list[int]) -> list[int]:
        """Rating keys of the base level (shows, artists) -> their items at this level; keys already
        at this level stay."""
        out: list[int] = []
        for key in keys:
            if key in self.items:
                out.append(key)
            else:
                out.extend(self.under.get(key, ()))
        return out


def _top_key(elem: Any, level: str) -> int | None:
    """The show (artist) an element belongs to."""
    a = elem.attrib
    value = a.get("grandparentRatingKey") if level in ("episode", "track") else a.get("parentRatingKey")
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def parse_level_item(elem: Any, level: str) -> Item:
    """A level item with the titles of the show/season (artist/album) it belongs to."""
    item = parse_item(elem)
    a, v = elem.attrib, item.values
    title = item.title
    if level == "season":
        v["show_title"] = a.get("parentTitle")
        v["display"] = f"{v['show_title']} {title}"
    elif level == "episode":
        v["show_title"], v["season_title"] = a.get("grandparentTitle"), a.get("parentTitle")
        season, index = a.get("parentIndex", ""), a.get("index", "")
        v["season_index"] = int(season) if season.isdigit() else None
        code = f"S{int(season):02d}E{int(index):02d}" if season.isdigit() and index.isdigit() else ""
        v["display"] = " ".join(p for p in (v["show_title"], code, title) if p)
    if level in ("season", "episode"):  # what overlays' text variables and restores read
        v["parent_title"] = a.get("parentTitle")
        v["parent_rating_key"] = _int(a.get("parentRatingKey"))
        v["display_title"] = v["display"]
        if level == "season":
            v["season_number"] = v.get("index")
        else:
            v["grandparent_title"] = a.get("grandparentTitle")
            v["grandparent_rating_key"] = _int(a.get("grandparentRatingKey"))
            v["show_key"] = v["grandparent_rating_key"]  # as read_episodes gives it (operations' episode readers)
            v["season_number"] = v["season_index"]
            v["episode_number"] = v.get("index")
    if level == "album":
        v["artist_title"] = a.get("parentTitle")
        v["record_label"] = v.get("studio")  # Plex keeps an album's record label as its studio
        v["display"] = f"{v['artist_title']} - {title}"
    elif level == "track":
        v["artist_title"], v["album_title"] = a.get("grandparentTitle"), a.get("parentTitle")
        v["display"] = f"{v['artist_title']} - {v['album_title']} - {title}"
        v["grandparent_rating_key"] = _int(a.get("grandparentRatingKey"))  # the artist (overlays' runtimes)
    if level in ("album", "track"):  # how overlay messages name them; whose runtime a track adds to
        v["parent_rating_key"] = _int(a.get("parentRatingKey"))
        v["display_title"] = v["display"]
    return item


def level_view(reader: Reader, snapshot: Snapshot, level: str) -> LevelSnapshot:
    """The ``level`` of ``snapshot``'s library: one listing, the first time a run asks for it
    (kept in ``snapshot.levels``)."""
    if level not in LEVELS.get(snapshot.library_type, ()):
        raise ValueError(f"{level} is not a level of a {snapshot.library_type} library")
    cache = snapshot.levels
    if level not in cache:
        items: dict[int, Item] = {}
        under: dict[int, list[int]] = {}
        parents: dict[int, int] = {}
        key = f"/library/sections/{snapshot.section_id}/all"
        for elem in list_all(reader, key, {"type": TYPE_NUMBERS[level], "includeGuids": 1}):
            if "ratingKey" not in elem.attrib:
                continue
            item = parse_level_item(elem, level)
            items[item.rating_key] = item
            top = _top_key(elem, level)
            if top is not None:
                under.setdefault(top, []).append(item.rating_key)
            parent = elem.attrib.get("parentRatingKey", "")
            if level in ("episode", "track") and parent.isdigit():
                parents[item.rating_key] = int(parent)
        cache[level] = LevelSnapshot(snapshot, level, items, under, parents)
    view: LevelSnapshot = cache[level]
    return view
