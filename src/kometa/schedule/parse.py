"""Text -> rules: :func:`parse_schedule` reads a schedule value the way Kometa does (spec 3.1).

* A value is a string or a list of strings; a list is any-of (:class:`AnyOf`).
* A string with commas is split into a list, unless it is one ``all[...]``.
* Items are case-insensitive and matched by prefix (``weekly``, ``weekdays``, ``week`` are one form;
  ``never`` must be exact).

Every item Kometa would log as invalid and quietly treat as "no match" is a
:class:`~kometa.core.errors.ConfigError` here, raised before the run, with the expression, what is wrong
and a valid example. Also refused (Kometa crashes or misreads them): ``hourly(1-2-3)``,
``yearly(13/01)``, ``yearly(12/25/2020)`` (use ``date``), a day number of 0 or above 31, an empty
schedule, a string that holds ``all[...]`` next to other items and a list entry holding several
comma-separated schedules (Kometa reads only their first item), text after the closing ``)``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from kometa.core.errors import ConfigError
from kometa.schedule.combine import AllOf, AnyOf
from kometa.schedule.days import DAY_ALIASES, clamp_range_day
from kometa.schedule.rules import (
    Daily as Daily,
)
from kometa.schedule.rules import (
    DateRange,
    Hourly,
    Monthly,
    MonthlyLast,
    Never,
    NonExisting,
    OnDate,
    Rule,
    Span,
    Weekly,
    Yearly,
)

_PARAM = re.compile(r"^([a-z_]+)\s*\((.*)\)\s*$", re.S)
_ALL = re.compile(r"^all\s*\[([^\]]*)\]\s*$", re.S)
_SPAN = re.compile(r"^(1[0-2]|0?[1-9])/(3[01]|[12][0-9]|0?[1-9])-(1[0-2]|0?[1-9])/(3[01]|[12][0-9]|0?[1-9])$")
_FORMS = ("hourly", "weekly", "monthly", "yearly", "date", "range")
EXAMPLES = {
    "hourly": "hourly(17) or hourly(22-2)",
    "weekly": "weekly(sunday) or weekly(mon|fri)",
    "monthly": "monthly(1) or monthly(last)",
    "yearly": "yearly(12/25)",
    "date": "date(12/25/2026)",
    "range": "range(12/01-12/31) or range(12/15-01/05|07/01-07/04)",
    "all": "all[weekly(saturday), range(12/01-12/31)]",
}
_KNOWN = "daily, hourly(H), weekly(DAY), monthly(N|last), yearly(MM/DD), date(MM/DD/YYYY), " \
         "range(MM/DD-MM/DD), never, non_existing or all[...]"


class _ItemError(Exception):
    """An item problem; parse_schedule adds the expression and the location."""

    def __init__(self, problem: str, example: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.example = example
        self.item: str | None = None


def _int(text: str, what: str, low: int, high: int, form: str) -> int:
    raw = text.strip()
    if not re.fullmatch(r"\d{1,4}", raw):
        raise _ItemError(f"{what} '{text}' is not a whole number", EXAMPLES[form])
    value = int(raw)
    if not low <= value <= high:
        raise _ItemError(f"{what} {value} is not between {low} and {high}", EXAMPLES[form])
    return value


def _hourly(param: str, text: str) -> Rule:
    if "-" not in param:
        hour = _int(param, "hour", 0, 23, "hourly")
        return Hourly(hour, hour, text)
    pieces = param.split("-")
    if len(pieces) != 2:
        raise _ItemError(f"'{param}' must be one hour or two hours joined by '-'", EXAMPLES["hourly"])
    start = _int(pieces[0], "hour", 0, 23, "hourly")
    end = _int(pieces[1], "hour", 0, 23, "hourly")
    if start == end:
        raise _ItemError(f"a range of hours needs two different hours, got {start}-{end}; "
                         f"for one hour write hourly({start})", "hourly(22-2)")
    return Hourly(start, end, text)


def _weekly(param: str, text: str) -> Rule:
    days: list[int] = []
    for piece in param.split("|"):
        if piece not in DAY_ALIASES:
            if piece.strip() in DAY_ALIASES:
                raise _ItemError("no spaces around '|' between days", "weekly(mon|fri)")
            if not piece:
                raise _ItemError("a day is missing", EXAMPLES["weekly"])
            raise _ItemError(f"unknown day '{piece}'", _day_example(piece))
        if DAY_ALIASES[piece] not in days:
            days.append(DAY_ALIASES[piece])
    return Weekly(tuple(days), text)


def _day_example(piece: str) -> str:
    import difflib

    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    close = difflib.get_close_matches(piece, names, n=1, cutoff=0.5)
    return f"weekly({close[0]})" if close else EXAMPLES["weekly"]


def _monthly(param: str, text: str) -> Rule:
    if param.strip() == "last":
        return MonthlyLast(text)
    return Monthly(_int(param, "day", 1, 31, "monthly"), text)


_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February: 29 in some year


def _month_day(parts: Sequence[str], form: str) -> tuple[int, int]:
    month, day = _int(parts[0], "month", 1, 12, form), _int(parts[1], "day", 1, 31, form)
    _real_day(month, day, form)
    return month, day


def _real_day(month: int, day: int, form: str) -> None:
    """A day no month has (02/30, 04/31) is an impossible date, not one to clamp silently."""
    if day > _MONTH_DAYS[month]:
        raise _ItemError(f"{month:02d}/{day:02d} is not a date (that month has at most {_MONTH_DAYS[month]} days)",
                         EXAMPLES[form])


def _yearly(param: str, text: str) -> Rule:
    parts = param.split("/")
    if len(parts) == 3:
        raise _ItemError("yearly takes MM/DD without a year; for one day in one year use date(MM/DD/YYYY)",
                         f"date({param.strip()})")
    if len(parts) != 2:
        raise _ItemError(f"'{param}' is not a MM/DD date", EXAMPLES["yearly"])
    month, day = _month_day(parts, "yearly")
    return Yearly(month, day, text)


def _date(param: str, text: str) -> Rule:
    parts = param.split("/")
    if len(parts) != 3:
        raise _ItemError(f"'{param}' is not a MM/DD/YYYY date", EXAMPLES["date"])
    month, day = _month_day(parts, "date")
    if not re.fullmatch(r"\d{4}", parts[2].strip()):
        raise _ItemError(f"year '{parts[2]}' must have four digits", EXAMPLES["date"])
    if (month, day) == (2, 29) and not calendar.isleap(int(parts[2])):
        raise _ItemError(f"{param.strip()} is not a date ({parts[2].strip()} is not a leap year)", EXAMPLES["date"])
    return OnDate(int(parts[2]), month, day, text)


def _range(param: str, text: str) -> Rule:
    spans: list[Span] = []
    for piece in param.split("|"):
        match = _SPAN.match(piece)
        if match is None:
            hint = " (no spaces)" if " " in piece else ""
            raise _ItemError(f"'{piece}' is not MM/DD-MM/DD with months 1-12 and days 1-31{hint}",
                             EXAMPLES["range"])
        for month_text, day_text in ((match.group(1), match.group(2)), (match.group(3), match.group(4))):
            _real_day(int(month_text), int(day_text), "range")
        start = clamp_range_day(int(match.group(1)), int(match.group(2)))
        end = clamp_range_day(int(match.group(3)), int(match.group(4)))
        spans.append(Span(start, end))
    return DateRange(tuple(spans), text)


_BUILDERS = {"hourly": _hourly, "weekly": _weekly, "monthly": _monthly, "yearly": _yearly,
             "date": _date, "range": _range}
_PREFIXES = (("hour", "hourly"), ("week", "weekly"), ("month", "monthly"), ("year", "yearly"),
             ("range", "range"), ("date", "date"))


def parse_item(text: str, *, inside_all: bool = False) -> Rule:
    """One item (no list, no top-level comma split). Raises :class:`_ItemError`."""
    raw = text.strip()
    item = raw.lower()
    if not item:
        raise _ItemError("an item is empty", "daily")
    if item.startswith("all"):
        if inside_all or item.count("all") > 1:
            raise _ItemError("all[...] cannot be nested", EXAMPLES["all"])
        match = _ALL.match(item)
        if match is None:
            raise _ItemError("all needs its items in square brackets", EXAMPLES["all"])
        inner = [part for part in match.group(1).split(",")]
        if not match.group(1).strip():
            raise _ItemError("all[...] is empty", EXAMPLES["all"])
        return AllOf(tuple(parse_item(part, inside_all=True) for part in inner), raw)
    if "," in item:
        raise _ItemError("one entry holds several schedules; give each its own list entry "
                         "(a comma only separates items inside all[...])", '["monthly(1)", "monthly(15)"]')
    if item.startswith(("day", "daily")):
        return Daily(raw)
    if item.startswith("non_existing"):
        return NonExisting(raw)
    if item == "never":
        return Never(raw)
    for prefix, form in _PREFIXES:
        if item.startswith(prefix):
            match = _PARAM.match(item)
            if match is None:
                if "(" in item and ")" not in item:
                    raise _ItemError("')' is missing (a comma splits a schedule into separate items; "
                                     "inside the parentheses separate values with '|')", EXAMPLES[form])
                raise _ItemError(f"{form} needs a value in parentheses", EXAMPLES[form])
            return _BUILDERS[form](match.group(2), raw)
    raise _ItemError(f"unknown schedule; use one of {_KNOWN}", "weekly(sunday)")


def split_value(value: Any) -> list[str]:
    """A raw schedule value -> its items (spec 3.1 splitting)."""
    if isinstance(value, list | tuple):
        items: list[str] = []
        for entry in value:
            if isinstance(entry, dict | list | tuple) or entry is None:
                raise _ItemError("each list entry must be a schedule text", "- weekly(sunday)")
            items.append(str(entry))
        return items
    if isinstance(value, dict):
        raise _ItemError("a schedule is a text or a list of texts, not a mapping", "schedule: weekly(sunday)")
    text = str(value).strip()
    lowered = text.lower()
    if "all" in lowered:
        if lowered.count("all") > 1 or not lowered.startswith("all") or not lowered.endswith("]"):
            raise _ItemError("each all[...] must be its own list entry",
                             'schedule: ["all[weekly(sat), hourly(5)]", "range(12/01-12/31)"]')
        return [text]
    return [part.strip() for part in text.split(",")]


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


@lru_cache(maxsize=4096)
def _parse_cached(key: str | tuple[str, ...]) -> Rule:
    items = split_value(list(key) if isinstance(key, tuple) else key)
    if not items:
        raise _ItemError("the schedule is empty", "daily")
    rules: list[Rule] = []
    for item in items:
        try:
            rules.append(parse_item(item))
        except _ItemError as exc:
            exc.item = exc.item or item.strip()
            raise
    if len(rules) == 1:
        return rules[0]
    return AnyOf(tuple(rules), _shown(key))


def parse_schedule(value: str | list[Any] | None, *, file: str | None = None, line: int | None = None) -> Rule:
    """Parse a schedule value into a :class:`Rule`; ``None`` (no schedule) is :class:`Daily`.

    Raises :class:`ConfigError` like
    ``schedule 'weekly(sundy)': unknown day 'sundy'; e.g. weekly(sunday)`` at ``file:line``.
    """
    if value is None:
        return Daily("")
    key: str | tuple[str, ...]
    try:
        if isinstance(value, list | tuple):
            split_value(value)  # rejects nested structures before hashing
            key = tuple(str(v) for v in value)
        elif isinstance(value, dict):
            split_value(value)
            raise AssertionError("unreachable")
        else:
            key = str(value)
        return _parse_cached(key)
    except _ItemError as exc:
        shown = exc.item if exc.item is not None else _shown(value)
        raise ConfigError(f"schedule '{shown}': {exc.problem}; e.g. {exc.example}",
                          file=file, line=line) from None
