"""Cross-check against a small reference written straight from the spec's table (3.3/3.4), in a
different shape from the rule classes: strings in, verdict out, no shared code."""

from __future__ import annotations

import calendar
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from kometa.schedule import Verdict, parse_schedule

DAYS = {"monday": 0, "mon": 0, "m": 0, "tuesday": 1, "tues": 1, "tue": 1, "tu": 1, "t": 1, "wednesday": 2,
        "wed": 2, "w": 2, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "th": 3, "r": 3, "friday": 4, "fri": 4,
        "f": 4, "saturday": 5, "sat": 5, "s": 5, "sunday": 6, "sun": 6, "su": 6, "u": 6}
FIXED_LENGTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def reference(item: str, now: datetime, hour: int) -> tuple[bool, bool]:
    """(matches, is a range) for one item."""
    last = calendar.monthrange(now.year, now.month)[1]
    name, _, rest = item.partition("(")
    param = rest[:-1]
    if name == "daily":
        return True, False
    if name == "never":
        return False, False
    if name == "hourly":
        if "-" in param:
            a, b = map(int, param.split("-"))
            return (a <= hour <= b) if a < b else (hour >= a or hour <= b), False
        return hour == int(param), False
    if name == "weekly":
        return any(DAYS[d] == now.weekday() for d in param.split("|")), False
    if name == "monthly":
        return (now.day == last) if param == "last" else (now.day == int(param)), False
    if name in ("yearly", "date"):
        parts = [int(p) for p in param.split("/")]
        ok = now.month == parts[0] and (now.day == parts[1] or (now.day == last and parts[1] > last))
        return ok and (name == "yearly" or now.year == parts[2]), False
    if name == "range":
        today = (now.month, min(now.day, FIXED_LENGTH[now.month]))
        hit = False
        for span in param.split("|"):
            a, b = span.split("-")
            start = tuple(int(x) for x in a.split("/"))
            end = tuple(int(x) for x in b.split("/"))
            start = (start[0], min(start[1], FIXED_LENGTH[start[0]]))
            end = (end[0], min(end[1], FIXED_LENGTH[end[0]]))
            hit |= (start <= today <= end) if start <= end else (today >= start or today <= end)
        return hit, True
    raise AssertionError(item)


def reference_verdict(items: list[str], now: datetime, hour: int) -> Verdict:
    results = [reference(i, now, hour) for i in items]
    if any(ok for ok, _ in results):
        return Verdict.SCHEDULED
    if any(is_range for _, is_range in results):
        return Verdict.NOT_SCHEDULED_RANGE
    return Verdict.NOT_SCHEDULED


REAL_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 02/30, 04/31 are errors, not dates
md = st.tuples(st.integers(1, 12), st.integers(1, 31)).filter(lambda p: p[1] <= REAL_DAYS[p[0]])
items = st.one_of(
    st.sampled_from(["daily", "never", "monthly(last)"]),
    st.integers(0, 23).map(lambda h: f"hourly({h})"),
    st.tuples(st.integers(0, 23), st.integers(0, 23)).filter(lambda p: p[0] != p[1]).map(
        lambda p: f"hourly({p[0]}-{p[1]})"),
    st.lists(st.sampled_from(sorted(DAYS)), min_size=1, max_size=3).map(lambda d: f"weekly({'|'.join(d)})"),
    st.integers(1, 31).map(lambda d: f"monthly({d})"),
    md.map(lambda p: f"yearly({p[0]:02d}/{p[1]:02d})"),
    st.tuples(md, st.integers(2024, 2029)).filter(lambda p: p[0] != (2, 29) or p[1] % 4 == 0).map(lambda p: f"date({p[0][0]:02d}/{p[0][1]:02d}/{p[1]})"),
    st.lists(st.tuples(md, md), min_size=1, max_size=2).map(
        lambda spans: "range(" + "|".join(f"{a[0]}/{a[1]}-{b[0]}/{b[1]}" for a, b in spans) + ")"),
)


@given(st.lists(items, min_size=1, max_size=3),
       st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31)), st.integers(0, 23))
def test_same_verdict_as_the_reference(exprs: list[str], now: datetime, hour: int) -> None:
    assert parse_schedule(exprs).verdict(now, hour) is reference_verdict(exprs, now, hour)
