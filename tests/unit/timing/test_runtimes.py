from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kometa.core.errors import UsageError
from kometa.timing.runtimes import RunTimes, parse_cron, parse_times, resolve_zone, wall_moment, zone_name

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05:00", [time(5)]),
        ("5:00", [time(5)]),
        ("17:30|05:00", [time(5), time(17, 30)]),
        ("05:00,17:30", [time(5), time(17, 30)]),
        ("05:00|05:00| 05:00 ", [time(5)]),
        ("23:59:30", [time(23, 59, 30)]),
        ("00:00", [time(0)]),
    ],
)
def test_parse_times(text, expected):
    assert parse_times(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("25:00", "'25:00' is out of range"),
        ("05:60", "'05:60' is out of range"),
        ("5am", "'5am' is not a time"),
        ("05:00|", "blank time"),
        ("", "blank time"),
        ("05:00|abc", "'abc' is not a time"),
    ],
)
def test_parse_times_errors(text, fragment):
    with pytest.raises(UsageError) as info:
        parse_times(text)
    assert fragment in info.value.message
    assert "\n" not in info.value.message


def test_parse_cron():
    assert parse_cron("0 5 * * *|*/15  * * * 1-5") == ["0 5 * * *", "*/15 * * * 1-5"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("0 5 * *", "must have 5 fields"), ("61 5 * * *", "not a valid cron"), ("0 5 * * *|", "blank cron")],
)
def test_parse_cron_errors(text, fragment):
    with pytest.raises(UsageError) as info:
        parse_cron(text)
    assert fragment in info.value.message


def test_unknown_zone_is_usage_error():
    with pytest.raises(UsageError, match="not a known IANA time zone"):
        resolve_zone("Mars/Olympus")
    assert resolve_zone(":Europe/London") == LONDON


def test_spring_forward_gap_fires_at_end_of_gap():
    # 2026-03-08: New York clocks jump from 02:00 EST to 03:00 EDT.
    assert wall_moment(date(2026, 3, 8), time(2, 30), NY).isoformat() == "2026-03-08T03:00:00-04:00"
    runs = RunTimes((time(2, 30),), (), NY).between(datetime(2026, 3, 7, 12, tzinfo=NY), datetime(2026, 3, 9, 12, tzinfo=NY))
    assert [r.isoformat() for r in runs] == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]


def test_fall_back_fires_at_first_occurrence_only():
    # 2026-11-01: New York repeats 01:00-02:00.
    runs = RunTimes((time(1, 30),), (), NY).between(datetime(2026, 10, 31, 12, tzinfo=NY), datetime(2026, 11, 2, 12, tzinfo=NY))
    assert [r.isoformat() for r in runs] == ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]


def test_london_dst_days():
    runs = RunTimes((time(1, 30),), (), LONDON).between(datetime(2026, 3, 28, 12, tzinfo=LONDON), datetime(2026, 3, 30, 12, tzinfo=LONDON))
    assert [r.isoformat() for r in runs] == ["2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"]
    runs = RunTimes((time(1, 30),), (), LONDON).between(datetime(2026, 10, 24, 12, tzinfo=LONDON), datetime(2026, 10, 26, 12, tzinfo=LONDON))
    assert [r.isoformat() for r in runs] == ["2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00"]


def test_lord_howe_half_hour_shift():
    # Spring forward 2026-10-04 02:00 -> 02:30 (+10:30 -> +11:00); fall back 2026-04-05 02:00 -> 01:30.
    assert wall_moment(date(2026, 10, 4), time(2, 15), LORD_HOWE).isoformat() == "2026-10-04T02:30:00+11:00"
    assert wall_moment(date(2026, 4, 5), time(1, 45), LORD_HOWE).isoformat() == "2026-04-05T01:45:00+11:00"
    runs = RunTimes((time(1, 45),), (), LORD_HOWE).between(datetime(2026, 4, 4, 12, tzinfo=LORD_HOWE), datetime(2026, 4, 6, 12, tzinfo=LORD_HOWE))
    assert len(runs) == 2


def test_cron_combined_with_times():
    rt = RunTimes.from_text("05:00", "0 */6 * * *", NY)
    runs = rt.between(datetime(2026, 6, 1, 0, 0, tzinfo=NY), datetime(2026, 6, 1, 23, 59, tzinfo=NY))
    assert [r.strftime("%H:%M") for r in runs] == ["05:00", "06:00", "12:00", "18:00"]


def test_cron_only_has_no_default_time():
    rt = RunTimes.from_text(None, "0 12 * * *", NY)
    assert rt.times == ()
    assert rt.next_after(datetime(2026, 6, 1, 0, tzinfo=NY)).hour == 12


ZONES = st.sampled_from([NY, LONDON, LORD_HOWE, ZoneInfo("Europe/Berlin"), ZoneInfo("UTC")])
TIMES = st.lists(st.times().map(lambda t: t.replace(microsecond=0)), min_size=1, max_size=4, unique=True)


@settings(max_examples=150, deadline=None)
@given(zone=ZONES, times=TIMES, day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_each_time_fires_exactly_once_per_local_day(zone, times, day):
    """Every configured time has its moment on that day; no moment repeats (two times that fall in
    the same spring-forward gap share the one run at the gap's end)."""
    rt = RunTimes(tuple(sorted(times)), (), zone)
    start = datetime.combine(day, time(0), tzinfo=zone) - timedelta(days=1)
    runs = rt.between(start, start + timedelta(days=3))
    expected = {wall_moment(day, at, zone) for at in times}
    on_day = {m for m in runs if m.astimezone(zone).date() == day}
    assert expected <= set(runs)
    assert {m.astimezone(zone).date() for m in expected} == {day}
    assert on_day == expected
    assert runs == sorted(runs) and len(set(runs)) == len(runs)


def test_tz_may_name_a_zone_file(tmp_path):
    # glibc accepts TZ=:/etc/localtime or TZ=/usr/share/zoneinfo/Area/City (some hosts set it so);
    # that must not stop the waiter with "not a known IANA time zone".
    import zoneinfo

    source = next((Path(p) / "Europe" / "London" for p in zoneinfo.TZPATH if (Path(p) / "Europe" / "London").exists()),
                  None)
    if source is None:
        pytest.skip("no system zoneinfo")
    assert zone_name(resolve_zone(str(source))) == "Europe/London"
    copy = tmp_path / "localtime"
    copy.write_bytes(source.read_bytes())
    zone = resolve_zone(f":{copy}")
    assert datetime(2026, 7, 1, 12, tzinfo=zone).utcoffset() == timedelta(hours=1)
    with pytest.raises(UsageError):
        resolve_zone(str(tmp_path / "missing"))
