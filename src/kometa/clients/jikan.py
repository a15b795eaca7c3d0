"""Jikan, the public MyAnimeList API Kometa's ``mal_search``, ``mal_genre`` and ``mal_studio`` read
(``https://api.jikan.moe/v4``; ``KOMETA_JIKAN_URL`` replaces it), through the shared policy. Jikan
takes no key and allows 3 requests a second and 60 a minute (one a second here; ``Retry-After`` on
429 honoured). Searches change daily: kept for ``Policy.list_expiration_hours``; the genre list and
studio names for the cache expiry.

Search results are given in the shape of MyAnimeList's API v2 nodes (``id``, ``title``,
``alternative_titles.en``, ``media_type`` lower case, ``start_date``), so the MAL source matches
them as its own.
"""

from __future__ import annotations

import os
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, Service

API_ROOT = "https://api.jikan.moe/v4"
URL_ENV = "KOMETA_JIKAN_URL"
PER_PAGE = 25


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def as_node(row: dict[str, Any]) -> dict[str, Any]:
    """A Jikan anime as MAL's API v2 node."""
    aired = (row.get("aired") or {}).get("from") or ""
    return {"id": row.get("mal_id"), "title": row.get("title"),
            "alternative_titles": {"en": row.get("title_english") or ""},
            "media_type": str(row.get("type") or "").lower(), "start_date": str(aired)[:10] or None}


class JikanClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("Jikan", rate=1.0, concurrency=1, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)

    def search(self, params: dict[str, Any], limit: int) -> list[dict[str, Any]]:
        """``GET /anime`` with Jikan's search parameters, page by page up to ``limit`` (0: all)."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.service.get("/anime", {**params, "page": page, "limit": PER_PAGE}, revalidate=True)
            rows = [r for r in (answer.get("data") or []) if isinstance(r, dict)]
            out += [as_node(r) for r in rows]
            if (limit and len(out) >= limit) or not (answer.get("pagination") or {}).get("has_next_page") or not rows:
                return out[:limit] if limit else out
            page += 1

    def genres(self) -> dict[str, int]:
        """Genre name (lower case) -> MAL genre id."""
        answer = self.service.get("/genres/anime")
        return {str(g["name"]).lower(): int(g["mal_id"]) for g in answer.get("data") or []
                if isinstance(g, dict) and g.get("name")}

    def studio_id(self, name: str) -> int | None:
        """The MAL producer/studio id named ``name`` (any of its titles, case aside), or None."""
        answer = self.service.get("/producers", {"q": name})
        for row in answer.get("data") or []:
            titles = [str(t.get("title") or "") for t in row.get("titles") or [] if isinstance(t, dict)]
            if any(t.lower() == name.lower() for t in titles):
                return int(row["mal_id"])
        return None

    def has_studio(self, studio_id: int) -> bool:
        try:
            self.service.get(f"/producers/{studio_id}")
        except NotFound:
            return False
        return True
