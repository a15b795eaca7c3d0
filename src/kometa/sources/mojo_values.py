"""The values of the Box Office Mojo builders, checked and turned into the chart page each names
(pure: the run's date is passed in; the area menus, for ``mojo_international``'s and
``mojo_never``'s ``chart``, are asked through ``areas(path)`` only when a value needs them).

Attributes follow Kometa's documentation (``docs/files/builders/boxofficemojo/``):
``mojo_world`` (``year``, ``limit``), ``mojo_domestic`` (``range``, ``year``, ``range_data``,
``limit``), ``mojo_international`` (also ``chart``), ``mojo_all_time`` (``chart`` domestic/worldwide,
``content_rating_filter``), ``mojo_never`` (``chart``, ``never`` 1/5/10) and ``mojo_record``
(``chart``: one of :data:`RECORDS`). ``year`` is a year from 1977, ``current`` or ``current-N``
(default ``current``); ``range_data`` depends on ``range`` (a date ``MM-DD-YYYY``, a week 1-53, a
month, ``q1``-``q4``, a season or a holiday, or ``current``/``current-N``: days, weeks, months or
quarters back).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from kometa.sources.conditions import ConditionError

_MONTHLY, _OPEN_MONTH, _OPEN_SEASON = "/chart/release_top_opn_wkd_in_month/", "in_occasion", \
    "/chart/release_top_opn_wkd_in_season/"
#: mojo_record's charts: name -> (path, params)
RECORDS: dict[str, tuple[str, dict[str, str]]] = {
    "second_weekend_drop": ("/chart/biggest_second_weekend_gross_drop/", {}),
    "post_thanksgiving_weekend_drop": ("/chart/post_thanksgiving_weekend_drop/", {}),
    "top_opening_weekend": ("/chart/top_opening_weekend/", {}),
    "worst_opening_weekend_theater_avg": ("/chart/btm_wide_opening_weekend_theater_avg/", {}),
    "top_opening_weekend_theater_avg_all": ("/chart/top_opening_weekend_theater_avg/", {"by_release_scale": "all"}),
    "top_opening_weekend_theater_avg_wide": ("/chart/top_opening_weekend_theater_avg/", {"by_release_scale": "wide"}),
    **{m.lower(): (_MONTHLY, {_OPEN_MONTH: m.lower()}) for m in calendar.month_name[1:]},
    **{s: (_OPEN_SEASON, {_OPEN_MONTH: s}) for s in ("spring", "summer", "fall", "holiday_season", "winter")},
    **{r: ("/chart/top_opening_wknd_by_mpaa/", {"by_mpaa": v}) for r, v in
       (("g", "G"), ("g/pg", "G/PG"), ("pg", "PG"), ("pg-13", "PG-13"), ("r", "R"), ("nc-17", "NC-17"))},
    **{k: ("/chart/release_top_weekend_gross/", {"by_occasion": v}) for k, v in
       (("mlk", "us_mlkday_weekend"), ("easter", "easter_weekend"), ("4th", "us_july4_weekend"),
        ("memorial", "us_memorialday_weekend"), ("labor", "us_laborday_weekend"),
        ("president", "us_presidentsday_weekend"), ("thanksgiving_3", "us_thanksgiving_3"),
        ("thanksgiving_5", "us_thanksgiving_5"))},
    **{f"{k}_opening": ("/chart/top_opening_holiday_weekends/", {"by_occasion": v}) for k, v in
       (("mlk", "us_mlkday_weekend"), ("easter", "easter_weekend"), ("memorial", "us_memorialday_weekend"),
        ("labor", "us_laborday_weekend"), ("president", "us_presidentsday_weekend"))},
    "thanksgiving_3_opening": ("/chart/top_thanksgiving_openings/", {"by_occasion": "us_thanksgiving_3"}),
    "thanksgiving_5_opening": ("/chart/top_thanksgiving_openings/", {"by_occasion": "us_thanksgiving_5"}),
    "opening_week": ("/chart/top_opening_week/", {}),
    "biggest_theater_drop": ("/chart/biggest_third_weekend_num_theaters_drop/", {}),
    "opening_day": ("/chart/top_opening_day/", {}),
    "single_day_grosses": ("/chart/release_top_daily_gross/", {}),
    "christmas_day_gross": ("/chart/release_top_holiday_gross/", {"by_occasion": "christmas_day"}),
    "new_years_day_gross": ("/chart/release_top_holiday_gross/", {"by_occasion": "newyearsday"}),
    **{d: ("/chart/release_top_daily_gross_by_dow/", {"by_occasion": d}) for d in
       ("friday", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday")},
    **{f"{d}_non_opening": ("/chart/top_non_opening_by_dow/", {"by_occasion": d}) for d in
       ("friday", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday")},
}
RATINGS = {"g": "G", "g/pg": "G/PG", "pg": "PG", "pg-13": "PG-13", "r": "R", "nc-17": "NC-17"}
INTL_RANGES = ("weekend", "monthly", "quarterly", "yearly")
DOME_RANGES = (*INTL_RANGES, "daily", "weekly", "season", "holiday")
MONTHS = [m.lower() for m in calendar.month_name[1:]]
SEASONS = ("winter", "spring", "summer", "fall", "holiday")
SEASON_OF = {1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "summer", 6: "summer", 7: "summer", 8: "summer",
             9: "fall", 10: "fall", 11: "holiday", 12: "holiday"}
HOLIDAYS = {"new_years_day": "newyearsday", "new_year_weekend": "us_newyear_weekend", "mlk_day": "us_mlkday",
            "mlk_day_weekend": "us_mlkday_weekend", "presidents_day": "us_presidentsday",
            "presidents_day_weekend": "us_presidentsday_weekend", "easter": "easter_sunday",
            "easter_weekend": "easter_weekend", "memorial_day": "us_memorialday",
            "memorial_day_weekend": "us_memorialday_weekend", "independence_day": "us_july4",
            "independence_day_weekend": "us_july4_weekend", "labor_day": "us_laborday",
            "labor_day_weekend": "us_laborday_weekend", "indigenous_day": "us_indig_peoples_day",
            "indigenous_day_weekend": "us_indig_peoples_day_weekend", "halloween": "halloween",
            "thanksgiving": "us_thanksgiving", "thanksgiving_3": "us_thanksgiving_3",
            "thanksgiving_4": "us_thanksgiving_4", "thanksgiving_5": "us_thanksgiving_5",
            "post_thanksgiving_weekend": "us_post_thanksgiving_weekend", "christmas_day": "christmas_day",
            "christmas_weekend": "us_christmas_weekend", "new_years_eve": "newyearseve"}
ATTRIBUTES = {"mojo_world": ("year", "limit"), "mojo_domestic": ("range", "year", "range_data", "limit"),
              "mojo_international": ("range", "chart", "year", "range_data", "limit"),
              "mojo_all_time": ("chart", "content_rating_filter", "limit"), "mojo_never": ("chart", "never", "limit"),
              "mojo_record": ("chart", "limit")}
FIRST_YEAR = 1977


@dataclass(frozen=True)
class Chart:
    path: str
    params: dict[str, str] = field(default_factory=dict)
    limit: int = 0


def _one_of(key: str, name: str, value: Any, options: Any) -> str:
    text = str(value).strip().lower() if value is not None else ""
    if text not in options:
        raise ConditionError(f"{key}: {name} must be one of {', '.join(str(o) for o in options)}, got {value!r}")
    return text


def _back(key: str, name: str, value: Any) -> int | None:
    """N of ``current-N`` (0 for ``current``), or None for another value."""
    text = str(value).strip().lower()
    if text == "current":
        return 0
    if text.startswith("current-"):
        rest = text.removeprefix("current-")
        if not rest.isdigit():
            raise ConditionError(f"{key}: {name} must be current or current-N (N a whole number), got {value!r}")
        return int(rest)
    return None


def _year(key: str, value: Any, today: date) -> int:
    back = _back(key, "year", value)
    year = today.year - back if back is not None else None
    if year is None:
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit():
            raise ConditionError(f"{key}: year must be a year from {FIRST_YEAR}, current or current-N, got {value!r}")
        year = int(text)
    if not FIRST_YEAR <= year <= today.year:
        raise ConditionError(f"{key}: year must be from {FIRST_YEAR} to {today.year}, got {value!r}")
    return year


def _limit(key: str, value: Any) -> int:
    if value is None:
        return 0
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        raise ConditionError(f"{key}: limit must be a whole number greater than 0, got {value!r}")
    return int(text)


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _period(key: str, kind: str, data: Mapping[str, Any], today: date) -> str:
    """The chart path of a ``mojo_domestic``/``mojo_international`` range."""
    year = _year(key, data.get("year", "current") if data.get("year") is not None else "current", today)
    anchor = today if year == today.year else date(year, today.month, min(today.day, 28))
    if kind == "yearly":
        return f"/year/{year}/"
    raw = data.get("range_data")
    if raw is None or str(raw).strip() == "":
        raise ConditionError(f"{key}: range_data is missing (range {kind} needs it)")
    back = _back(key, "range_data", raw)
    if kind == "daily":
        if back is not None:
            day = today - timedelta(days=back)
        else:
            try:
                day = datetime.strptime(str(raw).strip(), "%m-%d-%Y").date()
            except ValueError:
                raise ConditionError(f"{key}: range_data must be a date MM-DD-YYYY, current or current-N, "
                                     f"got {raw!r}") from None
        return f"/date/{day.isoformat()}/"
    if kind in ("weekend", "weekly"):
        if back is not None:
            iso = (anchor - timedelta(weeks=back)).isocalendar()
            week, year = iso.week, iso.year
        else:
            week = int(_one_of(key, "range_data", raw, [str(n) for n in range(1, 54)]))
        return f"/{kind}/{year}W{week:02d}/"
    if kind == "monthly":
        if back is not None:
            day = _months_back(anchor, back)
            return f"/month/{MONTHS[day.month - 1]}/{day.year}/"
        return f"/month/{_one_of(key, 'range_data', raw, MONTHS)}/{year}/"
    if kind == "quarterly":
        if back is not None:
            day = _months_back(anchor, back * 3)
            return f"/quarter/q{(day.month - 1) // 3 + 1}/{day.year}/"
        return f"/quarter/{_one_of(key, 'range_data', raw, ('q1', 'q2', 'q3', 'q4'))}/{year}/"
    if kind == "season":
        season = SEASON_OF[anchor.month] if back == 0 else _one_of(key, "range_data", raw, SEASONS)
        return f"/season/{season}/{year}/"
    return f"/holiday/{HOLIDAYS[_one_of(key, 'range_data', raw, HOLIDAYS)]}/{year}/"


def parse_charts(key: str, value: Any, today: date, areas: Callable[[str], dict[str, str]]) -> list[Chart]:
    """The charts a ``mojo_*`` value names (a mapping or a list of mappings)."""
    entries = value if isinstance(value, list) else [value]
    out: list[Chart] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            raise ConditionError(f"{key} takes a mapping of {', '.join(ATTRIBUTES[key])}, got {entry!r}")
        data = {str(k).lower(): v for k, v in entry.items()}
        for attr in data:
            if attr not in ATTRIBUTES[key]:
                raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(ATTRIBUTES[key])})")
        out.append(_chart(key, data, today, areas))
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


def _chart(key: str, data: Mapping[str, Any], today: date, areas: Callable[[str], dict[str, str]]) -> Chart:
    limit = _limit(key, data.get("limit"))
    if key == "mojo_record":
        path, params = RECORDS[_one_of(key, "chart", data.get("chart"), RECORDS)]
        return Chart(path, dict(params), limit)
    if key == "mojo_world":
        if data.get("year") in (None, ""):
            raise ConditionError(f"{key}: year is missing (a year, current or current-N)")
        return Chart(f"/year/world/{_year(key, data['year'], today)}/", {}, limit)
    if key == "mojo_all_time":
        chart = _one_of(key, "chart", data.get("chart"), ("domestic", "worldwide"))
        if data.get("content_rating_filter") is not None:
            rating = _one_of(key, "content_rating_filter", data["content_rating_filter"], RATINGS)
            return Chart("/chart/mpaa_title_lifetime_gross/", {"by_mpaa": RATINGS[rating]}, limit)
        return Chart("/chart/top_lifetime_gross/" if chart == "domestic" else "/chart/ww_top_lifetime_gross/", {}, limit)
    if key == "mojo_never":
        never = _one_of(key, "never", data.get("never", 1), ("1", "5", "10"))
        params = {"by_rank_threshold": never}
        chart = str(data.get("chart") or "domestic").strip().lower()
        if chart != "domestic":
            menu = areas("/chart/never_in_top/")
            params["area"] = menu[_one_of(key, "chart", chart, menu)]
        return Chart("/chart/never_in_top/", params, limit)
    dome = key == "mojo_domestic"
    kind = _one_of(key, "range", data.get("range"), DOME_RANGES if dome else INTL_RANGES)
    path = _period(key, kind, data, today)
    params = {}
    if not dome:
        chart = str(data.get("chart") or "international").strip().lower()
        menu = areas("/intl/")
        area = menu[_one_of(key, "chart", chart, menu)]
        if area:
            params["area"] = area
    return Chart(path, params, limit)
