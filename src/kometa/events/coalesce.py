"""Coalescing: a burst of changes becomes one scoped run once it has settled.

A scoped run starts when no new change arrived for ``settle`` seconds (30 by default), or when the
oldest waiting change has waited ``max_wait`` (10 x settle, at least 5 minutes), so a steady trickle
cannot postpone a run for ever. Changes that arrive while a run is going wait for the next one;
changes older than the start of a full run are covered by it and dropped. Plex reports our own
writes as ``updated`` timeline entries too: while a run of ours is going (and ``quiet`` seconds
after), Plex's ``updated`` changes are not taken, or every run would cause another. One exception:
an item Plex reported as new in the last ``NEW_WINDOW`` seconds gets its first such ``updated``
taken anyway, since real Plex says "created" before it has matched the item and "processed" (the
update that makes it worth a run) may land during our run; at most one extra run per new item.

Thread-safe (event sources call :meth:`add` from their own threads); time comes in as monotonic
seconds from the caller, so tests need no clock and no sleeps.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kometa.events.scope import Change, Scope

DEFAULT_SETTLE = 30.0
QUIET_AFTER_RUN = 5.0
NEW_WINDOW = 600.0  # seconds after "added" an item's first echo-window "updated" is still taken


@dataclass
class _Pending:
    change: Change
    at: float


class Coalescer:
    def __init__(self, settle: float = DEFAULT_SETTLE, max_wait: float | None = None,
                 quiet: float = QUIET_AFTER_RUN) -> None:
        self.settle = settle
        self.max_wait = max_wait if max_wait is not None else max(10 * settle, 300.0)
        self.quiet = quiet
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []
        self._running = False
        self._quiet_until = float("-inf")
        self.dropped_own = 0  # updated-changes not taken during/after our runs (for status and tests)
        self.received = 0
        self._new: dict[str, float] = {}  # rating key -> when Plex reported it added (NEW_WINDOW)

    def add(self, change: Change, now: float) -> bool:
        """Take a change; False when it was not taken (Plex echoing a run of ours)."""
        with self._lock:
            if change.source == "plex" and change.kind == "added":
                self._new = {k: at for k, at in self._new.items() if now - at < NEW_WINDOW}
                self._new.update(dict.fromkeys(change.rating_keys, now))
            if change.source == "plex" and change.kind == "updated" and (self._running or now < self._quiet_until):
                fresh = [k for k in change.rating_keys if now - self._new.get(k, float("-inf")) < NEW_WINDOW]
                if not fresh:
                    self.dropped_own += 1
                    return False
                for key in fresh:  # taken once: its later echoes are ours
                    del self._new[key]
            self._pending.append(_Pending(change, now))
            self.received += 1
            return True

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def next_due(self) -> float | None:
        """The monotonic time the pending burst becomes due (None: nothing pending)."""
        with self._lock:
            if not self._pending:
                return None
            return min(self._pending[-1].at + self.settle, self._pending[0].at + self.max_wait)

    def take_due(self, now: float) -> Scope | None:
        """The settled burst as one scope (and forget it), or None when nothing is due yet."""
        due = self.next_due()
        if due is None or now < due or self._running:
            return None
        with self._lock:
            taken, self._pending = self._pending, []
        return Scope.of(p.change for p in taken)

    def run_started(self, now: float, *, full: bool) -> int:
        """A run begins. A full run covers every change that arrived before it: those are dropped
        (their count is returned)."""
        with self._lock:
            self._running = True
            if not full:
                return 0
            dropped = len(self._pending)
            self._pending = []
            return dropped

    def run_ended(self, now: float) -> None:
        with self._lock:
            self._running = False
            self._quiet_until = now + self.quiet
