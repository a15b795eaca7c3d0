"""Property tests: the algebra of schedules (daily, never, range complement, all[x], lists)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kometa.schedule import Verdict, parse_schedule
from kometa.schedule.days import DAY_ALIASES

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31))
hours = st.integers(0, 23)
months = st.integers(1, 12)
doms = st.integers(1, 31)
REAL_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 02/30, 04/31 are errors, not dates


def _real(m: int, d: int, y: int = 2028) -> bool:
    return d <= REAL_DAYS[m] and not (m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)))


def _md(m: int, d: int) -> str:
    return f"{m:02d}/{d:02d}"


def _hourly(a: int, b: int) -> str:
    return f"hourly({a})" if a == b else f"hourly({a}-{b})"


atoms = st.one_of(
    st.just("daily"),
    st.just("never"),
    st.just("monthly(last)"),
    st.builds(_hourly, hours, hours),
    st.lists(st.sampled_from(sorted(DAY_ALIASES)), min_size=1, max_size=3).map(lambda d: f"weekly({'|'.join(d)})"),
    st.builds(lambda n: f"monthly({n})", doms),
    st.tuples(months, doms).filter(lambda p: _real(*p)).map(lambda p: f"yearly({_md(*p)})"),
    st.tuples(months, doms, st.integers(1990, 2100)).filter(lambda p: _real(*p)).map(
        lambda p: f"date({_md(p[0], p[1])}/{p[2]})"),
    st.lists(st.tuples(months, doms, months, doms).filter(lambda p: _real(p[0], p[1]) and _real(p[2], p[3])),
             min_size=1, max_size=3).map(
        lambda spans: "range(" + "|".join(f"{_md(a, b)}-{_md(c, d)}" for a, b, c, d in spans) + ")"),
)


@given(moments, hours)
def test_daily_matches_every_moment(moment: datetime, hour: int) -> None:
    assert parse_schedule("daily").matches(moment, hour)
    assert parse_schedule("daily").verdict(moment, hour) is Verdict.SCHEDULED


@given(moments, hours)
def test_never_matches_no_moment(moment: datetime, hour: int) -> None:
    assert not parse_schedule("never").matches(moment, hour)
    assert parse_schedule("never").verdict(moment, hour) is Verdict.NOT_SCHEDULED


def _day_of(index: int) -> date:
    """Day ``index`` (0..364) of a non-leap year."""
    return date(2027, 1, 1) + timedelta(days=index)


@settings(max_examples=60)
@given(st.integers(0, 364), st.integers(0, 364), st.sampled_from([2027, 2028]))
def test_range_and_complement_cover_every_day_once(a: int, b: int, year: int) -> None:
    if (b + 1) % 365 == a:  # the range is the whole year: no complement to write
        b = a
    start, end = _day_of(a), _day_of(b)
    after, before = _day_of((b + 1) % 365), _day_of((a - 1) % 365)
    rng = parse_schedule(f"range({_md(start.month, start.day)}-{_md(end.month, end.day)})")
    complement = parse_schedule(f"range({_md(after.month, after.day)}-{_md(before.month, before.day)})")
    day = date(year, 1, 1)
    while day.year == year:
        moment = datetime(day.year, day.month, day.day, 5)
        assert rng.matches(moment) + complement.matches(moment) == 1, day
        day += timedelta(days=1)


@given(atoms, moments, hours)
def test_all_of_one_equals_the_item(expr: str, moment: datetime, hour: int) -> None:
    single = parse_schedule(expr)
    wrapped = parse_schedule(f"all[{expr}]")
    assert wrapped.matches(moment, hour) == single.matches(moment, hour)
    assert wrapped.verdict(moment, hour) == single.verdict(moment, hour)


@given(st.lists(atoms, min_size=1, max_size=4), moments, hours)
def test_list_is_the_or_of_its_items(exprs: list[str], moment: datetime, hour: int) -> None:
    items = [parse_schedule(e) for e in exprs]
    listed = parse_schedule(exprs)
    assert listed.matches(moment, hour) == any(i.matches(moment, hour) for i in items)
    # a comma-separated string is the same list
    assert parse_schedule(", ".join(exprs)).matches(moment, hour) == listed.matches(moment, hour)
    verdict = listed.verdict(moment, hour)
    assert (verdict is Verdict.SCHEDULED) == listed.matches(moment, hour)


@given(st.lists(atoms, min_size=1, max_size=3), moments, hours)
def test_all_is_the_and_of_its_items(exprs: list[str], moment: datetime, hour: int) -> None:
    rule = parse_schedule("all[" + ", ".join(exprs) + "]")
    assert rule.matches(moment, hour) == all(parse_schedule(e).matches(moment, hour) for e in exprs)


@settings(max_examples=40, deadline=None)
@given(atoms, st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)))
def test_next_match_is_the_first_matching_hour(expr: str, after: datetime) -> None:
    rule = parse_schedule(expr)
    found = rule.next_match(after)
    if found is None:
        return
    assert found > after and found.minute == 0
    assert rule.matches(found, found.hour)
    probe = after.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    for _ in range(24 * 3):
        if probe >= found:
            break
        assert not rule.matches(probe, probe.hour)
        probe += timedelta(hours=1)


@given(hours, hours, moments)
def test_hourly_wrapping_range_is_two_ranges(a: int, b: int, moment: datetime) -> None:
    if a <= b:
        a, b = max(a, b), min(a, b)
    if a == b:
        return
    wrapped = parse_schedule(f"hourly({a}-{b})")
    split = parse_schedule([f"hourly({a})" if a == 23 else f"hourly({a}-23)", "hourly(0)" if b == 0 else f"hourly(0-{b})"])
    assert wrapped.matches(moment) == split.matches(moment)
