"""The Trakt API v2 client: what to ask Trakt, with the shared :class:`~kometa.clients.policy.Service`.

The API root is ``https://api.trakt.tv``; ``KOMETA_TRAKT_URL`` replaces it (metasim's
``http://HOST:PORT/trakt``). Every request carries ``trakt-api-key`` (the app's client id) and
``trakt-api-version: 2``; user data (``me``, recommendations, private lists) also the OAuth
``Authorization: Bearer`` token from the ``trakt: authorization`` section (see
:mod:`kometa.clients.trakt_auth` for signing in and refreshing). Trakt allows 1000 GET requests per
5 minutes, so the policy spaces them at 3 a second. Charts, lists and watchlists change daily: they
are kept for ``Policy.list_expiration_hours`` (``revalidate``), then asked again, and the cached
answer stands in, with a warning, when Trakt is down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

API_ROOT = "https://api.trakt.tv"
URL_ENV = "KOMETA_TRAKT_URL"
PAGE_LIMIT = 100  # items asked per page of a chart


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


@dataclass(frozen=True)
class TraktSettings:
    client_id: str
    client_secret: str
    access_token: str | None = None


class TraktClient:
    """Trakt for one run (shared across libraries)."""

    def __init__(self, settings: TraktSettings, cache: Cache | None, *, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        self.settings = settings
        policy = policy or Policy("Trakt", rate=3.0, concurrency=2)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        headers = self.service.session.headers
        headers["trakt-api-key"] = settings.client_id
        headers["trakt-api-version"] = "2"
        headers["Content-Type"] = "application/json"
        if settings.access_token:
            headers["Authorization"] = f"Bearer {settings.access_token}"

    @property
    def authorised(self) -> bool:
        return bool(self.settings.access_token)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.service.get(path, params, revalidate=True)

    def list_summary(self, path: str) -> dict[str, Any]:
        """``path`` is ``/users/{user}/lists/{slug}`` or ``/lists/{id}``."""
        return dict(self.get(path))

    def list_items(self, path: str) -> list[dict[str, Any]]:
        return list(self.get(f"{path}/items"))

    def chart(self, media: str, name: str, limit: int, period: str | None = None,
              filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """A chart (``media`` movies/shows), page by page until ``limit`` items; ``filters`` are Trakt's
        chart filter parameters (years, genres, ratings, ...)."""
        path = f"/{media}/{name}" + (f"/{period}" if period else "")
        out: list[dict[str, Any]] = []
        page = 1
        per_page = min(PAGE_LIMIT, limit)
        while len(out) < limit:
            rows = list(self.get(path, {**(filters or {}), "page": page, "limit": per_page}))
            out += rows
            if len(rows) < per_page:
                break
            page += 1
        return out[:limit]

    def userlist(self, which: str, user: str, media: str, sort: str = "rank") -> list[dict[str, Any]]:
        """``which`` is watchlist, favorites, watched or collection."""
        path = f"/users/{user}/{which}/{media}" + (f"/{sort}" if which in ("watchlist", "favorites") else "")
        return list(self.get(path))

    # -- the signed-in user's own lists (sync_to_trakt_list): read fresh, never from the cache

    def own_lists(self) -> list[str]:
        """The slugs of the signed-in user's lists."""
        return [str((entry.get("ids") or {}).get("slug")) for entry in self.service.get("/users/me/lists", cache=False)
                if isinstance(entry, dict)]

    def own_items(self, slug: str) -> list[dict[str, Any]]:
        return list(self.service.get(f"/users/me/lists/{slug}/items", cache=False))

    def change_list(self, slug: str, body: dict[str, Any], *, remove: bool) -> dict[str, Any]:
        """Add (or remove) the ``{"movies": [...], "shows": [...]}`` of ``body``; Trakt's answer."""
        path = f"/users/me/lists/{slug}/items" + ("/remove" if remove else "")
        return dict(self.service.send(path, body, accept=()))

    def reorder_list(self, slug: str, ranks: list[int]) -> dict[str, Any]:
        return dict(self.service.send(f"/users/me/lists/{slug}/items/reorder", {"rank": ranks}, accept=()))

    def recommendations(self, media: str, limit: int) -> list[dict[str, Any]]:
        return list(self.get(f"/recommendations/{media}", {"limit": limit}))

    def _rating(self, path: str) -> float | None:
        from kometa.clients.policy import NotFound
        try:
            answer = self.service.get(path)  # kept for the cache expiry: an average drifts slowly
        except NotFound:
            return None
        value = answer.get("rating") if isinstance(answer, dict) else None
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value else None

    def rating(self, media: str, ident: str) -> float | None:
        """Trakt's average rating (1-10) of a movie or show (``media`` movies/shows) by Trakt id, slug or
        IMDb id; None when Trakt does not know it."""
        return self._rating(f"/{media}/{ident}/ratings")

    def episode_rating(self, show: str, season: int, episode: int) -> float | None:
        """Trakt's average rating of one episode of ``show`` (Trakt id, slug or IMDb id), or None."""
        return self._rating(f"/shows/{show}/seasons/{season}/episodes/{episode}/ratings")

    def user_ratings(self, media: str) -> list[dict[str, Any]]:
        """The signed-in user's own ratings (``media`` movies/shows): rows with ``rating`` (1-10) and the
        title's ``ids``; asked again after the list expiry (ratings are added every day)."""
        return list(self.get(f"/users/me/ratings/{media}"))
