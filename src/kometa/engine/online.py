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
    _trakt: Any = None  # clients.trakt.TraktClient
    _trakt_problem: ServiceError | None = None
    _imdb: Any = None  # clients.imdb.ImdbClient
    _mdblist: Any = None  # clients.mdblist.MdblistClient
    _mdblist_problem: ServiceError | None = None
    _tautulli: Any = None  # clients.tautulli.TautulliClient
    _tautulli_problem: ServiceError | None = None
    _arr: dict[str, Any] = field(default_factory=dict)  # radarr/sonarr -> clients.arr.ArrClient
    _arr_problem: dict[str, ServiceError] = field(default_factory=dict)

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

    def trakt(self) -> Any:
        """The run's Trakt client (engine/trakt_run.py); NotConfigured/AuthError if it cannot be had."""
        if self._trakt_problem is not None:
            raise self._trakt_problem
        if self._trakt is None:
            from kometa.engine.trakt_run import open_trakt
            try:
                self._trakt, self._trakt_where = open_trakt(self.config, self.cache())
            except SectionError as exc:
                self._trakt_problem = NotConfigured("Trakt", str(exc))
                raise self._trakt_problem from None
        return self._trakt

    def imdb(self) -> Any:
        """The run's IMDb client (IMDb takes no key, so there is no section)."""
        if self._imdb is None:
            from kometa.clients.imdb import ImdbClient
            self._imdb = ImdbClient(self.cache())
        return self._imdb

    def mdblist(self) -> Any:
        """The run's MDBList client; NotConfigured if the section is missing or wrong."""
        if self._mdblist_problem is not None:
            raise self._mdblist_problem
        if self._mdblist is None:
            from kometa.clients.mdblist import MdblistClient
            from kometa.config.mdblist_section import mdblist_section
            try:
                sec = mdblist_section(self.config)
            except SectionError as exc:
                self._mdblist_problem = NotConfigured("MDBList", str(exc))
                raise self._mdblist_problem from None
            add_secrets([sec.apikey])
            self._mdblist = MdblistClient(sec.apikey, self.cache(), expiration_days=sec.cache_expiration)
            self._mdblist_where = sec.where
        return self._mdblist

    def mdblist_refused(self, exc: AuthError) -> ServiceError:
        self._mdblist_problem = NotConfigured("MDBList", f"{self._mdblist_where}: mdblist: apikey was refused by "
                                                         f"MDBList ({str(exc).split(': ', 1)[-1]})")
        return self._mdblist_problem

    def tautulli(self) -> Any:
        """The run's Tautulli client (at the section's url); NotConfigured if the section is wrong."""
        if self._tautulli_problem is not None:
            raise self._tautulli_problem
        if self._tautulli is None:
            from kometa.clients.tautulli import TautulliClient
            from kometa.config.tautulli_section import tautulli_section
            try:
                sec = tautulli_section(self.config)
            except SectionError as exc:
                self._tautulli_problem = NotConfigured("Tautulli", str(exc))
                raise self._tautulli_problem from None
            add_secrets([sec.apikey])
            self._tautulli = TautulliClient(sec.url, sec.apikey, self.cache())
            self._tautulli_where = sec.where
        return self._tautulli

    def tautulli_refused(self, exc: AuthError) -> ServiceError:
        self._tautulli_problem = NotConfigured("Tautulli", f"{self._tautulli_where}: tautulli: apikey was refused "
                                                           f"by Tautulli ({str(exc).split(': ', 1)[-1]})")
        return self._tautulli_problem

    def arr(self, app: str) -> Any:
        """The run's Radarr or Sonarr client; NotConfigured if its section is missing or wrong."""
        if app in self._arr_problem:
            raise self._arr_problem[app]
        if app not in self._arr:
            from kometa.clients.arr import ArrClient
            from kometa.config.arr_section import arr_section
            try:
                sec = arr_section(self.config, app)
            except SectionError as exc:
                self._arr_problem[app] = NotConfigured(app.title(), str(exc))
                raise self._arr_problem[app] from None
            add_secrets([sec.token])
            self._arr[app] = ArrClient(app, sec.url, sec.token, self.cache())
            self._arr[app].where = sec.where
        return self._arr[app]

    def arr_refused(self, app: str, exc: AuthError) -> ServiceError:
        self._arr_problem[app] = NotConfigured(app.title(), f"{self._arr[app].where}: {app}: token was refused by "
                                                            f"{app.title()} ({str(exc).split(': ', 1)[-1]})")
        return self._arr_problem[app]

    def trakt_refused(self, exc: AuthError) -> ServiceError:
        """A refused client id or token stops every later Trakt use this run."""
        self._trakt_problem = NotConfigured("Trakt", f"{self._trakt_where}: trakt: Trakt refused the client_id "
                                                     f"or the authorization ({str(exc).split(': ', 1)[-1]})")
        return self._trakt_problem

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
        if self._trakt is not None:
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._trakt))
        if self._imdb is not None:
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._imdb.service))
            if self._imdb.web.counters.requests or self._imdb.web.counters.cache_hits:
                lines.append(report_line(self._imdb.web))
        if self._mdblist is not None:
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._mdblist.service))
        if self._tautulli is not None:
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._tautulli.service))
        for client in self._arr.values():
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(client.service))
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
