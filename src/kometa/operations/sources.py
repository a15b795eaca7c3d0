"""Where a ``mass_*_update`` value comes from: small pluggable sources tried in order.

A fallback chain is a list of :class:`Source` objects; the first one that yields a value for an item
wins (``resolve``). Plex's own data (``plex_imdb``, ``plex_tmdb``, ``plex_tomatoes``,
``plex_tomatoesaudience``: the ratings Plex's agent stored on the item) and literal values (a
number, a date, a string, a list of genres) are built here. ``lock``/``unlock``/``remove``/``reset``
end a chain with an :class:`Action` instead of a value. Sources backed by a service this version does
not connect to are named in :data:`EXTERNAL` so the parser can say which section is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from kometa.plex.snapshot import Item

ACTIONS = ("lock", "unlock", "remove", "reset")

#: Plex rating image -> our plex_* source name (critic / audience slots of the new Plex agents)
PLEX_RATING_IMAGES: dict[str, tuple[str, ...]] = {
    "plex_imdb": ("imdb://image.rating",),
    "plex_tmdb": ("themoviedb://image.rating",),
    "plex_tomatoes": ("rottentomatoes://image.rating.ripe", "rottentomatoes://image.rating.rotten"),
    "plex_tomatoesaudience": ("rottentomatoes://image.rating.upright", "rottentomatoes://image.rating.spilled"),
}

#: the Common Sense ages Plex's agent stores (mass_content_rating_update; see kometa.operations.csm_values)
CSM_SOURCES = ("plex_csm", "plex_csm0")

#: source-name prefix -> the config section / service it needs
EXTERNAL: dict[str, str] = {
    "tmdb": "TMDb", "imdb": "IMDb", "omdb": "OMDb", "mdb": "MDBList", "trakt": "Trakt", "tvdb": "TVDb",
    "anidb": "AniDB", "mal": "MyAnimeList", "radarr": "Radarr",
    "sonarr": "Sonarr",
}


#: operations whose ``tmdb`` source is built (see kometa.operations.tmdb_values)
TMDB_OPERATIONS = {"mass_critic_rating_update", "mass_audience_rating_update", "mass_user_rating_update",
                   "mass_genre_update", "mass_originally_available_update", "mass_added_at_update",
                   "mass_studio_update"}


#: TMDb's release types as date sources (movie libraries)
TMDB_DATES = ("tmdb_premiere", "tmdb_theatricallimited", "tmdb_theatrical", "tmdb_digital", "tmdb_physical", "tmdb_tv")


#: MDBList rating sources -> the ``ratings`` source they read (``score``/``score_average``: the record's own)
MDB_RATINGS = {"mdb": "score", "mdb_average": "score_average", "mdb_imdb": "imdb", "mdb_metacritic": "metacritic",
               "mdb_metacriticuser": "metacriticuser", "mdb_trakt": "trakt", "mdb_tomatoes": "tomatoes",
               "mdb_tomatoesaudience": "tomatoesaudience", "mdb_tmdb": "tmdb", "mdb_letterboxd": "letterboxd",
               "mdb_myanimelist": "myanimelist"}
MDB_CONTENT = ("mdb", "mdb_commonsense", "mdb_commonsense0", "mdb_age_rating", "mdb_age_rating0")
MDB_DATES = ("mdb", "mdb_digital")
OMDB_RATINGS = ("omdb", "omdb_metascore", "omdb_tomatoes")
TRAKT_RATINGS = ("trakt", "trakt_user")
#: AniDB genre sources -> the lowest tag weight they take (Kometa's: main tags weigh 1000 here)
ANIDB_WEIGHTS = {"anidb": 1000, "anidb_3_0": 600, "anidb_2_5": 500, "anidb_2_0": 400, "anidb_1_5": 300,
                 "anidb_1_0": 200, "anidb_0_5": 100}
ANIDB_RATINGS = ("anidb_rating", "anidb_average", "anidb_score")
#: anime sources per operation kind (MyAnimeList, AniDB); "original" is mass_original_title_update
ANIME_SOURCES: dict[str, dict[str, tuple[str, ...]]] = {
    "MyAnimeList": {"float": ("mal",), "tags": ("mal", "mal_all"), "content": ("mal",),
                    "original": ("mal", "mal_english", "mal_japanese"), "studio": ("mal",), "date": ("mal",)},
    "AniDB": {"float": ANIDB_RATINGS, "tags": tuple(ANIDB_WEIGHTS), "original": ("anidb", "anidb_official"),
              "studio": ("anidb",), "date": ("anidb",)},
}


def op_kind(key: str, kind: str) -> str:
    """The kind of value an operation takes, for the anime source table."""
    special = {"mass_content_rating_update": "content", "mass_original_title_update": "original",
               "mass_studio_update": "studio"}
    return special.get(key, "date" if kind in ("date", "epoch") else kind)


def built_link(key: str, kind: str, level: str, name: str) -> ServiceLink | None:
    """The service link ``name`` stands for in operation ``key`` (a field of ``kind`` at ``level``),
    when this version builds it; None otherwise (the parser then says what is missing)."""
    if level == "episode":
        services = {"imdb": "IMDb", "tmdb": "TMDb", "trakt": "Trakt"}
        return ServiceLink(name, services[name]) if name in services else None
    if kind == "float" and name in TRAKT_RATINGS:
        return ServiceLink(name, "Trakt")
    for service, table in ANIME_SOURCES.items():
        if name in table.get(op_kind(key, kind), ()):
            return ServiceLink(name, service)
    if name == "tmdb" and key in TMDB_OPERATIONS:
        return ServiceLink("tmdb", "TMDb")
    if name in TMDB_DATES and kind in ("date", "epoch"):
        return ServiceLink(name, "TMDb")
    if name == "imdb" and kind in ("float", "tags"):
        return ServiceLink(name, "IMDb")
    if name == "tvdb" and kind in ("tags", "date", "epoch"):
        return ServiceLink(name, "TVDb")
    if kind == "float" and name in OMDB_RATINGS or name == "omdb" and (
            key == "mass_content_rating_update" or kind in ("tags", "date", "epoch")):
        return ServiceLink(name, "OMDb")
    if kind == "float" and name in MDB_RATINGS or key == "mass_content_rating_update" and name in MDB_CONTENT \
            or kind in ("date", "epoch") and name in MDB_DATES:
        return ServiceLink(name, "MDBList")
    return None


def external_service(name: str) -> str | None:
    """The service a source name such as ``mdb_tomatoes`` or ``tmdb_digital`` needs, if it is one."""
    for prefix, service in EXTERNAL.items():
        if name == prefix or name.startswith(prefix + "_"):
            return service
    return None


class Source(Protocol):
    """One link of a fallback chain."""

    @property
    def name(self) -> str: ...

    def value(self, item: Item) -> Any | None:
        """The value for ``item``, or None when this source has none (the next one is tried)."""


@dataclass(frozen=True)
class Action:
    """``lock``, ``unlock``, ``remove`` or ``reset``: what to do with the field instead of a value."""

    name: str

    @property
    def clears(self) -> bool:
        return self.name in ("remove", "reset")

    @property
    def locks(self) -> bool:
        return self.name in ("lock", "remove")


@dataclass(frozen=True)
class Literal:
    """A value written in the config: every item gets it."""

    name: str
    literal: Any

    def value(self, item: Item) -> Any | None:
        return self.literal


@dataclass(frozen=True)
class PlexRating:
    """A rating Plex's agent stored on the item, by provider (``plex_imdb`` ...)."""

    name: str

    def value(self, item: Item) -> Any | None:
        ratings = item.values.get("plex_ratings") or {}
        for image in PLEX_RATING_IMAGES[self.name]:
            if image in ratings:
                return round(float(ratings[image]), 1)
        return None


@dataclass(frozen=True)
class ServiceLink:
    """A chain link backed by a service (``tmdb``); the run binds it to the service's data."""

    name: str
    service: str

    def value(self, item: Item) -> Any | None:
        raise RuntimeError(f"{self.name} was not bound to {self.service}")  # the runner binds it first


def resolve(chain: tuple[Source | Action, ...], item: Item) -> Any | Action | None:
    """The first value (or action) the chain gives for ``item``; None when no source has one."""
    for link in chain:
        if isinstance(link, Action):
            return link
        found = link.value(item)
        if found is not None and found != "" and found != ():
            return found
    return None
