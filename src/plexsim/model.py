"""In-memory object model shared by the store, serialiser and filter engine.

Every library object (movie, show, season, episode, collection, playlist) is one :class:`Item`
with a ratingKey from a single sequence. Scalars live in ``attrs`` (Python values, converted to
Plex wire format only when serialised); tags are ordered lists of global tag ids per kind.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: plexapi search type numbers.
SEARCH_TYPES = {
    "movie": 1, "show": 2, "season": 3, "episode": 4, "artist": 8, "album": 9, "track": 10,
    "photo": 13, "photoalbum": 14, "playlist": 15, "collection": 18,
}
TYPE_NAMES = {v: k for k, v in SEARCH_TYPES.items()}

#: tag kind -> (tagType number, XML element name)
TAG_KINDS: dict[str, tuple[int, str]] = {
    "genre": (1, "Genre"), "collection": (2, "Collection"), "director": (4, "Director"),
    "writer": (5, "Writer"), "role": (6, "Role"), "producer": (7, "Producer"),
    "country": (8, "Country"), "label": (11, "Label"), "mood": (300, "Mood"),
    "style": (301, "Style"), "similar": (305, "Similar"), "tag": (10, "Tag"),
}
#: filter / edit names that differ from the stored kind
KIND_ALIASES = {"actor": "role", "role": "role"}

#: what a section of a given type contains, outermost first
SECTION_LEVELS = {"movie": ["movie"], "show": ["show", "season", "episode"], "artist": ["artist", "album", "track"],
                  "photo": ["photoalbum", "photo"]}
#: item types that hold other items (navigated with .../children) and the playable/viewable leaves
CONTAINER_TYPES = ("show", "season", "artist", "album", "photoalbum")
LEAF_TYPES = ("movie", "episode", "track", "photo")
#: wire ``type`` where it differs from the stored type (a photo album is a ``Directory type="photo"``)
WIRE_TYPES = {"photoalbum": "photo"}


def tag_kind(name: str) -> str | None:
    """Map a filter/edit field name (``genre``, ``actor``...) to a stored tag kind."""
    name = KIND_ALIASES.get(name, name)
    return name if name in TAG_KINDS else None


@dataclass(slots=True, eq=False)
class Item:
    rk: int
    type: str
    section: int
    parent: int | None = None
    index: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, list[int]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # str(tag id) -> role name
    guids: list[str] = field(default_factory=list)
    media: list[dict[str, Any]] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)
    images: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    prefs: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ITEM_FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(**data)


ITEM_FIELDS = tuple(Item.__dataclass_fields__)


@dataclass(slots=True)
class Tag:
    id: int
    kind: str
    tag: str
    thumb: str | None = None


@dataclass(slots=True)
class Section:
    id: int
    type: str  # movie | show
    title: str
    agent: str
    scanner: str
    language: str
    uuid: str
    location: str
    created_at: int
    updated_at: int
    prefs: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
