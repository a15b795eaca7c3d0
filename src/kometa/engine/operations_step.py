"""The operations part of a library run: parse the blocks, run the scheduled ones, add summary rows.

The pure work and the batched writes live in :mod:`kometa.operations`; this module only connects
them to the run (schedules, dry run, change log, ownership state, the summary table).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from kometa.config.model import Config, LibraryConfig
from kometa.core.errors import ConfigError
from kometa.engine.changes import ChangeLog
from kometa.engine.context import RunContext, _scheduled, scoped_items
from kometa.engine.report import ItemRow
from kometa.operations.model import ARR_OPS, IMAGE_OPS, Block, Operation, ignored_ids, parse_operations
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


def _lazy(make: Callable[[], Any]) -> Callable[[], Any]:
    """``make()`` on the first call, the same object afterwards (a service's data, built when needed)."""
    held: list[Any] = []

    def get() -> Any:
        if not held:
            held.append(make())
        return held[0]
    return get


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

    def online() -> Any:
        if ctx.online is None:
            raise RuntimeError("no online services in this run")
        return ctx.online

    def mdb_records() -> Any:
        from kometa.operations.mdb_values import MdbRecords
        return MdbRecords(online().mdblist(), snapshot.item_type)

    def tvdb_pages() -> Any:
        from kometa.operations.tvdb_values import TvdbPages
        return TvdbPages(online().tvdb(), snapshot.item_type)

    def imdb_data() -> Any:
        from kometa.operations.imdb_values import ImdbData
        return ImdbData(online().imdb_datasets(), online().imdb(), snapshot, tmdb=online().tmdb)

    def omdb_records() -> Any:
        from kometa.operations.omdb_values import OmdbRecords
        return OmdbRecords(online().omdb())

    def trakt_ratings() -> Any:
        from kometa.operations.trakt_values import TraktRatings
        return TraktRatings(online().trakt(), snapshot)

    def anime(service: str) -> Callable[[], Any]:
        def make() -> Any:
            from kometa.operations.anime_values import AnimeRecords, anime_keys
            keys = anime_keys(online().anime_ids().mapping(), snapshot)
            if service == "MyAnimeList":
                client = online().mal()
                return AnimeRecords(service, client.details, client, keys)
            client = online().anidb()
            return AnimeRecords(service, client.anime, client, keys)
        return _lazy(make)

    def csm_ages() -> Any:
        from kometa.operations.csm_values import CsmAges
        return CsmAges(server, online().cache(), online().expiration_days())

    job = OpsJob(library.mapping_name, snapshot, Transport(server), server,
                 OwnedFields(ctx.config.directory / STATE_NAME, writable=not ctx.options.dry_run),
                 ctx.options.dry_run, changes.say,
                 configured=_configured(ctx, library, server, snapshot) if wants_configured else set(),
                 is_scheduled=scheduled, checkpoint=ctx.checkpoint, tmdb=tmdb, mdblist=_lazy(mdb_records),
                 imdb=_lazy(imdb_data), tvdb=_lazy(tvdb_pages), omdb=_lazy(omdb_records),
                 trakt=_lazy(trakt_ratings), mal=anime("MyAnimeList"), anidb=anime("AniDB"), plex_csm=_lazy(csm_ages),
                 ignore_ids=ignored_ids(library.settings), only=scoped_items(ctx, library, server, snapshot))
    def extra(op: Operation, block: Block) -> OpResult | None:
        if op.key in IMAGE_OPS and op.value is not False:
            return _images(ctx, library, snapshot, job, op, block)
        if op.key in ARR_OPS:
            from kometa.engine.arr_ops import run_arr_operation
            return run_arr_operation(job, op, block, online())
        if op.key == "metadata_backup":
            return _backup(ctx, library, server, snapshot, changes, op)
        if op.key not in ("assets_for_all", "assets_for_all_collections") or op.value is not True:
            return None
        configured = _configured(ctx, library, server, snapshot) if op.key == "assets_for_all_collections" else None
        return _assets(ctx, library, server, snapshot, changes, op, configured)

    rows.extend(_row(result) for result in run_operations(job, parsed, extra))


def _assets(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot, changes: ChangeLog,
            op: Operation, configured: set[str] | None = None) -> OpResult:
    """``assets_for_all`` (items) or, with ``configured`` titles, ``assets_for_all_collections``."""
    from kometa.metadata.asset_run import STATE_NAME as ASSETS_STATE
    from kometa.metadata.asset_run import UploadedAssets, run_assets, run_collection_assets
    from kometa.metadata.assets import settings_from

    started = time.monotonic()
    result = OpResult(op.key)
    try:
        settings = settings_from(library.settings, ctx.config.directory)
    except ValueError as exc:
        result.error = f"{library.where}: settings: {exc}"
        return result
    uploaded = UploadedAssets(ctx.config.directory / ASSETS_STATE, writable=not ctx.options.dry_run)
    if configured is not None:
        done = run_collection_assets(library.mapping_name, Transport(server), snapshot, settings, uploaded, configured,
                                     dry_run=ctx.options.dry_run, say=changes.say)
    else:
        done = run_assets(library.mapping_name, server, Transport(server), snapshot, settings, uploaded,
                          dry_run=ctx.options.dry_run, say=changes.say)
    result.changed, result.unchanged, result.requests = done.uploaded, done.unchanged, done.requests
    if done.missing:
        result.note = f"{done.missing} without an asset"
    result.seconds = time.monotonic() - started
    return result


def _images(ctx: RunContext, library: LibraryConfig, snapshot: Snapshot, job: OpsJob, op: Operation,
            block: Block) -> OpResult:
    """``mass_poster_update`` / ``mass_background_update`` (see engine/image_ops.py)."""
    from kometa.engine.image_ops import STATE_NAME as IMAGES_STATE
    from kometa.engine.image_ops import ImagesState, run_image_operation
    from kometa.metadata.assets import settings_from

    settings: Any
    try:
        settings = settings_from(library.settings, ctx.config.directory)
    except ValueError as exc:
        settings = f"{library.where}: settings: {exc}"
    state = ImagesState(ctx.config.directory / IMAGES_STATE, writable=not ctx.options.dry_run)
    return run_image_operation(job, op, block, settings=settings, state=state, tmdb=job.tmdb)


def _backup(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot, changes: ChangeLog,
            op: Operation) -> OpResult:
    """``metadata_backup``: the library's locked fields into a metadata file (see metadata/backup.py)."""
    from pathlib import Path

    from kometa.metadata.backup import BackupSpec, write_backup
    from kometa.plex.snapshot import read_episodes

    started = time.monotonic()
    result = OpResult(op.key)
    raw = op.value["path"] or f"{library.mapping_name}_Metadata_Backup.yml"
    path = Path(raw).expanduser()
    if not path.is_absolute():
        parts = path.parts
        path = ctx.config.directory.joinpath(*(parts[1:] if len(parts) > 1 and parts[0] == "config" else parts))
    spec = BackupSpec(path, frozenset(op.value["exclude"]), op.value["sync_tags"], op.value["add_blank_entries"])
    episodes = read_episodes(server, snapshot) if snapshot.item_type == "show" else {}
    try:
        count, changed = write_backup(snapshot, episodes, spec, dry_run=ctx.options.dry_run, reader=server)
    except OSError as exc:
        result.error = f"{op.where}: metadata_backup: cannot write {path} ({exc.strerror or exc})"
        return result
    if changed:
        changes.say(f"{library.mapping_name} | metadata_backup | {'would write' if ctx.options.dry_run else 'wrote'} "
                    f"{path} ({count} item(s) with locked fields)")
    result.changed, result.unchanged = (1, 0) if changed else (0, 1)
    result.note = f"{count} item(s) with locked fields in {path.name}"
    result.seconds = time.monotonic() - started
    return result


def operation_errors(config: Config) -> list[ConfigError]:
    """Every located mistake in the libraries' operations, for ``--validate`` (no server contacted):
    bad keys and values, and a ``tmdb`` / ``mdb*`` / ``omdb*`` / ``trakt*`` / ``mal*`` source without a
    usable ``tmdb:`` / ``mdblist:`` / ``omdb:`` / ``trakt:`` / ``mal:`` section, or a wrong ``anidb:`` one
    (IMDb needs none; AniDB's section is optional)."""
    from kometa.config.mdblist_section import mdblist_section
    from kometa.config.services import SectionError, tmdb_section
    from kometa.operations.sources import ServiceLink

    errors: list[ConfigError] = []
    from kometa.config.services import keyed_section

    def omdb_section(config: Config) -> Any:
        return keyed_section(config, "omdb", "https://www.omdbapi.com/apikey.aspx")

    from kometa.config.anidb_section import anidb_section
    from kometa.config.mal_section import mal_section
    from kometa.config.trakt_section import trakt_section

    checks = {"TMDb": ("tmdb", tmdb_section), "MDBList": ("mdblist", mdblist_section), "OMDb": ("omdb", omdb_section),
              "Trakt": ("trakt", trakt_section), "MyAnimeList": ("mal", mal_section), "AniDB": ("anidb", anidb_section)}
    problems: dict[str, str | None] = {}
    for library in config.libraries.values():
        parsed = parse_operations(library.operations, library.node)
        errors += parsed.errors
        for block in parsed.blocks:
            for op in block.operations:
                if op.key in ARR_OPS and op.value not in (False, ()):
                    from kometa.config.arr_section import arr_section
                    app = op.key.split("_", 1)[0]
                    try:
                        arr_section(config, app)
                    except SectionError as exc:
                        errors.append(ConfigError(f"{op.key}: needs the {app}: section ({exc})", file=op.file,
                                                  line=op.line))
                    continue
                if not isinstance(op.value, tuple):
                    continue
                for link in op.value:
                    if not isinstance(link, ServiceLink) or link.service not in checks:
                        continue
                    section, check = checks[link.service]
                    if link.service not in problems:
                        try:
                            check(config)
                            problems[link.service] = None
                        except SectionError as exc:
                            problems[link.service] = str(exc)
                    if problems[link.service] is not None:
                        errors.append(ConfigError(f"{op.key}: {link.name} needs the {section}: section "
                                                  f"({problems[link.service]})", file=op.file, line=op.line))
                        break
    return errors
