"""The MDBList client (``https://api.mdblist.com``; ``KOMETA_MDBLIST_URL`` replaces it) on the
shared policy. The key is the ``apikey`` parameter. MDBList's free keys allow 1000 requests a
day: when MDBList answers 429 "API Limit Reached" the policy stops asking for the rest of the run
(``quota_marker``) and cached answers stand in, with a warning. List items change daily, so they
are kept for ``Policy.list_expiration_hours`` only (the cached answer stands in when MDBList is down); ratings are cached for
``cache_expiration`` days.
"""

from __future__ import annotations

import os
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

API_ROOT = "https://api.mdblist.com"
URL_ENV = "KOMETA_MDBLIST_URL"
PAGE = 1000


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


class MdblistClient:
    def __init__(self, apikey: str, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("MDBList", rate=5.0, concurrency=2, expiration_days=expiration_days,
                                  quota_marker="API Limit Reached")
        self.service = Service(policy, base_url or api_root(), params={"apikey": apikey}, cache=cache)

    def list_items(self, path: str, media: str, limit: int, sort: tuple[str, str] | None) -> list[dict[str, Any]]:
        """Items of ``/lists/{user}/{list}`` for ``media`` (movie/show), up to ``limit`` (0 = all)."""
        out: list[dict[str, Any]] = []
        offset = 0
        while True:
            params: dict[str, Any] = {"limit": PAGE, "offset": offset}
            if sort:
                params["sort"], params["sortorder"] = sort
            page = self.service.get(f"{path}/items/{media}", params, revalidate=True)
            rows = page if isinstance(page, list) else (page.get("movies" if media == "movie" else "shows") or [])
            out += rows
            if (limit and len(out) >= limit) or len(rows) < PAGE:
                return out[:limit] if limit else out
            offset += len(rows)

    def ratings(self, provider: str, media: str, ident: str) -> dict[str, Any]:
        """One title's MDBList record (``score``, ``ratings``) by imdb/tmdb/tvdb id."""
        return dict(self.service.get(f"/{provider}/{media}/{ident}"))
