"""Run times: the moments at which the waiter starts a run.

``--times`` holds local wall-clock times (``05:00|17:30``), ``--cron`` holds 5-field cron
expressions; both are combined. Moments are time-zone aware datetimes in the configured zone.

DST rules, for each configured wall time and each local calendar day:

* a time inside a spring-forward gap fires once, at the end of the gap (02:30 on the US
  spring-forward day fires at 03:00 EDT);
* a time inside a repeated fall-back hour fires once, at its first occurrence;
* so every configured time fires exactly once per local calendar day.

Cron expressions follow the same rules (cronsim implements them that way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

from kometa.core.errors import UsageError

DEFAULT_TIMES = "05:00"
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _split(text: str) -> list[str]:
    """Kometa's splitting: on ``|``; when that yields one piece, on ``,``."""
    pieces = text.split("|")
    if len(pieces) == 1:
        pieces = text.split(",")
    return [p.strip() for p in pieces]


def parse_times(text: str, *, source: str = "--times") -> list[time]:
    """Parse ``HH:MM[:SS]`` times separated by ``|`` or ``,``; duplicates collapse, sorted.

    Raises :class:`UsageError` naming the bad piece.
    """
    result: set[time] = set()
    for piece in _split(text):
        if not piece:
            raise UsageError(
                f"{source}: blank time in {text!r}; expected HH:MM times separated by '|', e.g. 05:00|17:30"
            )
        match = _TIME_RE.match(piece)
        if match is None:
            raise UsageError(f"{source}: {piece!r} is not a time; expected HH:MM between 00:00 and 23:59")
        hour, minute = int(match.group(1)), int(match.group(2))
        second = int(match.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise UsageError(f"{source}: {piece!r} is out of range; expected HH:MM between 00:00 and 23:59")
        result.add(time(hour, minute, second))
    return sorted(result)


def parse_cron(text: str, *, source: str = "--cron") -> list[str]:
    """Parse ``|``-separated 5-field cron expressions; raise :class:`UsageError` on a bad one."""
    exprs: list[str] = []
    for piece in text.split("|"):
        expr = " ".join(piece.split())
        if not expr:
            raise UsageError(f"{source}: blank cron expression in {text!r}; expected e.g. '0 5 * * *'")
        if len(expr.split(" ")) != 5:
            raise UsageError(
                f"{source}: {expr!r} must have 5 fields (minute hour day month weekday), e.g. '0 5 * * *'"
            )
        try:
            CronSim(expr, datetime(2000, 1, 1))
        except CronSimError as exc:
            raise UsageError(f"{source}: {expr!r} is not a valid cron expression: {exc}") from None
        if expr not in exprs:
            exprs.append(expr)
    return exprs


def resolve_zone(name: str | None) -> tzinfo:
    """The zone named by ``TZ`` (IANA name, leading ``:`` allowed), else the system zone."""
    if name:
        key = name[1:] if name.startswith(":") else name
        if key.startswith("/"):
            return _zone_from_file(name, key)
        try:
            return ZoneInfo(key)
        except (ValueError, OSError, KeyError):
            raise UsageError(
                f"TZ={name!r} is not a known IANA time zone; use a name like America/New_York or Europe/London"
            ) from None
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # pragma: no cover - depends on the host
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local


def _zone_from_file(name: str, path: str) -> tzinfo:
    """``TZ=:/etc/localtime`` or ``TZ=/usr/share/zoneinfo/Area/City`` (glibc's file form)."""
    import os

    real = os.path.realpath(path)
    marker = "/zoneinfo/"
    if marker in real:  # a file in a zoneinfo tree: use its IANA name, so logs and status show it
        try:
            return ZoneInfo(real.split(marker, 1)[1])
        except (ValueError, OSError, KeyError):
            pass
    try:
        with open(real, "rb") as file:
            return ZoneInfo.from_file(file, key=os.path.basename(real))
    except (ValueError, OSError):
        raise UsageError(
            f"TZ={name!r} is not a readable time zone file; use a name like America/New_York or Europe/London"
        ) from None


def zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


def wall_moment(day: date, at: time, zone: tzinfo) -> datetime:
    """The aware moment for wall time ``at`` on local ``day`` in ``zone``, with the DST rules above."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)
    # A wall time that does not exist (spring-forward gap) does not survive a round trip.
    if first.astimezone(ZoneInfoUTC).astimezone(zone).replace(tzinfo=None) == naive:
        return first
    second = naive.replace(tzinfo=zone, fold=1)
    lo = min(first.astimezone(ZoneInfoUTC), second.astimezone(ZoneInfoUTC))
    hi = max(first.astimezone(ZoneInfoUTC), second.astimezone(ZoneInfoUTC))
    after = hi.astimezone(zone).utcoffset()
    # Binary search the transition instant: the first UTC second carrying the new offset.
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0).astimezone(zone)


ZoneInfoUTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class RunTimes:
    """The combined ``--times`` and ``--cron`` schedule in one zone."""

    times: tuple[time, ...] = (time(5, 0),)
    crons: tuple[str, ...] = ()
    zone: tzinfo = field(default_factory=lambda: ZoneInfoUTC)

    @classmethod
    def from_text(cls, times: str | None, cron: str | None, zone: tzinfo) -> RunTimes:
        """Build from flag values. ``--times`` defaults to 05:00 only when no ``--cron`` is given."""
        if times is None and cron:
            parsed_times: list[time] = []
        else:
            parsed_times = parse_times(times if times is not None else DEFAULT_TIMES)
        crons = parse_cron(cron) if cron else []
        return cls(tuple(parsed_times), tuple(crons), zone)

    def describe(self) -> str:
        parts = [t.strftime("%H:%M:%S" if t.second else "%H:%M") for t in self.times]
        parts += [f"cron({c})" for c in self.crons]
        return ", ".join(parts)

    def next_after(self, after: datetime) -> datetime:
        """The first run moment strictly after ``after`` (an aware datetime)."""
        candidates: list[datetime] = []
        local = after.astimezone(self.zone)
        if self.times:
            day = local.date() - timedelta(days=1)
            for _ in range(4):
                for at in self.times:
                    moment = wall_moment(day, at, self.zone)
                    if moment > after:
                        candidates.append(moment)
                if candidates:
                    break
                day += timedelta(days=1)
        for expr in self.crons:
            # cronsim works at minute resolution and returns moments strictly after its start.
            start = local.replace(second=0, microsecond=0)
            for moment in CronSim(expr, start):
                if moment > after:
                    candidates.append(moment)
                    break
        if not candidates:
            raise UsageError("no run times configured; give --times or --cron")
        return min(candidates).astimezone(self.zone)

    def iter_from(self, after: datetime) -> Iterator[datetime]:
        moment = after
        while True:
            moment = self.next_after(moment)
            yield moment

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Every run moment in ``(start, end]``."""
        result: list[datetime] = []
        for moment in self.iter_from(start):
            if moment > end:
                break
            result.append(moment)
        return result
