"""When a scheduler should start kometa: ``--times``/``--cron``/``--every`` reduced to plain data.

Each target speaks its own calendar language (systemd ``OnCalendar``, launchd
``StartCalendarInterval``, crontab fields, Task Scheduler triggers). This module turns our flags into
two shapes they can all read: a sorted list of wall times, and :class:`CronFields` (the value sets of
one cron expression, parsed by cronsim so we never re-implement cron). What a target cannot express
is rejected with a :class:`UsageError` naming the expression and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from cronsim import CronSim, CronSimError

from kometa.core.errors import UsageError
from kometa.core.options import parse_duration

DAY_MINUTES = 24 * 60
WEEKDAY_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


def every_times(text: str) -> list[time]:
    """``--every 6h`` -> 00:00, 06:00, 12:00, 18:00: the interval must divide a day evenly."""
    seconds = parse_duration(text, source="--every")
    minutes = seconds / 60
    if minutes < 5 or minutes != int(minutes) or DAY_MINUTES % int(minutes):
        raise UsageError(
            f"--every={text!r} must divide a day evenly in whole minutes, at least 5m "
            "(e.g. 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h)"
        )
    step = int(minutes)
    return [time(m // 60, m % 60) for m in range(0, DAY_MINUTES, step)]


def format_time(at: time) -> str:
    return at.strftime("%H:%M:%S" if at.second else "%H:%M")


def times_text(times: list[time] | tuple[time, ...]) -> str:
    """The ``--times`` value for these times: ``00:00|06:00``."""
    return "|".join(format_time(t) for t in times)


def group_by_hours(times: list[time] | tuple[time, ...]) -> list[tuple[tuple[int, ...], tuple[int, int]]]:
    """Group times sharing minute and second into ``(hours, (minute, second))``, for compact calendars.

    ``00:00|06:00|12:00|18:00`` -> ``[((0, 6, 12, 18), (0, 0))]``.
    """
    groups: dict[tuple[int, int], list[int]] = {}
    for at in sorted(times):
        groups.setdefault((at.minute, at.second), []).append(at.hour)
    return [(tuple(hours), key) for key, hours in groups.items()]


def group_minutes_by_hours(times: list[time] | tuple[time, ...]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Group times (whole minutes) into ``(minutes, hours)`` pairs: one cron line each.

    Minutes that run at the same set of hours share a line, so ``--every 15m`` is one line
    (``0,15,30,45 *``) and ``05:00|17:30`` two.
    """
    by_minute: dict[int, list[int]] = {}
    for at in sorted(times):
        by_minute.setdefault(at.minute, []).append(at.hour)
    by_hours: dict[tuple[int, ...], list[int]] = {}
    for minute, hours in sorted(by_minute.items()):
        by_hours.setdefault(tuple(hours), []).append(minute)
    return [(tuple(minutes), hours) for hours, minutes in by_hours.items()]


def even_interval(times: list[time] | tuple[time, ...]) -> int | None:
    """Minutes between runs when the times repeat evenly around the whole day (``--every``), else None."""
    if len(times) < 2:
        return None
    marks = sorted(t.hour * 60 + t.minute for t in times)
    if any(t.second for t in times):
        return None
    step = marks[1] - marks[0]
    if step <= 0 or DAY_MINUTES % step or len(marks) != DAY_MINUTES // step:
        return None
    if all(b - a == step for a, b in zip(marks, marks[1:], strict=False)):
        return step
    return None


def require_whole_minutes(times: list[time] | tuple[time, ...], target: str) -> None:
    for at in times:
        if at.second:
            raise UsageError(f"--times: {format_time(at)} has seconds, but {target} schedules in whole minutes")


@dataclass(frozen=True)
class CronFields:
    """The value sets of one 5-field cron expression; ``None`` means every value (``*``).

    ``days_or_weekdays`` is True when both day-of-month and day-of-week are restricted and cron
    runs when *either* matches (cron's classic rule); False when both must match.
    """

    expr: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...] | None
    days: tuple[int, ...] | None
    months: tuple[int, ...] | None
    weekdays: tuple[int, ...] | None  # 0 = Sunday .. 6 = Saturday
    days_or_weekdays: bool

    @property
    def daily(self) -> bool:
        return self.days is None and self.months is None and self.weekdays is None


def cron_fields(expr: str) -> CronFields:
    """Parse one (already validated) cron expression into value sets, rejecting cronsim's extensions
    (``L``, ``W``, ``#``) that no service manager can express."""
    try:
        sim = CronSim(expr, datetime(2000, 1, 1))
    except CronSimError as exc:  # pragma: no cover - parse_cron validated it already
        raise UsageError(f"--cron: {expr!r} is not a valid cron expression: {exc}") from None
    if any(not isinstance(d, int) or d < 0 for d in sim.days) or any(
        not isinstance(w, int) for w in sim.weekdays
    ):
        raise UsageError(
            f"--cron: {expr!r} uses L, W or # (last/nearest/nth day), which service schedulers cannot express; "
            "use plain values, ranges and steps"
        )
    if sim.seconds != {0}:  # pragma: no cover - 5-field expressions always have second 0
        raise UsageError(f"--cron: {expr!r} has a seconds field; use 5 fields")
    weekdays = {w % 7 for w in sim.weekdays if isinstance(w, int)}

    def restricted(values: set[int], full: range) -> tuple[int, ...] | None:
        return None if values >= set(full) else tuple(sorted(values))

    days = restricted(set(sim.days), range(1, 32))
    wdays = restricted(weekdays, range(0, 7))
    return CronFields(
        expr=expr,
        minutes=tuple(sorted(sim.minutes)),
        hours=restricted(set(sim.hours), range(0, 24)),
        days=days,
        months=restricted(set(sim.months), range(1, 13)),
        weekdays=wdays,
        days_or_weekdays=days is not None and wdays is not None and not sim.day_and,
    )


def compress(values: tuple[int, ...], sep: str = "..", fmt: Callable[[int], str] = str) -> str:
    """``(1, 2, 3, 5)`` -> ``1..3,5`` (runs of three or more become ranges)."""
    parts: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(fmt(values[i]) + sep + fmt(values[j]))
        else:
            parts.extend(fmt(v) for v in values[i : j + 1])
        i = j + 1
    return ",".join(parts)
