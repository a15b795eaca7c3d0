"""Table tests: every schedule form and alias against Kometa's verdicts (spec 3.3)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kometa.schedule import Verdict, parse_schedule
from kometa.schedule.days import DAY_ALIASES

# 2026-11-26 is a Thursday.
CASES = [
    # (expression, moment, run_hour or None, expected matches)
    ("daily", "2026-11-26T05:00", None, True),
    ("Daily", "2026-11-26T05:00", None, True),
    ("day", "2026-11-26T05:00", None, True),
    ("days", "2026-11-26T05:00", None, True),
    ("never", "2026-11-26T05:00", None, False),
    ("hourly(5)", "2026-11-26T05:00", None, True),
    ("hourly(5)", "2026-11-26T06:00", None, False),
    ("hourly(05)", "2026-11-26T05:59", None, True),
    ("hourly(0)", "2026-11-26T00:00", None, True),
    ("hourly(23)", "2026-11-26T23:00", None, True),
    ("hour(17)", "2026-11-26T17:00", None, True),
    # hourly is judged by the run hour, not the wall clock
    ("hourly(5)", "2026-11-26T07:30", 5, True),
    ("hourly(7)", "2026-11-26T07:30", 5, False),
    ("hourly(2-4)", "2026-11-26T02:00", None, True),
    ("hourly(2-4)", "2026-11-26T04:00", None, True),
    ("hourly(2-4)", "2026-11-26T05:00", None, False),
    ("hourly(2-4)", "2026-11-26T01:00", None, False),
    ("hourly(22-2)", "2026-11-26T23:00", None, True),
    ("hourly(22-2)", "2026-11-26T00:00", None, True),
    ("hourly(22-2)", "2026-11-26T02:00", None, True),
    ("hourly(22-2)", "2026-11-26T03:00", None, False),
    ("hourly(22-2)", "2026-11-26T21:00", None, False),
    ("weekly(thursday)", "2026-11-26T05:00", None, True),
    ("weekly(friday)", "2026-11-26T05:00", None, False),
    ("weekly(mon|thu)", "2026-11-26T05:00", None, True),
    ("Weekly(THURSDAY)", "2026-11-26T05:00", None, True),
    ("weekdays(r)", "2026-11-26T05:00", None, True),
    ("monthly(26)", "2026-11-26T05:00", None, True),
    ("monthly(1)", "2026-11-26T05:00", None, False),
    ("monthly(last)", "2026-11-30T05:00", None, True),
    ("monthly(last)", "2026-11-29T05:00", None, False),
    ("monthly(last)", "2028-02-29T05:00", None, True),
    ("monthly(last)", "2027-02-28T05:00", None, True),
    # monthly(31) does not fall back to the month end
    ("monthly(31)", "2026-11-30T05:00", None, False),
    ("monthly(31)", "2026-12-31T05:00", None, True),
    ("monthly(29)", "2027-02-28T05:00", None, False),
    ("yearly(11/26)", "2026-11-26T05:00", None, True),
    ("yearly(11/27)", "2026-11-26T05:00", None, False),
    ("yearly(1/5)", "2027-01-05T05:00", None, True),
    # yearly(02/29) fires on 28 February in non-leap years, on the 29th in leap years
    ("yearly(02/29)", "2027-02-28T05:00", None, True),
    ("yearly(02/29)", "2028-02-28T05:00", None, False),
    ("yearly(02/29)", "2028-02-29T05:00", None, True),
    ("date(11/26/2026)", "2026-11-26T05:00", None, True),
    ("date(11/26/2027)", "2026-11-26T05:00", None, False),
    ("range(11/01-11/30)", "2026-11-26T05:00", None, True),
    ("range(11/01-11/25)", "2026-11-26T05:00", None, False),
    ("range(11/26-11/26)", "2026-11-26T05:00", None, True),
    ("range(11/26-11/26)", "2026-11-27T05:00", None, False),
    ("range(12/15-01/05)", "2026-12-31T05:00", None, True),
    ("range(12/15-01/05)", "2027-01-05T05:00", None, True),
    ("range(12/15-01/05)", "2027-01-06T05:00", None, False),
    ("range(12/15-01/05)", "2026-12-14T05:00", None, False),
    ("range(01/01-01/31|11/20-11/30)", "2026-11-26T05:00", None, True),
    ("range(2/1-2/29)", "2028-02-29T05:00", None, True),
    ("range(02/29-03/01)", "2027-02-28T05:00", None, True),
    ("all[weekly(thursday), hourly(5)]", "2026-11-26T05:00", None, True),
    ("all[weekly(thursday), hourly(6)]", "2026-11-26T05:00", None, False),
    ("all[weekly(thursday),range(11/01-11/30)]", "2026-11-26T05:00", None, True),
    ("monthly(1), monthly(26)", "2026-11-26T05:00", None, True),
    ("monthly(1),monthly(15)", "2026-11-26T05:00", None, False),
    (["monthly(1)", "weekly(thu)"], "2026-11-26T05:00", None, True),
    (["all[weekly(sat), hourly(5)]", "range(11/20-11/30)"], "2026-11-26T05:00", None, True),
]


@pytest.mark.parametrize(("expr", "at", "hour", "expected"), CASES)
def test_matches(expr: str, at: str, hour: int | None, expected: bool) -> None:
    assert parse_schedule(expr).matches(datetime.fromisoformat(at), hour) is expected


@pytest.mark.parametrize(("alias", "weekday"), sorted(DAY_ALIASES.items()))
def test_every_day_alias(alias: str, weekday: int) -> None:
    rule = parse_schedule(f"weekly({alias})")
    monday = datetime(2026, 11, 23, 5)
    for offset in range(7):
        moment = monday.replace(day=23 + offset)
        assert rule.matches(moment) is (offset == weekday)


def test_alias_table_is_complete() -> None:
    expected = {"monday", "mon", "m", "tuesday", "tues", "tue", "tu", "t", "wednesday", "wed", "w",
                "thursday", "thurs", "thur", "thu", "th", "r", "friday", "fri", "f", "saturday", "sat",
                "s", "sunday", "sun", "su", "u"}
    assert set(DAY_ALIASES) == expected


VERDICTS = [
    ("range(12/01-12/31)", "2026-11-26T05:00", Verdict.NOT_SCHEDULED_RANGE),
    ("range(12/01-12/31)", "2026-12-26T05:00", Verdict.SCHEDULED),
    ("weekly(sunday)", "2026-11-26T05:00", Verdict.NOT_SCHEDULED),
    (["weekly(sunday)", "range(12/01-12/31)"], "2026-11-26T05:00", Verdict.NOT_SCHEDULED_RANGE),
    ("non_existing", "2026-11-26T05:00", Verdict.NON_EXISTING),
    (["non_existing", "weekly(sunday)"], "2026-11-26T05:00", Verdict.NON_EXISTING),
    (["non_existing", "weekly(thursday)"], "2026-11-26T05:00", Verdict.SCHEDULED),
    # Kometa's all[non_existing, x]: x, or any day while it does not exist
    ("all[non_existing, weekly(monday)]", "2026-11-23T05:00", Verdict.SCHEDULED),
    ("all[non_existing, weekly(monday)]", "2026-11-26T05:00", Verdict.NON_EXISTING),
    # a non-existing item does not stop later items (Kometa aborts the list there)
    (["all[non_existing, weekly(monday)]", "daily"], "2026-11-26T05:00", Verdict.SCHEDULED),
    ("all[range(12/01-12/31), hourly(5)]", "2026-11-26T05:00", Verdict.NOT_SCHEDULED_RANGE),
    ("all[range(11/01-12/31), hourly(6)]", "2026-11-26T05:00", Verdict.NOT_SCHEDULED),
    ("never", "2026-11-26T05:00", Verdict.NOT_SCHEDULED),
    ("daily", "2026-11-26T05:00", Verdict.SCHEDULED),
]


@pytest.mark.parametrize(("expr", "at", "expected"), VERDICTS)
def test_verdicts(expr: str | list[str], at: str, expected: Verdict) -> None:
    assert parse_schedule(expr).verdict(datetime.fromisoformat(at)) is expected


EXPLAIN = [
    ("daily", []),
    ("never", ["Never scheduled to run"]),
    ("non_existing", []),
    ("hourly(5)", ["Scheduled to run on the 5th hour"]),
    ("hourly(22-2)", ["Scheduled to run between the 22nd hour and the 2nd hour"]),
    ("hourly(1-3)", ["Scheduled to run between the 1st hour and the 3rd hour"]),
    ("weekly(mon|fri)", ["Scheduled weekly on Monday", "Scheduled weekly on Friday"]),
    ("monthly(11)", ["Scheduled monthly on the 11th"]),
    ("monthly(22)", ["Scheduled monthly on the 22nd"]),
    ("monthly(last)", ["Scheduled monthly on the last day of the month"]),
    ("yearly(12/25)", ["Scheduled yearly on December 25th"]),
    ("date(07/04/2027)", ["Scheduled on July 4th, 2027"]),
    ("range(12/01-12/31)", ["Scheduled December 1st and December 31st"]),
    ("range(12/25-12/25)", ["Scheduled December 25th"]),
    ("range(12/01-12/24|07/01-07/04)", ["Scheduled December 1st and December 24th or July 1st and July 4th"]),
    ("all[weekly(sat), hourly(5)]",
     ["Scheduled to meet all of these:", "    Scheduled weekly on Saturday", "    Scheduled to run on the 5th hour"]),
]


@pytest.mark.parametrize(("expr", "lines"), EXPLAIN)
def test_explain(expr: str, lines: list[str]) -> None:
    assert parse_schedule(expr).explain() == lines


DESCRIBE = [
    ("range(12/01-12/31)", "1–31 December"),
    ("range(12/15-01/05)", "15 December–5 January"),
    ("weekly(sat|sun)", "on Saturdays or Sundays"),
    ("daily", "every run"),
    ("all[non_existing, weekly(monday)]", "on Mondays, or while it does not exist"),
]


@pytest.mark.parametrize(("expr", "text"), DESCRIBE)
def test_describe(expr: str, text: str) -> None:
    assert parse_schedule(expr).describe() == text


def test_none_is_daily() -> None:
    rule = parse_schedule(None)
    assert rule.matches(datetime(2026, 1, 1, 3))


def test_monthly_short_month_warns() -> None:
    rule = parse_schedule("monthly(31)")
    notes = rule.notes(datetime(2026, 11, 30, 5))
    assert notes and "monthly(last)" in notes[0] and "30 days" in notes[0]
    assert rule.notes(datetime(2026, 12, 31, 5)) == []


NEXT = [
    ("daily", "2026-11-26T05:30", "2026-11-26T06:00"),
    ("hourly(5)", "2026-11-26T05:00", "2026-11-27T05:00"),
    ("weekly(sunday)", "2026-11-26T05:00", "2026-11-29T00:00"),
    ("monthly(31)", "2026-11-26T05:00", "2026-12-31T00:00"),
    ("yearly(02/29)", "2026-11-26T05:00", "2027-02-28T00:00"),
    ("range(12/01-12/31)", "2026-12-31T23:00", "2027-12-01T00:00"),
    ("all[weekly(sat), hourly(5)]", "2026-11-26T05:00", "2026-11-28T05:00"),
    ("date(01/02/2030)", "2026-11-26T05:00", "2030-01-02T00:00"),
]


@pytest.mark.parametrize(("expr", "after", "expected"), NEXT)
def test_next_match(expr: str, after: str, expected: str) -> None:
    got = parse_schedule(expr).next_match(datetime.fromisoformat(after))
    assert got == datetime.fromisoformat(expected)


@pytest.mark.parametrize("expr", ["never", "non_existing", "date(01/01/2020)"])
def test_next_match_none(expr: str) -> None:
    assert parse_schedule(expr).next_match(datetime(2026, 11, 26, 5)) is None


def test_package_doctest() -> None:
    import doctest

    import kometa.schedule

    assert doctest.testmod(kometa.schedule).failed == 0
