"""The builder keys kometa implements: the one place a source registers the names of its builders.

``BUILDERS`` are the keys that make a definition's item set; ``SEARCH_SHORTCUTS`` are the Plex
search attributes a definition may use directly as builders (``genre: Action`` is
``plex_search: {all: {genre: Action}}``).
"""

from __future__ import annotations

BUILDERS = frozenset({"plex_all", "plex_search", "plex_collectionless", "smart_filter", "smart_label", "smart_url"})
SEARCH_SHORTCUTS = frozenset({
    "title", "studio", "actor", "collection", "content_rating", "country", "director", "genre",
    "network", "producer", "writer", "decade", "resolution", "year", "audio_language", "subtitle_language"})
