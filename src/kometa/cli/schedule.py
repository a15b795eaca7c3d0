"""``kometa schedule ...``: ``next`` (when the tool runs) and the config-schedule commands
(``check``, ``explain``, ``calendar``: what a run does), under one subcommand."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schedule", help="check run times and config schedules",
        description="Check when runs happen (next) and what each run does (check, explain, calendar).",
    )
    actions = parser.add_subparsers(dest="action", required=True)
    from kometa.timing import next_cmd

    next_cmd.register(actions)
    from kometa.schedule import commands

    commands.register(actions)
