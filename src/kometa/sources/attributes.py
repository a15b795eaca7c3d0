"""The attributes builders and filters can test, their kind and their Plex search field.

One table serves ``plex_search``/``smart_filter`` conditions (which must also be expressible as a
Plex filter query) and ``filters`` (evaluated locally only). ``local`` says whether the snapshot
listing carries the value; conditions on attributes that are not local are sent to Plex as a
search instead.
"""

from __future__ import annotations

from dataclasses import dataclass

TAG, STRING, NUMBER, FLOAT, DATE, BOOLEAN = "tag", "string", "number", "float", "date", "boolean"
HISTORY = "history"  # the release date's day and month against today's (filters only)
CHILDREN = "children"  # a share of an item's episodes/seasons/albums/tracks passing sub-filters

MODIFIERS: dict[str, frozenset[str]] = {
    TAG: frozenset({"", "not", "regex", "count_gt", "count_gte", "count_lt", "count_lte"}),
    STRING: frozenset({"", "not", "is", "isnot", "begins", "ends", "regex"}),
    NUMBER: frozenset({"", "not", "gt", "gte", "lt", "lte"}),
    FLOAT: frozenset({"", "not", "gt", "gte", "lt", "lte", "rated"}),
    DATE: frozenset({"", "not", "before", "after", "regex"}),
    BOOLEAN: frozenset({""}),
    HISTORY: frozenset({""}),
    CHILDREN: frozenset({""}),
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
    local_types: frozenset[str] = frozenset({"movie", "show"})  # library types whose listing carries it

    def local_in(self, libtype: str) -> bool:
        return self.local and libtype in self.local_types


def _attrs(*items: Attr) -> dict[str, Attr]:
    return {a.name: a for a in items}


MOVIE, SHOW = frozenset({"movie"}), frozenset({"show"})
#: library types and builder levels (Kometa's "Allowed Media"): a filter is checked against the
#: level a definition's items are at (``builder_level``), a search against the library's type
VIDEO = frozenset({"movie", "show", "season", "episode"})
MUSIC = frozenset({"artist", "album", "track"})
EVERY = VIDEO | MUSIC
_MSE = frozenset({"movie", "show", "episode"})
_MEDIA = VIDEO  # video media attributes (shows and seasons: through their episodes)

ATTRIBUTES: dict[str, Attr] = _attrs(
    Attr("title", STRING, "title", libtypes=EVERY, local_types=EVERY),
    Attr("studio", STRING, "studio"),
    Attr("edition", STRING, "editionTitle", libtypes=MOVIE),
    Attr("summary", STRING, None, search=False, libtypes=EVERY, local_types=EVERY),
    Attr("original_title", STRING, None, search=False, libtypes=EVERY, local_types=EVERY),
    Attr("filepath", STRING, None, search=False, libtypes=EVERY, local_types=EVERY),
    Attr("folder", STRING, None, search=False, libtypes=frozenset({"movie", "show", "artist"}), local_types=EVERY),
    Attr("audio_codec", STRING, None, search=False, libtypes=_MEDIA | {"track"}, local_types=EVERY),
    Attr("video_codec", STRING, None, search=False, libtypes=_MEDIA, local_types=EVERY),
    Attr("show_title", STRING, None, search=False, libtypes=frozenset({"season", "episode"}), local_types=EVERY),
    Attr("season_title", STRING, None, search=False, libtypes=frozenset({"episode"}), local_types=EVERY),
    Attr("record_label", STRING, None, search=False, libtypes=frozenset({"album"}), local_types=EVERY),
    Attr("genre", TAG, "genre", libtypes=frozenset({"movie", "show", "artist", "album"}), local_types=EVERY),
    Attr("label", TAG, "label", libtypes=EVERY, local_types=EVERY),
    Attr("collection", TAG, "collection", libtypes=EVERY, local_types=EVERY),
    # listings carry only 3 actors and no writers/producers: Plex evaluates these
    Attr("actor", TAG, "actor", local=False, filter=False, libtypes=_MSE),
    Attr("director", TAG, "director", libtypes=frozenset({"movie", "episode"}), local_types=EVERY),
    Attr("writer", TAG, "writer", local=False, filter=False, libtypes=MOVIE),
    Attr("producer", TAG, "producer", local=False, filter=False, libtypes=MOVIE),
    Attr("country", TAG, "country", libtypes=frozenset({"movie", "show", "artist"}), local_types=EVERY),
    Attr("network", TAG, "network", libtypes=SHOW),
    Attr("content_rating", TAG, "contentRating", libtypes=_MSE | {"season"}, local_types=EVERY),
    Attr("resolution", TAG, "resolution", libtypes=_MEDIA, local_types=frozenset({"movie", "episode"})),
    # music: listings leave moods and styles out, so Plex evaluates them
    Attr("mood", TAG, "mood", local=False, filter=False, libtypes=MUSIC),
    Attr("style", TAG, "style", local=False, filter=False, libtypes=frozenset({"artist", "album"})),
    # the listing has no streams: Plex evaluates these; as filters, where the run lends each item's
    # languages from one search per language (engine/filters.py STREAMS), else a located error
    Attr("audio_language", TAG, "audioLanguage", local=False, libtypes=_MEDIA),
    Attr("subtitle_language", TAG, "subtitleLanguage", local=False, libtypes=_MEDIA),
    Attr("year", NUMBER, "year", libtypes=EVERY - {"artist"}, local_types=EVERY),
    Attr("decade", NUMBER, "decade", libtypes=frozenset({"movie", "show", "album"}), local_types=EVERY),
    Attr("plays", NUMBER, "viewCount", libtypes=EVERY, local_types=EVERY),
    Attr("channels", NUMBER, None, search=False, libtypes=_MEDIA, local_types=EVERY),
    Attr("height", NUMBER, None, search=False, libtypes=_MEDIA, local_types=EVERY),
    Attr("width", NUMBER, None, search=False, libtypes=_MEDIA, local_types=EVERY),
    Attr("versions", NUMBER, None, search=False, libtypes=EVERY, local_types=EVERY),
    Attr("aspect", FLOAT, None, search=False, libtypes=_MEDIA, local_types=EVERY),
    Attr("critic_rating", FLOAT, "rating", libtypes=_MSE | {"album"}, local_types=EVERY),
    Attr("audience_rating", FLOAT, "audienceRating", libtypes=_MSE, local_types=EVERY),
    Attr("user_rating", FLOAT, "userRating", libtypes=EVERY, local_types=EVERY),
    Attr("duration", FLOAT, "duration", libtypes=_MSE | {"track"}, local_types=EVERY),
    Attr("added", DATE, "addedAt", libtypes=EVERY, local_types=EVERY),
    Attr("release", DATE, "originallyAvailableAt", libtypes=_MSE | {"album"}, local_types=EVERY),
    Attr("last_played", DATE, "lastViewedAt", libtypes=EVERY, local_types=EVERY),
    Attr("unplayed", BOOLEAN, "unwatched", libtypes=EVERY, local_types=EVERY),
    Attr("progress", BOOLEAN, "inProgress", filter=False, libtypes=_MSE,
         local_types=frozenset({"movie", "episode"})),  # shows: any episode in progress (Plex evaluates)
    Attr("duplicate", BOOLEAN, "duplicate", libtypes=frozenset({"movie", "episode"}), local_types=EVERY),
    Attr("hdr", BOOLEAN, "hdr", local=False, filter=False, libtypes=_MEDIA),
    Attr("dovi", BOOLEAN, "dovi", local=False, filter=False, libtypes=_MEDIA),
    Attr("unmatched", BOOLEAN, "unmatched", local=False, filter=False,
         libtypes=frozenset({"movie", "show", "artist", "album"})),
    Attr("trash", BOOLEAN, "trash", local=False, filter=False, libtypes=EVERY),
    Attr("has_collection", BOOLEAN, None, search=False, libtypes=EVERY, local_types=EVERY),
    Attr("has_edition", BOOLEAN, None, search=False, libtypes=MOVIE, local_types=EVERY),
    Attr("has_overlay", BOOLEAN, None, search=False, libtypes=EVERY - {"track"}, local_types=EVERY),
    Attr("history", HISTORY, None, search=False, libtypes=_MSE | {"album"}, local_types=EVERY),
    Attr("episodes", CHILDREN, None, search=False, libtypes=frozenset({"show", "season"}), local_types=EVERY),
    Attr("seasons", CHILDREN, None, search=False, libtypes=SHOW, local_types=EVERY),
    Attr("albums", CHILDREN, None, search=False, libtypes=frozenset({"artist"}), local_types=EVERY),
    Attr("tracks", CHILDREN, None, search=False, libtypes=frozenset({"artist", "album"}), local_types=EVERY),
)

#: searches on another level of a show or music library (Kometa's ``episode_*``, ``album_*``, ...):
#: name -> (kind, Plex field with its level prefix). A show matches when some episode does, an
#: album when its artist does, and so on; Plex evaluates them (one search each).
SHOW_SEARCHES: dict[str, tuple[str, str]] = {
    "episode_title": (STRING, "episode.title"), "episode_actor": (TAG, "episode.actor"),
    "episode_year": (NUMBER, "episode.year"), "episode_plays": (NUMBER, "episode.viewCount"),
    "episode_critic_rating": (FLOAT, "episode.rating"), "episode_audience_rating": (FLOAT, "episode.audienceRating"),
    "episode_user_rating": (FLOAT, "episode.userRating"), "episode_added": (DATE, "episode.addedAt"),
    "episode_air_date": (DATE, "episode.originallyAvailableAt"), "episode_last_played": (DATE, "episode.lastViewedAt"),
    "episode_unplayed": (BOOLEAN, "episode.unwatched"), "episode_duplicate": (BOOLEAN, "episode.duplicate"),
    "episode_progress": (BOOLEAN, "episode.inProgress"), "episode_unmatched": (BOOLEAN, "episode.unmatched"),
    "show_unmatched": (BOOLEAN, "show.unmatched"), "season_collection": (TAG, "season.collection"),
    "episode_collection": (TAG, "episode.collection"), "season_label": (TAG, "season.label"),
    "episode_label": (TAG, "episode.label"),
    "unplayed_episodes": (BOOLEAN, "show.unwatchedLeaves"),  # a show with an unplayed episode (Kometa's)
}
MUSIC_SEARCHES: dict[str, tuple[str, str]] = {
    "artist_title": (STRING, "artist.title"), "artist_user_rating": (FLOAT, "artist.userRating"),
    "artist_genre": (TAG, "artist.genre"), "artist_collection": (TAG, "artist.collection"),
    "artist_country": (TAG, "artist.country"), "artist_mood": (TAG, "artist.mood"),
    "artist_style": (TAG, "artist.style"), "artist_label": (TAG, "artist.label"),
    "artist_added": (DATE, "artist.addedAt"), "artist_last_played": (DATE, "artist.lastViewedAt"),
    "artist_unmatched": (BOOLEAN, "artist.unmatched"),
    "album_title": (STRING, "album.title"), "album_year": (NUMBER, "album.year"),
    "album_decade": (NUMBER, "album.decade"), "album_plays": (NUMBER, "album.viewCount"),
    "album_user_rating": (FLOAT, "album.userRating"), "album_critic_rating": (FLOAT, "album.rating"),
    "album_record_label": (STRING, "album.studio"), "album_genre": (TAG, "album.genre"),
    "album_mood": (TAG, "album.mood"), "album_style": (TAG, "album.style"), "album_format": (TAG, "album.format"),
    "album_type": (TAG, "album.subformat"), "album_collection": (TAG, "album.collection"),
    "album_source": (TAG, "album.source"), "album_label": (TAG, "album.label"),
    "album_added": (DATE, "album.addedAt"), "album_released": (DATE, "album.originallyAvailableAt"),
    "album_last_played": (DATE, "album.lastViewedAt"), "album_unmatched": (BOOLEAN, "album.unmatched"),
    "track_title": (STRING, "track.title"), "track_mood": (TAG, "track.mood"), "track_plays": (NUMBER, "track.viewCount"),
    "track_skips": (NUMBER, "track.skipCount"), "track_user_rating": (FLOAT, "track.userRating"),
    "track_added": (DATE, "track.addedAt"), "track_last_played": (DATE, "track.lastViewedAt"),
    "track_last_skipped": (DATE, "track.lastSkippedAt"), "track_last_rated": (DATE, "track.lastRatedAt"),
    "track_trash": (BOOLEAN, "track.trash"), "track_source": (TAG, "track.source"), "track_label": (TAG, "track.label"),
}
for _name, (_kind, _field) in SHOW_SEARCHES.items():
    ATTRIBUTES[_name] = Attr(_name, _kind, _field, local=False, filter=False, libtypes=SHOW)
for _name, (_kind, _field) in MUSIC_SEARCHES.items():
    ATTRIBUTES[_name] = Attr(_name, _kind, _field, local=False, filter=False, libtypes=frozenset({"artist"}))

#: how a season or episode search of a show library names the show's fields (as Kometa translates
#: them: in a ``builder_level: episode`` search, ``genre`` is the show's genre)
SHOW_FIELDS = {"title": "show.title", "country": "show.country", "studio": "show.studio", "rating": "show.rating",
               "audienceRating": "show.audienceRating", "userRating": "show.userRating",
               "contentRating": "show.contentRating", "year": "show.year",
               "originallyAvailableAt": "show.originallyAvailableAt", "unmatched": "show.unmatched",
               "genre": "show.genre", "collection": "show.collection", "actor": "show.actor",
               "addedAt": "show.addedAt", "viewCount": "show.viewCount", "lastViewedAt": "show.lastViewedAt",
               "label": "show.label", "network": "show.network", "resolution": "episode.resolution",
               "hdr": "episode.hdr", "dovi": "episode.dovi", "subtitleLanguage": "episode.subtitleLanguage",
               "audioLanguage": "episode.audioLanguage", "trash": "episode.trash"}

ALIASES = {
    "rating": "critic_rating", "released": "release", "originally_available": "release",
    "genres": "genre", "labels": "label", "collections": "collection", "actors": "actor",
    "directors": "director", "writers": "writer", "producers": "producer", "countries": "country",
    "networks": "network", "content_ratings": "content_rating", "resolutions": "resolution",
    "studios": "studio", "years": "year", "decades": "decade", "editions": "edition",
    "audio_languages": "audio_language", "subtitle_languages": "subtitle_language",
    "added_at": "added", "last_viewed": "last_played", "episode_play": "episode_plays",
    "episode_originally_available": "episode_air_date", "episode_release": "episode_air_date",
    "episode_released": "episode_air_date", "moods": "mood", "styles": "style",
}
#: attributes that, used directly in a plex_search mapping without any/all, get their own OR group
OR_ATTRIBUTES = frozenset({
    "title", "studio", "actor", "audio_language", "collection", "content_rating", "country", "director",
    "genre", "label", "network", "producer", "subtitle_language", "writer", "decade", "resolution", "year",
    "episode_title", "episode_year"})


_WHERE = {"movie": "a movie library", "show": "a show library", "artist": "a music library",
          "season": "a season collection (builder_level: season)",
          "episode": "an episode collection (builder_level: episode)",
          "album": "an album collection (builder_level: album)", "track": "a track collection (builder_level: track)"}


def where_type(libtype: str) -> str:
    """``show`` -> "a show library", ``episode`` -> "an episode collection (builder_level: episode)"."""
    return _WHERE.get(libtype, f"a {libtype} library")


def lookup(name: str) -> Attr | None:
    name = ALIASES.get(name, name)
    return ATTRIBUTES.get(name)


def split_key(key: str) -> tuple[str, str]:
    """``genre.not`` -> (``genre``, ``not``); ``title`` -> (``title``, ``""``)."""
    if "." in key:
        name, mod = key.split(".", 1)
        return name, MODIFIER_ALIASES.get(mod, mod)
    return key, ""
