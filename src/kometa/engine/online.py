"""The online services of one run: clients built once (shared by every library), lazily, with the
cache file beside config.yml; and what the run report says about them.

Nothing here is imported by the waiter: a run imports it when it starts. A service is only
contacted when a definition needs it; a config without TMDb builders never reads ``tmdb:``.
"""

from __future__ import annotations

import logging
import threading
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
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _tmdb: TmdbClient | None = None
    _tmdb_problem: ServiceError | None = None
    idmaps: dict[str, IdMap] = field(default_factory=dict)  # library -> its id map (for the Convert Summary)
    _trakt: Any = None  # clients.trakt.TraktClient
    _trakt_problem: ServiceError | None = None
    _imdb: Any = None  # clients.imdb.ImdbClient
    _imdb_datasets: Any = None  # clients.imdb.ImdbDatasets
    _tvdb: Any = None  # clients.tvdb.TvdbClient
    _mdblist: Any = None  # clients.mdblist.MdblistClient
    _mdblist_problem: ServiceError | None = None
    _tautulli: Any = None  # clients.tautulli.TautulliClient
    _tautulli_problem: ServiceError | None = None
    _arr: dict[str, Any] = field(default_factory=dict)  # radarr/sonarr -> clients.arr.ArrClient
    _arr_problem: dict[str, ServiceError] = field(default_factory=dict)
    _arr_sections: dict[str, Any] = field(default_factory=dict)  # radarr/sonarr -> config.arr_section.ArrSection
    _arr_adder: Any = None  # engine.arr_add.ArrAdder
    _letterboxd: Any = None  # clients.letterboxd.LetterboxdClient
    _stevenlu: Any = None  # clients.stevenlu.StevenluClient
    _simkl: Any = None  # clients.simkl.SimklClient
    _icheckmovies: Any = None  # clients.icheckmovies.IcheckmoviesClient
    _mojo: Any = None  # clients.mojo.MojoClient
    _json_lists: Any = None  # clients.json_lists.JsonLists
    _watchlists: dict[str, Any] = field(default_factory=dict)  # Plex token -> clients.plex_watchlist.PlexWatchlistClient
    _omdb: Any = None  # clients.omdb.OmdbClient
    _anilist: Any = None  # clients.anilist.AnilistClient
    _anime_ids: Any = None  # ids.anime.AnimeIdsClient
    _mal: Any = None  # clients.mal.MalClient
    _jikan: Any = None  # clients.jikan.JikanClient
    _mal_problem: ServiceError | None = None
    _omdb_problem: ServiceError | None = None
    _anidb: Any = None  # clients.anidb.AnidbClient
    _anidb_problem: ServiceError | None = None
    _ergast: Any = None  # clients.ergast.ErgastClient

    def cache(self) -> Cache:
        with self._cache_lock:  # the overlay and builder threads ask at once: one connection per run
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

    def imdb_datasets(self) -> Any:
        """IMDb's daily datasets (clients.imdb.ImdbDatasets), kept in ``kometa-imdb/`` beside config.yml."""
        if self._imdb_datasets is None:
            from kometa.clients.imdb import ImdbDatasets
            self._imdb_datasets = ImdbDatasets(self.config.directory / "kometa-imdb")
        return self._imdb_datasets

    def tvdb(self) -> Any:
        """TheTVDB's public pages (clients.tvdb.TvdbClient; no key, so no section)."""
        if self._tvdb is None:
            from kometa.clients.tvdb import TvdbClient, page_language
            days = self.config.settings.get("cache_expiration", 60)
            self._tvdb = TvdbClient(self.cache(), expiration_days=days if isinstance(days, int) and days > 0 else 60,
                                    language=page_language(self.config.settings.get("tvdb_language")))
        return self._tvdb

    def ergast(self) -> Any:
        """The Ergast F1 API (clients.ergast.ErgastClient; no key, so no section): ``f1_season``."""
        if self._ergast is None:
            from kometa.clients.ergast import ErgastClient
            days = self.config.settings.get("cache_expiration", 60)
            self._ergast = ErgastClient(self.cache(), expiration_days=days if isinstance(days, int) and days > 0
                                        else 60)
        return self._ergast

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

    def arr_key(self, app: str, library: Any) -> str:
        """``app``, or ``app@LIBRARY`` when the library has its own ``radarr:``/``sonarr:`` mapping."""
        node = getattr(library, "node", None)
        return f"{app}@{library.mapping_name}" if isinstance(node, Mapping) and node.get(app) is not None else app

    def arr_section(self, key: str) -> Any:
        """The ``radarr:``/``sonarr:`` section checked (config.arr_section.ArrSection) for an
        :meth:`arr_key`; NotConfigured if it is missing or wrong (the same one each time)."""
        if key in self._arr_problem:
            raise self._arr_problem[key]
        if key not in self._arr_sections:
            from kometa.config.arr_section import arr_section
            app, _, name = key.partition("@")
            try:
                self._arr_sections[key] = arr_section(self.config, app, self.config.libraries.get(name) if name
                                                      else None)
            except SectionError as exc:
                self._arr_problem[key] = NotConfigured(app.title(), str(exc))
                raise self._arr_problem[key] from None
        return self._arr_sections[key]

    def arr_adder(self, dry_run: bool) -> Any:
        """The run's engine.arr_add.ArrAdder (sends collections' missing titles to Radarr/Sonarr)."""
        if self._arr_adder is None:
            from kometa.engine.arr_add import ArrAdder
            self._arr_adder = ArrAdder(self, dry_run)
        return self._arr_adder

    def arr(self, key: str) -> Any:
        """The run's Radarr or Sonarr client for an :meth:`arr_key`; NotConfigured if its section is
        missing or wrong."""
        if key in self._arr_problem:
            raise self._arr_problem[key]
        if key not in self._arr:
            from kometa.clients.arr import ArrClient
            sec = self.arr_section(key)
            add_secrets([sec.token])
            self._arr[key] = ArrClient(key.partition("@")[0], sec.url, sec.token, self.cache())
            self._arr[key].where = sec.where
        return self._arr[key]

    def arr_refused(self, key: str, exc: AuthError) -> ServiceError:
        app = key.partition("@")[0]
        self._arr_problem[key] = NotConfigured(app.title(), f"{self._arr[key].where}: {app}: token was refused by "
                                                            f"{app.title()} ({str(exc).split(': ', 1)[-1]})")
        return self._arr_problem[key]

    def expiration_days(self) -> int:
        """``settings: cache_expiration`` (days, default 60) for services without a section of their own."""
        days = self.config.settings.get("cache_expiration", 60)
        return days if isinstance(days, int) and not isinstance(days, bool) and days >= 1 else 60

    def letterboxd(self) -> Any:
        """The run's Letterboxd client (Letterboxd takes no key, so there is no section)."""
        if self._letterboxd is None:
            from kometa.clients.letterboxd import LetterboxdClient
            self._letterboxd = LetterboxdClient(self.cache(), expiration_days=self.expiration_days())
        return self._letterboxd

    def stevenlu(self) -> Any:
        """The run's StevenLu client (a public file: no key, no section)."""
        if self._stevenlu is None:
            from kometa.clients.stevenlu import StevenluClient
            self._stevenlu = StevenluClient(self.cache(), expiration_days=self.expiration_days())
        return self._stevenlu

    def simkl(self) -> Any:
        """The run's Simkl client (the Kometa Simkl Service: no key, no section)."""
        if self._simkl is None:
            from kometa.clients.simkl import SimklClient
            self._simkl = SimklClient(self.cache(), expiration_days=self.expiration_days())
        return self._simkl

    def icheckmovies(self) -> Any:
        """The run's ICheckMovies client (public pages: no key, no section)."""
        if self._icheckmovies is None:
            from kometa.clients.icheckmovies import IcheckmoviesClient
            self._icheckmovies = IcheckmoviesClient(self.cache(), expiration_days=self.expiration_days())
        return self._icheckmovies

    def mojo(self) -> Any:
        """The run's Box Office Mojo client (public pages: no key, no section)."""
        if self._mojo is None:
            from kometa.clients.mojo import MojoClient
            self._mojo = MojoClient(self.cache(), expiration_days=self.expiration_days())
        return self._mojo

    def plex_watchlist(self, token: str) -> Any:
        """The plex.tv watchlist client of the account ``token`` belongs to (one per token and run)."""
        if token not in self._watchlists:
            from kometa.clients.plex_watchlist import PlexWatchlistClient
            self._watchlists[token] = PlexWatchlistClient(token, self.cache(), expiration_days=self.expiration_days())
        return self._watchlists[token]

    def json_lists(self) -> Any:
        """JSON lists at any address (``text_file``'s ``url:`` lines), one client a run."""
        if self._json_lists is None:
            from kometa.clients.json_lists import JsonLists
            self._json_lists = JsonLists(self.cache(), expiration_days=self.expiration_days())
        return self._json_lists

    def omdb(self) -> Any:
        """The run's OMDb client (``ratings(imdb_id) -> dict``); NotConfigured if ``omdb:`` is missing
        or wrong. A refused key is an AuthError from the client (its message says so)."""
        if self._omdb_problem is not None:
            raise self._omdb_problem
        if self._omdb is None:
            from kometa.clients.omdb import OmdbClient
            from kometa.config.services import keyed_section
            try:
                sec = keyed_section(self.config, "omdb", "https://www.omdbapi.com/apikey.aspx")
            except SectionError as exc:
                self._omdb_problem = NotConfigured("OMDb", str(exc))
                raise self._omdb_problem from None
            add_secrets([sec.apikey])
            self._omdb = OmdbClient(sec.apikey, self.cache(), expiration_days=sec.cache_expiration)
        return self._omdb

    def anilist(self) -> Any:
        """The run's AniList client (AniList's public data needs no key, so there is no section)."""
        if self._anilist is None:
            from kometa.clients.anilist import AnilistClient
            self._anilist = AnilistClient(self.cache(), expiration_days=self.expiration_days())
        return self._anilist

    def anime_ids(self) -> Any:
        """The anime id mapping file's client (ids.anime.AnimeIdsClient), once a run."""
        if self._anime_ids is None:
            from kometa.ids.anime import AnimeIdsClient
            self._anime_ids = AnimeIdsClient(self.cache())
        return self._anime_ids

    def sources(self, snapshot: Any, moment: Any) -> dict[str, Any]:
        """The sources a library job passes by family (``sources.registry.FAMILIES``); ``moment`` is
        the run's (AniList's "current season")."""
        from kometa.sources.anidb import AnidbSource
        from kometa.sources.anilist import AnilistSource
        from kometa.sources.icheckmovies import IcheckmoviesSource
        from kometa.sources.letterboxd import LetterboxdSource
        from kometa.sources.mal import MalSource
        from kometa.sources.mojo import MojoSource
        from kometa.sources.simkl import SimklSource
        from kometa.sources.stevenlu import StevenluSource
        from kometa.sources.tvdb import TvdbSource
        return {"letterboxd": LetterboxdSource(self.letterboxd, snapshot), "tvdb": TvdbSource(self.tvdb, snapshot),
                "anilist": AnilistSource(self.anilist, self.anime_ids, snapshot, lambda: moment),
                "mal": MalSource(self.mal, self.anime_ids, snapshot, lambda: moment, self.jikan),
                "anidb": AnidbSource(self.anidb, self.anime_ids, snapshot),
                "stevenlu": StevenluSource(self.stevenlu, snapshot), "simkl": SimklSource(self.simkl, snapshot),
                "icheckmovies": IcheckmoviesSource(self.icheckmovies, snapshot),
                "mojo": MojoSource(self.mojo, snapshot, lambda: moment)}

    def jikan(self) -> Any:
        """The run's Jikan client (MyAnimeList's public API: no key, no section)."""
        if self._jikan is None:
            from kometa.clients.jikan import JikanClient
            self._jikan = JikanClient(self.cache(), expiration_days=self.expiration_days())
        return self._jikan

    def mal(self) -> Any:
        """The run's MyAnimeList client (engine/mal_run.py); NotConfigured if ``mal:`` is missing or wrong."""
        if self._mal_problem is not None:
            raise self._mal_problem
        if self._mal is None:
            from kometa.engine.mal_run import open_mal
            try:
                self._mal = open_mal(self.config, self.cache(), self.expiration_days())
            except SectionError as exc:
                self._mal_problem = NotConfigured("MyAnimeList", str(exc))
                raise self._mal_problem from None
        return self._mal

    def anidb(self) -> Any:
        """The run's AniDB client (the ``anidb:`` section is optional); NotConfigured if it is wrong."""
        if self._anidb_problem is not None:
            raise self._anidb_problem
        if self._anidb is None:
            from kometa.clients.anidb import AnidbClient
            from kometa.config.anidb_section import anidb_section
            try:
                sec = anidb_section(self.config)
            except SectionError as exc:
                self._anidb_problem = NotConfigured("AniDB", str(exc))
                raise self._anidb_problem from None
            self._anidb = AnidbClient(self.cache(), language=sec.language, mature=sec.enable_mature,
                                      expiration_days=sec.cache_expiration)
        return self._anidb

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
        if self._imdb_datasets is not None:
            from kometa.engine.trakt_run import report_line
            line = report_line(self._imdb_datasets.service)
            downloaded = self._imdb_datasets.downloaded
            lines.append(f"{line} ({'downloaded ' + ', '.join(downloaded) if downloaded else 'copies from today used'})")
        if self._mdblist is not None:
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._mdblist.service))
        if self._tvdb is not None:
            from kometa.engine.trakt_run import report_line
            c = self._tvdb.service.counters
            lines.append(f"{report_line(self._tvdb.service)}, {c.cache_hits} page(s) from the cache")
        if self._tautulli is not None:
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._tautulli.service))
        for client in self._arr.values():
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(client.service))
        for service in self._json_lists.services.values() if self._json_lists is not None else ():
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(service))
        for watchlist in self._watchlists.values():
            from kometa.engine.trakt_run import report_line
            lines += [report_line(watchlist.service), report_line(watchlist.metadata)]
        if self._arr_adder is not None:
            lines += self._arr_adder.report_lines()
        for extra in (self._letterboxd, self._stevenlu, self._simkl, self._icheckmovies, self._mojo, self._omdb,
                      self._anilist, self._anime_ids, self._mal, self._anidb, self._jikan, self._ergast):
            if extra is not None:
                from kometa.engine.trakt_run import report_line
                lines.append(report_line(extra.service))
        if self._anidb is not None and (self._anidb.web.counters.requests or self._anidb.web.counters.cache_hits):
            from kometa.engine.trakt_run import report_line
            lines.append(report_line(self._anidb.web))  # AniDB's own site (anidb_popular)
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
    fill_details(s, built.details)


def fill_details(s: Any, details: Mapping[str, str]) -> None:
    """What a definition does not set itself (``summary``, ``url_*``/``file_*``: engine.settings.Settings)
    from online ``details`` (``summary``, ``url_poster``, ``url_background``)."""
    if s.summary is None and details.get("summary"):
        s.summary = details["summary"]
    if s.poster is None and details.get("url_poster"):
        s.poster = ("url", details["url_poster"])
    if s.background is None and details.get("url_background"):
        s.background = ("url", details["url_background"])
