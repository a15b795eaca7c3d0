"""The only place that reads the wall clock or waits. Everything else takes a :class:`Clock`.

Tests pass a :class:`FakeClock` whose ``wait`` advances time instantly, so schedule, DST and
catch-up logic is tested without sleeping.
"""

from __future__ import annotations

import threading
import time as _time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, aware, in UTC."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for measuring durations)."""

    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Wait up to ``seconds`` or until ``event`` is set; True if it was set."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return _time.monotonic()

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.wait(max(0.0, seconds))


class FakeClock:
    """A clock for tests: ``wait`` jumps time forward instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)
        self._mono = 0.0
        self.waits: list[float] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds

    def jump(self, to: datetime) -> None:
        """Move the wall clock without moving the monotonic clock (a suspend or clock change)."""
        self._now = to.astimezone(UTC)

    def wait(self, event: threading.Event, seconds: float) -> bool:
        self.waits.append(seconds)
        if event.is_set():
            return True
        self.advance(max(0.0, seconds))
        return event.is_set()
