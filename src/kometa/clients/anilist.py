"""The AniList client: its GraphQL API (``https://graphql.anilist.co``; ``KOMETA_ANILIST_URL``
replaces it) through the shared policy. AniList allows 90 requests a minute (``Retry-After`` on
429 is honoured); pages hold at most 50 anime. Charts, searches, relations, studios' anime and
users' lists change daily: they are kept for ``Policy.list_expiration_hours``; an anime's record
by id and the tag collection are cached for the expiry.
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
             "minimumTagRank": "Int", "tagCategory_in": "[String]", "tagCategory_not_in": "[String]"}
#: AniList's MediaListSort values by Kometa's ``sort_by`` name
LIST_SORTS = {"score": "SCORE_DESC", "status": "STATUS_DESC", "progress": "PROGRESS_DESC",
              "last_updated": "UPDATED_TIME_DESC", "last_added": "ADDED_TIME_DESC", "start_date": "STARTED_ON_DESC",
              "completed_date": "FINISHED_ON_DESC", "popularity": "MEDIA_POPULARITY_DESC"}


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

    def tags(self) -> list[dict[str, Any]]:
        """AniList's tags (``name``, ``category``)."""
        data = self._data("query { MediaTagCollection { name category } }", {}, "the tag collection", revalidate=False)
        return [t for t in data.get("MediaTagCollection") or [] if isinstance(t, dict)]

    def genres(self) -> list[str]:
        """AniList's genres (``GenreCollection``), as AniList names them."""
        data = self._data("query { GenreCollection }", {}, "the genre collection", revalidate=False)
        return [str(g) for g in data.get("GenreCollection") or [] if isinstance(g, str)]

    def with_relations(self, anilist_id: int) -> dict[str, Any]:
        """An anime with its relation edges (``relations.edges[].relationType``, ``node {id type}``)."""
        query = (f"query ($id: Int) {{ Media(id: $id, type: ANIME) {{ {FIELDS} relations {{ edges {{ relationType "
                 f"node {{ id type }} }} }} }} }}")
        media = self._data(query, {"id": anilist_id}, f"anime {anilist_id}", revalidate=True).get("Media")
        if not isinstance(media, dict):
            raise NotFound("AniList", f"anime {anilist_id} does not exist")
        return media

    def studio(self, studio_id: int) -> tuple[str, list[dict[str, Any]]]:
        """A studio's name and its anime, page by page."""
        query = (f"query ($id: Int, $page: Int, $perPage: Int) {{ Studio(id: $id) {{ name media(page: $page, "
                 f"perPage: $perPage) {{ pageInfo {{ hasNextPage }} nodes {{ type {FIELDS} }} }} }} }}")
        out: list[dict[str, Any]] = []
        name = ""
        page = 1
        while True:
            data = self._data(query, {"id": studio_id, "page": page, "perPage": PER_PAGE}, f"studio {studio_id}",
                              revalidate=True)
            block = data.get("Studio")
            if not isinstance(block, dict):
                raise NotFound("AniList", f"studio {studio_id} does not exist")
            name = name or str(block.get("name") or "")
            media = block.get("media") or {}
            nodes = [m for m in media.get("nodes") or [] if isinstance(m, dict)]
            out += [m for m in nodes if m.get("type", "ANIME") == "ANIME"]
            if not (media.get("pageInfo") or {}).get("hasNextPage") or not nodes:
                return name, out
            page += 1

    def user_lists(self, user: str, sort: str) -> list[dict[str, Any]]:
        """A user's anime lists (``name``, ``entries[] {score, media}``), sorted by the MediaListSort ``sort``."""
        query = (f"query ($user: String, $sort: [MediaListSort]) {{ MediaListCollection(userName: $user, "
                 f"sort: $sort, type: ANIME) {{ lists {{ name entries {{ score(format: POINT_10) media {{ {FIELDS} }} "
                 f"}} }} }} }}")
        data = self._data(query, {"user": user, "sort": [sort]}, f"user {user}", revalidate=True)
        block = data.get("MediaListCollection")
        if not isinstance(block, dict):
            raise NotFound("AniList", f"user {user} does not exist")
        return [lst for lst in block.get("lists") or [] if isinstance(lst, dict)]
