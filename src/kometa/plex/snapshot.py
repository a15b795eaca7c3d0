"""Read a library once: its items with the fields builders and filters need, and its collections.

A :class:`Snapshot` is built from one paged listing of the section's items
(``GET /library/sections/SID/all?type=T``, asked for in one big page) and one listing of its
collections (``type=18``). Everything after that — plex_search conditions, filters, sorting,
collection membership — is evaluated against this in-memory picture, so a run costs a fixed
number of reads per library however many collections it manages.

Items are parsed straight from the XML (not through plexapi objects), so touching a missing
attribute never triggers plexapi's per-item reload.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from xml.etree.ElementTree import Element

from kometa.plex.failures import retry_read

PAGE_SIZE = 20000
TYPE_NUMBERS = {"movie": 1, "show": 2, "season": 3, "episode": 4, "artist": 8, "album": 9, "track": 10,
                "collection": 18}
#: XML child element -> our tag attribute name
TAG_ELEMENTS = {"Genre": "genre", "Label": "label", "Collection": "collection", "Director": "director",
                "Writer": "writer", "Producer": "producer", "Role": "actor", "Country": "country",
                "Mood": "mood", "Style": "style", "Similar": "similar"}


class Reader(Protocol):
    """The part of a plexapi ``PlexServer`` the snapshot uses."""

    def query(self, key: str, method: Any = None, headers: Any = None, params: Any = None,
              timeout: Any = None, **kwargs: Any) -> Element | None: ...


@dataclass(frozen=True)
class Item:
    """One library item as builders and filters see it: canonical attribute name -> value."""

    rating_key: int
    type: str
    values: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.values.get("title") or "")

    def get(self, attr: str) -> Any:
        return self.values.get(attr)

    def tags(self, attr: str) -> tuple[str, ...]:
        value = self.values.get(attr)
        return value if isinstance(value, tuple) else ()


@dataclass(frozen=True)
class CollectionInfo:
    """A collection as the collections listing shows it."""

    rating_key: int
    title: str
    smart: bool
    labels: tuple[str, ...] = ()
    content: str | None = None  # smart filter uri as stored
    summary: str = ""
    title_sort: str | None = None
    mode: int = -1  # collectionMode
    sort: int = 0  # collectionSort
    child_count: int = 0
    thumb: str | None = None
    subtype: str | None = None
    content_rating: str | None = None
    filter_user: int = 0  # collectionFilterBasedOnUser: smart collections filtered by the viewing user


@dataclass
class Snapshot:
    """Everything a run needs to know about one library section, read once."""

    section_id: int
    section_title: str
    section_type: str  # movie | show | artist
    machine_id: str
    items: dict[int, Item] = field(default_factory=dict)
    collections: list[CollectionInfo] = field(default_factory=list)
    episodes: dict[int, list[Item]] | None = None  # show rating key -> its episodes (read on demand)
    levels: dict[str, Any] = field(default_factory=dict, repr=False)  # level views read on demand (plex/levels.py)
    _members: dict[str, list[int]] | None = field(default=None, repr=False)

    @property
    def library_type(self) -> str:
        """The section's top level (movie, show, artist), whatever level the items are at."""
        return {"movie": "movie", "show": "show", "artist": "artist"}.get(self.section_type, self.section_type)

    @property
    def item_type(self) -> str:
        """The type of :attr:`items`: the library type, or a level view's level (see plex/levels.py)."""
        return self.library_type

    @property
    def level(self) -> str | None:
        """season/episode/album/track for a level view of the library (plex/levels.py), else None."""
        return None

    @property
    def type_number(self) -> int:
        return TYPE_NUMBERS[self.item_type]

    def ordered(self) -> list[Item]:
        return list(self.items.values())

    def tag_values(self, attr: str) -> dict[str, str]:
        """Every value of a tag attribute in use: lower-case -> as written in Plex."""
        found: dict[str, str] = {}
        for item in self.items.values():
            value = item.values.get(attr)
            if isinstance(value, tuple):
                for tag in value:
                    found.setdefault(str(tag).lower(), str(tag))
            elif value is not None and value != "":
                found.setdefault(str(value).lower(), str(value))
        return found

    def members_by_tag(self, title: str) -> list[int]:
        """Rating keys of items carrying the collection tag ``title`` (regular collections)."""
        if self._members is None:
            index: dict[str, list[int]] = {}
            for rk, item in self.items.items():
                for tag in item.tags("collection"):
                    index.setdefault(tag.lower(), []).append(rk)
            self._members = index
        return list(self._members.get(title.lower(), ()))

    def add_tag(self, rating_key: int, attr: str, tag: str) -> None:
        """Record a tag we added in Plex, so later definitions see it."""
        item = self.items.get(rating_key)
        if item is not None and all(t.lower() != tag.lower() for t in item.tags(attr)):
            item.values[attr] = (*item.tags(attr), tag)
            self._derived(item, attr)
            if attr == "collection" and self._members is not None:  # keep the index (rebuilding costs a scan)
                self._members.setdefault(tag.lower(), []).append(rating_key)

    def remove_tag(self, rating_key: int, attr: str, tag: str) -> None:
        item = self.items.get(rating_key)
        if item is not None:
            had = any(t.lower() == tag.lower() for t in item.tags(attr))
            item.values[attr] = tuple(t for t in item.tags(attr) if t.lower() != tag.lower())
            self._derived(item, attr)
            if attr == "collection" and had and self._members is not None:
                members = self._members.get(tag.lower(), [])
                if rating_key in members:
                    members.remove(rating_key)

    def _derived(self, item: Item, attr: str) -> None:
        """Keep what :func:`parse_item` derives from a tag list in step with it."""
        if attr == "collection":
            item.values["has_collection"] = bool(item.values["collection"])
        elif attr == "label":
            item.values["has_overlay"] = _has_overlay(item.values["label"])

    def collection_named(self, title: str) -> list[CollectionInfo]:
        return [c for c in self.collections if c.title.lower() == title.lower()]


def _int(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _epoch(value: str | None) -> datetime | None:
    number = _int(value)
    return datetime.fromtimestamp(number, UTC) if number is not None else None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _has_overlay(labels: tuple[str, ...]) -> bool:
    return any(t.lower() == "overlay" or t.lower().endswith(" overlay") for t in labels)


def parse_item(elem: Element) -> Item:
    """Turn a listing ``<Video>``/``<Directory>`` element into an :class:`Item`."""
    a = elem.attrib
    duration = _int(a.get("duration"))
    values: dict[str, Any] = {
        "title": a.get("title", ""),
        "title_sort": a.get("titleSort") or a.get("title", ""),
        "original_title": a.get("originalTitle"),
        "summary": a.get("summary"),
        "tagline": a.get("tagline"),
        "studio": a.get("studio"),
        "network": a.get("network"),
        "content_rating": a.get("contentRating"),
        "edition": a.get("editionTitle"),
        "year": _int(a.get("year")),
        "release": _date(a.get("originallyAvailableAt")),
        "added": _epoch(a.get("addedAt")),
        "last_played": _epoch(a.get("lastViewedAt")),
        "plays": _int(a.get("viewCount")) or 0,
        "progress_ms": _int(a.get("viewOffset")) or 0,
        "critic_rating": _float(a.get("rating")),
        "audience_rating": _float(a.get("audienceRating")),
        "user_rating": _float(a.get("userRating")),
        "duration": duration / 60000 if duration is not None else None,
        "leaf_count": _int(a.get("leafCount")),
        "viewed_leaf_count": _int(a.get("viewedLeafCount")),
        "index": _int(a.get("index")),
        "parent_index": _int(a.get("parentIndex")),  # a season's show index; an episode's season; a track's disc
        "thumb": a.get("thumb"),  # the poster's URL: changes when a poster is uploaded or chosen (overlays)
        "guid": a.get("guid"),  # the agent guid (plex://..., or a legacy com.plexapp.agents... one)
    }
    if values["year"] is not None:
        values["decade"] = values["year"] // 10 * 10
    tags: dict[str, list[str]] = {}
    resolutions: list[str] = []
    heights: list[float] = []
    widths: list[float] = []
    bitrates: list[float] = []
    channels: list[float] = []
    aspects: list[float] = []
    audio_codecs: list[str] = []
    video_codecs: list[str] = []
    files: list[str] = []
    locations: list[str] = []
    guids: list[str] = []
    versions = 0
    locked: list[str] = []
    ratings: dict[str, float] = {}  # Plex's <Rating image="imdb://image.rating" value=..> children
    for child in elem:
        kind = TAG_ELEMENTS.get(child.tag)
        if kind is not None:
            tag = child.attrib.get("tag")
            if tag is not None:
                tags.setdefault(kind, []).append(tag)
        elif child.tag == "Field":
            if child.attrib.get("locked") == "1" and child.attrib.get("name"):
                locked.append(child.attrib["name"])
        elif child.tag == "Rating":
            number = _float(child.attrib.get("value"))
            if number is not None and child.attrib.get("image"):
                ratings.setdefault(child.attrib["image"], number)
        elif child.tag == "Guid":  # with includeGuids=1: imdb://tt..., tmdb://..., tvdb://...
            if child.attrib.get("id"):
                guids.append(child.attrib["id"])
        elif child.tag == "Location" and child.attrib.get("path"):  # shows and artists: their folder
            locations.append(child.attrib["path"])
        elif child.tag == "Media":
            versions += 1
            m = child.attrib
            if m.get("videoResolution"):
                resolutions.append(m["videoResolution"].lower())
            for source, target, conv in (("height", heights, _int), ("width", widths, _int),
                                         ("bitrate", bitrates, _int), ("audioChannels", channels, _int),
                                         ("aspectRatio", aspects, _float)):
                number = conv(m.get(source))
                if number is not None:
                    target.append(number)
            if m.get("audioCodec"):
                audio_codecs.append(m["audioCodec"])
            if m.get("videoCodec"):
                video_codecs.append(m["videoCodec"])
            for part in child:
                if part.tag == "Part" and part.attrib.get("file"):
                    files.append(part.attrib["file"])
    for kind in TAG_ELEMENTS.values():
        values[kind] = tuple(tags.get(kind, ()))
    values["resolution"] = tuple(dict.fromkeys(resolutions))
    values["height"] = max(heights) if heights else None
    values["width"] = max(widths) if widths else None
    values["bitrate"] = max(bitrates) if bitrates else None
    values["bitrates"] = tuple(bitrates)  # each version's, in Plex's order (overlay text: first/highest/lowest)
    values["channels"] = max(channels) if channels else None
    values["aspect"] = max(aspects) if aspects else None
    values["audio_codec"] = tuple(dict.fromkeys(audio_codecs))
    values["video_codec"] = tuple(dict.fromkeys(video_codecs))
    values["filepath"] = tuple(files)
    values["folder"] = tuple(dict.fromkeys([*locations, *(f.replace("\\", "/").rsplit("/", 1)[0] for f in files)]))
    values["guids"] = tuple(guids)
    values["versions"] = versions
    values["duplicate"] = versions > 1
    if elem.attrib.get("type") == "show":
        leaves = values["leaf_count"] or 0
        viewed = values["viewed_leaf_count"] or 0
        values["unplayed"] = viewed < leaves  # like Plex: some episode is unwatched
        values["progress"] = None  # needs episodes: Plex evaluates it
    else:
        values["unplayed"] = values["plays"] == 0
        values["progress"] = values["progress_ms"] > 0
    values["locked_fields"] = tuple(locked)
    for image, rating in (("ratingImage", "rating"), ("audienceRatingImage", "audienceRating")):
        number = _float(a.get(rating))
        if a.get(image) and number is not None:
            ratings.setdefault(a[image], number)
    values["plex_ratings"] = ratings
    values["thumb"] = a.get("thumb")
    values["art"] = a.get("art")
    values["has_collection"] = bool(values["collection"])
    values["has_edition"] = bool(values["edition"])
    values["has_overlay"] = _has_overlay(values["label"])
    return Item(int(elem.attrib["ratingKey"]), elem.attrib.get("type", ""), values)


def parse_collection(elem: Element) -> CollectionInfo:
    a = elem.attrib
    labels = tuple(c.attrib.get("tag", "") for c in elem if c.tag == "Label")
    return CollectionInfo(
        rating_key=int(a["ratingKey"]), title=a.get("title", ""), smart=a.get("smart") == "1", labels=labels,
        content=a.get("content"), summary=a.get("summary", ""), title_sort=a.get("titleSort"),
        mode=_int(a.get("collectionMode")) if a.get("collectionMode") is not None else -1,  # type: ignore[arg-type]
        sort=_int(a.get("collectionSort")) or 0, child_count=_int(a.get("childCount")) or 0,
        thumb=a.get("thumb"), subtype=a.get("subtype"), content_rating=a.get("contentRating"),
        filter_user=_int(a.get("collectionFilterBasedOnUser")) or 0)


def list_all(reader: Reader, key: str, params: Mapping[str, Any] | None = None,
             page_size: int = PAGE_SIZE) -> Iterator[Element]:
    """Every child of a paged listing, asking for big pages (usually one request)."""
    start = 0
    while True:
        headers = {"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(page_size)}
        data = retry_read(lambda h=headers: reader.query(key, headers=h, params=dict(params or {})),  # type: ignore[misc]
                          f"reading {key}")
        if data is None:
            return
        children = list(data)
        yield from children
        total = _int(data.attrib.get("totalSize")) or _int(data.attrib.get("size")) or len(children)
        start += len(children)
        if not children or start >= total:
            return


def read_choices(reader: Reader, section_id: int, name: str) -> dict[str, str]:
    """A section's values of one filter (``audioLanguage``, ``subtitleLanguage``, ...) as Plex lists
    them for its filter menus: key (what a search sends, e.g. ``fra``) -> title (``French``).
    ``year?type=4``: the filter of another level (the years of a show library's episodes)."""
    path, _, query = name.partition("?")
    params = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
    return {str(e.attrib["key"]): str(e.attrib.get("title") or e.attrib["key"])
            for e in list_all(reader, f"/library/sections/{section_id}/{path}", params) if e.attrib.get("key")}


def read_snapshot(reader: Reader, section_id: int, section_title: str, section_type: str,
                  machine_id: str) -> Snapshot:
    """Read a section's items and collections: two listings."""
    snap = Snapshot(section_id, section_title, section_type, machine_id)
    type_number = TYPE_NUMBERS.get(snap.item_type, 1)
    for elem in list_all(reader, f"/library/sections/{section_id}/all", {"type": type_number,
                                                                               "includeGuids": 1}):
        if "ratingKey" in elem.attrib:
            item = parse_item(elem)
            snap.items[item.rating_key] = item
    snap.collections = read_collections(reader, section_id)
    return snap


def read_collections(reader: Reader, section_id: int) -> list[CollectionInfo]:
    return [parse_collection(e) for e in list_all(reader, f"/library/sections/{section_id}/all", {"type": 18})
            if "ratingKey" in e.attrib]


def read_children(reader: Reader, key: str) -> list[Element]:
    """Members of a collection (``/library/collections/RK/children``) or a playlist's items."""
    return list(list_all(reader, key))


def rating_keys(elements: Iterable[Element]) -> list[int]:
    return [int(e.attrib["ratingKey"]) for e in elements if "ratingKey" in e.attrib]


def read_episodes(reader: Reader, snapshot: Snapshot) -> dict[int, list[Item]]:
    """Episodes of a show library grouped by show, in season/episode order: one listing, on demand."""
    if snapshot.episodes is None:
        grouped: dict[int, list[tuple[int, int, Item]]] = {}
        for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 4}):
            if "ratingKey" not in elem.attrib:
                continue
            item = parse_item(elem)
            show = _int(elem.attrib.get("grandparentRatingKey")) or 0
            season = _int(elem.attrib.get("parentIndex")) or 0
            item.values["show_key"], item.values["season_number"] = show, season
            grouped.setdefault(show, []).append((season, item.get("index") or 0, item))
        snapshot.episodes = {show: [e[2] for e in sorted(eps, key=lambda e: (e[0], e[1]))]
                             for show, eps in grouped.items()}
    return snapshot.episodes
