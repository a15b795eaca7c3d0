"""check_schedule: the --ignore-schedules table per level (spec 3.7)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kometa.schedule import Verdict, check_schedule, parse_schedule

THURSDAY = datetime(2026, 11, 26, 5)
S, N, R, X = Verdict.SCHEDULED, Verdict.NOT_SCHEDULED, Verdict.NOT_SCHEDULED_RANGE, Verdict.NON_EXISTING

TABLE = [
    # level, expression, without --ignore-schedules, with it
    ("library", "weekly(sunday)", N, S),
    ("library", "range(12/01-12/31)", R, S),
    ("operations", "range(12/01-12/31)", R, S),
    ("file", "weekly(sunday)", N, S),
    ("file", "range(12/01-12/31)", R, R),
    ("overlays", "weekly(sunday)", N, S),
    ("overlays", "range(12/01-12/31)", R, R),
    ("collection", "weekly(sunday)", N, S),
    ("collection", "range(12/01-12/31)", R, R),
    ("collection", "non_existing", X, X),
    ("collection", "all[non_existing, weekly(sunday)]", X, X),
    ("playlist", "range(12/01-12/31)", R, R),
    ("playlist", "hourly(6)", N, S),
    ("visible", "weekly(sunday)", N, N),
    ("visible", "range(12/01-12/31)", R, R),
    ("plex", "monthly(1)", N, N),
    ("library", "weekly(thursday)", S, S),
    ("collection", "daily", S, S),
]


@pytest.mark.parametrize(("level", "expr", "plain", "ignored"), TABLE)
def test_ignore_table(level: str, expr: str, plain: Verdict, ignored: Verdict) -> None:
    assert check_schedule(expr, THURSDAY, run_hour=5, ignore_schedules=False, level=level) is plain
    assert check_schedule(expr, THURSDAY, run_hour=5, ignore_schedules=True, level=level) is ignored


def test_accepts_rules_and_none() -> None:
    rule = parse_schedule("weekly(thursday)")
    assert check_schedule(rule, THURSDAY, run_hour=5, ignore_schedules=False, level="file") is S
    assert check_schedule(None, THURSDAY, run_hour=5, ignore_schedules=False, level="file") is S


def test_run_hour_not_wall_clock() -> None:
    late = datetime(2026, 11, 26, 7, 10)
    assert check_schedule("hourly(5)", late, run_hour=5, ignore_schedules=False, level="collection") is S
    assert check_schedule("hourly(7)", late, run_hour=5, ignore_schedules=False, level="collection") is N
