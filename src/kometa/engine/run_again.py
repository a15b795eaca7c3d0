"""``run_again``: collections that still miss titles run once more after the whole run.

As in Kometa, a collection with ``run_again: true`` whose builders named titles the library lacks
is remembered; after every library (and the playlists) has run, the run waits
``settings: run_again_delay`` minutes (so Radarr/Sonarr can fetch what ``radarr_add_missing``
sent and Plex can scan it in), reads those libraries again and runs those collections again, so
the titles that have arrived meanwhile join them. Their rows in the summary say ``(run again)``.

The wait is the run's injected clock's (:class:`kometa.timing.clock.Clock`), so a signal ends it at
once and tests never sleep. A dry run writes nothing, so nothing can arrive: it only says what
it would run again.
"""

from __future__ import annotations

import logging
from typing import Any

from kometa.sources.definitions import Definition

log = logging.getLogger("kometa")
SUFFIX = " (run again)"


def remember(ctx: Any, library: str, definitions: list[Definition]) -> None:
    """The collections of ``library`` to run again (those with run_again that miss titles)."""
    if definitions:
        ctx.run_again.setdefault(library, []).extend(definitions)


def delay_minutes(settings: Any) -> float:
    value = settings.get("run_again_delay") if hasattr(settings, "get") else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else 0.0


def run_again(ctx: Any, changes: Any, ledger: Any) -> None:
    """Wait ``run_again_delay`` minutes, re-read each library that has run_again collections, run them."""
    from kometa.engine.collections import run_collections
    from kometa.engine.context import Interrupted, connect_library
    from kometa.engine.process import _library_job

    pending = {name: defs for name, defs in ctx.run_again.items() if defs}
    if not pending:
        return
    count = sum(len(d) for d in pending.values())
    minutes = delay_minutes(ctx.config.settings)
    if ctx.options.dry_run:
        changes.say(f"run_again: would run {count} collection(s) again after {minutes:g} minute(s)")
        return
    if minutes:
        log.info("run_again: waiting %g minute(s) before running %d collection(s) again", minutes, count)
        ctx.report_progress(f"run_again: waiting {minutes:g} minute(s)", 0, count)  # kometa status shows it
        if ctx.clock.wait(ctx.stop, minutes * 60):
            raise Interrupted()
    for name, definitions in pending.items():
        ctx.checkpoint()
        library = ctx.config.libraries[name]
        ctx.snapshots.pop(name, None)  # read again: what arrived during the wait is seen
        result = ctx.report.library(name)
        server, snapshot = connect_library(ctx, library)
        job = _library_job(ctx, library, server, snapshot, changes, ledger)
        rows: list[Any] = []
        try:
            run_collections(job, definitions, rows)
        finally:
            ledger.save()
        for row in rows:
            row.name += SUFFIX
        result.rows.extend(rows)
        ctx.report.not_done.extend(job.not_done)
    ctx.run_again.clear()
