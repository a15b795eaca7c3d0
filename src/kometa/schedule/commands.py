"""``kometa schedule check|explain|calendar``: the config-schedule actions of ``kometa schedule``.

``check`` judges one expression (or ``--batch`` JSON lines) at a moment; ``explain`` shows what one
run does with a config; ``calendar`` combines the run times with the config schedules. Modules are
imported when their action runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from kometa.core.options import Options


def _check(ns: argparse.Namespace) -> int:
    from kometa.schedule.check_cmd import run

    return run(ns)


def _explain(ns: argparse.Namespace, options: Options) -> int:
    from kometa.schedule.explain import run

    return run(ns, options)


def _calendar(ns: argparse.Namespace, options: Options) -> int:
    from kometa.schedule.calendar_cmd import run

    return run(ns, options)


#: The main-command flags explain and calendar read (as the run would) from their namespace.
MAIN_FLAGS = ("config", "times", "cron", "run_libraries", "run_collections", "run_files", "resume",
              "ignore_schedules", "tests", "collections_only", "playlists_only", "operations_only",
              "overlays_only", "metadata_only")


def _config_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", "-c", help="config.yml (default: KOMETA_CONFIG, else config/config.yml)")
    parser.add_argument("--tz", help="IANA time zone (default: TZ, else the system zone)")
    parser.add_argument("--ignore-schedules", action="store_true", help="as the run flag: bypass schedules")
    parser.add_argument("--run-libraries", metavar="NAMES", help="as the run flag: only these libraries")
    parser.add_argument("--run-collections", metavar="NAMES", help="as the run flag: only these collections")
    parser.add_argument("--run-files", metavar="NAMES", help="as the run flag: only these files")
    for only in ("collections", "metadata", "playlists", "operations", "overlays"):
        parser.add_argument(f"--{only}-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")


def register(actions: Any) -> None:
    """Add ``check``, ``explain`` and ``calendar`` to ``kometa schedule``."""
    check: argparse.ArgumentParser = actions.add_parser(
        "check", help="is a schedule expression scheduled at a moment?",
        description="Judge a config schedule at a moment, as a run at that moment would (hourly uses the "
        "moment's hour). Exit 0 scheduled, 1 not scheduled, 2 invalid. EXPR may be a list: "
        "'[\"monthly(1)\", \"monthly(15)\"]'. --batch reads JSON lines {\"expr\", \"at\"} from stdin and "
        "writes one {\"expr\", \"at\", \"scheduled\", \"error\"} line per input.",
    )
    check.add_argument("expr", nargs="?", metavar="EXPR", help="e.g. 'weekly(sunday)' or 'range(12/01-12/31)'")
    check.add_argument("--at", metavar="YYYY-MM-DDTHH:MM", help="the run moment")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--batch", action="store_true", help="JSON lines on stdin -> JSON lines on stdout")
    check.set_defaults(func=_check)

    explain: argparse.ArgumentParser = actions.add_parser(
        "explain", help="what a run at a moment does with your config",
        description="Show library -> file -> collection / playlist / overlays / operations for one run "
        "moment: each schedule in plain words, run or skip and why. Malformed schedules are reported with "
        "file:line (exit 2).",
    )
    _config_flags(explain)
    explain.add_argument("--at", metavar="ISO", help="run moment (default: now), e.g. 2026-12-24T05:00")
    explain.add_argument("--run-hour", type=int, choices=range(24), metavar="H",
                         help="hour hourly() compares with (default: the hour of --at)")
    explain.set_defaults(func=_explain, options_flags=MAIN_FLAGS)

    calendar: argparse.ArgumentParser = actions.add_parser(
        "calendar", help="what each coming run will process",
        description="Combine the run times (--times/--cron, TZ) with the config schedules and list, for each "
        "coming run, what it processes, and for each scheduled part when it runs.",
    )
    _config_flags(calendar)
    calendar.add_argument("--times", "-t", help="HH:MM run times separated by '|' (default: KOMETA_TIMES, 05:00)")
    calendar.add_argument("--cron", help="cron expressions separated by '|' (default: KOMETA_CRON)")
    calendar.add_argument("--days", type=int, default=14, help="how many days ahead (default 14)")
    calendar.add_argument("--from", dest="start", metavar="ISO", help="start instead of now")
    calendar.set_defaults(func=_calendar, options_flags=MAIN_FLAGS)
