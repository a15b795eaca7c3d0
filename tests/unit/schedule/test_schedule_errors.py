"""Every malformed schedule is a ConfigError naming the expression, the problem and an example."""

from __future__ import annotations

from datetime import datetime

import pytest

from kometa.core.errors import ConfigError, ExitCode
from kometa.schedule import check_schedule, parse_schedule

ERRORS = [
    # (value, shown expression, words in the problem, example)
    ("weekly(sundy)", "weekly(sundy)", "unknown day 'sundy'", "weekly(sunday)"),
    ("weekly(mon | fri)", "weekly(mon | fri)", "no spaces", "weekly(mon|fri)"),
    ("weekly()", "weekly()", "a day is missing", "weekly(sunday)"),
    ("weekly(mon|)", "weekly(mon|)", "a day is missing", "weekly(sunday)"),
    ("weekly", "weekly", "needs a value in parentheses", "weekly(sunday)"),
    ("weekly(mon, tue)", "weekly(mon", "')' is missing", "weekly(mon|fri)"),
    ("hourly(24)", "hourly(24)", "hour 24 is not between 0 and 23", "hourly(17)"),
    ("hourly(-1)", "hourly(-1)", "is not a whole number", "hourly(17)"),
    ("hourly(five)", "hourly(five)", "'five' is not a whole number", "hourly(17)"),
    ("hourly(1-2-3)", "hourly(1-2-3)", "one hour or two hours", "hourly(22-2)"),
    ("hourly(3-3)", "hourly(3-3)", "two different hours", "hourly(22-2)"),
    ("hourly(3-25)", "hourly(3-25)", "hour 25", "hourly(22-2)"),
    ("monthly(0)", "monthly(0)", "day 0 is not between 1 and 31", "monthly(1)"),
    ("monthly(32)", "monthly(32)", "day 32", "monthly(last)"),
    ("monthly(first)", "monthly(first)", "not a whole number", "monthly(last)"),
    ("yearly(13/01)", "yearly(13/01)", "month 13", "yearly(12/25)"),
    ("yearly(12/32)", "yearly(12/32)", "day 32", "yearly(12/25)"),
    ("yearly(1225)", "yearly(1225)", "not a MM/DD date", "yearly(12/25)"),
    ("yearly(12/25/2026)", "yearly(12/25/2026)", "without a year", "date(12/25/2026)"),
    ("date(12/25)", "date(12/25)", "not a MM/DD/YYYY date", "date(12/25/2026)"),
    ("date(13/25/2026)", "date(13/25/2026)", "month 13", "date(12/25/2026)"),
    ("date(12/25/26)", "date(12/25/26)", "four digits", "date(12/25/2026)"),
    ("range(12/01)", "range(12/01)", "not MM/DD-MM/DD", "range(12/01-12/31)"),
    ("range(13/01-12/31)", "range(13/01-12/31)", "not MM/DD-MM/DD", "range(12/01-12/31)"),
    ("range(12/01-12/32)", "range(12/01-12/32)", "not MM/DD-MM/DD", "range(12/01-12/31)"),
    ("range(12/01 - 12/31)", "range(12/01 - 12/31)", "no spaces", "range(12/01-12/31)"),
    ("range(12/01-12/31|bad)", "range(12/01-12/31|bad)", "'bad'", "range(12/01-12/31)"),
    ("date(02/30/2027)", "date(02/30/2027)", "02/30 is not a date", "date(12/25/2026)"),
    ("date(02/29/2027)", "date(02/29/2027)", "2027 is not a leap year", "date(12/25/2026)"),
    ("yearly(02/30)", "yearly(02/30)", "02/30 is not a date", "yearly(12/25)"),
    ("yearly(04/31)", "yearly(04/31)", "04/31 is not a date", "yearly(12/25)"),
    ("range(04/31-05/01)", "range(04/31-05/01)", "04/31 is not a date", "range(12/01-12/31)"),
    ("sometimes", "sometimes", "unknown schedule", "weekly(sunday)"),
    ("nevermore", "nevermore", "unknown schedule", "weekly(sunday)"),
    ("", "", "is empty", "daily"),
    ([], "[]", "the schedule is empty", "daily"),
    ("daily,", "", "an item is empty", "daily"),
    ("all[]", "all[]", "all[...] is empty", "all[weekly(saturday)"),
    ("all weekly(sat)", "all weekly(sat)", "must be its own list entry", "all[weekly(sat), hourly(5)]"),
    ("all[weekly(sat)], all[hourly(5)]", "all[weekly(sat)], all[hourly(5)]", "its own list entry", "range("),
    ("range(12/01-12/31), all[weekly(sat), hourly(5)]", "range(12/01-12/31), all[weekly(sat), hourly(5)]",
     "its own list entry", "all[weekly(sat)"),
    ("all[weekly(sat), bogus]", "all[weekly(sat), bogus]", "unknown schedule", "weekly(sunday)"),
    ("all[weekly(sat), hourly(25)]", "all[weekly(sat), hourly(25)]", "hour 25", "hourly(17)"),
    (["all[all[daily]]"], "all[all[daily]]", "all[...] cannot be nested", "all[weekly"),
    (["daily", {"a": 1}], "[daily, {'a': 1}]", "each list entry must be a schedule text", "weekly(sunday)"),
    ({"weekly": "sunday"}, "{'weekly': 'sunday'}", "not a mapping", "weekly(sunday)"),
    (["weekly(sunday)", "weekly(sundy)"], "weekly(sundy)", "unknown day", "weekly(sunday)"),
    (["monthly(1), monthly(15)"], "monthly(1), monthly(15)", "several schedules", '["monthly(1)", "monthly(15)"]'),
    ("hourly(5)x", "hourly(5)x", "needs a value in parentheses", "hourly(17)"),
]


@pytest.mark.parametrize(("value", "shown", "problem", "example"), ERRORS)
def test_error(value: object, shown: str, problem: str, example: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_schedule(value, file="config.yml", line=12)  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith(f"config.yml:12: schedule '{shown}")
    assert problem in message
    assert example in message.split("; e.g. ", 1)[1]
    assert "\n" not in message
    assert info.value.exit_code == ExitCode.USAGE
    assert (info.value.file, info.value.line) == ("config.yml", 12)


def test_exact_message_of_the_interface() -> None:
    with pytest.raises(ConfigError) as info:
        parse_schedule("weekly(sundy)", file="c.yml", line=3)
    assert info.value.bare_message == "schedule 'weekly(sundy)': unknown day 'sundy'; e.g. weekly(sunday)"


@pytest.mark.parametrize("level", ["library", "operations", "file", "overlays", "visible", "plex"])
def test_non_existing_only_for_collections_and_playlists(level: str) -> None:
    with pytest.raises(ConfigError, match="non_existing only applies to collections and playlists"):
        check_schedule("non_existing", datetime(2026, 1, 1, 5), run_hour=5, ignore_schedules=False, level=level)


def test_unknown_level_is_a_bug() -> None:
    with pytest.raises(ValueError):
        check_schedule("daily", datetime(2026, 1, 1, 5), run_hour=5, ignore_schedules=False, level="nope")
