"""Terminal and JSON output of ``kometa schedule calendar``."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kometa.core.options import Options
from kometa.schedule.calendar_plan import Calendar, build_calendar, calendar_to_dict, runs_by_group
from kometa.schedule.context import load_context, moment_arg
from kometa.timing.runtimes import RunTimes, zone_name

_SHOWN = 6  # names per cell before "+N more"


def _names(names: list[str]) -> str:
    if not names:
        return "[dim]–[/]"
    shown = ", ".join(escape(n) for n in names[:_SHOWN])
    return shown + (f" [dim]+{len(names) - _SHOWN} more[/]" if len(names) > _SHOWN else "")


def moments_table(calendar: Calendar) -> Table:
    table = Table(title="What each run does", title_justify="left")
    table.add_column("Run", no_wrap=True)
    for header in ("Libraries", "Collections", "Playlists", "Overlays", "Operations", "Only if missing"):
        table.add_column(header)
    for plan in calendar.plans:
        groups = runs_by_group(plan)
        operations = groups["operations"] + groups["metadata"] + groups["plex"]
        table.add_row(f"{plan.moment:%a %Y-%m-%d %H:%M}", _names(groups["library"]), _names(groups["collection"]),
                      _names(groups["playlist"]), _names(groups["overlays"]), _names(operations),
                      _names(groups["only_if_missing"]))
    return table


def parts_table(calendar: Calendar) -> Table:
    table = Table(title="Scheduled parts (and parts a schedule above them limits)", title_justify="left")
    table.add_column("Part")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Schedule")
    table.add_column("In this window")
    for timeline in calendar.parts:
        if timeline.schedule is None and len(timeline.runs) == len(calendar.moments):
            continue
        schedule = escape(timeline.schedule) if timeline.schedule else "[dim](none of its own)[/]"
        if timeline.describe and timeline.describe != timeline.schedule:
            schedule += f"\n[dim]{escape(timeline.describe)}[/]"
        summary = escape(calendar.summary(timeline))
        if timeline.only_if_missing:
            summary += f"\n[yellow]{len(timeline.only_if_missing)} more run(s) only if it does not exist[/]"
        if timeline.next_run is not None:
            summary += f"\n[dim]next: {timeline.next_run:%a %Y-%m-%d %H:%M}[/]"
        elif not timeline.runs and timeline.skips:
            summary += f"\n[dim]{escape(timeline.skips[0][1])}[/]"
        table.add_row(escape(timeline.label), timeline.part.replace("_files", " file"), schedule, summary)
    return table


def render(calendar: Calendar, console: Console) -> None:
    zone = zone_name(calendar.run_times.zone)
    console.print(f"[bold]Runs at {escape(calendar.run_times.describe())} ({zone}), "
                  f"{calendar.start:%Y-%m-%d %H:%M} to {calendar.end:%Y-%m-%d %H:%M}: "
                  f"{len(calendar.moments)} run(s)[/]")
    if not calendar.moments:
        console.print("No run in this window: check --times/--cron and --days.")
        return
    console.print(moments_table(calendar))
    console.print(parts_table(calendar))
    always = sum(1 for t in calendar.parts if t.schedule is None and len(t.runs) == len(calendar.moments))
    console.print(f"[dim]{always} part(s) without a schedule run at every run and are not listed.[/]")
    for warning in calendar.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")


def run(ns: Any, options: Options) -> int:
    from kometa.core.errors import UsageError

    if ns.days < 1 or ns.days > 3660:
        raise UsageError(f"--days={ns.days} must be between 1 and 3660")
    context = load_context(ns, options)
    run_times = RunTimes.from_text(context.options.times, context.options.cron, context.zone)
    start = moment_arg(ns.start, context.zone, source="--from")
    calendar = build_calendar(context.config, context.options, run_times, start, ns.days, context.loader)
    if ns.json:
        sys.stdout.write(json.dumps(calendar_to_dict(calendar), ensure_ascii=False) + "\n")
        return 0
    render(calendar, Console(highlight=False))
    return 0
