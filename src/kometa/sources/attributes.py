"""The attributes builders and filters can test, their kind and their Plex search field.

One table serves ``plex_search``/``smart_filter`` conditions (which must also be expressible as a
Plex filter query) and ``filters`` (evaluated locally only). ``local`` says whether the snapshot
listing carries the value; conditions on attributes that are not local are sent to Plex as a
search instead.
"""

from __future__ import annotations

from dataclasses import dataclass

TAG, STRING, NUMBER, FLOAT, DATE, BOOLEAN = "tag", "string", "number", "float", "date", "boolean"

MODIFIERS: dict[str, frozenset[str]] = {
    TAG: frozenset({"", "not", "regex", "count_gt", "count_gte", "count_lt", "count_lte"}),
    STRING: frozenset({"", "not", "is", "isnot", "begins", "ends", "regex"}),
    NUMBER: frozenset({"", "not", "gt", "gte", "lt", "lte"}),
    FLOAT: frozenset({"", "not", "gt", "gte", "lt", "lte", "rated"}),
    DATE: frozenset({"", "not", "before", "after", "regex"}),
    BOOLEAN: frozenset({""}),
}
#: modifiers plex_search/smart_filter accept per kind (filters accept MODIFIERS)
SEARCH_MODIFIERS: dict[str, frozenset[str]] = {
    TAG: frozenset({"", "not", "regex"}),
    STRING: frozenset({"", "not", "is", "isnot", "begins", "ends"}),
    NUMBER: frozenset({"", "not", "gt", "gte", "lt", "lte"}),
    FLOAT: frozenset({"gt", "gte", "lt", "lte"}),
    DATE: frozenset({"", "not", "before", "after"}),
    BOOLEAN: frozenset({""}),
}
MODIFIER_ALIASES = {"greater": "gt", "less": "lt", "gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte",
                    "is": "is", "isnot": "isnot", "not": "not", "begins": "begins", "ends": "ends",
                    "regex": "regex", "before": "before", "after": "after", "rated": "rated",
                    "count_gt": "count_gt", "count_gte": "count_gte", "count_lt": "count_lt",
                    "count_lte": "count_lte"}


@dataclass(frozen=True)
class Attr:
    name: str
    kind: str
    plex: str | None  # Plex search field key (None: not searchable through Plex)
    local: bool = True  # the snapshot carries it
    search: bool = True  # usable in plex_search / smart_filter
    filter: bool = True  # usable in filters
    libtypes: frozenset[str] = frozenset({"movie", "show"})


def _attrs(*items: Attr) -> dict[str, Attr]:
    return {a.name: a for a in items}


MOVIE, SHOW = frozenset({"movie"}), frozenset({"show"})

ATTRIBUTES: dict[str, Attr] = _attrs(
    Attr("title", STRING, "title"),
    Attr("studio", STRING, "studio"),
    Attr("edition", STRING, "editionTitle", libtypes=MOVIE),
    Attr("summary", STRING, None, search=False),
    Attr("original_title", STRING, None, search=False),
    Attr("filepath", STRING, None, search=False),
    Attr("folder", STRING, None, search=False),
    Attr("audio_codec", STRING, None, search=False),
    Attr("video_codec", STRING, None, search=False),
    Attr("genre", TAG, "genre"),
    Attr("label", TAG, "label"),
    Attr("collection", TAG, "collection"),
    # listings carry only 3 actors and no writers/producers: Plex evaluates these
    Attr("actor", TAG, "actor", local=False, filter=False),
    Attr("director", TAG, "director", libtypes=MOVIE),
    Attr("writer", TAG, "writer", local=False, filter=False, libtypes=MOVIE),
    Attr("producer", TAG, "producer", local=False, filter=False, libtypes=MOVIE),
    Attr("country", TAG, "country"),
    Attr("network", TAG, "network", libtypes=SHOW),
    Attr("content_rating", TAG, "contentRating"),
    Attr("resolution", TAG, "resolution"),
    Attr("audio_language", TAG, "audioLanguage", local=False, filter=False),
    Attr("subtitle_language", TAG, "subtitleLanguage", local=False, filter=False),
    Attr("year", NUMBER, "year"),
    Attr("decade", NUMBER, "decade"),
    Attr("plays", NUMBER, "viewCount"),
    Attr("channels", NUMBER, None, search=False),
    Attr("height", NUMBER, None, search=False),
    Attr("width", NUMBER, None, search=False),
    Attr("versions", NUMBER, None, search=False),
    Attr("aspect", FLOAT, None, search=False),
    Attr("critic_rating", FLOAT, "rating"),
    Attr("audience_rating", FLOAT, "audienceRating"),
    Attr("user_rating", FLOAT, "userRating"),
    Attr("duration", FLOAT, "duration"),
    Attr("added", DATE, "addedAt"),
    Attr("release", DATE, "originallyAvailableAt"),
    Attr("last_played", DATE, "lastViewedAt"),
    Attr("unplayed", BOOLEAN, "unwatched"),
    Attr("progress", BOOLEAN, "inProgress"),
    Attr("duplicate", BOOLEAN, "duplicate", libtypes=MOVIE),
    Attr("hdr", BOOLEAN, "hdr", local=False, filter=False),
    Attr("dovi", BOOLEAN, "dovi", local=False, filter=False),
    Attr("unmatched", BOOLEAN, "unmatched", local=False, filter=False),
    Attr("trash", BOOLEAN, "trash", local=False, filter=False),
    Attr("has_collection", BOOLEAN, None, search=False),
    Attr("has_edition", BOOLEAN, None, search=False),
    Attr("has_overlay", BOOLEAN, None, search=False),
)

ALIASES = {
    "rating": "critic_rating", "released": "release", "originally_available": "release",
    "genres": "genre", "labels": "label", "collections": "collection", "actors": "actor",
    "directors": "director", "writers": "writer", "producers": "producer", "countries": "country",
    "networks": "network", "content_ratings": "content_rating", "resolutions": "resolution",
    "studios": "studio", "years": "year", "decades": "decade", "editions": "edition",
    "audio_languages": "audio_language", "subtitle_languages": "subtitle_language",
    "episode_title": "title", "added_at": "added", "last_viewed": "last_played",
}
#: attributes that, used directly in a plex_search mapping without any/all, get their own OR group
OR_ATTRIBUTES = frozenset({
    "title", "studio", "actor", "audio_language", "collection", "content_rating", "country", "director",
    "genre", "label", "network", "producer", "subtitle_language", "writer", "decade", "resolution", "year"})


def lookup(name: str) -> Attr | None:
    name = ALIASES.get(name, name)
    return ATTRIBUTES.get(name)


def split_key(key: str) -> tuple[str, str]:
    """``genre.not`` -> (``genre``, ``not``); ``title`` -> (``title``, ``""``)."""
    if "." in key:
        name, mod = key.split(".", 1)
        return name, MODIFIER_ALIASES.get(mod, mod)
    return key, ""
