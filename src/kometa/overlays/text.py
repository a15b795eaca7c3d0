"""``text(...)`` variables (spec 7.3): ``<<var>>`` or ``<<var`` + modifier ``>>``.

Plex-side values (title, ratings, runtime, content rating, edition, bitrate, versions, dates, Plex's
per-source ratings ``plex_imdb_rating``, ...) come from the library listing and cost nothing.
``tmdb_rating`` (TMDb), the ``mdb_*`` ratings (MDBList) and ``omdb_*`` (OMDb) come from those services (see
:mod:`kometa.overlays.facts`): the run fills them in as ``extra`` values before resolving;
IMDb's, Trakt's, MyAnimeList's and AniDB's ratings are read for the whole library at once
(:mod:`kometa.engine.overlay_ratings`). A value the item lacks is an error for that item only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

VARIABLE = re.compile(r"<<([a-z_]+)([^<>]*)>>")
RATINGS = {"user_rating", "critic_rating", "audience_rating"}
PLEX = {"title", "runtime", "total_runtime", "content_rating", "original_title", "originally_available",
        "bitrate", "versions", "edition", "season_number", "episode_number", "episode_count", "show_title",
        "season_title", *RATINGS}
#: Plex's per-source ratings (the listing's ``ratingImage``/``audienceRatingImage`` and Rating elements)
PLEX_SOURCES = {"plex_imdb_rating": ("imdb://image.rating",), "plex_tmdb_rating": ("themoviedb://image.rating",),
                "plex_tomatoes_rating": ("rottentomatoes://image.rating.ripe", "rottentomatoes://image.rating.rotten"),
                "plex_tomatoesaudience_rating": ("rottentomatoes://image.rating.upright",
                                                 "rottentomatoes://image.rating.spilled")}
RATINGS |= set(PLEX_SOURCES)
PLEX |= set(PLEX_SOURCES)
#: variables of a show or season that need its episodes (the run reads the episode listing once)
EPISODE_TOTALS = {"runtime", "total_runtime"}
#: variables a service fills in (the run asks it; see kometa.overlays.facts)
MDB = {"mdb_rating", "mdb_average_rating", "mdb_imdb_rating", "mdb_metacritic_rating", "mdb_metacriticuser_rating",
       "mdb_trakt_rating", "mdb_tomatoes_rating", "mdb_tomatoesaudience_rating", "mdb_tmdb_rating",
       "mdb_letterboxd_rating", "mdb_myanimelist_rating"}
OMDB = {"omdb_rating", "omdb_imdb_rating", "omdb_metascore_rating", "omdb_tomatoes_rating"}
#: read for a whole library at once (kometa.engine.overlay_ratings)
BATCH = {"imdb_rating": "IMDb", "trakt_rating": "Trakt", "trakt_user_rating": "Trakt", "mal_rating": "MyAnimeList",
         "anidb_rating": "AniDB", "anidb_average_rating": "AniDB", "anidb_score_rating": "AniDB"}
ONLINE = {"tmdb_rating": "TMDb", **{name: "MDBList" for name in MDB}, **{name: "OMDb" for name in OMDB}, **BATCH}
RATINGS |= set(ONLINE)
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


class TextError(ValueError):
    """A variable that cannot be filled (unknown, from a source not available, or missing on this item)."""


def variables(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in VARIABLE.finditer(text)]


def check(text: str) -> None:
    """At load time: every variable is known and available in this version."""
    for name, _ in variables(text):
        if name not in PLEX and name not in ONLINE:
            raise TextError(f"unknown text variable <<{name}>>")


def online_names(text: str) -> set[str]:
    """The variables of ``text`` a service fills in (tmdb_rating, mdb_*, omdb_*, imdb_rating, ...)."""
    return {name for name, _ in variables(text) if name in ONLINE}


def _raw(name: str, values: Mapping[str, Any], mod: str = "") -> Any:
    if name == "bitrate":  # as Kometa: the first version's; H the highest, L the lowest
        found = values.get("bitrates") or ((values["bitrate"],) if values.get("bitrate") else ())
        return None if not found else max(found) if mod == "H" else min(found) if mod == "L" else found[0]
    if name == "runtime":  # a show's or season's: the average of its episodes (filled in by the run)
        return values.get("duration") or values.get("average_duration")
    if name == "total_runtime":  # shows and seasons: all their episodes (filled in by the run)
        return values.get("total_duration")
    if name == "originally_available":
        return values.get("release")
    if name == "episode_count":
        return values.get("leaf_count")
    if name in PLEX_SOURCES:
        ratings = values.get("plex_ratings") or {}
        return next((ratings[image] for image in PLEX_SOURCES[name] if image in ratings), None)
    if name == "show_title":
        return values.get("show_title") or values.get("grandparent_title")
    return values.get(name)


def _words(number: int) -> str:
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)


def _rating(value: float, mod: str) -> str:
    if mod == "%":
        return str(int(round(value * 10)))
    if mod == "/":  # as Kometa: halved, one decimal kept (8.0 -> 4.0)
        return f"{value / 2:.1f}"
    if mod == "#":
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text
    return f"{value:.1f}"


def format_value(name: str, mod: str, value: Any) -> str:
    if name in RATINGS:
        return _rating(float(value), mod)
    if name in ("runtime", "total_runtime"):
        minutes = int(round(float(value)))
        if mod == "H":
            return str(minutes // 60)
        if mod == "M":
            return str(minutes % 60)
        return str(minutes)
    if name == "bitrate":
        return str(int(value))
    if name == "originally_available":
        fmt = mod[1:-1] if mod.startswith("[") and mod.endswith("]") else "%Y-%m-%d"  # Kometa's default
        return value.strftime(fmt) if isinstance(value, date) else str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if mod in ("W", "WU", "WL"):
            word = _words(value)
            return word.upper() if mod == "WU" else word if mod == "WL" else word.capitalize()
        if mod == "0":
            return f"{value:02d}"
        if mod == "00":
            return f"{value:03d}"
        return str(value)
    text = str(value)
    return {"U": text.upper(), "L": text.lower(), "P": text.title()}.get(mod, text)


def resolve(text: str, values: Mapping[str, Any]) -> str:
    """The text with every variable filled from the item's listing values."""
    def fill(match: re.Match[str]) -> str:
        name, mod = match.group(1), match.group(2)
        value = _raw(name, values, mod)
        if value is None or value == "" or value == ():
            raise TextError(f"<<{name}>> has no value for this item")
        if isinstance(value, tuple):
            value = value[0]
        return format_value(name, mod, value)

    return VARIABLE.sub(fill, text)
