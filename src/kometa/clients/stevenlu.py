"""The StevenLu client: StevenLu's Popular Movies, one JSON file in a public S3 bucket
(``https://s3.amazonaws.com/popular-movies/movies.json``), read through the shared policy.

``KOMETA_STEVENLU_URL`` replaces the bucket's root ``https://s3.amazonaws.com/popular-movies``
(metasim's ``http://HOST:PORT/stevenlu``). The file is a JSON array of movies (``title``,
``imdb_id``, ...); it changes daily, so it is kept for ``Policy.list_expiration_hours`` and the
last copy stands in, with a warning, when the bucket cannot be reached.
"""

from __future__ import annotations

import os
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://s3.amazonaws.com/popular-movies"
URL_ENV = "KOMETA_STEVENLU_URL"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


class StevenluClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("StevenLu", rate=5.0, concurrency=1, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)

    def popular(self) -> list[dict[str, Any]]:
        """The movies of the list, in its order (each a mapping with at least ``imdb_id``)."""
        answer = self.service.get("/movies.json", revalidate=True)
        if not isinstance(answer, list):
            raise ServiceError("StevenLu", "movies.json is not a list of movies (has its format changed?)")
        return [row for row in answer if isinstance(row, dict)]
