"""Calendar words the schedule language uses: day aliases, month names, ordinals, month lengths.

Kometa accepts these weekday spellings (case-insensitive) inside ``weekly(...)``:

====================  =============================================
day                   spellings
====================  =============================================
Monday                ``monday mon m``
Tuesday               ``tuesday tues tue tu t``
Wednesday             ``wednesday wed w``
Thursday              ``thursday thurs thur thu th r``
Friday                ``friday fri f``
Saturday              ``saturday sat s``
Sunday                ``sunday sun su u``
====================  =============================================
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

DAY_ALIASES: dict[str, int] = {
    "monday": 0, "mon": 0, "m": 0,
    "tuesday": 1, "tues": 1, "tue": 1, "tu": 1, "t": 1,
    "wednesday": 2, "wed": 2, "w": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "th": 3, "r": 3,
    "friday": 4, "fri": 4, "f": 4,
    "saturday": 5, "sat": 5, "s": 5,
    "sunday": 6, "sun": 6, "su": 6, "u": 6,
}

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

# Kometa's range() clamps days with a fixed table: February is always 28 days long there.
_RANGE_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def ordinal(number: int) -> str:
    """``1st 2nd 3rd 4th ... 11th 12th 13th ... 21st 22nd``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def month_length(year: int, month: int) -> int:
    """Days in ``month`` of ``year`` (leap years included)."""
    return calendar.monthrange(year, month)[1]


def is_month_end(day: date) -> bool:
    return day.day == month_length(day.year, day.month)


def clamp_range_day(month: int, day: int) -> tuple[int, int]:
    """Kometa's range clamp: Apr 31 -> Apr 30, Feb 29..31 -> Feb 28 (in every year)."""
    return month, min(day, _RANGE_MONTH_DAYS[month])


def month_day(month: int, day: int) -> str:
    """``December 25th``."""
    return f"{MONTH_NAMES[month]} {ordinal(day)}"


def short_month_day(month: int, day: int) -> str:
    """``25 December`` (plain words for tables)."""
    return f"{day} {MONTH_NAMES[month]}"


def join_words(parts: Sequence[str], word: str) -> str:
    """``a, b or c``."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]
