"""The metadata part of a library run (run_order: after operations, before collections).

Loads the library's ``metadata_files`` (old ``metadata_path`` too) through the run's document
cache, applies them (:mod:`kometa.metadata.run`) and adds one summary row per file.
"""

from __future__ import annotations

import time
from typing import Any

from kometa.config.model import LibraryConfig
from kometa.core.errors import ConfigError
from kometa.engine.changes import ChangeLog
from kometa.engine.context import RunContext, _file_allowed, scoped_items
from kometa.engine.report import ItemRow
from kometa.metadata.asset_run import STATE_NAME, UploadedAssets
from kometa.metadata.run import MetadataJob, run_document
from kometa.plex.snapshot import Snapshot
from kometa.plex.transport import Transport

COLLECTION_SECTIONS = ("collections", "dynamic_collections")


def collection_refs(ctx: RunContext, library: LibraryConfig) -> tuple[Any, ...]:
    """Metadata files that also define collections (old PMM style): their collections run too."""
    out = []
    for ref in library.metadata_files:
        try:
            documents = ctx.documents.load(ref, ctx.config.directory)
        except ConfigError:
            continue
        if any(isinstance(d.data, dict) and any(d.data.get(k) for k in COLLECTION_SECTIONS) for d in documents):
            out.append(ref)
    return tuple(out)


def run_library_metadata(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot,
                         changes: ChangeLog, rows: list[ItemRow]) -> None:
    from kometa.engine.image_step import run_library_images

    if not library.metadata_files and not library.image_files:
        return
    job = MetadataJob(library.mapping_name, server, Transport(server), snapshot,
                      UploadedAssets(ctx.config.directory / STATE_NAME, writable=not ctx.options.dry_run),
                      ctx.options.dry_run, changes.say, only=scoped_items(ctx, library, server, snapshot),
                      config_dir=ctx.config.directory, tmdb=ctx.online.tmdb if ctx.online is not None else None,
                      assets=_asset_settings(ctx, library),
                      ergast=ctx.online.ergast if ctx.online is not None else None, today=ctx.moment.date())
    run_library_images(ctx, library, server, snapshot, job, rows)  # Kometa: image files, then metadata files
    every_entry = job.only is None  # every file (and so every entry) ran: slots no entry gave are released
    for ref in library.metadata_files:
        ctx.checkpoint()
        if not _file_allowed(ref, ctx):
            every_entry = False
            continue
        started = time.monotonic()
        try:
            documents = ctx.documents.load(ref, ctx.config.directory)
        except ConfigError as exc:
            rows.append(ItemRow(f"metadata: {ref.name}", "metadata", status="Failed", error=exc.message))
            every_entry = False
            continue
        for document in documents:
            result = run_document(job, document)
            if result is None:
                continue
            error = None
            if result.errors:
                error = result.errors[0] + (f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else "")
            note = f"{result.unmatched} entr{'y' if result.unmatched == 1 else 'ies'} matched no item" \
                if result.unmatched else None
            rows.append(ItemRow(result.name, "metadata", status="Changed" if result.changed else "Unchanged",
                                added=result.changed, unchanged=result.unchanged,
                                seconds=time.monotonic() - started, error=error, note=note))
    if every_entry:
        job.uploaded.release(library.mapping_name, job.owned)
        job.uploaded.save()



def _asset_settings(ctx: RunContext, library: LibraryConfig) -> Any:
    """The library's asset settings (entries' items take their asset images too); None when they are
    wrong (the asset operations report that)."""
    from kometa.metadata.assets import settings_from

    try:
        return settings_from(library.settings, ctx.config.directory)
    except ValueError:
        return None


def metadata_errors(documents: list[Any], today: Any = None) -> list[str]:
    """Located mistakes in the loaded documents of the libraries' metadata files (``metadata_files``
    and ``metadata_path``; for ``--validate``; ``today``: the day ``f1_season`` is checked against)."""
    from kometa.metadata.run import document_errors

    return [error for document in documents for error in document_errors(document, today)]
