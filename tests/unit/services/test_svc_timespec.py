from __future__ import annotations

from datetime import time

import pytest

from kometa.core.errors import UsageError
from kometa.platforms.timespec import (
    compress,
    cron_fields,
    even_interval,
    every_times,
    group_by_hours,
    group_minutes_by_hours,
)


def test_every_6h_gives_four_times_from_midnight() -> None:
    assert every_times("6h") == [time(0), time(6), time(12), time(18)]
    assert len(every_times("15m")) == 96
    assert every_times("24h") == [time(0)]


@pytest.mark.parametrize("bad", ["7h", "5", "1m", "0", "-6h", "abc", "25h", "90s"])
def test_every_rejects_intervals_that_do_not_divide_a_day(bad: str) -> None:
    with pytest.raises(UsageError, match="--every"):
        every_times(bad)


def test_grouping_makes_compact_calendars() -> None:
    times = [time(0), time(6), time(12), time(18)]
    assert group_by_hours(times) == [((0, 6, 12, 18), (0, 0))]
    assert group_minutes_by_hours(every_times("15m")) == [((0, 15, 30, 45), tuple(range(24)))]
    assert group_minutes_by_hours([time(5), time(17, 30)]) == [((0,), (5,)), ((30,), (17,))]


def test_even_interval_detects_every_patterns_only() -> None:
    assert even_interval(every_times("6h")) == 360
    assert even_interval(every_times("30m")) == 30
    assert even_interval([time(5), time(17)]) == 720
    assert even_interval([time(5), time(17, 30)]) is None
    assert even_interval([time(5)]) is None
    assert even_interval([time(0), time(6), time(12)]) is None


def test_cron_fields_reads_values_through_cronsim() -> None:
    f = cron_fields("*/15 9-17 * * 1-5")
    assert f.minutes == (0, 15, 30, 45)
    assert f.hours == tuple(range(9, 18))
    assert f.days is None and f.months is None
    assert f.weekdays == (1, 2, 3, 4, 5)
    assert not f.days_or_weekdays
    assert cron_fields("0 5 * * *").daily


def test_cron_fields_day_rule_and_sunday_as_7() -> None:
    assert cron_fields("0 5 1,15 * 0").days_or_weekdays
    assert cron_fields("0 5 */2 * 0").days_or_weekdays is False  # '*'-prefixed day: both must match
    assert cron_fields("0 5 * * 7").weekdays == (0,)
    assert cron_fields("0 5 * * SUN,SAT").weekdays == (0, 6)


@pytest.mark.parametrize("expr", ["0 5 L * *", "0 5 * * 5L", "0 5 * * 1#2", "0 5 LW * *"])
def test_cron_extensions_are_rejected_clearly(expr: str) -> None:
    with pytest.raises(UsageError, match="L, W or #"):
        cron_fields(expr)


def test_compress() -> None:
    assert compress((1, 2, 3, 5)) == "1..3,5"
    assert compress((1, 2, 5), "-") == "1,2,5"
    assert compress((0, 6, 12, 18), "-", lambda v: f"{v:02d}") == "00,06,12,18"
