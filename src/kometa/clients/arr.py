"""The Radarr/Sonarr client: their API v3 reads (all titles, tags) on the shared policy, at the
section's url with the ``X-Api-Key`` header. The lists change as the user adds titles, so they are
kept for an hour only; the last answer stands in, with a warning, when the app is down."""

from __future__ import annotations

from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service


class ArrClient:
    def __init__(self, app: str, url: str, token: str, cache: Cache | None, *, policy: Policy | None = None) -> None:
        self.app = app
        self.where = ""  # where its section is (for messages)
        self.service = Service(policy or Policy(app.title(), rate=None, concurrency=2, attempts=3,
                                                   list_expiration_hours=1.0), url, cache=cache)
        self.service.session.headers["X-Api-Key"] = token

    def titles(self) -> list[dict[str, Any]]:
        return list(self.service.get("/api/v3/movie" if self.app == "radarr" else "/api/v3/series", revalidate=True))

    def tags(self) -> dict[str, int]:
        """Tag label (lower case) -> id."""
        return {str(t["label"]).lower(): int(t["id"]) for t in self.service.get("/api/v3/tag", revalidate=True)}
