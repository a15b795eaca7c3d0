"""The operations part of a library run: parse the blocks, run the scheduled ones, add summary rows.

The pure work and the batched writes live in :mod:`kometa.operations`; this module only connects
them to the run (schedules, dry run, change log, ownership state, the summary table).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from kometa.config.model import Config, LibraryConfig
from kometa.core.errors import ConfigError
from kometa.engine.changes import ChangeLog
from kometa.engine.context import RunContext, _scheduled
from kometa.engine.report import ItemRow
from kometa.operations.model import Block, Operation, parse_operations
from kometa.operations.runner import OpResult, OpsJob, run_operations
from kometa.operations.state import STATE_NAME, OwnedFields
from kometa.plex.snapshot import Snapshot
from kometa.plex.transport import Transport
from kometa.sources.definitions import library_definitions, run_lookups


def _row(result: OpResult) -> ItemRow:
    if result.error is not None:
        status = "Failed"
    elif result.note == "off":
        status = "Off"
    else:
        status = "Changed" if result.changed else "Unchanged"
    note = None if result.note == "off" else result.note
    return ItemRow(result.name, "operation", status=status, added=result.changed, unchanged=max(result.unchanged, 0),
                   seconds=result.seconds, error=result.error, note=note)


def _configured(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot) -> set[str]:
    """Titles defined in this library's collection files (scheduled or not, as Kometa counts them;
    award-year and language sets included, so ``configured: false`` never takes them for strays)."""
    loaded = library_definitions(ctx.config, dataclasses.replace(library), ctx.options, snapshot,
                                 load=ctx.documents.load, **run_lookups(ctx.online, server, snapshot))
    return {d.title for d in loaded.definitions}


def has_operations(library: LibraryConfig) -> bool:
    parsed = parse_operations(library.operations, library.node)
    return bool(parsed.blocks or parsed.errors)


def run_library_operations(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot,
                           changes: ChangeLog, rows: list[ItemRow]) -> None:
    parsed = parse_operations(library.operations, library.node)
    if not parsed.blocks and not parsed.errors:
        return
    wants_configured = any(op.key == "delete_collections" and op.value.get("configured") is not None
                           for block in parsed.blocks for op in block.operations)

    def scheduled(block: Block) -> bool:
        if block.schedule is None:
            return True
        return _scheduled(block.schedule.value, ctx, "operations", block.schedule.file, block.schedule.line)

    details: list[Any] = []

    def tmdb() -> Any:
        if not details:
            from kometa.operations.tmdb_values import TmdbDetails

            online = ctx.online
            if online is None:
                raise RuntimeError("no online services in this run")
            known = online.idmaps.get(library.mapping_name)
            details.append(TmdbDetails(online.tmdb(), snapshot, known))
            if known is None:
                online.library_map(library.mapping_name, details[0].mapping())
        return details[0]

    job = OpsJob(library.mapping_name, snapshot, Transport(server), server,
                 OwnedFields(ctx.config.directory / STATE_NAME, writable=not ctx.options.dry_run),
                 ctx.options.dry_run, changes.say,
                 configured=_configured(ctx, library, server, snapshot) if wants_configured else set(),
                 is_scheduled=scheduled, checkpoint=ctx.checkpoint, tmdb=tmdb)
    def extra(op: Operation, block: Block) -> OpResult | None:
        if op.key != "assets_for_all" or op.value is not True:
            return None
        return _assets(ctx, library, server, snapshot, changes, op)

    rows.extend(_row(result) for result in run_operations(job, parsed, extra))


def _assets(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot, changes: ChangeLog,
            op: Operation) -> OpResult:
    from kometa.metadata.asset_run import STATE_NAME as ASSETS_STATE
    from kometa.metadata.asset_run import UploadedAssets, run_assets
    from kometa.metadata.assets import settings_from

    started = time.monotonic()
    result = OpResult(op.key)
    try:
        settings = settings_from(library.settings, ctx.config.directory)
    except ValueError as exc:
        result.error = f"{library.where}: settings: {exc}"
        return result
    done = run_assets(library.mapping_name, server, Transport(server), snapshot, settings,
                      UploadedAssets(ctx.config.directory / ASSETS_STATE, writable=not ctx.options.dry_run),
                      dry_run=ctx.options.dry_run, say=changes.say)
    result.changed, result.unchanged, result.requests = done.uploaded, done.unchanged, done.requests
    if done.missing:
        result.note = f"{done.missing} without an asset"
    result.seconds = time.monotonic() - started
    return result


def operation_errors(config: Config) -> list[ConfigError]:
    """Every located mistake in the libraries' operations, for ``--validate`` (no server contacted):
    bad keys and values, and a ``tmdb`` source without a usable ``tmdb:`` section."""
    from kometa.config.services import SectionError, tmdb_section
    from kometa.operations.sources import ServiceLink

    errors: list[ConfigError] = []
    tmdb_problem: str | None = None
    checked = False
    for library in config.libraries.values():
        parsed = parse_operations(library.operations, library.node)
        errors += parsed.errors
        for block in parsed.blocks:
            for op in block.operations:
                if not isinstance(op.value, tuple) or not any(isinstance(x, ServiceLink) for x in op.value):
                    continue
                if not checked:
                    checked = True
                    try:
                        tmdb_section(config)
                    except SectionError as exc:
                        tmdb_problem = str(exc)
                if tmdb_problem is not None:
                    errors.append(ConfigError(f"{op.key}: tmdb needs the tmdb: section ({tmdb_problem})",
                                              file=op.file, line=op.line))
    return errors
