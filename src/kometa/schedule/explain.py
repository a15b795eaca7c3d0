"""``kometa schedule explain``: the tree library -> file -> collection / playlist / overlays /
operations for one run moment, each schedule in plain words, run or skip and why."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from kometa.core.options import Options
from kometa.schedule.context import load_context, moment_arg
from kometa.schedule.plan import plan_run
from kometa.schedule.plan_model import Decision, FilePlan, Plan, Status

_MARK = {Status.RUN: "[green]✔ run[/]", Status.SKIP: "[red]✘ skip[/]",
         Status.NON_EXISTING: "[yellow]? only if missing[/]"}
_FILE_WORDS = {"collection_files": "collection file", "metadata_files": "metadata file",
               "image_files": "image file", "overlay_files": "overlay file", "playlist_files": "playlist file"}


def decision_text(decision: Decision) -> str:
    """``✔ run  weekly(sunday) = on Sundays · scheduled`` (rich markup)."""
    parts = [_MARK[decision.status]]
    if decision.schedule:
        schedule = escape(decision.schedule)
        if decision.describe and decision.describe != decision.schedule:
            schedule += f" [dim]= {escape(decision.describe)}[/]"
        parts.append(schedule)
    parts.append(f"[dim]· {escape(decision.reason)}[/]")
    if decision.where and decision.schedule:
        parts.append(f"[dim]({escape(_short_where(decision.where))})[/]")
    return "  ".join(parts)


def _short_where(where: str) -> str:
    """``/config/Holiday.yml:3`` -> ``Holiday.yml:3``."""
    return where.replace("\\", "/").rsplit("/", 1)[-1]


def _file_node(parent: Tree, file: FilePlan) -> None:
    node = parent.add(f"{_FILE_WORDS[file.kind]} [bold]{escape(file.name)}[/]  {decision_text(file.decision)}")
    if file.error:
        node.add(f"[red]{escape(file.error)}[/]")
    for definition in file.definitions:
        extra = ""
        if definition.delete_not_scheduled:
            extra += "  [red]deletes the existing one (delete_not_scheduled)[/]"
        for key, visible in definition.visible.items():
            extra += f"  [dim]{key}: {'shown' if visible else 'hidden'}[/]"
        node.add(f"{definition.kind} [bold]{escape(definition.name)}[/]  {decision_text(definition.decision)}{extra}")


def render_tree(plan: Plan) -> Tree:
    moment = plan.moment
    zone = moment.tzname() or ""
    tree = Tree(f"[bold]Run at {moment:%a %Y-%m-%d %H:%M} {zone}[/] (run hour {plan.run_hour})")
    for library in plan.libraries:
        node = tree.add(f"library [bold]{escape(library.mapping_name)}[/]  {decision_text(library.decision)}")
        for operation in library.operations:
            names = ", ".join(operation.operations) or "(empty)"
            node.add(f"operations [bold]{escape(names)}[/]  {decision_text(operation.decision)}")
        for file in library.files:
            _file_node(node, file)
        if library.overlays is not None:
            node.add(f"overlays  {decision_text(library.overlays)}")
    if plan.playlist_files:
        node = tree.add("[bold]playlists[/]")
        for file in plan.playlist_files:
            _file_node(node, file)
    if plan.plex:
        node = tree.add("[bold]plex maintenance[/]")
        for key, decision in plan.plex.items():
            node.add(f"{key}  {decision_text(decision)}")
    for warning in plan.warnings:
        tree.add(f"[yellow]warning: {escape(warning)}[/]")
    return tree


def run(ns: Any, options: Options) -> int:
    context = load_context(ns, options)
    moment = moment_arg(ns.at, context.zone, source="--at")
    run_hour = ns.run_hour if ns.run_hour is not None else moment.hour
    plan = plan_run(context.config, moment, run_hour=run_hour, options=context.options, load=context.loader)
    if ns.json:
        sys.stdout.write(json.dumps(plan.to_dict(), indent=2) + "\n")
        return 0
    console = Console(highlight=False)
    console.print(render_tree(plan))
    console.print("[dim]Schedules decide what a run does; they never start one. "
                  "See when runs happen with 'kometa schedule next' or 'kometa schedule calendar'.[/]")
    return 0
