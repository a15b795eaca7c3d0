"""Process the config: collections per library, then playlists.

For each selected library: connect, read the section once (:mod:`kometa.plex.snapshot`), then run
its collection definitions (:mod:`kometa.collections`). Playlists (:mod:`kometa.playlists`) follow,
reusing the snapshots. A library that fails is recorded in the report and the next one runs;
``ctx.checkpoint()`` between definitions lets a signal stop the run at a safe point.

Run selection (spec 1.7): ``--collections-only``/``--run-collections`` skip playlists,
``--playlists-only`` skips collections, ``--run-files`` limits collection files by name and skips
playlists, ``--run-libraries`` limits libraries (and skips their schedules), ``--tests`` runs only
``test: true`` definitions, ``--resume NAME`` skips definitions until NAME.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kometa.changes import ChangeLog
from kometa.config.files import Document, DocumentCache
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.errors import ConfigError, KometaError
from kometa.options import Options
from kometa.ownership import LEDGER_NAME, Ledger
from kometa.plex.connection import ServerPool
from kometa.plex.failures import describe
from kometa.plex.snapshot import Snapshot, read_snapshot
from kometa.plex.writer import Transport
from kometa.report import RunReport
from kometa.schedule import Verdict, check_schedule
from kometa.sources.definitions import Definition, library_definitions

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
    documents: DocumentCache = field(default_factory=DocumentCache)
    resume_found: bool = False
    _sections: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def run_hour(self) -> int:
        return self.moment.hour

    def checkpoint(self) -> None:
        """A safe point: stop here if a signal asked the run to end."""
        if self.stop.is_set():
            raise Interrupted()


def check_schedules(ctx: RunContext) -> None:
    """Before the run: every schedule in config.yml and in every file that loads must parse.

    Raises the first ConfigError (``file:line``, exit 2). Files that fail to load are left to the
    run, which reports them and goes on; their parsed documents are kept for the run.
    """
    from kometa.schedule.validate import validate_schedules

    config = ctx.config
    documents: list[Document] = []
    for ref in config.file_refs():
        try:
            documents += ctx.documents.load(ref, config.directory)
        except ConfigError:
            continue
    validate_schedules(config, documents)


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


def connect_library(ctx: RunContext, library: LibraryConfig) -> tuple[Any, Snapshot]:
    """Connect and read the library once per run (cached for playlists)."""
    if library.mapping_name in ctx.snapshots:
        return ctx.snapshots[library.mapping_name]
    plex = library.plex or ctx.config.plex
    assert plex is not None  # the loader guarantees a server per library
    server = ctx.servers.get(plex)
    sections = ctx._sections.get(id(server))
    if sections is None:
        data = server.query("/library/sections")  # type: ignore[no-untyped-call]
        sections = {e.attrib.get("title", ""): e.attrib for e in data}
        ctx._sections[id(server)] = sections
    match = next((a for t, a in sections.items() if t.lower() == library.library_name.lower()), None)
    if match is None:
        names = ", ".join(sorted(sections)) or "none"
        raise KometaError(f"library '{library.library_name}' not found on Plex (it has: {names})")
    snapshot = read_snapshot(server, int(match["key"]), match.get("title", ""), match.get("type", "movie"),
                             server.machineIdentifier)
    log.info("Library %s: %d %s items, %d collections read", library.library_name, len(snapshot.items),
             snapshot.item_type, len(snapshot.collections))
    ctx.snapshots[library.mapping_name] = (server, snapshot)
    return server, snapshot


def _library_job(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot, changes: ChangeLog,
                 ledger: Ledger) -> Any:
    from kometa.collections import LibraryJob

    return LibraryJob(library.mapping_name, library.settings, ctx.options, ctx.moment, snapshot, Transport(server),
                      changes, ledger, ctx.config.directory, ctx.checkpoint)


def _run_library(ctx: RunContext, library: LibraryConfig, changes: ChangeLog, ledger: Ledger) -> None:
    from kometa.collections import (
        delete_item_labels,
        delete_managed_collections,
        delete_unsynced,
        run_collections,
    )

    result = ctx.report.library(library.mapping_name)
    server, snapshot = connect_library(ctx, library)
    job = _library_job(ctx, library, server, snapshot, changes, ledger)
    if ctx.options.delete_collections:
        result.rows.append(delete_managed_collections(job))
    if ctx.options.delete_labels:
        result.rows.append(delete_item_labels(job))
    refs = tuple(ref for ref in library.collection_files if _file_allowed(ref, ctx))
    loaded = library_definitions(ctx.config, dataclasses.replace(library, collection_files=refs), ctx.options,
                                 snapshot, load=ctx.documents.load)
    for error in loaded.errors:
        ctx.report.errors.append(error)
    chosen = select_definitions(ctx, loaded.definitions)
    try:
        run_collections(job, chosen, result.rows)
    finally:  # what this run wrote (posters, smart_label collections) is remembered even if it stops here
        ledger.save()
    options = ctx.options
    if loaded.synced_sets and chosen == loaded.definitions and not (options.run_files or options.tests):
        if loaded.errors:  # a definition that failed to load would look "no longer generated"
            log.warning("Library %s: dynamic_collections sync deletes skipped this run, since %d file(s) or "
                        "definition(s) failed to load", library.mapping_name, len(loaded.errors))
        elif not snapshot.items:  # Plex listed no items: every set would look empty
            log.warning("Library %s: Plex listed no items; dynamic_collections sync deletes skipped this run",
                        library.mapping_name)
        else:
            result.rows.extend(delete_unsynced(job, loaded.synced_sets, [d.title for d in loaded.definitions]))
    ledger.save()


def process_config(ctx: RunContext) -> RunReport:
    options = ctx.options
    collections = not options.playlists_only and not options.operations_only and not options.overlays_only \
        and not options.metadata_only
    playlists = not (options.collections_only or options.run_collections or options.run_files
                     or options.operations_only or options.overlays_only or options.metadata_only)
    wanted = set(options.split_names(options.run_libraries))
    ledger = Ledger(ctx.config.directory / LEDGER_NAME, writable=not options.dry_run)
    changes = ChangeLog(options.dry_run)
    if options.dry_run:
        changes.out("[dry-run] nothing will be written to Plex; changes this run would make:")
    for library in ctx.config.libraries.values():
        ctx.checkpoint()
        if wanted and library.mapping_name not in wanted and library.library_name not in wanted:
            continue
        if not collections:
            continue
        result = ctx.report.library(library.mapping_name)
        started = time.monotonic()
        try:
            if not wanted and library.schedule is not None and not _scheduled(
                    library.schedule.value, ctx, "library", library.schedule.file, library.schedule.line):
                result.result, result.message = "skipped", "library not scheduled to run now"
                log.info("Library %s is not scheduled to run now; skipped", library.mapping_name)
                continue
            _run_library(ctx, library, changes, ledger)
        except Interrupted:
            result.result, result.message = "interrupted", "stopped by a signal"
            raise
        except KometaError as exc:
            result.result, result.message = "failed", exc.message
            log.error("Library %s: %s", library.mapping_name, exc.message)
        except Exception as exc:  # a Plex failure mid-run: record it, go on with the next library
            result.result, result.message = "failed", describe(exc)
            log.error("Library %s failed: %s", library.mapping_name, result.message, exc_info=options.debug)
        finally:
            result.seconds = time.monotonic() - started
    if playlists and ctx.config.playlist_files:
        from kometa.playlists import run_playlists

        try:
            run_playlists(ctx, changes, ledger)
        except (KometaError, ConfigError) as exc:
            ctx.report.errors.append(exc.message)
            log.error("Playlists: %s", exc.message)
    ledger.save()
    if options.dry_run:
        changes.out(f"[dry-run] {len([x for x in changes.lines if x.startswith('[dry-run] would')])} change(s) "
                    f"planned; none sent")
    return ctx.report
