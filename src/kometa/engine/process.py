"""Process the config: collections per library, then playlists.

For each selected library: connect, read the section once (:mod:`kometa.plex.snapshot`), then run
its collection definitions (:mod:`kometa.engine.collections`). Playlists (:mod:`kometa.engine.playlists`) follow,
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
import time
from typing import Any

from kometa.config.model import LibraryConfig
from kometa.core.errors import ConfigError, KometaError
from kometa.engine.changes import ChangeLog
from kometa.engine.context import (
    Interrupted,
    RunContext,
    _file_allowed,
    _scheduled,
    check_schedules,
    connect_library,
    library_sources,
    scoped_items,
    select_definitions,
)
from kometa.engine.ownership import LEDGER_NAME, Ledger
from kometa.engine.report import RunReport, load_failure_rows
from kometa.plex.failures import describe
from kometa.plex.snapshot import Snapshot
from kometa.plex.transport import Transport
from kometa.sources.definitions import library_definitions, run_lookups

__all__ = ["Interrupted", "RunContext", "check_schedules", "connect_library", "process_config", "select_definitions"]

log = logging.getLogger("kometa")


def _library_job(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot, changes: ChangeLog,
                 ledger: Ledger) -> Any:
    from kometa.engine.collections import LibraryJob
    from kometa.engine.image_step import collection_style_images
    from kometa.engine.save_report import book_for

    arr_add = ctx.online.arr_adder(ctx.options.dry_run).for_library(library) if ctx.online is not None else None
    report = book_for(library.settings, library.node, ctx.config.directory, library.mapping_name, snapshot.item_type)
    ctx.report_books[library.mapping_name] = report
    return LibraryJob(library.mapping_name, library.settings, ctx.options, ctx.moment, snapshot, Transport(server),
                      changes, ledger, ctx.config.directory, ctx.checkpoint, notifier=ctx.notifier, arr_add=arr_add,
                      report=report, collections_done=ctx.report_collections,
                      style_images=collection_style_images(ctx, library, snapshot), **library_sources(ctx, library, snapshot))


STEPS = ("operations", "metadata", "collections", "overlays")


def library_steps(ctx: RunContext, library: LibraryConfig, collections: bool) -> list[str]:
    """The parts of a library this run does, in the library's ``run_order`` (Kometa's default:
    operations, metadata, collections, overlays; a part left out of run_order does not run, as in
    Kometa); the run flags (``--operations-only``, ...) narrow them."""
    o = ctx.options
    raw = library.settings.get("run_order") or list(STEPS)
    order = [str(step).strip().lower() for step in (raw if isinstance(raw, list) else str(raw).split(","))]
    order = [step for step in dict.fromkeys(order) if step in STEPS]
    wanted: set[str] = set()
    if collections or o.operations_only or o.metadata_only:
        only = "operations" if o.operations_only else "metadata" if o.metadata_only else \
            "collections" if o.collections_only else None
        wanted |= {step for step in ("operations", "metadata", "collections") if only in (None, step)}
    if _overlays_wanted(ctx, library):
        wanted.add("overlays")
    return [step for step in order if step in wanted]


def _run_library(ctx: RunContext, library: LibraryConfig, changes: ChangeLog, ledger: Ledger,
                 steps: list[str]) -> None:
    from kometa.engine.collection_deletes import delete_item_labels, delete_managed_collections
    from kometa.engine.metadata_step import run_library_metadata
    from kometa.engine.operations_step import run_library_operations
    from kometa.engine.server_prefs import apply_db_cache

    result = ctx.report.library(library.mapping_name)
    server, snapshot = connect_library(ctx, library)
    plex = library.plex or ctx.config.plex
    if plex is not None and (row := apply_db_cache(plex, server, changes, ctx.options.dry_run, ctx.prefs_done)):
        ctx.report.library("Plex server").rows.append(row)  # plex: db_cache, once per server
    job = None
    if steps != ["overlays"]:  # an overlays-only run leaves collections and labels alone
        job = _library_job(ctx, library, server, snapshot, changes, ledger)
        if ctx.options.delete_collections:
            result.rows.append(delete_managed_collections(job))
        if ctx.options.delete_labels:
            result.rows.append(delete_item_labels(job))

    for step in steps:  # run_order
        ctx.checkpoint()
        if step == "operations":
            run_library_operations(ctx, library, server, snapshot, changes, result.rows)
        elif step == "metadata":
            run_library_metadata(ctx, library, server, snapshot, changes, result.rows)
        elif step == "collections":
            _collections_step(ctx, library, server, snapshot, job, ledger)
        elif step == "overlays":
            _run_overlays(ctx, library, changes)


def _collections_step(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot, job: Any,
                      ledger: Ledger) -> None:
    from kometa.engine.collection_deletes import delete_unsynced
    from kometa.engine.collections import run_collections
    from kometa.engine.hub_order import sort_hubs
    from kometa.engine.metadata_step import collection_refs
    from kometa.engine.run_again import remember

    result = ctx.report.library(library.mapping_name)
    # a metadata file with collections runs them too; metadata_path lists one file as both: once only
    unique: dict[tuple[str, str], Any] = {}
    for ref in (*library.collection_files, *collection_refs(ctx, library)):
        unique.setdefault((ref.kind, ref.location), ref)
    refs = tuple(ref for ref in unique.values() if _file_allowed(ref, ctx))
    from kometa.sources.tmdb_values import OnlineValues

    values = OnlineValues(snapshot, ctx.online.tmdb if ctx.online is not None else None)
    loaded = library_definitions(ctx.config, dataclasses.replace(library, collection_files=refs), ctx.options,
                                 values, load=ctx.documents.load, **run_lookups(ctx.online, server, snapshot))
    undone = [f for f in loaded.failures if getattr(f, "not_done", False)]  # config.unbuilt.NotDone: not a failure
    ctx.report.not_done.extend(f.message for f in undone)
    result.rows.extend(load_failure_rows([f for f in loaded.failures if f not in undone]))
    chosen = select_definitions(ctx, loaded.definitions)
    if ctx.definition_filter is not None:  # an event's item-scoped run: only what those items can change
        chosen = ctx.definition_filter(library, server, snapshot, chosen)
    from kometa.engine.run_listings import log_collection_listing

    try:
        run_collections(job, chosen, result.rows)
        ctx.report.not_done.extend(job.not_done)
        remember(ctx, library.mapping_name, job.run_again)
        sort_hubs(job, job.hub_wishes)  # hub_priority / auto_sort_hubs, after the library's collections
        if ctx.definition_filter is None:  # show_unmanaged / show_unconfigured: a whole run's (not an event's)
            log_collection_listing(library.mapping_name, library.settings, snapshot.collections,
                                   [n for d in loaded.definitions for n in (d.name, d.title)])
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


def _overlays_wanted(ctx: RunContext, library: LibraryConfig) -> bool:
    """run_order's ``overlays``: a library with overlay_files, unless a flag narrows the run elsewhere."""
    o = ctx.options
    return bool(library.overlay_files) and not (o.collections_only or o.playlists_only or o.operations_only
                                                or o.metadata_only or o.run_collections or o.run_files)


def _run_overlays(ctx: RunContext, library: LibraryConfig, changes: ChangeLog) -> None:
    from kometa.engine.overlay_step import run_overlays

    when = library.schedule_overlays
    if when is not None and not _scheduled(when.value, ctx, "overlays", when.file, when.line):
        log.info("Library %s: overlays are not scheduled to run now; skipped", library.mapping_name)
        return
    server, snapshot = connect_library(ctx, library)
    ctx.checkpoint()
    run_overlays(ctx.config, library, server, snapshot, ctx.moment, ctx.documents.load, ctx.options.dry_run,
                 changes.say, ctx.report.library(library.mapping_name).rows, ctx.report.errors, online=ctx.online,
                 sources=library_sources(ctx, library, snapshot), only=scoped_items(ctx, library, server, snapshot))


def process_config(ctx: RunContext) -> RunReport:
    """One run of the config. Every external service it calls waits ``--timeout`` seconds for an
    answer and checks TLS unless ``--no-verify-ssl`` or ``settings: verify_ssl: false`` say not to."""
    from kometa.clients.policy import Network, network

    verify = not ctx.options.no_verify_ssl and ctx.config.settings.get("verify_ssl", True) is not False
    ctx.servers.insecure = ctx.servers.insecure or ctx.options.no_verify_ssl
    with network(Network(timeout=float(ctx.options.timeout), verify=verify)):
        return _process(ctx)


def _process(ctx: RunContext) -> RunReport:
    options = ctx.options
    collections = not options.playlists_only and not options.operations_only and not options.overlays_only \
        and not options.metadata_only
    playlists = not (options.collections_only or options.run_collections or options.run_files
                     or options.operations_only or options.overlays_only or options.metadata_only)
    wanted = set(options.split_names(options.run_libraries))
    ledger = Ledger(ctx.config.directory / LEDGER_NAME, writable=not options.dry_run)
    if ctx.online is None:
        from kometa.engine.online import OnlineServices

        ctx.online = OnlineServices(ctx.config)
    changes = ChangeLog(options.dry_run)
    if options.dry_run:
        changes.out("[dry-run] nothing will be written to Plex; changes this run would make:")
    from kometa.config.unbuilt import config_lines

    for line in config_lines(ctx.config):  # never pretend: say what this version leaves undone
        log.error("%s", line)
        ctx.report.not_done.append(line)
    total = sum(1 for lib in ctx.config.libraries.values()
                if not wanted or lib.mapping_name in wanted or lib.library_name in wanted)
    done = 0
    for library in ctx.config.libraries.values():
        ctx.checkpoint()
        if wanted and library.mapping_name not in wanted and library.library_name not in wanted:
            continue
        ctx.report_progress(f"library {library.mapping_name}", done, total)  # live progress (kometa status)
        done += 1
        if not (collections or options.operations_only or options.metadata_only or _overlays_wanted(ctx, library)):
            continue
        result = ctx.report.library(library.mapping_name)
        started = time.monotonic()
        try:
            if not wanted and library.schedule is not None and not _scheduled(
                    library.schedule.value, ctx, "library", library.schedule.file, library.schedule.line):
                result.result, result.message = "skipped", "library not scheduled to run now"
                log.info("Library %s is not scheduled to run now; skipped", library.mapping_name)
                continue
            steps = library_steps(ctx, library, collections)
            if steps:
                _run_library(ctx, library, changes, ledger, steps)  # its parts in run_order
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
    if not (options.collections_only or options.playlists_only or options.overlays_only):  # plex maintenance:
        # empty_trash / clean_bundles / optimize once per server, after all libraries
        from kometa.engine.maintenance import run_maintenance

        done = [lib.mapping_name for lib in ctx.config.libraries.values() if lib.mapping_name in ctx.snapshots]
        maintenance = run_maintenance(ctx, changes, done)
        if maintenance:
            ctx.report.library("Plex maintenance").rows.extend(maintenance)
    if playlists and ctx.config.playlist_files:
        from kometa.engine.playlists import run_playlists

        ctx.report_progress("playlists", total, total)

        try:
            run_playlists(ctx, changes, ledger)
        except (KometaError, ConfigError) as exc:
            ctx.report.errors.append(exc.message)
            log.error("Playlists: %s", exc.message)
    if playlists and ctx.config.settings.get("playlist_report", True) is not False:
        # as Kometa: whenever the setting is on (its default), with or without playlist_files
        from kometa.engine.playlist_report import log_playlist_report

        ctx.report.playlist_report = log_playlist_report(ctx, list(ctx.snapshots))
    from kometa.engine.run_again import run_again

    run_again(ctx, changes, ledger)  # after everything else, as in Kometa
    ledger.save()
    ctx.online.close()
    ctx.report.online = ctx.online.report_lines()
    ctx.report.convert = ctx.online.convert_lines()
    if options.dry_run:
        changes.out(f"[dry-run] {len([x for x in changes.lines if x.startswith('[dry-run] would')])} change(s) "
                    f"planned; none sent")
    return ctx.report
