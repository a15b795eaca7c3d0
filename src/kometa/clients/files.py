"""Remote config files (``url:``, ``git:``, ``repo:`` entries) fetched with the client policy.

One :class:`~kometa.clients.policy.Service` per origin (scheme + host): bounded timeouts, retries
with backoff on connection errors and 5xx, 429 + Retry-After honoured. Every file is asked for on
each run (a remote file may change) and its text kept in the run's cache; when the origin is down
the cached copy is used, with a warning. A failure without a cached copy is a located error naming
the address. Overlay images (``url:``/``git:``/``repo:`` PNGs, :meth:`RemoteFiles.image`) take the
same way, but are asked at most once a day.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, RawAnswer, Service, ServiceError
from kometa.config.model import Config, FileRef
from kometa.core.errors import ConfigError

log = logging.getLogger("kometa")

#: asked on every run (``list_expiration_hours=0``: a remote file may change), kept a year for when it cannot be had
POLICY = dict(timeout=30.0, attempts=3, backoff=0.5, max_wait=30.0, rate=None, concurrency=4, expiration_days=365,
              list_expiration_hours=0.0)


#: overlay images change rarely: asked again after a day (a second run the same day asks nothing)
IMAGE_POLICY = dict(list_expiration_hours=24.0)


class NotPng(ServiceError):
    """An overlay image address that answers something other than a PNG."""


def _png_answer(response: Any) -> dict[str, str]:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind != "image/png":
        raise NotPng("images", f"the answer is '{kind or 'unknown'}', not image/png")
    return {"png": base64.b64encode(response.content).decode("ascii")}


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

    def service(self, origin: str, kind: str = "files") -> Service:
        key = f"{kind} {origin}"
        if key not in self.services:
            policy = {**self.policy, **(IMAGE_POLICY if kind == "images" else {})}
            self.services[key] = Service(Policy(name=key, **policy),  # type: ignore[arg-type]
                                         origin, cache=self.cache, sleep=self.sleep)
        return self.services[key]

    def _split(self, url: str, where: Callable[[str], ConfigError]) -> tuple[str, str]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise where(f"'{url}' is not an http(s) address")
        return f"{parts.scheme}://{parts.netloc}", parts.path + (f"?{parts.query}" if parts.query else "")

    def _stale(self, service: Service, before: int, where: str, url: str) -> None:
        if service.counters.stale_used > before:
            message = f"{where}: {url} could not be fetched ({service.down}); using the cached copy"
            self.warnings.append(message)
            log.warning("%s", message)

    def image(self, url: str, where: str) -> bytes:
        """A PNG image (``url:``/``git:``/``repo:`` overlay images): asked at most once a day, the answer
        kept in the run's cache; when the origin is down the cached copy is used, with a warning.
        ``where`` (``file:line``) locates the errors (ConfigError)."""
        def error(message: str) -> ConfigError:
            file, _, line = where.rpartition(":")
            return ConfigError(message, file=file or where, line=int(line) if line.isdigit() else None)

        origin, path = self._split(url, error)
        service = self.service(origin, "images")
        stale = service.counters.stale_used
        try:
            answer = service.get(path, revalidate=True, parse=RawAnswer(_png_answer))
        except NotFound:
            raise error(f"overlay image {url} answered HTTP 404") from None
        except ServiceError as exc:
            raise error(f"overlay image {url} could not be fetched: {exc.detail}") from None
        self._stale(service, stale, where, url)
        return base64.b64decode(answer["png"])

    def fetch(self, url: str, ref: FileRef) -> str:
        origin, path = self._split(url, lambda message: ConfigError(message, file=ref.file, line=ref.line))
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
        self._stale(service, stale, ref.where, url)
        return text
