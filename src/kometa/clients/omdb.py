"""The OMDb client (``https://www.omdbapi.com``; ``KOMETA_OMDB_URL`` replaces it) on the shared policy:
a title's ratings by IMDb id, for operations and overlays that use OMDb's values.

The key is the ``apikey`` parameter (``omdb:`` section). OMDb answers ``{"Response": "False",
"Error": ...}`` for trouble: "Invalid API key!" (HTTP 401) is a refused key, "Request limit
reached!" (HTTP 401, free keys allow 1,000 a day) is the daily quota — no more OMDb requests that
run, cached answers stand in, the report counts what was not sent — and an unknown id ("Incorrect
IMDb ID.", "Movie not found!", "Error getting data.") is :class:`NotFound`. Answers are cached for
``cache_expiration`` days (an unknown id too).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, Service, ServiceError

API_ROOT = "https://www.omdbapi.com"
URL_ENV = "KOMETA_OMDB_URL"
_IMDB = re.compile(r"^tt\d{5,}$")


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def _number(text: Any) -> float | None:
    value = str(text or "").replace(",", "").replace("%", "").split("/")[0].strip()
    try:
        return float(value)
    except ValueError:
        return None  # "N/A"


def ratings_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """OMDb's record as ratings: ``imdb`` (of 10), ``imdb_votes``, ``metacritic`` (``Metascore``, of
    100), ``rotten_tomatoes`` (the Tomatometer, %), ``rated`` (content rating), each None when OMDb
    has "N/A"; with ``title``, ``year``, ``type`` and ``imdb_id``."""
    sources = {str(r.get("Source")): r.get("Value") for r in record.get("Ratings") or [] if isinstance(r, Mapping)}
    rated = str(record.get("Rated") or "").strip()
    votes = _number(record.get("imdbVotes"))
    year = re.match(r"\d{4}", str(record.get("Year") or ""))
    return {"imdb": _number(record.get("imdbRating")), "imdb_votes": int(votes) if votes is not None else None,
            "metacritic": _number(record.get("Metascore")), "rotten_tomatoes": _number(sources.get("Rotten Tomatoes")),
            "rated": rated if rated and rated != "N/A" else None, "title": record.get("Title"),
            "year": int(year.group(0)) if year else None, "type": record.get("Type"), "imdb_id": record.get("imdbID")}


class OmdbClient:
    """OMDb for one run (shared across libraries)."""

    def __init__(self, apikey: str, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("OMDb", rate=10.0, concurrency=4, expiration_days=expiration_days,
                                  quota_marker="Request limit reached")
        self.service = Service(policy, base_url or api_root(), params={"apikey": apikey}, cache=cache)

    def record(self, imdb_id: str) -> dict[str, Any]:
        """OMDb's full record of a title (``?i=tt…``); NotFound for an id OMDb does not know."""
        if not _IMDB.match(imdb_id):
            raise NotFound("OMDb", f"{imdb_id!r} is not an IMDb id")
        answer = self.service.get("/", {"i": imdb_id})
        if not isinstance(answer, dict):
            raise ServiceError("OMDb", f"{imdb_id}: not an OMDb answer")
        if str(answer.get("Response")) == "False":
            error = str(answer.get("Error") or "unknown error")
            if "not found" in error.lower() or "incorrect imdb id" in error.lower() or "error getting data" in error.lower():
                raise NotFound("OMDb", f"{imdb_id}: {error}")
            raise ServiceError("OMDb", f"{imdb_id}: {error}")
        return answer

    def ratings(self, imdb_id: str) -> dict[str, Any]:
        """The title's ratings (see :func:`ratings_of`); NotFound for an unknown id."""
        return ratings_of(self.record(imdb_id))

    def check_key(self) -> None:
        """AuthError for a refused key (not cached: the point is to ask)."""
        self.service.get("/", {"i": "tt0000001"}, cache=False)
