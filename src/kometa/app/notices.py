"""A run's notifications and heartbeat, seen from the run: :class:`RunNotices`.

:mod:`kometa.app.runner` makes one per run. Once the config is loaded, :meth:`RunNotices.start`
reads the notification targets (a wrong value is a ``file:line`` config error, exit 2), hands the
:class:`~kometa.notify.notifier.Notifier` to the engine through the run context, pings the
heartbeat's ``/start`` and sends ``run_start``. :meth:`RunNotices.finish` sends one ``error`` per
failure the report holds (library, collection or playlist named where known), the batched
``changes``, ``run_end`` with the run's counts, and the heartbeat's success or ``/<exit code>``.
:meth:`RunNotices.fatal` sends a critical ``error`` for a failure that ended the run early.

An event run (the waiter's scoped run, trigger ``event``) neither pings the heartbeat (it watches the
scheduled full runs: an event run must not turn it green after a failed full run) nor sends
``run_start`` / ``run_end`` (one pair per imported episode would be noise); its ``error``,
``changes`` and ``delete`` notifications are sent as for any run.

Nothing here raises once the targets are read: a notifier that is down is a warning.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from kometa.core.options import Options
from kometa.engine.report import ItemRow, RunReport
from kometa.notify.heartbeat import Heartbeat
from kometa.notify.notifier import Notifier
from kometa.notify.payloads import RunStats, run_time

log = logging.getLogger("kometa")

PLAYLIST = "PLAYLIST"
NOT_RUN = ("Not Scheduled", "Skipped Run Definition")
FAILURE = "Kometa Failure"  # Plex failed under a definition (or our bug): critical, as in Kometa


def run_stats(report: RunReport, library_names: dict[str, str] | None = None) -> RunStats:
    """Counts for ``run_end``: created/modified/deleted collections and playlists, items moved."""
    names = library_names or {}
    stats = RunStats()

    def count(row: ItemRow, library: str) -> None:
        if row.kind == "operation":
            if row.name == "All Collections Deleted":
                stats.deleted += row.removed
            return
        status = row.status or ""
        if status == "Created":
            stats.created += 1
        elif "Modified" in status:
            stats.modified += 1
        elif status.startswith("Deleted"):
            stats.deleted += 1
        if status == "Created" or "Modified" in status:
            stats.added += row.added
            stats.removed += row.removed
        if not row.error and status not in NOT_RUN:
            stats.names.append({"name": row.name, "library": library})

    for lib in report.libraries:
        for row in lib.rows:
            count(row, names.get(lib.name, lib.name))
    for row in report.playlists:
        count(row, PLAYLIST)
    return stats


def summary_text(report: RunReport | None, result: str, code: int, started: datetime, ended: datetime) -> str:
    """The heartbeat body: outcome, counts and what failed, as plain text."""
    lines = [f"kometa run {result} (exit {code}) in {run_time(started, ended)}"]
    if report is not None:
        s = run_stats(report)
        lines.append(f"collections created {s.created}, modified {s.modified}, deleted {s.deleted}; "
                     f"items added {s.added}, removed {s.removed}")
        if report.failed:
            lines.append(f"failures: {report.failure_summary()}")
    return "\n".join(lines)


class RunNotices:
    def __init__(self, options: Options, started: datetime, *, event: bool = False) -> None:
        self.options = options
        self.started = started
        self.event = event  # an event run: no heartbeat, no run_start / run_end
        self.notifier: Notifier | None = None
        self.heartbeat: Heartbeat | None = None
        self.ctx: Any = None
        self.fatal_sent = False

    def start(self, ctx: Any) -> None:
        """Read the targets from ``ctx.config``, give the engine the notifier, announce the run."""
        from kometa.core.logs import add_secrets
        from kometa.notify.config import parse_notify

        config = parse_notify(ctx.config)
        add_secrets(config.secrets)
        self.ctx = ctx
        if config.empty and not config.warnings:
            return
        self.notifier = ctx.notifier = Notifier(config, dry_run=self.options.dry_run)
        if config.heartbeat and not self.options.dry_run and not self.event:
            self.heartbeat = Heartbeat(config.heartbeat)
            self.heartbeat.start()
        if not self.event:
            self.notifier.run_start(self.started)
            from kometa.notify.version import check_version

            check_version(self.notifier, ctx.config.directory, dry_run=self.options.dry_run)

    def fatal(self, message: str) -> None:
        """A failure that ended the run: a critical ``error``. When the config itself could not be
        loaded, its notification sections are still read if they can be (best effort)."""
        if self.ctx is None and self.notifier is None and self.heartbeat is None:
            self._from_raw_config()
        if self.notifier is not None and not self.fatal_sent:
            self.fatal_sent = True
            try:
                self.notifier.error(message, critical=True)
            except Exception:
                log.warning("The error notification failed (details in meta.log)", exc_info=True)

    def finish(self, code: int, result: str, ended: datetime) -> None:
        """Errors, batched changes, ``run_end``, the closing heartbeat. Never raises."""
        try:
            self._finish(code, result, ended)
        except Exception:  # our bug in notifying must not turn a finished run into a failed one
            log.warning("Notifications at the end of the run failed (details in meta.log)", exc_info=True)

    def _finish(self, code: int, result: str, ended: datetime) -> None:
        report: RunReport | None = self.ctx.report if self.ctx is not None else None
        if self.notifier is not None:
            names = {m: lib.library_name for m, lib in self.ctx.config.libraries.items()} if self.ctx else {}
            if report is not None:
                self._errors(report, names)
            if self.event:
                self.notifier.close()
            else:
                self.notifier.run_end(self.started, ended, run_stats(report or RunReport(), names))
        if self.heartbeat is not None:
            self.heartbeat.finish(code, summary_text(report, result, code, self.started, ended))

    def _from_raw_config(self) -> None:
        from kometa.config.yaml_io import load_yaml
        from kometa.core.logs import add_secrets
        from kometa.notify.config import parse_sections

        try:
            raw = load_yaml(self.options.config)
            libraries = raw.get("libraries") if isinstance(raw, dict) else None
            config = parse_sections(raw, self.options.config.parent,
                                    dict(libraries) if isinstance(libraries, dict) else {})
        except Exception:  # the config is broken: nothing can be read from it, and that was reported
            return
        add_secrets(config.secrets)
        if not config.empty:
            self.notifier = Notifier(config, dry_run=self.options.dry_run)
        if config.heartbeat and not self.options.dry_run and not self.event:
            self.heartbeat = Heartbeat(config.heartbeat)

    def _server(self, mapping: str | None) -> str | None:
        snapshots = getattr(self.ctx, "snapshots", {}) or {}
        found = snapshots.get(mapping) if mapping else next(iter(snapshots.values()), None)
        return str(getattr(found[0], "friendlyName", "") or "") or None if found else None

    def _errors(self, report: RunReport, names: dict[str, str]) -> None:
        notifier = self.notifier
        assert notifier is not None
        if not notifier.wants("error"):
            return
        for text in [*report.errors, *getattr(report, "not_done", [])]:
            notifier.error(text)
        for lib in report.libraries:
            server, library = self._server(lib.name), names.get(lib.name, lib.name)
            if lib.result == "failed":
                notifier.error(lib.message, critical=True, server_name=server, library_name=library,
                               mapping_name=lib.name)
            for row in lib.rows:
                if row.error:
                    notifier.error(row.error, critical=row.status == FAILURE, server_name=server,
                                   library_name=library, mapping_name=lib.name, collection=row.name)
        for row in report.playlists:
            if row.error:
                notifier.error(row.error, critical=row.status == FAILURE, server_name=self._server(None),
                               playlist=row.name)
