"""Remote config files (``url:``, ``git:``, ``repo:`` entries) fetched with the client policy.

One :class:`~kometa.clients.policy.Service` per origin (scheme + host): bounded timeouts, retries
with backoff on connection errors and 5xx, 429 + Retry-After honoured. Every file is asked for on
each run (a remote file may change) and its text kept in the run's cache; when the origin is down
the cached copy is used, with a warning. A failure without a cached copy is a located error naming
the address.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, Service, ServiceError
from kometa.config.model import Config, FileRef
from kometa.core.errors import ConfigError

log = logging.getLogger("kometa")

#: asked on every run (``list_expiration_hours=0``: a remote file may change), kept a year for when it cannot be had
POLICY = dict(timeout=30.0, attempts=3, backoff=0.5, max_wait=30.0, rate=None, concurrency=4, expiration_days=365,
              list_expiration_hours=0.0)


class RemoteFiles:
    """The :class:`kometa.config.remote.Remote` of a run."""

    def __init__(self, cache: Cache | Callable[[], Cache] | None = None, custom_repo: str | None = None, *,
                 sleep: Callable[[float], None] = time.sleep, **policy: float) -> None:
        self._cache = cache  # a Cache, or a callable opening the run's cache when a file is first fetched
        self.custom_repo = custom_repo
        self.policy = {**POLICY, **policy}
        self.sleep = sleep
        self.services: dict[str, Service] = {}
        self.warnings: list[str] = []

    @classmethod
    def for_config(cls, config: Config, cache: Cache | Callable[[], Cache] | None = None) -> RemoteFiles:
        repo = config.settings.get("custom_repo")
        return cls(cache, str(repo) if isinstance(repo, str) and repo.strip() else None)

    @property
    def cache(self) -> Cache:
        if not isinstance(self._cache, Cache):
            self._cache = self._cache() if callable(self._cache) else Cache(None)
        return self._cache

    def service(self, origin: str) -> Service:
        if origin not in self.services:
            self.services[origin] = Service(Policy(name=f"files {origin}", **self.policy),  # type: ignore[arg-type]
                                            origin, cache=self.cache, sleep=self.sleep)
        return self.services[origin]

    def fetch(self, url: str, ref: FileRef) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"'{url}' is not an http(s) address", file=ref.file, line=ref.line)
        origin = f"{parts.scheme}://{parts.netloc}"
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        service = self.service(origin)
        stale = service.counters.stale_used
        try:
            text = service.get(path, revalidate=True, parse=str)
        except NotFound:
            raise ConfigError(f"{url} was not found (HTTP 404)", file=ref.file, line=ref.line) from None
        except ServiceError as exc:
            raise ConfigError(f"could not fetch {url}: {exc.detail}", file=ref.file, line=ref.line) from None
        if not isinstance(text, str):
            raise ConfigError(f"could not fetch {url}: the answer is not text", file=ref.file, line=ref.line)
        if service.counters.stale_used > stale:
            message = f"{ref.where}: {url} could not be fetched ({service.down}); using the cached copy"
            self.warnings.append(message)
            log.warning("%s", message)
        return text
