"""The Tautulli client: its API v2 (``{url}/api/v2?apikey=…&cmd=…``) on the shared policy, at the
``tautulli: url`` the config gives. Home stats are live, so they are kept for an hour only (the
last answer stands in, with a warning, when Tautulli is down)."""

from __future__ import annotations

from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError


class TautulliClient:
    def __init__(self, url: str, apikey: str, cache: Cache | None, *, policy: Policy | None = None) -> None:
        policy = policy or Policy("Tautulli", rate=None, concurrency=2, attempts=3, list_expiration_hours=1.0)
        self.service = Service(policy, url,
                               params={"apikey": apikey}, cache=cache)

    def command(self, cmd: str, **params: Any) -> Any:
        answer = self.service.get("/api/v2", {"cmd": cmd, **params}, revalidate=True)
        response = answer.get("response") if isinstance(answer, dict) else None
        if not isinstance(response, dict) or response.get("result") != "success":
            message = response.get("message") if isinstance(response, dict) else "not a Tautulli answer"
            raise ServiceError("Tautulli", f"{cmd}: {message}")
        return response.get("data")

    def home_stats(self, days: int, count: int, section_id: int | None) -> list[dict[str, Any]]:
        data = self.command("get_home_stats", time_range=days, stats_count=count, section_id=section_id)
        return list(data or [])
