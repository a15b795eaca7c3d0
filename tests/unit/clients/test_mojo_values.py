"""The Box Office Mojo builders' values: the chart page each names, for a fixed date."""

from __future__ import annotations

from datetime import date

import pytest

from kometa.sources.conditions import ConditionError
from kometa.sources.mojo_values import Chart, parse_charts

TODAY = date(2026, 3, 18)  # a Wednesday in ISO week 12
AREAS = {"/intl/": {"international": "", "germany": "DE"}, "/chart/never_in_top/": {"domestic": "", "germany": "DE"}}


def one(key, value):
    asked = []

    def areas(path):
        asked.append(path)
        return AREAS[path]
    charts = parse_charts(key, value, TODAY, areas)
    assert len(charts) == 1
    return charts[0], asked


@pytest.mark.parametrize(("key", "value", "chart"), [
    ("mojo_world", {"year": "current"}, Chart("/year/world/2026/")),
    ("mojo_world", {"year": "current-1", "limit": 10}, Chart("/year/world/2025/", {}, 10)),
    ("mojo_world", {"year": 2020}, Chart("/year/world/2020/")),
    ("mojo_domestic", {"range": "yearly"}, Chart("/year/2026/")),
    ("mojo_domestic", {"range": "yearly", "year": "current-2"}, Chart("/year/2024/")),
    ("mojo_domestic", {"range": "daily", "range_data": "current-3"}, Chart("/date/2026-03-15/")),
    ("mojo_domestic", {"range": "daily", "range_data": "12-25-2025"}, Chart("/date/2025-12-25/")),
    ("mojo_domestic", {"range": "weekend", "range_data": "current"}, Chart("/weekend/2026W12/")),
    ("mojo_domestic", {"range": "weekly", "range_data": "current-12"}, Chart("/weekly/2025W52/")),
    ("mojo_domestic", {"range": "weekend", "range_data": 5, "year": 2024}, Chart("/weekend/2024W05/")),
    ("mojo_domestic", {"range": "monthly", "range_data": "current-3"}, Chart("/month/december/2025/")),
    ("mojo_domestic", {"range": "monthly", "range_data": "July", "year": 2023}, Chart("/month/july/2023/")),
    ("mojo_domestic", {"range": "quarterly", "range_data": "current-1"}, Chart("/quarter/q4/2025/")),
    ("mojo_domestic", {"range": "quarterly", "range_data": "q2"}, Chart("/quarter/q2/2026/")),
    ("mojo_domestic", {"range": "season", "range_data": "current"}, Chart("/season/spring/2026/")),
    ("mojo_domestic", {"range": "holiday", "range_data": "christmas_day", "year": 2024},
     Chart("/holiday/christmas_day/2024/")),
    ("mojo_all_time", {"chart": "worldwide", "limit": 100}, Chart("/chart/ww_top_lifetime_gross/", {}, 100)),
    ("mojo_all_time", {"chart": "domestic", "content_rating_filter": "g/pg"},
     Chart("/chart/mpaa_title_lifetime_gross/", {"by_mpaa": "G/PG"})),
    ("mojo_never", {"chart": "domestic"}, Chart("/chart/never_in_top/", {"by_rank_threshold": "1"})),
    ("mojo_record", {"chart": "opening_day", "limit": 10}, Chart("/chart/top_opening_day/", {}, 10)),
    ("mojo_record", {"chart": "march"}, Chart("/chart/release_top_opn_wkd_in_month/", {"in_occasion": "march"})),
])
def test_values_name_their_chart(key, value, chart):
    assert one(key, value)[0] == chart


def test_area_menus_are_asked_only_when_a_chart_needs_them():
    chart, asked = one("mojo_international", {"range": "monthly", "range_data": "current", "chart": "Germany"})
    assert chart == Chart("/month/march/2026/", {"area": "DE"}) and asked == ["/intl/"]
    chart, asked = one("mojo_international", {"range": "yearly"})
    assert chart == Chart("/year/2026/") and asked == ["/intl/"]
    chart, asked = one("mojo_never", {"chart": "germany", "never": 10})
    assert chart == Chart("/chart/never_in_top/", {"by_rank_threshold": "10", "area": "DE"})
    assert one("mojo_never", {})[1] == []


@pytest.mark.parametrize(("key", "value", "message"), [
    ("mojo_world", {}, "year is missing"),
    ("mojo_world", {"year": 1950}, "year must be from 1977 to 2026"),
    ("mojo_world", {"year": "current-x"}, "current or current-N"),
    ("mojo_world", "2020", "takes a mapping"),
    ("mojo_domestic", {"range": "hourly"}, "range must be one of"),
    ("mojo_international", {"range": "daily", "range_data": "current"}, "range must be one of weekend"),
    ("mojo_domestic", {"range": "monthly"}, "range_data is missing"),
    ("mojo_domestic", {"range": "daily", "range_data": "2025-12-25"}, "MM-DD-YYYY"),
    ("mojo_domestic", {"range": "weekend", "range_data": 60}, "range_data must be one of"),
    ("mojo_international", {"range": "yearly", "chart": "atlantis"}, "chart must be one of international, germany"),
    ("mojo_all_time", {"chart": "galactic"}, "chart must be one of domestic, worldwide"),
    ("mojo_never", {"never": 3}, "never must be one of 1, 5, 10"),
    ("mojo_record", {"chart": "best"}, "chart must be one of"),
    ("mojo_record", {"chart": "opening_day", "limit": 0}, "limit must be a whole number greater than 0"),
    ("mojo_record", {"chart": "opening_day", "sort": "x"}, "unknown attribute 'sort'"),
])
def test_bad_values(key, value, message):
    with pytest.raises(ConditionError, match=message):
        one(key, value)
