"""``kometa schedule next``: list the coming run moments with their UTC offsets."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from kometa.core.errors import UsageError
from kometa.core.options import Options
from kometa.timing.runtimes import RunTimes, resolve_zone, zone_name


def register(actions: Any) -> None:
    parser: argparse.ArgumentParser = actions.add_parser(
        "next", help="list the coming run moments",
        description="List the moments the waiter will run at, with UTC offsets, so you can check "
        "TZ and --times before waiting a day. Flags default to what the waiter uses: KOMETA_TIMES, "
        "KOMETA_CRON and TZ from the environment or the .env beside config.yml.",
    )
    parser.add_argument("--config", "-c", help="path to config.yml, for the .env beside it (default as for kometa)")
    parser.add_argument("--times", "-t", help="HH:MM times separated by '|' (default 05:00)")
    parser.add_argument("--cron", help="cron expressions separated by '|'")
    parser.add_argument("--tz", help="IANA time zone (default: TZ, else the system zone)")
    parser.add_argument("--from", dest="start", metavar="ISO", help="start from this moment instead of now")
    parser.add_argument("--count", type=int, default=5, help="how many moments (default 5)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of ISO-8601 strings")
    parser.set_defaults(func=run, options_flags=("config",))


def parse_moment(text: str, zone: Any, *, source: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{source}={text!r} is not an ISO-8601 moment, e.g. 2026-03-08T01:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def run(ns: argparse.Namespace, options: Options) -> int:
    from kometa.timing.clock import SystemClock

    if ns.count < 1:
        raise UsageError(f"--count={ns.count} must be at least 1")
    # The waiter's own sources (KOMETA_* and aliases, legacy PMM_*, .env beside config.yml, TZ);
    # flags given here win, so "what if" questions work too.
    zone = resolve_zone(ns.tz or options.tz)
    times = ns.times if ns.times is not None else options.times
    cron = ns.cron if ns.cron is not None else options.cron
    run_times = RunTimes.from_text(times, cron, zone)
    start = parse_moment(ns.start, zone, source="--from") if ns.start else SystemClock().now()
    moments = []
    moment = start
    for _ in range(ns.count):
        moment = run_times.next_after(moment)
        moments.append(moment)
    if ns.json:
        print(json.dumps([m.isoformat() for m in moments]))
        return 0
    offset = start.astimezone(zone).strftime("%z")
    print(f"Run times {run_times.describe()} in {zone_name(zone)} (UTC{offset[:3]}:{offset[3:]} now)")
    for m in moments:
        print(f"  {m.strftime('%a %Y-%m-%d %H:%M:%S')} {m.strftime('%z')[:3]}:{m.strftime('%z')[3:]} ({m.tzname()})")
    return 0
