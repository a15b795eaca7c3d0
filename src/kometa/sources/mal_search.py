"""``mal_search`` (and the older ``mal_genre`` / ``mal_studio``, which Kometa runs as a search) as
Jikan's ``GET /anime`` parameters, as Kometa documents them: ``sort_by`` (``score.desc``,
``members.asc``, ...), ``limit`` (0: all), ``query``, ``prefix``, ``type`` (tv, movie, ova, special,
ona, music), ``status`` (airing, complete, upcoming), ``genre`` / ``genre.not`` and ``studio``
(names or ids; ``,`` for AND, ``|`` for OR), ``content_rating`` (g, pg, pg13, r17, r, rx),
``score.gt``/``.gte``/``.lt``/``.lte`` (0-10) and ``sfw``. Names are looked up through the
callables given (Jikan's genre list, its producer search), so this module stays pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kometa.sources.conditions import ConditionError

TYPES = ("tv", "movie", "ova", "special", "ona", "music")
STATUSES = ("airing", "complete", "upcoming")
RATINGS = ("g", "pg", "pg13", "r17", "r", "rx")
SORTS = ("mal_id", "title", "type", "rating", "start_date", "end_date", "episodes", "score", "scored_by", "rank",
         "popularity", "members", "favorites")
SORT_BY = tuple(f"{s}.{d}" for s in SORTS for d in ("desc", "asc"))
KEYS = ("sort_by", "limit", "query", "prefix", "type", "status", "genre", "genre.not", "studio", "content_rating",
        "score.gt", "score.gte", "score.lt", "score.lte", "sfw")


def _choice(key: str, name: str, value: Any, allowed: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        raise ConditionError(f"{key}: {name} must be one of {', '.join(allowed)}, got {value!r}")
    return text


def and_or(key: str, name: str, value: Any, lookup: Callable[[str], int | None]) -> str:
    """``Action, Comedy|Drama`` -> ``1,4|8``: names or ids, ``,`` AND, ``|`` OR."""
    raw = ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
    groups = []
    for part in raw.split(","):
        ids = []
        for word in (w.strip() for w in part.split("|")):
            if not word:
                raise ConditionError(f"{key}: {name} has a blank value in {raw!r}")
            found = int(word) if word.isdigit() else lookup(word)
            if found is None:
                raise ConditionError(f"{key}: MyAnimeList has no {name.split('.')[0]} {word!r}")
            ids.append(str(found))
        groups.append("|".join(ids))
    return ",".join(groups)


def _score(key: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
        raise ConditionError(f"{key}: {name} must be a number between 0 and 10, got {value!r}")
    return float(value)


def search_params(key: str, spec: Any, genre: Callable[[str], int | None],
                  studio: Callable[[str], int | None]) -> tuple[dict[str, Any], int]:
    """Jikan's parameters and the limit for one ``mal_search`` mapping."""
    if not isinstance(spec, Mapping) or not spec:
        raise ConditionError(f"{key} takes a mapping of search attributes ({', '.join(KEYS[:8])}, ...)")
    params: dict[str, Any] = {}
    limit = 0
    for attr, value in spec.items():
        name = str(attr).lower()
        if name not in KEYS:
            raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(KEYS)})")
        if value is None:
            raise ConditionError(f"{key}: {name} has no value")
        if name == "sort_by":
            params["order_by"], params["sort"] = _choice(key, name, value, SORT_BY).split(".")
        elif name == "limit":
            if isinstance(value, bool) or not str(value).strip().isdigit():
                raise ConditionError(f"{key}: limit must be a whole number (0 = all), got {value!r}")
            limit = int(str(value))
        elif name == "query":
            params["q"] = str(value)
        elif name == "prefix":
            params["letter"] = str(value)
        elif name == "type":
            params["type"] = _choice(key, name, value, TYPES)
        elif name == "status":
            params["status"] = _choice(key, name, value, STATUSES)
        elif name in ("genre", "genre.not"):
            params["genres" if name == "genre" else "genres_exclude"] = and_or(key, name, value, genre)
        elif name == "studio":
            params["producers"] = and_or(key, name, value, studio)
        elif name == "content_rating":
            params["rating"] = _choice(key, name, value, RATINGS)
        elif name == "sfw":
            if not isinstance(value, bool):
                raise ConditionError(f"{key}: sfw must be true or false, got {value!r}")
            if value:
                params["sfw"] = "true"
        elif name.startswith("score."):
            score = _score(key, name, value)
            mod = name.split(".")[1]
            if mod.startswith("gt") and "min_score" not in params:
                params["min_score"] = round(score + (0.01 if mod == "gt" else 0), 2)
            elif mod.startswith("lt") and "max_score" not in params:
                params["max_score"] = round(score - (0.01 if mod == "lt" else 0), 2)
    if "min_score" in params and "max_score" in params and params["max_score"] <= params["min_score"]:
        raise ConditionError(f"{key}: score.lt/score.lte must be greater than score.gt/score.gte")
    if not params:
        raise ConditionError(f"{key} needs at least one search attribute besides limit")
    return params, limit


def shortcut(key: str, value: Any, genre: Callable[[str], int | None],
             studio: Callable[[str], int | None]) -> dict[str, Any]:
    """``mal_genre`` / ``mal_studio``: names or ids (a list or comma-separated), run as a search
    (as Kometa does, the values are joined with ``,``)."""
    raw = value if isinstance(value, list) else str(value).split(",")
    words = [str(w).strip() for w in raw if str(w).strip()]
    if not words or value is None:
        raise ConditionError(f"{key} has no value (give MyAnimeList {key[4:]} names or ids)")
    lookup = genre if key == "mal_genre" else studio
    ids = and_or(key, key[4:], ",".join(words), lookup)
    return {"genres" if key == "mal_genre" else "producers": ids}
