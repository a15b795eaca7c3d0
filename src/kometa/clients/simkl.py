"""The Simkl client: Simkl's trending and DVD-release lists through the Kometa Simkl Service
(``https://utilities.kometa.wiki/simkl-service``, no key), read through the shared policy.

``KOMETA_SIMKL_URL`` replaces that root (metasim's ``http://HOST:PORT/simkl``). ``trending/{period}/{size}``
answers ``{"movies": [...], "tv": [...], "anime": [...]}``, ``dvd/{size}`` a list; ``size`` is
``small`` (the top 100) or ``large`` (the top 500). The lists change daily: kept for
``Policy.list_expiration_hours``, the last copy standing in, with a warning, when the service is down.
"""

from __future__ import annotations

import os
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://utilities.kometa.wiki/simkl-service"
URL_ENV = "KOMETA_SIMKL_URL"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def size_for(limit: int) -> str:
    return "large" if limit > 100 else "small"


class SimklClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("Simkl", rate=5.0, concurrency=1, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)

    def trending(self, period: str, limit: int) -> dict[str, list[dict[str, Any]]]:
        answer = self.service.get(f"/trending/{period}/{size_for(limit)}", revalidate=True)
        if not isinstance(answer, dict):
            raise ServiceError("Simkl", "the trending list is not a mapping of movies, tv and anime")
        return {k: [i for i in answer.get(k) or [] if isinstance(i, dict)] for k in ("movies", "tv", "anime")}

    def dvd(self, limit: int) -> list[dict[str, Any]]:
        answer = self.service.get(f"/dvd/{size_for(limit)}", revalidate=True)
        if not isinstance(answer, list):
            raise ServiceError("Simkl", "the DVD list is not a list")
        return [i for i in answer if isinstance(i, dict)]
