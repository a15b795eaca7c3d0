"""Schedule rules: one small class per form, combined by :class:`AllOf` (``all[...]``) and
:class:`AnyOf` (a YAML list), in the manner of APScheduler's triggers.

Every rule answers three questions:

* ``matches(moment, run_hour)``: does a run at ``moment`` do this part? Dates come from
  ``moment`` (its own zone), hours from ``run_hour`` — the hour of the run's *scheduled* moment
  (spec 1.5) — which defaults to ``moment.hour``.
* ``explain()``: Kometa's printed explanation lines (spec 3.3), e.g.
  ``["Scheduled weekly on Sunday"]``; ``describe()`` gives one plain phrase ("on Sundays").
* ``next_match(after)``: the first whole hour strictly after ``after`` at which it matches.

The combinators live in :mod:`kometa.schedule.combine`.

``verdict(moment, run_hour)`` refines a non-match into the kinds Kometa distinguishes
(:class:`Verdict`): a failing ``range`` is *not scheduled (range)* (``--ignore-schedules`` does not
override it), and ``non_existing`` means "run only while the collection does not exist".

Deliberate differences from Kometa, all fixes of behaviour its own spec calls a bug:

* ``non_existing`` alone or in a list means "or while the collection does not exist" (Kometa treats it
  like ``daily``). ``all[non_existing, x]`` keeps Kometa's meaning: ``x``, or while it does not exist.
* A list is evaluated fully: a *non-existing* item does not stop later items being tried.
* A ``range`` inside ``all[...]`` keeps its range kind when it is what failed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from kometa.schedule.days import (
    DAY_NAMES,
    MONTH_NAMES,
    clamp_range_day,
    is_month_end,
    join_words,
    month_day,
    month_length,
    ordinal,
)

# How far next_match() looks ahead: covers every yearly/monthly pattern; date() beyond it is None.
SEARCH_DAYS = 366 * 8


class Verdict(Enum):
    SCHEDULED = "scheduled"
    NOT_SCHEDULED = "not scheduled"
    NOT_SCHEDULED_RANGE = "not scheduled (range)"
    NON_EXISTING = "non-existing"  # run only if the collection does not exist yet

    @property
    def runs(self) -> bool:
        return self is Verdict.SCHEDULED


class Rule(ABC):
    """One schedule form. ``text`` is the expression as written (for messages)."""

    text: str = ""

    @abstractmethod
    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        """True when a run at ``moment`` (hour ``run_hour``) is scheduled."""

    @abstractmethod
    def explain(self) -> list[str]:
        """Kometa's explanation lines; empty for ``daily`` and ``non_existing``."""

    @abstractmethod
    def describe(self) -> str:
        """One phrase in plain words: ``on Sundays``, ``1 December to 31 December``."""

    def words(self) -> tuple[str, tuple[str, ...]]:
        """``(describe(), explain())``, computed once per rule object (rules are immutable)."""
        cached: tuple[str, tuple[str, ...]] | None = self.__dict__.get("_words")
        if cached is None:
            cached = (self.describe(), tuple(self.explain()))
            object.__setattr__(self, "_words", cached)
        return cached

    @property
    def may_note(self) -> bool:
        """False when :meth:`notes` is always empty (lets callers skip it)."""
        return False

    def day_possible(self, day: date) -> bool:
        """False when no hour of ``day`` can match (lets next_match skip whole days)."""
        return True

    def verdict(self, moment: datetime, run_hour: int | None = None) -> Verdict:
        return Verdict.SCHEDULED if self.matches(moment, run_hour) else Verdict.NOT_SCHEDULED

    def notes(self, moment: datetime) -> list[str]:
        """Warnings worth printing at ``moment`` (e.g. ``monthly(31)`` in a 30-day month)."""
        return []

    @property
    def has_non_existing(self) -> bool:
        return False

    def next_match(self, after: datetime) -> datetime | None:
        """The first whole hour strictly after ``after`` at which the rule matches, or None."""
        zone = after.tzinfo
        start = after.replace(minute=0, second=0, microsecond=0)
        day = start.date()
        for _ in range(SEARCH_DAYS):
            if self.day_possible(day):
                for hour in range(24):
                    moment = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
                    if moment > after and self.matches(moment, hour):
                        return moment
            day += timedelta(days=1)
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"


def _hour(moment: datetime, run_hour: int | None) -> int:
    return moment.hour if run_hour is None else run_hour


@dataclass(frozen=True, repr=False)
class Daily(Rule):
    """``daily`` (any word starting ``day``/``daily``): every run."""

    text: str = "daily"

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return True

    def explain(self) -> list[str]:
        return []

    def describe(self) -> str:
        return "every run"


@dataclass(frozen=True, repr=False)
class Never(Rule):
    """``never``: no run (exact word only)."""

    text: str = "never"

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return False

    def day_possible(self, day: date) -> bool:
        return False

    def explain(self) -> list[str]:
        return ["Never scheduled to run"]

    def describe(self) -> str:
        return "never"


@dataclass(frozen=True, repr=False)
class NonExisting(Rule):
    """``non_existing``: only while the collection/playlist does not exist (verdict NON_EXISTING).

    ``matches`` is False: whether it runs depends on Plex, which the processing stage checks.
    """

    text: str = "non_existing"

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return False

    def day_possible(self, day: date) -> bool:
        return False

    def verdict(self, moment: datetime, run_hour: int | None = None) -> Verdict:
        return Verdict.NON_EXISTING

    @property
    def has_non_existing(self) -> bool:
        return True

    def explain(self) -> list[str]:
        return []

    def describe(self) -> str:
        return "only while it does not exist"


@dataclass(frozen=True, repr=False)
class Hourly(Rule):
    """``hourly(H)`` or ``hourly(A-B)`` (inclusive; A > B wraps midnight), judged by the run hour."""

    start: int
    end: int
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        hour = _hour(moment, run_hour)
        if self.start <= self.end:
            return self.start <= hour <= self.end
        return hour >= self.start or hour <= self.end

    def explain(self) -> list[str]:
        if self.start == self.end:
            return [f"Scheduled to run on the {ordinal(self.start)} hour"]
        return [f"Scheduled to run between the {ordinal(self.start)} hour and the {ordinal(self.end)} hour"]

    def describe(self) -> str:
        if self.start == self.end:
            return f"in runs at {self.start:02d}:00-{self.start:02d}:59"
        return f"in runs at {self.start:02d}:00-{self.end:02d}:59"


@dataclass(frozen=True, repr=False)
class Weekly(Rule):
    """``weekly(D|D...)``: the run's weekday is one of the days."""

    days: tuple[int, ...]
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return moment.weekday() in self.days

    def day_possible(self, day: date) -> bool:
        return day.weekday() in self.days

    def explain(self) -> list[str]:
        return [f"Scheduled weekly on {DAY_NAMES[d]}" for d in self.days]

    def describe(self) -> str:
        return "on " + join_words([DAY_NAMES[d] + "s" for d in self.days], "or")


@dataclass(frozen=True, repr=False)
class Monthly(Rule):
    """``monthly(N)``: day of month == N. No fallback: in a month shorter than N it never runs
    (Kometa 2.x behaviour; :meth:`notes` warns and suggests ``monthly(last)``)."""

    day: int
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return moment.day == self.day

    def day_possible(self, day: date) -> bool:
        return day.day == self.day

    @property
    def may_note(self) -> bool:
        return self.day > 28

    def notes(self, moment: datetime) -> list[str]:
        length = month_length(moment.year, moment.month)
        if self.day > length:
            return [f"schedule '{self.text}': {MONTH_NAMES[moment.month]} {moment.year} has only {length} days, "
                    f"so it does not run this month; use monthly(last) for the last day of every month"]
        return []

    def explain(self) -> list[str]:
        return [f"Scheduled monthly on the {ordinal(self.day)}"]

    def describe(self) -> str:
        return f"on the {ordinal(self.day)} of each month"


@dataclass(frozen=True, repr=False)
class MonthlyLast(Rule):
    """``monthly(last)``: the last day of each month."""

    text: str = "monthly(last)"

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return is_month_end(moment.date())

    def day_possible(self, day: date) -> bool:
        return is_month_end(day)

    def explain(self) -> list[str]:
        return ["Scheduled monthly on the last day of the month"]

    def describe(self) -> str:
        return "on the last day of each month"


def _yearly_day(day: date, month: int, dom: int) -> bool:
    """Kometa's yearly test: month equal and (day equal, or month end and ``dom`` beyond it)."""
    if day.month != month:
        return False
    return day.day == dom or (is_month_end(day) and dom > day.day)


@dataclass(frozen=True, repr=False)
class Yearly(Rule):
    """``yearly(MM/DD)``. A day beyond the month's end means its last day: ``yearly(02/29)`` runs
    on 28 February in non-leap years."""

    month: int
    day: int
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return _yearly_day(moment.date(), self.month, self.day)

    def day_possible(self, day: date) -> bool:
        return _yearly_day(day, self.month, self.day)

    def explain(self) -> list[str]:
        return [f"Scheduled yearly on {month_day(self.month, self.day)}"]

    def describe(self) -> str:
        return f"every {self.day} {MONTH_NAMES[self.month]}"


@dataclass(frozen=True, repr=False)
class OnDate(Rule):
    """``date(MM/DD/YYYY)``: one day (the yearly rule plus the year)."""

    year: int
    month: int
    day: int
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return moment.year == self.year and _yearly_day(moment.date(), self.month, self.day)

    def day_possible(self, day: date) -> bool:
        return day.year == self.year and _yearly_day(day, self.month, self.day)

    def next_match(self, after: datetime) -> datetime | None:
        if after.year > self.year:
            return None
        return super().next_match(after)

    def explain(self) -> list[str]:
        return [f"Scheduled on {month_day(self.month, self.day)}, {self.year}"]

    def describe(self) -> str:
        return f"on {self.day} {MONTH_NAMES[self.month]} {self.year}"


@dataclass(frozen=True)
class Span:
    """One ``MM/DD-MM/DD`` part of a range, already clamped (Feb 29..31 -> 28, Apr 31 -> 30)."""

    start: tuple[int, int]
    end: tuple[int, int]

    def contains(self, day: date) -> bool:
        today = clamp_range_day(day.month, day.day)
        if self.start <= self.end:
            return self.start <= today <= self.end
        return today >= self.start or today <= self.end

    def words(self) -> str:
        if self.start == self.end:
            return month_day(*self.start)
        return f"{month_day(*self.start)} and {month_day(*self.end)}"

    def plain(self) -> str:
        (sm, sd), (em, ed) = self.start, self.end
        if self.start == self.end:
            return f"{sd} {MONTH_NAMES[sm]}"
        if sm == em and sd < ed:
            return f"{sd}–{ed} {MONTH_NAMES[sm]}"
        return f"{sd} {MONTH_NAMES[sm]}–{ed} {MONTH_NAMES[em]}"


@dataclass(frozen=True, repr=False)
class DateRange(Rule):
    """``range(MM/DD-MM/DD|...)``: inclusive spans, a start after the end wraps the new year.

    Days beyond a month's end are clamped, and so is today: 29 February counts as the 28th.
    A non-match is *not scheduled (range)*, which ``--ignore-schedules`` does not override.
    """

    spans: tuple[Span, ...]
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        day = moment.date()
        return any(span.contains(day) for span in self.spans)

    def day_possible(self, day: date) -> bool:
        return any(span.contains(day) for span in self.spans)

    def verdict(self, moment: datetime, run_hour: int | None = None) -> Verdict:
        return Verdict.SCHEDULED if self.matches(moment, run_hour) else Verdict.NOT_SCHEDULED_RANGE

    def explain(self) -> list[str]:
        return ["Scheduled " + " or ".join(span.words() for span in self.spans)]

    def describe(self) -> str:
        return join_words([span.plain() for span in self.spans], "or")
