"""The searchable fields of each library type: their Plex field type and how to read them.

Shared by the filter engine (:mod:`plexsim.filters`) and the search metadata served to plexapi
(:mod:`plexsim.meta`), so what plexapi validates against is exactly what the server evaluates.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from typing import Any

from .model import Item
from .store import Store

Getter = Callable[[Store, Item], Any]


def _date(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return calendar.timegm(time.strptime(value, "%Y-%m-%d"))
    except ValueError:
        return None


def _attr(name: str) -> Getter:
    return lambda store, item: item.attrs.get(name)


def _tags(kind: str) -> Getter:
    def get(store: Store, item: Item) -> list[tuple[int, str]]:
        tags = store.tags
        return [(t, tags[t].tag) for t in item.tags.get(kind, ()) if t in tags]
    return get


def _streams(store: Store, item: Item, stream_type: int) -> list[str]:
    out = []
    for leaf in store.leaves(item):
        for m in leaf.media:
            for p in m["parts"]:
                out += [s.get("languageCode") for s in p["streams"] if s["streamType"] == stream_type]
    return [o for o in out if o]


def _resolutions(store: Store, item: Item) -> list[str]:
    return [str(m["videoResolution"]) for leaf in store.leaves(item) for m in leaf.media if m.get("videoResolution")]


def _video_streams(item: Item) -> list[dict[str, Any]]:
    return [s for m in item.media for p in m["parts"] for s in p["streams"] if s["streamType"] == 1]


def _hdr(store: Store, item: Item) -> bool:
    return any(s.get("colorTrc") in ("smpte2084", "arib-std-b67") or s.get("DOVIPresent")
               for leaf in store.leaves(item) for s in _video_streams(leaf))


def _dovi(store: Store, item: Item) -> bool:
    return any(s.get("DOVIPresent") for leaf in store.leaves(item) for s in _video_streams(leaf))


def _unwatched(store: Store, item: Item) -> bool:
    if item.type in ("show", "season"):
        return any(not e.attrs.get("viewCount") for e in store.leaves(item))
    return not item.attrs.get("viewCount")


def _unviewed_leaves(store: Store, item: Item) -> int:
    return sum(1 for e in store.leaves(item) if not e.attrs.get("viewCount"))


def _guid(store: Store, item: Item) -> list[str]:
    return [g for g in [item.attrs.get("guid"), *item.guids] if g]


def _decade(store: Store, item: Item) -> int | None:
    year = item.attrs.get("year")
    return None if year is None else year // 10 * 10




def _media_attr(name: str) -> Getter:
    return lambda store, item: item.media[0].get(name) if item.media else None


#: field name -> (field type, title, getter). Field types follow plexapi's FieldType names;
#: "tag" fields whose choices are plain values (contentRating, network) read a scalar attr.
COMMON: dict[str, tuple[str, str, Getter]] = {
    "title": ("string", "Title", _attr("title")),
    "titleSort": ("string", "Sort Title", lambda s, i: i.attrs.get("titleSort") or i.attrs.get("title")),
    "summary": ("string", "Summary", _attr("summary")),
    "addedAt": ("date", "Date Added", _attr("addedAt")),
    "updatedAt": ("date", "Date Updated", _attr("updatedAt")),
    "label": ("tag", "Label", _tags("label")),
    "id": ("integer", "Rating Key", lambda s, i: i.rk),
    "index": ("integer", "Index", lambda s, i: i.extra.get("tag") if i.type == "collection" else i.index),
    "guid": ("guid", "Guid", _guid),
    "group": ("string", "Group", lambda s, i: None),
    "having": ("string", "Having", lambda s, i: None),
}
VIDEO: dict[str, tuple[str, str, Getter]] = {
    "year": ("integer", "Year", _attr("year")),
    "decade": ("integer", "Decade", _decade),
    "studio": ("string", "Studio", _attr("studio")),
    "tagline": ("string", "Tagline", _attr("tagline")),
    "contentRating": ("tag", "Content Rating", _attr("contentRating")),
    "genre": ("tag", "Genre", _tags("genre")),
    "collection": ("tag", "Collection", _tags("collection")),
    "director": ("tag", "Director", _tags("director")),
    "actor": ("tag", "Actor", _tags("role")),
    "writer": ("tag", "Writer", _tags("writer")),
    "producer": ("tag", "Producer", _tags("producer")),
    "country": ("tag", "Country", _tags("country")),
    "viewCount": ("integer", "Plays", _attr("viewCount")),
    "userRating": ("integer", "User Rating", _attr("userRating")),
    "rating": ("integer", "Critic Rating", _attr("rating")),
    "audienceRating": ("integer", "Audience Rating", _attr("audienceRating")),
    "duration": ("integer", "Duration", _attr("duration")),
    "viewOffset": ("integer", "View Offset", _attr("viewOffset")),
    "originallyAvailableAt": ("date", "Release Date", lambda s, i: _date(i.attrs.get("originallyAvailableAt"))),
    "lastViewedAt": ("date", "Last Played", _attr("lastViewedAt")),
    "lastRatedAt": ("date", "Last Rated", _attr("lastRatedAt")),
    "unwatched": ("boolean", "Unplayed", _unwatched),
    "inProgress": ("boolean", "In Progress", lambda s, i: bool(i.attrs.get("viewOffset"))),
    "unmatched": ("boolean", "Unmatched", lambda s, i: not str(i.attrs.get("guid", "")).startswith("plex://")),
    "trash": ("boolean", "In Trash", lambda s, i: False),
    "hdr": ("boolean", "HDR", _hdr),
    "dovi": ("boolean", "Dolby Vision", _dovi),
}
LEAF: dict[str, tuple[str, str, Getter]] = {
    "resolution": ("resolution", "Resolution", _resolutions),
    "audioLanguage": ("audioLanguage", "Audio Language", lambda s, i: _streams(s, i, 2)),
    "subtitleLanguage": ("subtitleLanguage", "Subtitle Language", lambda s, i: _streams(s, i, 3)),
    "duplicate": ("boolean", "Duplicate", lambda s, i: len(i.media) > 1),
    "editionTitle": ("string", "Edition", _attr("editionTitle")),
}
SHOW_ONLY: dict[str, tuple[str, str, Getter]] = {
    "network": ("tag", "Network", _attr("network")),
    "unviewedLeafCount": ("integer", "Unplayed Episodes", _unviewed_leaves),
    "unwatchedLeaves": ("boolean", "Unplayed Episodes", _unwatched),
}
_MANUAL = ("rating", "audienceRating", "viewOffset", "duration", "lastRatedAt", "userRating")
COLLECTION: dict[str, tuple[str, str, Getter]] = {
    **COMMON,
    "contentRating": ("tag", "Content Rating", _attr("contentRating")),
    **{k: VIDEO[k] for k in _MANUAL},
}

_MUSIC_TAGS = {k: ("tag", k.title(), _tags(k)) for k in ("genre", "style", "mood", "collection", "country")}
_BASIC = {**{k: COMMON[k] for k in ("title", "titleSort", "addedAt", "updatedAt", "id", "index", "guid", "group",
                                    "having")}, "lastRatedAt": VIDEO["lastRatedAt"]}
FIELDS: dict[str, dict[str, tuple[str, str, Getter]]] = {
    "movie": {**COMMON, **VIDEO, **LEAF},
    "show": {**COMMON, **VIDEO, **SHOW_ONLY, "resolution": LEAF["resolution"],
             "audioLanguage": LEAF["audioLanguage"], "subtitleLanguage": LEAF["subtitleLanguage"]},
    "season": {**COMMON, **{k: VIDEO[k] for k in ("year", "unwatched", "viewCount", "userRating", "collection",
                                                  "lastViewedAt", "lastRatedAt", "hdr", "dovi", *_MANUAL)},
               "unviewedLeafCount": SHOW_ONLY["unviewedLeafCount"],
               "resolution": LEAF["resolution"]},
    "episode": {**COMMON, **VIDEO, **LEAF},
    "collection": COLLECTION,
    "artist": {**_BASIC, **{k: _MUSIC_TAGS[k] for k in ("genre", "style", "mood", "collection", "country")},
               "label": COMMON["label"]},
    "album": {**_BASIC, **{k: _MUSIC_TAGS[k] for k in ("genre", "style", "mood", "collection")},
              "label": COMMON["label"], "year": VIDEO["year"], "decade": VIDEO["decade"],
              "originallyAvailableAt": VIDEO["originallyAvailableAt"]},
    "track": {**_BASIC, "mood": _MUSIC_TAGS["mood"], "duration": VIDEO["duration"], "viewOffset": VIDEO["viewOffset"],
              "label": COMMON["label"], "ratingCount": ("integer", "Rating Count", _attr("ratingCount"))},
    "photoalbum": {**_BASIC},
    "photo": {**_BASIC, "tag": ("tag", "Tag", _tags("tag")), "year": VIDEO["year"],
              "originallyAvailableAt": VIDEO["originallyAvailableAt"]},
}

#: filters (with a choices endpoint) per type
FILTERS: dict[str, tuple[str, ...]] = {
    "movie": ("genre", "year", "decade", "contentRating", "collection", "director", "actor", "writer",
              "producer", "country", "studio", "resolution", "label", "audioLanguage", "subtitleLanguage",
              "editionTitle", "unwatched", "inProgress", "hdr", "dovi", "duplicate"),
    "show": ("genre", "year", "decade", "contentRating", "collection", "actor", "country", "studio",
             "network", "label", "resolution", "unwatchedLeaves"),
    "season": ("collection", "label", "year"),
    "episode": ("genre", "year", "decade", "contentRating", "collection", "director", "writer", "label",
                "resolution", "audioLanguage", "subtitleLanguage", "unwatched", "inProgress", "hdr", "dovi"),
    "collection": ("contentRating", "label"),
    "artist": ("genre", "style", "mood", "collection", "country"),
    "album": ("genre", "style", "mood", "collection", "label", "year", "decade"),
    "track": ("mood",),
    "photoalbum": (),
    "photo": ("tag", "year"),
}

# every tag-like field gets a Filter (plexapi resolves tag names through its choices endpoint)
for _level, _fields in FIELDS.items():
    _extra = [n for n, f in _fields.items()
              if f[0] in ("tag", "resolution", "audioLanguage", "subtitleLanguage") and n not in FILTERS[_level]]
    FILTERS[_level] = FILTERS[_level] + tuple(_extra)

#: sort key -> getter (unprefixed; prefixes are stripped before lookup)
SORTS: dict[str, Getter] = {
    "titleSort": lambda s, i: (i.attrs.get("titleSort") or i.attrs.get("title") or "").casefold(),
    "title": lambda s, i: (i.attrs.get("title") or "").casefold(),
    "year": _attr("year"),
    "originallyAvailableAt": _attr("originallyAvailableAt"),
    "rating": _attr("rating"),
    "audienceRating": _attr("audienceRating"),
    "userRating": _attr("userRating"),
    "contentRating": _attr("contentRating"),
    "duration": _attr("duration"),
    "viewOffset": _attr("viewOffset"),
    "viewCount": _attr("viewCount"),
    "lastViewedAt": _attr("lastViewedAt"),
    "lastRatedAt": _attr("lastRatedAt"),
    "addedAt": _attr("addedAt"),
    "updatedAt": _attr("updatedAt"),
    "mediaHeight": _media_attr("height"),
    "mediaBitrate": _media_attr("bitrate"),
    "guid": _attr("guid"),
    "id": lambda s, i: i.rk,
    "index": lambda s, i: i.index,
    "absoluteIndex": lambda s, i: i.index,
    "summary": _attr("summary"),
    "tagline": _attr("tagline"),
    "studio": _attr("studio"),
    "unviewedLeafCount": _unviewed_leaves,
    "editionTitle": _attr("editionTitle"),
    "random": lambda s, i: None,  # handled by the engine
}
SORT_TITLES = {
    "titleSort": ("Title", "asc"), "year": ("Year", "desc"), "originallyAvailableAt": ("Release Date", "desc"),
    "rating": ("Critic Rating", "desc"), "audienceRating": ("Audience Rating", "desc"),
    "userRating": ("Rating", "desc"), "contentRating": ("Content Rating", "asc"),
    "duration": ("Duration", "desc"), "viewOffset": ("Progress", "desc"), "viewCount": ("Plays", "desc"),
    "lastViewedAt": ("Last Played", "desc"), "addedAt": ("Date Added", "desc"),
    "mediaHeight": ("Resolution", "desc"), "mediaBitrate": ("Bitrate", "desc"), "random": ("Randomly", "asc"),
    "unviewedLeafCount": ("Unplayed", "desc"), "index": ("Index", "asc"), "title": ("Title", "asc"),
    "studio": ("Studio", "asc"), "lastRatedAt": ("Last Rated", "desc"), "editionTitle": ("Edition", "asc"),
}
TYPE_SORTS: dict[str, tuple[str, ...]] = {
    "movie": ("titleSort", "year", "originallyAvailableAt", "rating", "audienceRating", "userRating",
              "contentRating", "duration", "viewOffset", "viewCount", "lastViewedAt", "addedAt", "mediaHeight",
              "mediaBitrate", "random", "title", "studio", "lastRatedAt", "editionTitle"),
    "show": ("titleSort", "year", "originallyAvailableAt", "rating", "audienceRating", "userRating",
             "contentRating", "unviewedLeafCount", "lastViewedAt", "addedAt", "random", "title", "studio",
             "viewCount", "duration", "lastRatedAt"),
    "season": ("index", "titleSort", "addedAt", "year", "random", "title", "lastViewedAt", "viewCount"),
    "episode": ("titleSort", "year", "originallyAvailableAt", "rating", "audienceRating", "userRating",
                "contentRating", "duration", "viewOffset", "viewCount", "lastViewedAt", "addedAt",
                "mediaHeight", "mediaBitrate", "random", "title", "index", "lastRatedAt"),
    "collection": ("titleSort", "addedAt", "title", "random"),
    "artist": ("titleSort", "addedAt", "title", "random", "id"),
    "album": ("titleSort", "year", "originallyAvailableAt", "addedAt", "title", "random", "index", "id"),
    "track": ("titleSort", "addedAt", "title", "random", "index", "id", "duration", "year"),
    "photoalbum": ("titleSort", "addedAt", "title", "random"),
    "photo": ("titleSort", "addedAt", "title", "random", "originallyAvailableAt"),
}

#: operators per field type (wire key as shown in plexapi's FieldType, tail as sent in queries)
OPERATORS: dict[str, tuple[tuple[str, str], ...]] = {
    "tag": (("=", "is"), ("!=", "is not")),
    "integer": (("=", "is"), ("!=", "is not"), (">>=", "is greater than"), ("<<=", "is less than")),
    "string": (("=", "contains"), ("!=", "does not contain"), ("==", "is"), ("!==", "is not"),
               ("<=", "begins with"), (">=", "ends with")),
    "boolean": (("=", "is true"), ("!=", "is false")),
    "date": ((">>=", "is after"), ("<<=", "is before")),
    "resolution": (("=", "is"),),
    "audioLanguage": (("=", "is"), ("!=", "is not")),
    "subtitleLanguage": (("=", "is"), ("!=", "is not")),
    "guid": (("=", "is"),),
}
