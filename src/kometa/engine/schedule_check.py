"""Definition schedules through the schedule language (:mod:`kometa.schedule`).

``schedule`` of a collection/playlist decides whether it runs; ``visible_*`` take a boolean, a
number (> 0 = true) or a schedule (scheduled = pinned, else unpinned).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from kometa.core.options import Options
from kometa.schedule import Verdict, check_schedule, parse_schedule
from kometa.sources.definitions import Definition


class JobLike(Protocol):
    options: Options
    moment: datetime


def _node_line(definition: Definition, key: str) -> int:
    node = definition.node
    lc = getattr(node, "lc", None)
    if lc is not None:
        try:
            return int(lc.key(key)[0]) + 1
        except (KeyError, TypeError):
            pass
    return definition.line


def schedule_verdict(value: Any, job: JobLike, definition: Definition, *, level: str, skip: bool = False) -> str:
    """``scheduled`` / ``not scheduled`` / ``non-existing`` for a definition's ``schedule``."""
    if value is None:
        return "scheduled"
    rule = parse_schedule(value, file=definition.file, line=_node_line(definition, "schedule"))
    if skip:  # --run-collections skips collection schedules (spec 1.7)
        return "scheduled"
    verdict = check_schedule(rule, job.moment, run_hour=job.moment.hour,
                             ignore_schedules=job.options.ignore_schedules, level=level)
    if verdict is Verdict.SCHEDULED:
        return "scheduled"
    if verdict is Verdict.NON_EXISTING:
        return "non-existing"
    return "not scheduled"


def visible_flag(value: Any, job: JobLike, definition: Definition, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    text = str(value).strip().lower()
    if text in ("t", "true"):
        return True
    if text in ("f", "false"):
        return False
    rule = parse_schedule(value, file=definition.file, line=_node_line(definition, key))
    verdict = check_schedule(rule, job.moment, run_hour=job.moment.hour, ignore_schedules=False, level="visible")
    return verdict is Verdict.SCHEDULED


def schedule_note(value: Any, definition: Definition) -> str:
    """Why a definition is not scheduled now: Kometa's explanation lines, joined."""
    rule = parse_schedule(value, file=definition.file, line=_node_line(definition, "schedule"))
    lines = rule.explain() or [f"schedule '{rule.text}'"]
    return "; ".join(line.strip() for line in lines if line.strip())
