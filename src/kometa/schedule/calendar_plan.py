"""``kometa schedule calendar``, the computation: the run moments (``--times``/``--cron``, ``TZ``)
combined with the config schedules: what each coming run will process, and for each scheduled part
when it runs ("Christmas: runs 1–31 December at 05:00"). (Not named ``calendar.py``: that would
shadow the standard library module whenever this folder is on ``sys.path``.)

Also warns when a schedule can never meet a run (spec 13.1: ``hourly(17)`` with one 05:00 run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from kometa.config.model import Config
from kometa.core.options import Options
from kometa.schedule.days import MONTH_NAMES
from kometa.schedule.plan import Loader, plan_run
from kometa.schedule.plan_model import Decision, Plan, Status
from kometa.schedule.rules import Rule, Verdict
from kometa.timing.runtimes import RunTimes, wall_moment

LOOKAHEAD_DAYS = 400  # how far "next run" looks past the window
_RUN_GROUPS = ("library", "collection", "playlist", "overlays", "operations", "metadata", "plex")


@dataclass
class PartTimeline:
    """One part of the config and the run moments (in the window) at which it runs."""

    part: str
    library: str
    file: str
    name: str
    schedule: str | None
    describe: str | None
    rule: Rule | None
    runs: list[datetime] = field(default_factory=list)
    only_if_missing: list[datetime] = field(default_factory=list)
    skips: list[tuple[datetime, str]] = field(default_factory=list)
    next_run: datetime | None = None
    chain: list[tuple[str, Rule]] = field(default_factory=list)  # schedules above it: (label, rule)

    @property
    def label(self) -> str:
        where = " / ".join(p for p in (self.library, self.file) if p and p != self.name)
        return f"{self.name} ({where})" if where else self.name


@dataclass
class Calendar:
    start: datetime
    end: datetime
    run_times: RunTimes
    moments: list[datetime]
    plans: list[Plan]
    parts: list[PartTimeline]
    warnings: list[str]

    def summary(self, timeline: PartTimeline) -> str:
        return summarize(timeline.runs, self.moments)


def _group(part: str) -> str:
    return "metadata" if part in ("metadata_files", "image_files") else part


def runs_by_group(plan: Plan) -> dict[str, list[str]]:
    """What a run does: names per group (libraries, collections, playlists, ...)."""
    groups: dict[str, list[str]] = {g: [] for g in (*_RUN_GROUPS, "only_if_missing")}
    for part, library, _file, name, decision in plan.parts():
        group = _group(part)
        label = name if part in ("library", "plex") or not library else f"{library}: {name}"
        if decision.status is Status.NON_EXISTING:
            groups["only_if_missing"].append(label)
        elif decision.runs and group in groups:
            groups[group].append(label)
    return groups


def _date_span(first: date, last: date, with_year: bool) -> str:

    def year(day: date) -> str:
        return f" {day.year}" if with_year else ""

    if first == last:
        return f"{first.day} {MONTH_NAMES[first.month]}{year(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTH_NAMES[first.month]}{year(first)}"
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month]}–{last.day} {MONTH_NAMES[last.month]}{year(last)}"
    return f"{first.day} {MONTH_NAMES[first.month]} {first.year}–{last.day} {MONTH_NAMES[last.month]} {last.year}"


def summarize(runs: Sequence[datetime], moments: Sequence[datetime]) -> str:
    """``runs 1–31 December at 05:00``: runs grouped by time of day, consecutive runs as spans."""
    if not moments:
        return "no run in this window"
    if not runs:
        return "does not run in this window"
    with_year = moments[0].year != moments[-1].year
    by_time: dict[str, list[datetime]] = {}
    for moment in moments:
        by_time.setdefault(moment.strftime("%H:%M"), []).append(moment)
    ran = set(runs)
    clocks_by_spans: dict[str, list[str]] = {}
    for clock, slots in sorted(by_time.items()):
        spans: list[str] = []
        first: datetime | None = None
        previous: datetime | None = None
        for slot in [*slots, None]:
            if slot is not None and slot in ran:
                first = first or slot
                previous = slot
                continue
            if first is not None and previous is not None:
                spans.append(_date_span(first.date(), previous.date(), with_year))
            first = previous = None
        if spans:
            clocks_by_spans.setdefault(", ".join(spans), []).append(clock)
    pieces = [f"{spans} at {' and '.join(clocks)}" for spans, clocks in clocks_by_spans.items()]
    every = " (every run)" if len(runs) == len(moments) else ""
    return "runs " + "; ".join(pieces) + every


_RUNS = (Verdict.SCHEDULED, Verdict.NON_EXISTING)


def _next_run(rules: Sequence[Rule], future: Sequence[datetime]) -> datetime | None:
    """The first future run moment at which every rule (its own and those above it) lets it run."""
    for moment in future:
        if all(rule.verdict(moment, moment.hour) in _RUNS for rule in rules):
            return moment
    return None


def _never_warning(timeline: PartTimeline) -> str:
    above = "; ".join(f"{label}: {rule.text}" for label, rule in timeline.chain)
    return (f"{timeline.label}: never runs in the next {LOOKAHEAD_DAYS} days: its schedule '{timeline.schedule}' "
            f"never meets a run together with the schedules above it ({above})")


def _hourly_warning(timeline: PartTimeline, run_times: RunTimes) -> str | None:
    if timeline.rule is None or "hour" not in (timeline.schedule or "").lower() or timeline.runs:
        return None
    if timeline.only_if_missing:
        return None
    return (f"{timeline.label}: schedule '{timeline.schedule}' never meets a run in this window; runs start at "
            f"{run_times.describe()} and config schedules never start a run: add a matching time to --times "
            f"or change the schedule")


def run_hour_of(moment: datetime, run_times: RunTimes) -> int:
    """The hour ``hourly()`` compares with: the hour of the configured time that fired (spec 1.5).

    Usually ``moment.hour``; on a spring-forward day ``--times 02:30`` fires at 03:00 and its run
    hour is still 2.
    """
    for at in run_times.times:
        if wall_moment(moment.date(), at, run_times.zone) == moment:
            return at.hour
    return moment.hour


def build_calendar(config: Config, options: Options, run_times: RunTimes, start: datetime, days: int,
                   loader: Loader, *, planner: Callable[..., Plan] = plan_run) -> Calendar:
    """Plan every run moment in ``(start, start + days]``."""
    end = start + timedelta(days=days)
    moments = run_times.between(start, end)
    memo: dict[Any, Any] = {}
    plans = [planner(config, moment, run_hour=run_hour_of(moment, run_times), options=options, load=loader,
                     memo=memo) for moment in moments]
    timelines: dict[tuple[str, str, str, str], PartTimeline] = {}
    above: dict[tuple[str, str], tuple[str, Rule]] = {}  # (library, "") / (library, file) -> schedule
    warnings: list[str] = []
    for plan in plans:
        for warning in plan.warnings:
            if warning not in warnings:
                warnings.append(warning)
        for part, library, file, name, decision in plan.parts():
            key = (part, library, file, name)
            timeline = timelines.get(key)
            if timeline is None:
                timeline = timelines[key] = PartTimeline(part, library, file, name, decision.schedule,
                                                         decision.describe, decision.rule)
                timeline.chain = _chain(part, library, file, above)
            if decision.rule is not None and (part == "library" or part.endswith("_files")):
                above[(library, file if part != "library" else "")] = (f"{part.replace('_files', ' file')} {name}",
                                                                       decision.rule)
            _record(timeline, plan.moment, decision)
    future: list[datetime] | None = None
    for timeline in timelines.values():
        if timeline.rule is not None and not timeline.runs and not timeline.only_if_missing:
            if future is None:
                future = run_times.between(end, end + timedelta(days=LOOKAHEAD_DAYS))
            timeline.next_run = _next_run([timeline.rule, *(rule for _, rule in timeline.chain)], future)
            if timeline.next_run is None and timeline.chain and timeline.rule.next_match(end) is not None:
                warnings.append(_never_warning(timeline))
        hourly = _hourly_warning(timeline, run_times) if moments else None
        if hourly:
            warnings.append(hourly)
    return Calendar(start, end, run_times, moments, plans, list(timelines.values()), warnings)


def _chain(part: str, library: str, file: str,
           above: dict[tuple[str, str], tuple[str, Rule]]) -> list[tuple[str, Rule]]:
    if part == "library":
        return []
    chain = [above[(library, "")]] if library and (library, "") in above else []
    if part in ("collection", "playlist") and (library, file) in above:
        chain.append(above[(library, file)])
    return chain


def _record(timeline: PartTimeline, moment: datetime, decision: Decision) -> None:
    if timeline.rule is None and decision.rule is not None:
        timeline.rule = decision.rule
        timeline.schedule = decision.schedule
        timeline.describe = decision.describe
    if decision.status is Status.RUN:
        timeline.runs.append(moment)
    elif decision.status is Status.NON_EXISTING:
        timeline.only_if_missing.append(moment)
    else:
        timeline.skips.append((moment, decision.reason))


def calendar_to_dict(calendar: Calendar) -> dict[str, Any]:
    return {
        "zone": str(getattr(calendar.run_times.zone, "key", calendar.run_times.zone)),
        "run_times": calendar.run_times.describe(),
        "from": calendar.start.isoformat(),
        "to": calendar.end.isoformat(),
        "moments": [
            {"moment": plan.moment.isoformat(), "run_hour": plan.run_hour, "runs": runs_by_group(plan),
             "skipped": [{"part": part, "library": lib, "file": file, "name": name, "reason": d.reason}
                         for part, lib, file, name, d in plan.parts() if d.status is Status.SKIP]}
            for plan in calendar.plans
        ],
        "parts": [
            {"part": t.part, "library": t.library, "file": t.file, "name": t.name, "schedule": t.schedule,
             "describe": t.describe, "summary": calendar.summary(t), "runs": [m.isoformat() for m in t.runs],
             "only_if_missing": [m.isoformat() for m in t.only_if_missing],
             "next_run": t.next_run.isoformat() if t.next_run else None}
            for t in calendar.parts
        ],
        "warnings": list(calendar.warnings),
    }
