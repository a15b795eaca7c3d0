"""Live progress of a running run, written into its run-history row for ``kometa status``.

The engine reports phases (``ctx.progress(phase, done, total)``: which library, how many of the
run's libraries are done); this module adds the ETA and writes the row. The ETA is the start plus
the duration of the last successful run of the same kind (event-scoped or full) while that is
still ahead, else a straight-line estimate from the libraries done so far, else unknown.
Writing the row never fails the run.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from kometa.timing.clock import Clock

log = logging.getLogger("kometa")


def estimate(started: datetime, now: datetime, done: int, total: int, previous: float | None) -> datetime | None:
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

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = self.clock.now().astimezone(self.zone)
        eta = estimate(self.started, now, done, total, self.previous)
        data = {"phase": phase, "done": done, "total": total, "updated_at": now.isoformat(timespec="seconds"),
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
    return f"{progress.get('phase', '?')} ({progress.get('done', 0)} of {progress.get('total', 0)} done{eta})"
