"""Coalescing with a settle window, a cap, full runs covering earlier changes, and Plex's echo of
our own writes; times are passed in (no clock, no sleeps)."""

from __future__ import annotations

import threading
from datetime import datetime, time

from hypothesis import given
from hypothesis import strategies as st

from kometa.events.coalesce import NEW_WINDOW, Coalescer
from kometa.events.scope import Change, Scope
from kometa.timing.clock import FakeClock
from kometa.timing.runtimes import RunTimes
from kometa.timing.waiter import Waiter


def added(key: str, section: str = "1") -> Change:
    return Change("plex", "added", section=section, rating_keys=(key,))


def test_a_burst_becomes_one_scope_after_it_settles():
    c = Coalescer(settle=30)
    for n in range(200):
        c.add(added(str(n)), now=n / 10)  # 200 additions over 20 s
    assert c.take_due(now=49.8) is None  # still settling: the last one came 29.9 s ago
    scope = c.take_due(now=50)
    assert scope is not None and len(scope.changes) == 200 and scope.rating_keys() == {str(n) for n in range(200)}
    assert c.pending == 0 and c.take_due(now=1000) is None


def test_a_steady_trickle_is_capped_by_max_wait():
    c = Coalescer(settle=30, max_wait=300)
    t = 0.0
    scope = None
    while scope is None:
        c.add(added(str(t)), now=t)
        t += 20  # never 30 s quiet
        scope = c.take_due(now=t)
    assert t == 300 and len(scope.changes) == 15  # added at 0, 20, ..., 280


def test_a_full_run_covers_what_came_before_it_and_not_what_came_during_it():
    c = Coalescer(settle=30)
    c.add(added("1"), now=0)
    assert c.run_started(now=5, full=True) == 1
    c.add(added("2"), now=10)  # during the full run (after its snapshot, maybe)
    assert c.take_due(now=100) is None  # never overlaps a run
    c.run_ended(now=120)
    scope = c.take_due(now=120)
    assert scope is not None and scope.rating_keys() == {"2"}


def test_plex_echo_of_our_own_writes_is_not_taken_during_and_just_after_a_run():
    c = Coalescer(settle=30, quiet=5)
    c.run_started(now=0, full=False)
    assert not c.add(Change("plex", "updated", section="1", rating_keys=("9",)), now=1)
    assert c.add(added("10"), now=1)  # a new item is never an echo
    assert c.add(Change("sonarr", "updated", media="show"), now=1)  # nor a webhook
    c.run_ended(now=2)
    assert not c.add(Change("plex", "updated", section="1", rating_keys=("9",)), now=6.9)
    assert c.add(Change("plex", "updated", section="1", rating_keys=("9",)), now=7.1)
    assert c.dropped_own == 2 and c.pending == 3


@given(st.lists(st.tuples(st.floats(0, 50), st.integers(0, 5)), min_size=1, max_size=40))
def test_no_change_is_run_twice_and_every_item_is_run(arrivals):
    c = Coalescer(settle=3, max_wait=20)
    arrivals = sorted(arrivals)
    runs: list[Scope] = []
    for at, key in arrivals:
        scope = c.take_due(now=at)
        if scope:
            runs.append(scope)
        c.add(added(str(key)), now=at)
    runs.append(c.take_due(now=10_000) or Scope())
    assert sum(len(s.changes) for s in runs) <= len(arrivals)
    assert set().union(*(s.rating_keys() for s in runs)) == {str(k) for _a, k in arrivals}
    assert c.pending == 0


class _Events:
    """The waiter's event side with a coalescer, on the fake clock."""

    def __init__(self, clock: FakeClock, stop: threading.Event) -> None:
        self.clock, self.stop = clock, stop
        self.coalescer = Coalescer(settle=30)
        self.runs: list[tuple[float, Scope]] = []

    def take_due(self):
        return self.coalescer.take_due(self.clock.monotonic())

    def run(self, scope):
        self.runs.append((self.clock.monotonic(), scope))
        self.stop.set()

    def seconds_until_due(self):
        due = self.coalescer.next_due()
        return None if due is None else max(due - self.clock.monotonic(), 0.0)


class _Hooks:
    def __init__(self, events: _Events) -> None:
        self.events = events
        self.full_runs = 0

    def run(self, trigger, scheduled_for, missed):
        self.full_runs += 1

    def trigger_requested(self):
        if self.events.clock.monotonic() == 10:  # an event arrives 10 s into the wait
            self.events.coalescer.add(added("42"), self.events.clock.monotonic())
        return False

    def next_run_changed(self, moment):
        pass

    def countdown(self, now, moment):
        pass

    def skipped(self, moments, now):
        pass


def test_the_waiter_starts_a_scoped_run_once_the_burst_settled():
    clock = FakeClock(datetime(2026, 6, 1, 12, 0).astimezone())
    stop = threading.Event()
    events = _Events(clock, stop)
    waiter = Waiter(RunTimes((time(5, 0),), (), clock.now().tzinfo), clock, _Hooks(events), stop, events=events)
    waiter.loop()
    (at, scope), = events.runs
    assert at == 40 and scope.rating_keys() == {"42"}  # exactly when the 30 s settle window ends


def test_a_new_items_first_update_during_a_run_is_taken_once():
    """Real Plex: "created" before matching, "processed" later; it may land during our run."""
    c = Coalescer(settle=30, quiet=5)
    assert c.add(added("20"), now=0)
    c.take_due(now=31)
    c.run_started(now=31, full=False)
    assert c.add(Change("plex", "updated", section="1", rating_keys=("20",)), now=32)  # Plex finished matching it
    assert not c.add(Change("plex", "updated", section="1", rating_keys=("20",)), now=33)  # then our own echoes
    c.run_ended(now=40)
    c.take_due(now=80)
    c.run_started(now=80, full=False)
    assert not c.add(Change("plex", "updated", section="1", rating_keys=("20",)), now=81)
    c.run_ended(now=90)
    assert c.add(added("21"), now=100)
    c.run_started(now=130, full=False)
    assert not c.add(Change("plex", "updated", section="1", rating_keys=("21",)), now=100 + NEW_WINDOW + 1)
