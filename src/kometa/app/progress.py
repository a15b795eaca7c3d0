"""Live progress of a running run, written into its run-history row for ``kometa status``.

The engine reports phases (``ctx.progress(phase, done, total)``: which library, how many of the
run's libraries are done) and, within a library, the collections done
(``ctx.progress.step(done, total)``, written at most every :data:`STEP_EVERY` seconds); this
module adds the ETA and writes the row. The ETA is the start plus
the duration of the last successful run of the same kind (event-scoped or full) while that is
still ahead, else a straight-line estimate from the libraries done so far (a library counting by
the share of its collections done), else unknown.
Writing the row never fails the run.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from kometa.timing.clock import Clock

log = logging.getLogger("kometa")
STEP_EVERY = 2.0  # seconds between two writes of the collection count (a library of 500 is not 500 writes)


def estimate(started: datetime, now: datetime, done: float, total: int, previous: float | None) -> datetime | None:
    """When the run should end (pure)."""
    if previous is not None:
        expected = started + timedelta(seconds=previous)
        if expected > now:
            return expected
    if 0 < done < total:
        return now + (now - started) / done * (total - done)
    return None


class ProgressWriter:
    def __init__(self, state: Any, run_id: int, started: datetime, clock: Clock, zone: Any,
                 previous: float | None) -> None:
        self.state = state
        self.run_id = run_id
        self.started = started
        self.clock = clock
        self.zone = zone
        self.previous = previous
        self.failed = False
        self.phase: tuple[str, int, int] = ("starting", 0, 0)
        self.step_written: float | None = None  # monotonic time of the last collection-count write

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.phase = (phase, done, total)
        self.step_written = None
        self._write({})

    def step(self, done: int, total: int) -> None:
        """``done`` of the current library's ``total`` collections are done."""
        mono = self.clock.monotonic()
        if self.step_written is not None and mono - self.step_written < STEP_EVERY and done < total:
            return
        self.step_written = mono
        self._write({"collections_done": done, "collections_total": total})

    def _write(self, extra: dict[str, Any]) -> None:
        phase, done, total = self.phase
        now = self.clock.now().astimezone(self.zone)
        share = extra["collections_done"] / extra["collections_total"] if extra.get("collections_total") else 0
        eta = estimate(self.started, now, done + share, total, self.previous)
        data = {"phase": phase, "done": done, "total": total, **extra, "updated_at": now.isoformat(timespec="seconds"),
                "eta": eta.isoformat(timespec="seconds") if eta else None}
        try:
            self.state.set_progress(self.run_id, data)
        except Exception as exc:  # noqa: BLE001 - progress is a courtesy, the run goes on
            if not self.failed:
                log.warning("Could not record the run's progress: %s", getattr(exc, "message", exc))
                self.failed = True


def describe(progress: dict[str, Any]) -> str:
    """One line for ``kometa status``."""
    eta = f", ETA {progress['eta']}" if progress.get("eta") else ""
    inner = (f"; collections {progress['collections_done']} of {progress['collections_total']} in it"
             if progress.get("collections_total") else "")
    return f"{progress.get('phase', '?')} ({progress.get('done', 0)} of {progress.get('total', 0)} done{inner}{eta})"
