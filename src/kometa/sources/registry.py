"""The builder keys kometa implements: the one place a source registers the names of its builders.

``BUILDERS`` are the keys that make a definition's item set; ``SEARCH_SHORTCUTS`` are the Plex
search attributes a definition may use directly as builders (``genre: Action`` is
``plex_search: {all: {genre: Action}}``).
"""

from __future__ import annotations

BUILDERS = frozenset({"plex_all", "plex_search", "plex_collectionless", "smart_filter", "smart_label", "smart_url",
                      "plex_pilots"})
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
#: Trakt builders (``sources/trakt.py``); ``trakt_list_details`` also gives the list's description
TRAKT_BUILDERS = frozenset({
    "trakt_list", "trakt_list_details", "trakt_chart", "trakt_userlist", "trakt_boxoffice", "trakt_recommendations",
    "trakt_watchlist", "trakt_collection", "trakt_trending", "trakt_popular", "trakt_anticipated",
    *(f"trakt_{chart}_{period}" for chart in ("watched", "collected", "recommended")
      for period in ("daily", "weekly", "monthly", "yearly", "all"))})
#: IMDb builders (``sources/imdb.py``)
IMDB_BUILDERS = frozenset({"imdb_id", "imdb_list", "imdb_watchlist", "imdb_chart", "imdb_search",
                           "imdb_award"})
#: MDBList builders (``sources/mdblist.py``)
MDBLIST_BUILDERS = frozenset({"mdblist_list"})
#: Tautulli builders (``sources/tautulli.py``)
TAUTULLI_BUILDERS = frozenset({"tautulli_popular", "tautulli_watched"})
#: Radarr and Sonarr builders (``sources/arr.py``)
ARR_BUILDERS = frozenset({"radarr_all", "radarr_taglist", "sonarr_all", "sonarr_taglist"})
#: every builder an online service answers
ONLINE_BUILDERS = TMDB_BUILDERS | TRAKT_BUILDERS | IMDB_BUILDERS | MDBLIST_BUILDERS | TAUTULLI_BUILDERS | ARR_BUILDERS
#: Letterboxd builders (``sources/letterboxd.py``)
LETTERBOXD_BUILDERS = frozenset({"letterboxd_list", "letterboxd_list_details", "letterboxd_user_films",
                                 "letterboxd_user_films_details", "letterboxd_user_reviews",
                                 "letterboxd_user_reviews_details"})
#: sources a library job passes by name (``Builders(sources={family: source})``): family -> its builders.
#: A new source registers here and needs no new parameter through the engine.
#: AniList builders (``sources/anilist.py``)
ANILIST_BUILDERS = frozenset({"anilist_popular", "anilist_top_rated", "anilist_trending", "anilist_id",
                              "anilist_search", "anilist_relations", "anilist_studio", "anilist_userlist",
                              "anilist_genre", "anilist_tag", "anilist_season"})
#: MyAnimeList builders (``sources/mal.py``)
MAL_BUILDERS = frozenset({"mal_all", "mal_airing", "mal_upcoming", "mal_tv", "mal_movie", "mal_ova", "mal_special",
                          "mal_popular", "mal_favorite", "mal_suggested", "mal_season", "mal_userlist", "mal_id",
                          "mal_search", "mal_genre", "mal_studio"})
#: TVDb builders (``sources/tvdb.py``); ``_details`` variants also give TVDb's summary, poster, background
TVDB_BUILDERS = frozenset({"tvdb_show", "tvdb_show_details", "tvdb_movie", "tvdb_movie_details", "tvdb_list",
                           "tvdb_list_details"})
#: AniDB builders (``sources/anidb.py``)
ANIDB_BUILDERS = frozenset({"anidb_id", "anidb_relation", "anidb_tag", "anidb_tag_name", "anidb_popular"})
#: StevenLu's Popular Movies (``sources/stevenlu.py``)
STEVENLU_BUILDERS = frozenset({"stevenlu_popular"})
#: the plex.tv watchlist of the server token's account (``sources/plex_watchlist.py``)
PLEX_WATCHLIST_BUILDERS = frozenset({"plex_watchlist"})
#: Simkl's trending and DVD lists (``sources/simkl.py``)
SIMKL_BUILDERS = frozenset({"simkl_trending", "simkl_dvd"})
#: ICheckMovies lists (``sources/icheckmovies.py``)
ICHECKMOVIES_BUILDERS = frozenset({"icheckmovies_list", "icheckmovies_list_details"})
#: Box Office Mojo charts (``sources/mojo.py``)
MOJO_BUILDERS = frozenset({"mojo_world", "mojo_domestic", "mojo_international", "mojo_all_time", "mojo_never",
                           "mojo_record"})
#: ids from local text files (``sources/text_file.py``)
TEXT_FILE_BUILDERS = frozenset({"text_file"})
FAMILIES: dict[str, frozenset[str]] = {"letterboxd": LETTERBOXD_BUILDERS, "anilist": ANILIST_BUILDERS,
                                       "mal": MAL_BUILDERS, "tvdb": TVDB_BUILDERS, "anidb": ANIDB_BUILDERS,
                                       "stevenlu": STEVENLU_BUILDERS, "plex_watchlist": PLEX_WATCHLIST_BUILDERS,
                                       "text_file": TEXT_FILE_BUILDERS, "simkl": SIMKL_BUILDERS,
                                       "icheckmovies": ICHECKMOVIES_BUILDERS, "mojo": MOJO_BUILDERS}
ONLINE_BUILDERS = ONLINE_BUILDERS.union(*FAMILIES.values())
