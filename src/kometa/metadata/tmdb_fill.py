"""``tmdb_movie`` / ``tmdb_show`` (alias ``tmdb_id``) in a metadata entry, as Kometa applies them: the
item's fields come from that TMDb movie or show (a movie in the library that TMDb has as a
miniseries takes ``tmdb_show``).

TMDb's values win over the entry's own, as in Kometa: ``originally_available`` (release / first air
date), ``original_title`` (only when it differs from TMDb's title), ``critic_rating`` (the vote
average), ``studio`` (the first production company; a show's first network), ``tagline`` and
``summary`` (the overview); TMDb's genres are added to the entry's ``genre`` (or ``genre.sync``)
list when it has one. An empty TMDb value leaves the entry's. The details are cached by the TMDb
client, so a second run asks TMDb nothing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from typing import Any

KEYS = ("tmdb_movie", "tmdb_show", "tmdb_id")


def wanted(entry: Mapping[str, Any]) -> tuple[str, int] | None:
    """(``movie`` | ``show``, TMDb id) the entry asks for, None when none; ValueError names what is wrong."""
    show_key = next((k for k in ("tmdb_show", "tmdb_id") if k in entry), None)
    if show_key is not None and "tmdb_movie" in entry:
        raise ValueError("tmdb_movie and tmdb_show cannot be used together")
    key = show_key or ("tmdb_movie" if "tmdb_movie" in entry else None)
    if key is None:
        return None
    found = re.search(r"\d+", str(entry[key] if entry[key] is not None else ""))
    if found is None:
        raise ValueError(f"{key}: expected a TMDb id, got {entry[key]!r}")
    return ("movie" if key == "tmdb_movie" else "show", int(found.group(0)))


def values(kind: str, details: Mapping[str, Any]) -> dict[str, Any]:
    """The entry keys TMDb's ``details`` fill (empty values left out)."""
    title = details.get("title" if kind == "movie" else "name")
    original = details.get("original_title" if kind == "movie" else "original_name")
    companies = details.get("production_companies" if kind == "movie" else "networks") or []
    out: dict[str, Any] = {
        "originally_available": details.get("release_date" if kind == "movie" else "first_air_date") or None,
        "original_title": original if original and original != title else None,
        "critic_rating": round(float(details["vote_average"]), 1) if details.get("vote_average") else None,
        "studio": companies[0].get("name") if companies and isinstance(companies[0], Mapping) else None,
        "tagline": details.get("tagline") or None,
        "summary": details.get("overview") or None,
    }
    return {k: v for k, v in out.items() if v is not None}


def fill(entry: Mapping[str, Any], fetch: Callable[[str, int], Mapping[str, Any]]) -> Mapping[str, Any]:
    """``entry`` with TMDb's values in (``fetch(kind, id)`` gives the details; its errors pass through)."""
    asked = wanted(entry)
    if asked is None:
        return entry
    details = fetch(*asked)
    out = copy.copy(entry)  # keeps the entry's lines
    for key in [k for k in out if str(k) in KEYS]:
        del out[key]
    for key, value in values(asked[0], details).items():
        out[key] = value
    genres = [g.get("name") for g in details.get("genres") or () if isinstance(g, Mapping) and g.get("name")]
    for key in ("genre", "genre.sync"):
        if key in out and genres:
            have = out[key] if isinstance(out[key], list) else [] if out[key] is None else str(out[key]).split(",")
            out[key] = [*have, *(g for g in genres if g not in have)]
            break
    return out
