"""The TMDb API v3 client: what to ask TMDb, with the shared :class:`~kometa.clients.policy.Service`.

The API root is ``https://api.themoviedb.org/3``; the environment variable ``KOMETA_TMDB_URL``
replaces it (a proxy, a mirror, or metasim's ``http://HOST:PORT/tmdb/3``). The key goes in the
``api_key`` parameter (a v4 read-access token, which starts with ``eyJ``, as a Bearer header).
``language`` and ``region`` from the ``tmdb:`` section go with the requests that take them.
Every answer is cached (so a second run within the cache expiry sends no request), and kept in
memory for the run (:meth:`TmdbClient.get`): the filters, operations, overlays and builders of one
run that need the same ``/movie/ID`` share one answer, neither asked nor decoded twice.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, RawAnswer, Service, ServiceError

API_ROOT = "https://api.themoviedb.org/3"
URL_ENV = "KOMETA_TMDB_URL"
IMAGE_ROOT = "https://image.tmdb.org/t/p/original"
IMAGE_ENV = "KOMETA_TMDB_IMAGE_URL"  # replaces IMAGE_ROOT (metasim: http://HOST:PORT/tmdb/t/p/original)
PAGE_SIZE = 20  # TMDb pages hold 20 results
MAX_PAGES = 500


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def image_url(path: str | None) -> str | None:
    return f"{(os.environ.get(IMAGE_ENV) or IMAGE_ROOT).rstrip('/')}{path}" if path else None


_IMAGE_HOSTS: dict[str, Service] = {}
_IMAGE_LOCK = threading.Lock()
_IMAGE_TYPES = ("image/jpeg", "image/jpg", "image/png", "image/webp")


def _image_answer(response: Any) -> bytes:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind not in _IMAGE_TYPES:
        raise ServiceError("TMDb images", f"the answer is '{kind or 'unknown'}', not an image")
    return bytes(response.content)


def fetch_image(url: str) -> bytes:
    """The bytes of a TMDb image (``image_url``: a profile picture, a poster), with the client policy
    (timeouts, retries, 429 + Retry-After); not cached (asked only when a poster is drawn to be
    uploaded). ServiceError (NotFound for a 404) says why it could not be had."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    with _IMAGE_LOCK:
        service = _IMAGE_HOSTS.get(origin)
        if service is None:
            service = _IMAGE_HOSTS[origin] = Service(Policy("TMDb images", timeout=30.0, rate=20.0, concurrency=4),
                                                     origin)
    data = service.get(parts.path, cache=False, parse=RawAnswer(_image_answer))
    return bytes(data)


@dataclass(frozen=True)
class TmdbSettings:
    apikey: str
    language: str = "en"
    region: str | None = None
    expiration_days: int = 60


class TmdbClient:
    """TMDb for one run (shared across libraries)."""

    def __init__(self, settings: TmdbSettings, cache: Cache | None, *, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        self.settings = settings
        policy = policy or Policy("TMDb", rate=40.0, concurrency=8, expiration_days=settings.expiration_days)
        key = settings.apikey
        params = {} if key.startswith("eyJ") else {"api_key": key}
        self.service = Service(policy, base_url or api_root(), params=params, cache=cache)
        if key.startswith("eyJ"):
            self.service.session.headers["Authorization"] = f"Bearer {key}"
        self._memo: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}  # this run's answers (or NotFound)
        self._memo_lock = threading.Lock()
        self._asking: dict[tuple[str, tuple[tuple[str, str], ...]], threading.Lock] = {}
        self.memo_hits = 0

    # -- plumbing

    def get(self, path: str, params: dict[str, Any] | None = None, *, cache: bool = True) -> Any:
        """TMDb's answer for ``path``: from this run's memory, else the cache, else TMDb. Threads asking
        the same thing at once wait for the first one's answer (so nothing is asked twice a run); an
        unknown id is remembered too. Callers must not change the answer (copy it)."""
        if not cache:
            return self.service.get(path, params, cache=False)
        key = (path, tuple(sorted((k, str(v)) for k, v in (params or {}).items() if v is not None)))
        with self._memo_lock:
            known = key in self._memo
            if known:
                self.memo_hits += 1
                found = self._memo[key]
            else:
                asking = self._asking.setdefault(key, threading.Lock())
        if not known:
            with asking:
                with self._memo_lock:
                    known = key in self._memo
                    if known:  # another thread asked it meanwhile
                        self.memo_hits += 1
                        found = self._memo[key]
                if not known:
                    try:
                        found = self.service.get(path, params)
                    except NotFound as exc:
                        found = exc
                    with self._memo_lock:
                        self._memo[key] = found
                        self._asking.pop(key, None)
        return self._answer(found)

    @staticmethod
    def _answer(value: Any) -> Any:
        if isinstance(value, NotFound):
            raise NotFound(value.service, value.detail)
        return value

    def _lang(self, **extra: Any) -> dict[str, Any]:
        return {"language": self.settings.language, **extra}

    def pages(self, path: str, params: dict[str, Any] | None = None, limit: int | None = None,
              key: str = "results") -> list[dict[str, Any]]:
        """Results of a paged listing up to ``limit``: page 1 first (it tells the page count), then
        the other pages needed, fetched concurrently (the policy bounds how many at a time)."""
        base = dict(params or {})
        first = self.get(path, {**base, "page": 1})
        results = list(first.get(key) or [])
        total = min(MAX_PAGES, int(first.get("total_pages") or 1))
        if limit is not None:
            total = min(total, -(-limit // PAGE_SIZE))
        if total > 1 and results:
            rest = self.service.map(lambda page: self.get(path, {**base, "page": page}).get(key) or [],
                                    range(2, total + 1))
            for page_results in rest:
                results += page_results
        return results[:limit] if limit is not None else results

    # -- what the builders and the id mapping ask

    def check_key(self) -> None:
        """Raises AuthError for a bad key (not cached: the point is to ask)."""
        self.get("/configuration", cache=False)

    def movie(self, tmdb_id: int) -> dict[str, Any]:
        return dict(self.get(f"/movie/{tmdb_id}", self._lang()))

    def names(self, what: str) -> dict[str, str]:
        """TMDb's English names of its ``languages`` (ISO 639-1 code -> name) or ``countries`` (ISO
        3166-1 code -> name), from ``/configuration/<what>``."""
        code = "iso_639_1" if what == "languages" else "iso_3166_1"
        return {str(row[code]): str(row.get("english_name") or row[code])
                for row in self.get(f"/configuration/{what}") or [] if isinstance(row, dict) and row.get(code)}

    def show(self, tmdb_id: int) -> dict[str, Any]:
        return dict(self.get(f"/tv/{tmdb_id}", self._lang()))

    def season(self, tmdb_id: int, number: int) -> dict[str, Any]:
        """A show's season details, with its ``episodes`` (each with ``still_path``, ``vote_average``)."""
        return dict(self.get(f"/tv/{tmdb_id}/season/{number}", self._lang()))

    def collection(self, collection_id: int) -> dict[str, Any]:
        return dict(self.get(f"/collection/{collection_id}", self._lang()))

    def list_details(self, list_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        first = self.list_info(list_id)  # pages() finds page 1 in this run's memory
        return first, self.pages(f"/list/{list_id}", self._lang(), key="items")

    def list_info(self, list_id: int) -> dict[str, Any]:
        """A list's first page: its name, ``description``, ``poster_path`` (the same answer
        :meth:`list_details` starts with)."""
        return dict(self.get(f"/list/{list_id}", self._lang(page=1)))

    def person(self, person_id: int) -> dict[str, Any]:
        return dict(self.get(f"/person/{person_id}", self._lang()))

    def search_people(self, name: str) -> list[dict[str, Any]]:
        """TMDb's people search for ``name``: the first page of results, most popular first."""
        return list(self.get("/search/person", self._lang(query=name, page=1)).get("results") or [])

    def person_credits(self, person_id: int, kind: str) -> dict[str, Any]:
        name = "movie_credits" if kind == "movie" else "tv_credits"
        return dict(self.get(f"/person/{person_id}/{name}", self._lang()))

    def company(self, company_id: int) -> dict[str, Any]:
        return dict(self.get(f"/company/{company_id}"))

    def network(self, network_id: int) -> dict[str, Any]:
        return dict(self.get(f"/network/{network_id}"))

    def keyword(self, keyword_id: int) -> dict[str, Any]:
        return dict(self.get(f"/keyword/{keyword_id}"))

    def chart(self, kind: str, name: str, limit: int, region: str | None = None) -> list[dict[str, Any]]:
        """A chart; ``region`` (a definition's ``tmdb_region``) wins over the ``tmdb:`` section's."""
        params = self._lang(region=region or self.settings.region) if name in ("now_playing", "upcoming", "popular",
                                                                               "top_rated") else self._lang()
        return list(self.pages(f"/{kind}/{name}", params, limit))

    def trending(self, kind: str, window: str, limit: int) -> list[dict[str, Any]]:
        return list(self.pages(f"/trending/{kind}/{window}", self._lang(), limit))

    def discover(self, kind: str, params: dict[str, Any], limit: int | None) -> list[dict[str, Any]]:
        return list(self.pages(f"/discover/{kind}", self._lang(**params), limit))

    def find(self, external_id: str, source: str) -> dict[str, Any]:
        """``source`` is imdb_id or tvdb_id; TMDb answers movie_results / tv_results."""
        return dict(self.get(f"/find/{external_id}", {"external_source": source}))

    def external_ids(self, kind: str, tmdb_id: int) -> dict[str, Any]:
        return dict(self.get(f"/{'movie' if kind == 'movie' else 'tv'}/{tmdb_id}/external_ids"))
