"""What one run shares across its libraries: the :class:`RunContext` (config, options, moment,
servers, stop flag, document cache, report), schedule checks, run selection (files and
definitions the run-selection flags allow) and the per-run connection cache of each library."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kometa.config.files import Document, DocumentCache
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.core.errors import ConfigError, KometaError
from kometa.core.options import Options
from kometa.engine.report import RunReport
from kometa.plex.connection import ServerPool
from kometa.plex.failures import retry_read
from kometa.plex.snapshot import Snapshot, read_snapshot
from kometa.schedule import Verdict, check_schedule
from kometa.sources.definitions import Definition
from kometa.timing.clock import Clock, SystemClock

log = logging.getLogger("kometa")


class Interrupted(Exception):
    """Raised at a safe point when the run was asked to stop (SIGTERM/SIGINT)."""


@dataclass
class RunContext:
    config: Config
    options: Options
    moment: datetime  # the run's scheduled moment (aware, local zone); "now" for immediate runs
    servers: ServerPool = field(default_factory=ServerPool)
    report: RunReport = field(default_factory=RunReport)
    stop: threading.Event = field(default_factory=threading.Event)
    snapshots: dict[str, tuple[Any, Snapshot]] = field(default_factory=dict)
    #: library -> its engine.save_report.ReportBook this run (playlists add to their first library's)
    report_books: dict[str, Any] = field(default_factory=dict)
    documents: DocumentCache = field(default_factory=DocumentCache)
    resume_found: bool = False
    online: Any = None  # engine.online.OnlineServices: the run's clients for online services
    notifier: Any = None  # kometa.notify.notifier.Notifier when the config has notification targets
    # an item-scoped run (kometa.events.item_scope): (library, server, snapshot, definitions) -> those to run
    definition_filter: Any = None
    item_scope: Any = None  # kometa.events.item_scope.ItemScope: the items overlays and operations decide for
    progress: Any = None  # (phase, done, total) -> None: the run's live progress (kometa.app.progress)
    kept: Any = None  # kometa.plex.kept.KeptSnapshots in the event worker: snapshots kept between its runs
    _sections: dict[int, dict[str, Any]] = field(default_factory=dict)
    plex_users: dict[int, Any] = field(default_factory=dict)  # per server: plex.plextv.Users (sync_to_users)
    clock: Clock = field(default_factory=SystemClock)  # the run's waits (run_again_delay)
    run_again: dict[str, list[Definition]] = field(default_factory=dict)  # library -> collections to run again
    image_sets: dict[str, Any] = field(default_factory=dict)  # library -> engine.image_step.LibraryImages
    prefs_done: set[str] = field(default_factory=set)  # servers whose db_cache was checked (engine/server_prefs.py)

    def __post_init__(self) -> None:
        """Remote files (url/git/repo) go through the client policy and the run's cache."""
        if self.documents.remote is None:
            from kometa.clients.files import RemoteFiles
            from kometa.engine.online import OnlineServices

            if self.online is None:
                self.online = OnlineServices(self.config)
            online = self.online
            self.documents.remote = RemoteFiles.for_config(self.config, lambda: online.cache())

    @property
    def run_hour(self) -> int:
        return self.moment.hour

    def report_progress(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)

    def report_collections(self, done: int, total: int) -> None:
        """Within the current library: ``done`` of its ``total`` collections (kometa status)."""
        step = getattr(self.progress, "step", None)
        if step is not None:
            step(done, total)

    def checkpoint(self) -> None:
        """A safe point: stop here if a signal asked the run to end."""
        if self.stop.is_set():
            raise Interrupted()


def check_schedules(ctx: RunContext) -> None:
    """Before the run: every schedule in config.yml and in every file that loads must parse.

    Raises the first ConfigError (``file:line``, exit 2). Files that fail to load are left to the
    run, which reports them and goes on; their parsed documents are kept for the run. Schedules
    read other than they look (``daily(abc)`` is daily) are logged as located warnings.
    """
    from kometa.schedule.validate import schedule_warnings, validate_schedules

    config = ctx.config
    documents: list[Document] = []
    for ref in config.file_refs():
        try:
            documents += ctx.documents.load(ref, config.directory)
        except ConfigError:
            continue
    validate_schedules(config, documents)
    for notice in schedule_warnings(config, documents):
        log.warning("%s", notice.text)


def _scheduled(value: Any, ctx: RunContext, level: str, file: str | None, line: int | None) -> bool:
    if value is None:
        return True
    from kometa.schedule import parse_schedule

    rule = parse_schedule(value, file=file, line=line)
    verdict = check_schedule(rule, ctx.moment, run_hour=ctx.run_hour, ignore_schedules=ctx.options.ignore_schedules,
                             level=level)
    return verdict is Verdict.SCHEDULED


def _file_allowed(ref: FileRef, ctx: RunContext) -> bool:
    wanted = ctx.options.split_names(ctx.options.run_files)
    if wanted and ref.name not in wanted:
        return False
    if ref.schedule is not None and not _scheduled(ref.schedule.value, ctx, "file", ref.schedule.file,
                                                   ref.schedule.line):
        log.warning("%s: file %s is not scheduled to run now; skipped", ref.where, ref.location)
        return False
    return True


def select_definitions(ctx: RunContext, definitions: list[Definition], *, resume: bool = True) -> list[Definition]:
    """Apply --tests, --run-collections and (collections only) --resume to a list of definitions."""
    options = ctx.options
    names = set(options.split_names(options.run_collections))
    chosen: list[Definition] = []
    for definition in definitions:
        if resume and options.resume and not ctx.resume_found:
            if definition.name != options.resume:
                continue
            ctx.resume_found = True
        if names and definition.name not in names:
            continue
        if options.tests and definition.data.get("test") is not True:
            continue
        chosen.append(definition)
    return chosen


def library_section(ctx: RunContext, library: LibraryConfig) -> tuple[Any, Any]:
    """The library's server and its Plex section's attributes (``key``, ``type``, ``title``);
    ``/library/sections`` is read once per server and run."""
    plex = library.plex or ctx.config.plex
    assert plex is not None  # the loader guarantees a server per library
    server = ctx.servers.get(plex)
    sections = ctx._sections.get(id(server))
    if sections is None:
        data = retry_read(lambda: server.query("/library/sections"), "GET /library/sections")  # type: ignore[no-untyped-call]
        sections = {e.attrib.get("title", ""): e.attrib for e in data}
        ctx._sections[id(server)] = sections
    match = next((a for t, a in sections.items() if t.lower() == library.library_name.lower()), None)
    if match is None:
        names = ", ".join(sorted(sections)) or "none"
        raise KometaError(f"library '{library.library_name}' not found on Plex (it has: {names})")
    return server, match


def connect_library(ctx: RunContext, library: LibraryConfig) -> tuple[Any, Snapshot]:
    """Connect and read the library once per run (cached for playlists)."""
    if library.mapping_name in ctx.snapshots:
        return ctx.snapshots[library.mapping_name]
    server, match = library_section(ctx, library)

    def read() -> Snapshot:
        return read_snapshot(server, int(match["key"]), match.get("title", ""), match.get("type", "movie"),
                             server.machineIdentifier)

    if ctx.kept is not None:  # the event worker: the last run's snapshot, refreshed where things changed
        plex = library.plex or ctx.config.plex
        snapshot = ctx.kept.snapshot(library.mapping_name, server, match, plex.token if plex else "", read)
    else:
        snapshot = read()
    log.info("Library %s: %d %s items, %d collections read", library.library_name, len(snapshot.items),
             snapshot.item_type, len(snapshot.collections))
    ctx.snapshots[library.mapping_name] = (server, snapshot)
    return server, snapshot


def library_sources(ctx: RunContext, library: LibraryConfig, snapshot: Snapshot) -> dict[str, Any]:
    """The online sources of a library's builders (collections, overlays, playlists): keyword -> source."""
    from kometa.sources.arr import ArrSource, ArrSources
    from kometa.sources.imdb import ImdbSource
    from kometa.sources.mdblist import MdblistSource
    from kometa.sources.tautulli import TautulliSource
    from kometa.sources.tmdb import TmdbSource
    from kometa.sources.trakt import TraktSource

    tmdb = trakt = imdb = mdblist = tautulli = arr = None
    sources: dict[str, Any] = {}
    if ctx.online is not None:
        online = ctx.online
        tmdb = TmdbSource(online.tmdb, snapshot, online.refused,
                          lambda idmap: online.library_map(library.mapping_name, idmap))
        trakt = TraktSource(online.trakt, snapshot, online.trakt_refused)
        imdb = ImdbSource(online.imdb, snapshot, ctx.moment.year, omdb=online.omdb)
        mdblist = MdblistSource(online.mdblist, snapshot, online.mdblist_refused)
        tautulli = TautulliSource(online.tautulli, snapshot, online.tautulli_refused)
        keys = {app: online.arr_key(app, library) for app in ("radarr", "sonarr")}
        arr = ArrSources(*(ArrSource(app, lambda key=key: online.arr(key), snapshot,
                                     lambda exc, key=key: online.arr_refused(key, exc)) for app, key in keys.items()))
        sources = online.sources(snapshot, ctx.moment)
        from kometa.sources.plex_watchlist import PlexWatchlistSource
        plex = library.plex or ctx.config.plex
        token = str(plex.token or "") if plex else ""
        sources["plex_watchlist"] = PlexWatchlistSource(lambda: online.plex_watchlist(token), snapshot)
        from kometa.sources.text_file import TextFileSource
        sources["text_file"] = TextFileSource(ctx.config.directory, online.json_lists, snapshot)
    return {"tmdb": tmdb, "trakt": trakt, "imdb": imdb, "mdblist": mdblist, "tautulli": tautulli, "arr": arr,
            "sources": sources}


def scoped_items(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot) -> frozenset[int] | None:
    """An event's scoped run: the items of this library its parts decide for; None: every item."""
    if ctx.item_scope is None:
        return None
    found = ctx.item_scope.items(library, server, snapshot)
    return frozenset(found) if found is not None else None
