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
#: TMDb builders (``sources/tmdb.py``); ``_details`` variants also give the collection TMDb's
#: summary, poster and background
TMDB_BUILDERS = frozenset({
    "tmdb_collection", "tmdb_list", "tmdb_movie", "tmdb_show", "tmdb_actor", "tmdb_director", "tmdb_producer",
    "tmdb_writer", "tmdb_crew", "tmdb_company", "tmdb_network", "tmdb_keyword", "tmdb_popular", "tmdb_top_rated",
    "tmdb_now_playing", "tmdb_upcoming", "tmdb_airing_today", "tmdb_on_the_air", "tmdb_trending_daily",
    "tmdb_trending_weekly", "tmdb_discover", "tmdb_collection_details", "tmdb_list_details", "tmdb_movie_details",
    "tmdb_show_details", "tmdb_actor_details", "tmdb_director_details", "tmdb_producer_details",
    "tmdb_writer_details", "tmdb_crew_details"})
