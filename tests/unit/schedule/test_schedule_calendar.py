"""Calendar helpers: run spans in words, run hours on DST days."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kometa.schedule.calendar_plan import run_hour_of, summarize
from kometa.timing.runtimes import RunTimes

UTC = ZoneInfo("UTC")


def _daily(start: datetime, days: int, *hours: int) -> list[datetime]:
    return [start.replace(hour=h) + timedelta(days=d) for d in range(days) for h in hours]


@pytest.mark.parametrize(("days", "first", "last", "expected"), [
    (31, 0, 30, "runs 1–31 December at 05:00 (every run)"),
    (31, 0, 0, "runs 1 December at 05:00"),
    (45, 24, 40, "runs 25 December 2026–10 January 2027 at 05:00"),
])
def test_spans(days: int, first: int, last: int, expected: str) -> None:
    moments = _daily(datetime(2026, 12, 1, tzinfo=UTC), days, 5)
    assert summarize(moments[first:last + 1], moments) == expected


def test_spans_cross_month_same_year() -> None:
    moments = _daily(datetime(2026, 11, 20, tzinfo=UTC), 20, 5)
    runs = [m for m in moments if datetime(2026, 11, 28, tzinfo=UTC) <= m <= datetime(2026, 12, 3, 6, tzinfo=UTC)]
    assert summarize(runs, moments) == "runs 28 November–3 December at 05:00"


def test_gaps_and_two_times() -> None:
    moments = _daily(datetime(2026, 11, 23, tzinfo=UTC), 14, 5, 17)
    sundays = [m for m in moments if m.weekday() == 6]
    assert summarize(sundays, moments) == "runs 29 November, 6 December at 05:00 and 17:00"
    mornings = [m for m in moments if m.hour == 5][:3]
    assert summarize(mornings, moments) == "runs 23–25 November at 05:00"


def test_nothing() -> None:
    assert summarize([], []) == "no run in this window"
    assert summarize([], [datetime(2026, 1, 1, tzinfo=UTC)]) == "does not run in this window"


def test_run_hour_on_spring_forward_day() -> None:
    zone = ZoneInfo("America/New_York")
    run_times = RunTimes((time(2, 30),), (), zone)
    moments = run_times.between(datetime(2026, 3, 7, 12, tzinfo=zone), datetime(2026, 3, 9, 12, tzinfo=zone))
    assert [m.hour for m in moments] == [3, 2]  # 8 March: 02:30 does not exist, fires at 03:00
    assert [run_hour_of(m, run_times) for m in moments] == [2, 2]


def test_run_hour_from_cron_is_the_moment_hour() -> None:
    run_times = RunTimes((), ("0 17 * * *",), UTC)
    moment = run_times.next_after(datetime(2026, 1, 1, tzinfo=UTC))
    assert run_hour_of(moment, run_times) == 17
