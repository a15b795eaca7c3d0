"""tmdb_birthday / tmdb_deathday: Kometa's rule for whether a definition runs on a day (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from kometa.engine.tmdb_person import day_skip, parse_day_spec
from kometa.sources.conditions import ConditionError

BIRTHDAY = date(1970, 3, 10)


@pytest.mark.parametrize(("spec", "today", "runs"), [
    ({}, date(2026, 3, 10), True),  # before/after 0: the day itself
    ({}, date(2026, 3, 11), False),
    ({"before": 3}, date(2026, 3, 7), True),
    ({"before": 3}, date(2026, 3, 6), False),
    ({"after": 2}, date(2026, 3, 12), True),
    ({"after": 2}, date(2026, 3, 13), False),
    ({"before": 10}, date(2026, 12, 31), False),
    ({"before": 70}, date(2026, 12, 31), True),  # next year's birthday, 69 days away
    ({"after": 300}, date(2027, 1, 5), False),  # last year's birthday was 301 days ago
    ({"after": 301}, date(2027, 1, 5), True),
    ({"this_month": True}, date(2026, 3, 30), True),
    ({"this_month": True, "before": 100}, date(2026, 2, 28), False),  # this_month wins
])
def test_day_rule(spec, today, runs):
    assert (day_skip("tmdb_birthday", parse_day_spec("tmdb_birthday", spec or {"before": 0}), BIRTHDAY,
                     today) is None) is runs


def test_29_february_is_the_28th_in_a_common_year():
    leap = date(1992, 2, 29)
    assert day_skip("tmdb_birthday", parse_day_spec("tmdb_birthday", {"before": 0}), leap, date(2026, 2, 28)) is None
    why = day_skip("tmdb_deathday", parse_day_spec("tmdb_deathday", {"after": 0}), leap, date(2026, 3, 1))
    assert why is not None and why.startswith("tmdb_deathday: 2/29 is")


@pytest.mark.parametrize(("value", "message"), [
    (None, "takes a mapping"), ({}, "takes a mapping"), ({"this_month": "yes"}, "this_month must be true or false"),
    ({"before": -1}, "before must be a whole number"), ({"soon": 1}, "unknown attribute 'soon'"),
])
def test_bad_specs(value, message):
    with pytest.raises(ConditionError, match=message):
        parse_day_spec("tmdb_birthday", value)
