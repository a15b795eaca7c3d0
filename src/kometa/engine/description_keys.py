"""Kometa's list-description keys of a collection or playlist: ``letterboxd_description`` (a
Letterboxd list's description), ``trakt_description`` (a Trakt list's) and
``icheckmovies_description`` (an ICheckMovies list's), the summary taken from the first list the
value names, without building anything from it.

Kometa's order of summaries: ``summary`` > ``tmdb_description`` > ``tvdb_description`` >
``letterboxd_description`` > ``tmdb_summary`` > ``tvdb_summary`` > ... Kometa reads
``trakt_description`` but never applies it; here it comes right after ``letterboxd_description``, and ``icheckmovies_description`` after it.
Fill these after the TVDb keys and before TMDb's (:func:`kometa.sources.tvdb.definition_details`
leaves ``tvdb_summary`` to them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.sources.conditions import ConditionError

KEYS = ("letterboxd_description", "trakt_description", "icheckmovies_description")
#: the keys that win over these
BEFORE = ("summary", "tmdb_description", "tvdb_description")


def description_details(data: Mapping[str, Any], letterboxd: Any, trakt: Any, icheckmovies: Any = None) -> dict[str, str]:
    """``{"summary": ...}`` from the first description key with a non-empty answer (nothing when a
    key that wins is there). ``letterboxd`` / ``trakt`` / ``icheckmovies`` are the library's sources
    (None: not here)."""
    if any(data.get(k) not in (None, "", []) for k in BEFORE):
        return {}
    for key in KEYS:
        if data.get(key) in (None, "", []):
            continue
        source = {"letterboxd_description": letterboxd, "trakt_description": trakt}.get(key, icheckmovies)
        if source is None:
            raise ConditionError(f"{key} is not supported here in this version")
        try:
            text = source.list_description(key, data[key])
        except ServiceError as exc:
            raise ServiceError(exc.service, f"{key} needs {exc.service}: {exc.detail}", key) from None
        if text:
            return {"summary": text}
    return {}
