"""The online services of one run: clients built once (shared by every library), lazily, with the
cache file beside config.yml; and what the run report says about them.

Nothing here is imported by the waiter: a run imports it when it starts. A service is only
contacted when a definition needs it; a config without TMDb builders never reads ``tmdb:``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.cache import CACHE_NAME, Cache
from kometa.clients.policy import AuthError, ServiceError
from kometa.clients.tmdb import TmdbClient, TmdbSettings
from kometa.config.model import Config
from kometa.config.services import SectionError, tmdb_section
from kometa.core.logs import add_secrets
from kometa.ids.mapping import IdMap

log = logging.getLogger("kometa")


class NotConfigured(ServiceError):
    """The service's section is missing or wrong (the message says where)."""


@dataclass
class OnlineServices:
    config: Config
    _cache: Cache | None = None
    _tmdb: TmdbClient | None = None
    _tmdb_problem: ServiceError | None = None
    idmaps: dict[str, IdMap] = field(default_factory=dict)  # library -> its id map (for the Convert Summary)

    def cache(self) -> Cache:
        if self._cache is None:
            use = self.config.settings.get("cache", True) is not False
            self._cache = Cache(self.config.directory / CACHE_NAME if use else None)
        return self._cache

    def tmdb(self) -> TmdbClient:
        """The run's TMDb client; NotConfigured/AuthError (the same one each time) if it cannot be had."""
        if self._tmdb_problem is not None:
            raise self._tmdb_problem
        if self._tmdb is None:
            try:
                sec = tmdb_section(self.config)
            except SectionError as exc:
                self._tmdb_problem = NotConfigured("TMDb", str(exc))
                raise self._tmdb_problem from None
            add_secrets([sec.apikey])
            self._tmdb = TmdbClient(TmdbSettings(sec.apikey, sec.language, sec.region, sec.cache_expiration),
                                    self.cache())
            self._where = sec.where
        return self._tmdb

    def refused(self, exc: AuthError) -> ServiceError:
        """A refused key stops every later TMDb use this run (no request is sent again)."""
        self._tmdb_problem = NotConfigured("TMDb", f"{self._where}: tmdb: apikey was refused by TMDb "
                                                   f"({exc.detail})")
        return self._tmdb_problem

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()

    def report_lines(self) -> list[str]:
        """What the run report says: per service its requests, cache use and trouble."""
        lines: list[str] = []
        if self._tmdb is not None:
            s = self._tmdb.service
            c = s.counters
            line = (f"TMDb: {c.requests} request(s), {c.cache_hits} answer(s) from the cache, {c.retries} "
                    f"retr{'y' if c.retries == 1 else 'ies'}")
            if c.stale_used:
                line += f", {c.stale_used} expired cached answer(s) used because TMDb was down"
            if c.quota_blocked:
                line += f", {c.quota_blocked} lookup(s) not sent (daily quota reached)"
            if s.down:
                line += f"; down: {s.down}"
            lines.append(line)
        return lines

    def convert_lines(self) -> list[str]:
        """The Convert Summary: items whose TMDb id could not be found."""
        out: list[str] = []
        for library, idmap in self.idmaps.items():
            for unmapped in idmap.unmapped:
                out.append(f"{library} | {unmapped.title}: {unmapped.reason}")
        return out

    def library_map(self, library: str, idmap: Any) -> None:
        self.idmaps[library] = idmap


def online_details(where: str, s: Any, data: Mapping[str, Any], library_settings: Mapping[str, Any], built: Any,
                   row: Any) -> None:
    """A definition's online results: missing titles (counted on the row, logged unless
    ``show_missing: false``) and a ``_details`` builder's summary/poster/background, which fill in
    what the definition does not set itself."""
    if built.missing:
        row.missing = len(built.missing)
        row.note = f"{len(built.missing)} missing from the library"
        if data.get("show_missing", library_settings.get("show_missing", True)) is not False:
            for title in built.missing:
                log.info("%s | missing: %s", where, title)
    details = built.details
    if details:
        if s.summary is None and details.get("summary"):
            s.summary = details["summary"]
        if s.poster is None and details.get("url_poster"):
            s.poster = ("url", details["url_poster"])
        if s.background is None and details.get("url_background"):
            s.background = ("url", details["url_background"])
