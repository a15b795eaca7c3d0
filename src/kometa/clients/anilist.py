"""The AniList client: its GraphQL API (``https://graphql.anilist.co``; ``KOMETA_ANILIST_URL``
replaces it) through the shared policy. AniList allows 90 requests a minute (``Retry-After`` on
429 is honoured); pages hold at most 50 anime. Charts and searches change daily: they are kept
for ``Policy.list_expiration_hours``; an anime's record by id is cached for the expiry.
"""

from __future__ import annotations

import os
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, Service, ServiceError

API_ROOT = "https://graphql.anilist.co"
URL_ENV = "KOMETA_ANILIST_URL"
PER_PAGE = 50
FIELDS = "id idMal title { romaji english } format startDate { year } seasonYear"
#: the filter variables a page query may carry, with their GraphQL types
VARIABLES = {"sort": "[MediaSort]", "search": "String", "season": "MediaSeason", "seasonYear": "Int",
             "genre_in": "[String]", "genre_not_in": "[String]", "tag_in": "[String]", "tag_not_in": "[String]",
             "format_in": "[MediaFormat]", "format_not_in": "[MediaFormat]", "status_in": "[MediaStatus]",
             "averageScore_greater": "Int", "averageScore_lesser": "Int", "popularity_greater": "Int",
             "popularity_lesser": "Int", "episodes_greater": "Int", "episodes_lesser": "Int",
             "duration_greater": "Int", "duration_lesser": "Int", "startDate_greater": "FuzzyDateInt",
             "startDate_lesser": "FuzzyDateInt", "endDate_greater": "FuzzyDateInt", "endDate_lesser": "FuzzyDateInt",
             "isAdult": "Boolean", "countryOfOrigin": "CountryCode", "source": "MediaSource",
             "minimumTagRank": "Int"}


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


class AnilistClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("AniList", rate=1.5, concurrency=1, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        self.service.session.headers["Accept"] = "application/json"

    def _data(self, query: str, variables: dict[str, Any], what: str, revalidate: bool) -> dict[str, Any]:
        try:
            answer = self.service.post("/", {"query": query, "variables": variables}, revalidate=revalidate)
        except NotFound:
            raise NotFound("AniList", f"{what} does not exist") from None
        errors = answer.get("errors") if isinstance(answer, dict) else None
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            if first.get("status") == 404:
                raise NotFound("AniList", f"{what} does not exist")
            raise ServiceError("AniList", f"{what}: {first.get('message') or 'GraphQL error'}")
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise ServiceError("AniList", f"{what}: the answer has no data")
        return data

    def anime(self, anilist_id: int) -> dict[str, Any]:
        query = f"query ($id: Int) {{ Media(id: $id, type: ANIME) {{ {FIELDS} }} }}"
        media = self._data(query, {"id": anilist_id}, f"anime {anilist_id}", revalidate=False).get("Media")
        if not isinstance(media, dict):
            raise NotFound("AniList", f"anime {anilist_id} does not exist")
        return media

    def page_ids(self, variables: dict[str, Any], limit: int, what: str) -> list[dict[str, Any]]:
        """Anime of a ``Page { media(...) }`` query with the filter ``variables``, page by page up to
        ``limit`` (0: all)."""
        unknown = [k for k in variables if k not in VARIABLES]
        if unknown:
            raise ValueError(f"unknown AniList variable {unknown[0]}")
        names = sorted(variables)
        params = ", ".join(["$page: Int", "$perPage: Int", *(f"${n}: {VARIABLES[n]}" for n in names)])
        args = ", ".join(["type: ANIME", *(f"{n}: ${n}" for n in names)])
        query = (f"query ({params}) {{ Page(page: $page, perPage: $perPage) {{ pageInfo {{ hasNextPage }} "
                 f"media({args}) {{ {FIELDS} }} }} }}")
        out: list[dict[str, Any]] = []
        page = 1
        per = min(PER_PAGE, limit) if limit else PER_PAGE  # the same page size throughout (AniList pages by it)
        while True:
            data = self._data(query, {**variables, "page": page, "perPage": per}, what, revalidate=True)
            block = data.get("Page") or {}
            media = [m for m in block.get("media") or [] if isinstance(m, dict)]
            out += media
            if (limit and len(out) >= limit) or not (block.get("pageInfo") or {}).get("hasNextPage") or not media:
                return out[:limit] if limit else out
            page += 1
