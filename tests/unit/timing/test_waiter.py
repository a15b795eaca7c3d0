"""The waiter loop, driven by a fake clock: days of waiting, no sleeping."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from kometa.timing.clock import FakeClock
from kometa.timing.runtimes import RunTimes
from kometa.timing.waiter import Waiter

NY = ZoneInfo("America/New_York")


class Hooks:
    def __init__(self, clock, stop, *, stop_after=1, run_seconds=0.0, triggers=()):
        self.clock = clock
        self.stop = stop
        self.stop_after = stop_after
        self.run_seconds = run_seconds
        self.triggers = list(triggers)  # wall-clock moments at which a trigger arrives
        self.runs = []
        self.skips = []
        self.next_runs = []
        self.countdowns = 0

    def run(self, trigger, scheduled_for, missed):
        self.runs.append((trigger, scheduled_for, missed, self.clock.now()))
        self.clock.advance(self.run_seconds)
        if len(self.runs) >= self.stop_after:
            self.stop.set()

    def trigger_requested(self):
        if self.triggers and self.clock.now() >= self.triggers[0]:
            self.triggers.pop(0)
            return True
        return False

    def next_run_changed(self, moment):
        self.next_runs.append(moment)

    def countdown(self, now, moment):
        self.countdowns += 1

    def skipped(self, moments, now):
        self.skips.append((moments, now))
        self.stop.set()


def make(start, times=("05:00",), zone=NY, catch_up=3600, clock_cls=FakeClock, **hook_args):
    clock = clock_cls(start)
    stop = threading.Event()
    hooks = Hooks(clock, stop, **hook_args)
    rt = RunTimes(tuple(time.fromisoformat(t) for t in times), (), zone)
    return Waiter(rt, clock, hooks, stop, catch_up=catch_up), hooks, clock


def test_runs_exactly_at_the_moment():
    waiter, hooks, clock = make(datetime(2026, 6, 1, 4, 58, 30, tzinfo=NY))
    waiter.loop()
    trigger, scheduled, missed, started = hooks.runs[0]
    assert trigger == "scheduled" and missed == 0
    assert scheduled == datetime(2026, 6, 1, 5, 0, tzinfo=NY)
    assert timedelta(0) <= started - scheduled <= timedelta(seconds=1)
    assert max(clock.waits) <= 1.0  # never sleeps past a poll: clock changes are noticed


def test_runs_every_day_and_counts_down_once_a_minute():
    waiter, hooks, clock = make(datetime(2026, 6, 1, 6, 0, tzinfo=NY), stop_after=3)
    waiter.loop()
    assert [r[1].date().isoformat() for r in hooks.runs] == ["2026-06-02", "2026-06-03", "2026-06-04"]
    minutes = (hooks.runs[-1][3] - datetime(2026, 6, 1, 6, 0, tzinfo=NY)).total_seconds() / 60
    assert abs(hooks.countdowns - minutes) <= 3


def test_spring_forward_run_happens_once_at_gap_end():
    waiter, hooks, _ = make(datetime(2026, 3, 8, 0, 0, tzinfo=NY), times=("02:30",), stop_after=2)
    waiter.loop()
    assert [r[1].isoformat() for r in hooks.runs] == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]


class SuspendingClock(FakeClock):
    """Sleeps through ``gap`` at the first wait after ``at`` (a laptop lid closed)."""

    suspend_at: datetime | None = None
    gap = timedelta(0)

    def wait(self, event, seconds):
        if self.suspend_at is not None and self.now() >= self.suspend_at:
            self.suspend_at = None
            self.jump(self.now() + self.gap)
            return event.is_set()
        return super().wait(event, seconds)


def suspended(start, suspend_at, gap, **kwargs):
    waiter, hooks, clock = make(start, clock_cls=SuspendingClock, **kwargs)
    clock.suspend_at, clock.gap = suspend_at, gap
    return waiter, hooks, clock


def test_missed_while_asleep_runs_once_as_catch_up():
    start = datetime(2026, 6, 1, 4, 0, tzinfo=NY)
    waiter, hooks, _ = suspended(start, datetime(2026, 6, 1, 4, 30, tzinfo=NY), timedelta(minutes=50))
    waiter.loop()
    trigger, scheduled, missed, started = hooks.runs[0]
    assert (trigger, scheduled, missed) == ("catch-up", datetime(2026, 6, 1, 5, 0, tzinfo=NY), 1)
    assert started == datetime(2026, 6, 1, 5, 20, tzinfo=NY)


def test_several_missed_moments_coalesce_into_one_catch_up():
    start = datetime(2026, 6, 1, 4, 0, tzinfo=NY)
    waiter, hooks, _ = suspended(start, datetime(2026, 6, 1, 4, 30, tzinfo=NY), timedelta(hours=2),
                                 times=("05:00", "05:30", "06:00", "06:15"))
    waiter.loop()
    assert len(hooks.runs) == 1
    trigger, scheduled, missed, _ = hooks.runs[0]
    assert (trigger, scheduled.strftime("%H:%M"), missed) == ("catch-up", "06:15", 4)


def test_missed_beyond_window_is_skipped_not_run():
    start = datetime(2026, 6, 1, 4, 0, tzinfo=NY)
    waiter, hooks, _ = suspended(start, datetime(2026, 6, 1, 4, 30, tzinfo=NY), timedelta(hours=3))
    waiter.loop()
    assert hooks.runs == []
    assert hooks.skips[0][0] == [datetime(2026, 6, 1, 5, 0, tzinfo=NY)]


def test_catch_up_zero_disables():
    start = datetime(2026, 6, 1, 4, 0, tzinfo=NY)
    waiter, hooks, _ = suspended(start, datetime(2026, 6, 1, 4, 30, tzinfo=NY), timedelta(minutes=31), catch_up=0)
    waiter.loop()
    assert hooks.runs == [] and len(hooks.skips) == 1


def test_moment_passed_during_a_long_run_is_caught_up_after_it():
    start = datetime(2026, 6, 1, 4, 59, tzinfo=NY)
    waiter, hooks, _ = make(start, times=("05:00", "05:30"), stop_after=2, run_seconds=45 * 60)
    waiter.loop()
    assert [(r[0], r[1].strftime("%H:%M")) for r in hooks.runs] == [("scheduled", "05:00"), ("catch-up", "05:30")]
    assert hooks.runs[1][3] == datetime(2026, 6, 1, 5, 45, tzinfo=NY)  # right after the first, no overlap


def test_trigger_starts_a_manual_run_and_keeps_the_schedule():
    start = datetime(2026, 6, 1, 3, 0, tzinfo=NY)
    waiter, hooks, _ = make(start, stop_after=2, triggers=[datetime(2026, 6, 1, 3, 10, tzinfo=NY)])
    waiter.loop()
    assert [(r[0], r[1]) for r in hooks.runs] == [("manual", None), ("scheduled", datetime(2026, 6, 1, 5, tzinfo=NY))]
    assert hooks.runs[0][3] - datetime(2026, 6, 1, 3, 10, tzinfo=NY) <= timedelta(seconds=1)


class BackwardsClock(FakeClock):
    back_at: datetime | None = None

    def wait(self, event, seconds):
        if self.back_at is not None and self.now() >= self.back_at:
            self.back_at = None
            self.jump(self.now() - timedelta(days=1))
            return event.is_set()
        return super().wait(event, seconds)


def test_clock_set_back_a_day_recomputes_next_run():
    start = datetime(2026, 6, 2, 4, 0, tzinfo=NY)
    waiter, hooks, clock = make(start, clock_cls=BackwardsClock)
    clock.back_at = datetime(2026, 6, 2, 4, 30, tzinfo=NY)
    waiter.loop()
    assert hooks.runs[0][1] == datetime(2026, 6, 1, 5, 0, tzinfo=NY)


def test_stop_while_waiting_returns_promptly():
    waiter, hooks, clock = make(datetime(2026, 6, 1, 6, 0, tzinfo=NY))
    waiter.stop.set()
    waiter.loop()
    assert hooks.runs == []


class StepBackClock(FakeClock):
    back_at: datetime | None = None
    step = timedelta(minutes=5)

    def wait(self, event, seconds):
        if self.back_at is not None and self.now() >= self.back_at:
            self.back_at = None
            self.jump(self.now() - self.step)
            return event.is_set()
        return super().wait(event, seconds)


def test_clock_stepped_back_over_a_moment_that_already_ran_does_not_run_it_twice():
    # NTP steps the clock back 5 minutes just after the 05:00 run: 05:00 comes round again on the
    # wall clock, but it ran already today (each configured time runs once per local day).
    waiter, hooks, clock = make(datetime(2026, 6, 1, 4, 59, tzinfo=NY), clock_cls=StepBackClock, stop_after=2)
    clock.back_at = datetime(2026, 6, 1, 5, 2, tzinfo=NY)
    waiter.loop()
    assert [r[1] for r in hooks.runs] == [datetime(2026, 6, 1, 5, tzinfo=NY), datetime(2026, 6, 2, 5, tzinfo=NY)]


def test_moment_missed_while_the_waiter_was_down_is_caught_up_at_start():
    # Last run yesterday 05:00; the machine rebooted over today's 05:00 and the waiter starts at 05:20.
    waiter, hooks, _ = make(datetime(2026, 6, 2, 5, 20, tzinfo=NY))
    waiter.resume_after = datetime(2026, 6, 1, 5, 0, 1, tzinfo=NY)
    waiter.loop()
    assert [(r[0], r[1], r[2]) for r in hooks.runs] == [("catch-up", datetime(2026, 6, 2, 5, 0, tzinfo=NY), 1)]


def test_restart_catch_up_respects_the_window_and_needs_history():
    start = datetime(2026, 6, 2, 7, 0, tzinfo=NY)  # two hours late: beyond the 1 h window
    waiter, hooks, _ = make(start, stop_after=1)
    waiter.resume_after = datetime(2026, 6, 1, 5, 0, 1, tzinfo=NY)
    waiter.loop()
    assert hooks.runs[0][0:2] == ("scheduled", datetime(2026, 6, 3, 5, 0, tzinfo=NY))
    first_start, hooks2, _ = make(datetime(2026, 6, 2, 5, 20, tzinfo=NY))  # no history: a first start
    first_start.loop()
    assert hooks2.runs[0][0:2] == ("scheduled", datetime(2026, 6, 3, 5, 0, tzinfo=NY))


def test_no_restart_catch_up_when_the_moment_already_ran():
    waiter, hooks, _ = make(datetime(2026, 6, 2, 5, 20, tzinfo=NY))
    waiter.resume_after = datetime(2026, 6, 2, 5, 0, 0, 100000, tzinfo=NY)  # today's run started
    waiter.loop()
    assert hooks.runs[0][1] == datetime(2026, 6, 3, 5, 0, tzinfo=NY)
