"""The waiter loop: wait for the next run moment, start the run, repeat; never die from a run.

Everything that touches the outside world comes in through :class:`WaiterHooks`, and time through
a :class:`~kometa.timing.clock.Clock`, so tests drive days of waiting without sleeping.

Behaviour:

* a run starts within ``poll`` seconds (1 s) of its moment; the wall clock is re-read at every
  poll, so clock changes and suspends are noticed;
* moments missed while the machine slept or while a long run was going are run once, when the
  most recent of them was missed by less than ``catch_up`` seconds (0 disables); several missed
  moments coalesce into one run recorded as ``catch-up``;
* after a restart (reboot, container or service restart), a moment missed since the last
  recorded run is caught up the same way, within the same window;
* a trigger request starts a ``manual`` run; runs never overlap (the hooks run them one by one);
* with event sources (``events``), a settled burst of changes starts one scoped run; a scheduled
  run that is due goes first (it covers what came before it);
* a countdown line once a minute, unless disabled.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from kometa.timing.clock import Clock
from kometa.timing.runtimes import RunTimes

ON_TIME = timedelta(seconds=5)  # a run this close to its moment is "scheduled", not "catch-up"


class WaiterHooks(Protocol):
    def run(self, trigger: str, scheduled_for: datetime | None, missed: int) -> None:
        """Run once (blocking). Must not raise for a failed run."""

    def trigger_requested(self) -> bool:
        """True when ``kometa trigger`` asked for a run (and the request is consumed)."""

    def next_run_changed(self, moment: datetime) -> None:
        """The next scheduled moment, for status."""

    def countdown(self, now: datetime, moment: datetime) -> None:
        """Print the once-a-minute countdown line."""

    def skipped(self, moments: list[datetime], now: datetime) -> None:
        """Moments missed by more than the catch-up window."""


class EventRuns(Protocol):
    def take_due(self) -> object | None:
        """A settled burst of changes to run now (consumed), or None."""

    def run(self, scope: object) -> None:
        """Run that scope (blocking). Must not raise for a failed run."""

    def seconds_until_due(self) -> float | None:
        """When the waiting burst settles (None: nothing waits), so the loop wakes right then."""


@dataclass
class Waiter:
    run_times: RunTimes
    clock: Clock
    hooks: WaiterHooks
    stop: threading.Event
    catch_up: float = 3600.0
    poll: float = 1.0
    countdown_every: float = 60.0
    show_countdown: bool = True
    resume_after: datetime | None = None  # when the last recorded run started (before this waiter)
    events: EventRuns | None = None  # event sources' scoped runs (kometa.app.event_runs)

    def loop(self) -> None:
        last_seen = self.clock.now()
        done: datetime | None = None  # the latest moment already run (or skipped) by this waiter
        missed = self._missed_while_down(last_seen)
        if missed:
            done = self._due(missed[0], last_seen)
            last_seen = self.clock.now()
        next_moment = self._set_next(self.run_times.next_after(last_seen))
        next_countdown = self.clock.monotonic()
        while not self.stop.is_set():
            now = self.clock.now()
            if self.hooks.trigger_requested():
                self.hooks.run("manual", None, 0)  # the schedule is unchanged; passed moments come next
                continue
            if now >= next_moment:
                done = self._due(next_moment, now)
                next_moment = self._set_next(self.run_times.next_after(now))
                last_seen = now
                continue
            scope = self.events.take_due() if self.events is not None else None
            if self.events is not None and scope is not None:
                self.events.run(scope)
                continue
            if now < last_seen:
                # The wall clock went back (manual change, NTP step): an earlier moment may now be next,
                # but never one this waiter already ran (each time runs once per local day).
                earlier = self.run_times.next_after(now if done is None else max(now, done))
                if earlier < next_moment:
                    next_moment = self._set_next(earlier)
            last_seen = now
            if self.show_countdown and self.clock.monotonic() >= next_countdown:
                self.hooks.countdown(now, next_moment)
                next_countdown = self.clock.monotonic() + self.countdown_every
            remaining = (next_moment - now).total_seconds()
            due = self.events.seconds_until_due() if self.events is not None else None
            if due is not None:
                remaining = min(remaining, due)
            self.clock.wait(self.stop, min(self.poll, max(remaining, 0.0)))

    def _missed_while_down(self, now: datetime) -> list[datetime]:
        """Moments since the last recorded run that passed while no waiter was up (a reboot, a
        container or service restart). Only looked for with a run history: a first start never
        runs at once; and only those within the catch-up window are worth a run."""
        if self.resume_after is None or self.catch_up <= 0:
            return []
        since = max(self.resume_after, now - timedelta(seconds=self.catch_up))
        return self.run_times.between(since, now)

    def _set_next(self, moment: datetime) -> datetime:
        self.hooks.next_run_changed(moment)
        return moment

    def _due(self, first_due: datetime, now: datetime) -> datetime:
        """``first_due`` has passed: run it (on time, or as catch-up), coalescing what was missed.
        Returns the latest moment dealt with."""
        missed = [first_due, *self.run_times.between(first_due, now)]
        latest = missed[-1]
        late = now - latest
        if late <= ON_TIME and len(missed) == 1:
            self.hooks.run("scheduled", latest, 0)
        elif self.catch_up > 0 and late < timedelta(seconds=self.catch_up):
            self.hooks.run("catch-up", latest, len(missed))
        else:
            self.hooks.skipped(missed, now)
        return latest
