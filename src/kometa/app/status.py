"""``kometa status``: is a waiter running, when is its next run, how did the last run go.

Exit 0 when healthy (a live waiter, or the last real run succeeded or is still running; dry runs
do not count), 1 otherwise, so it can serve as a Docker HEALTHCHECK.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from kometa.core.options import Options


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "status", help="show the waiter, the next run and the last run",
        description="Show whether a waiter is running, its next run and the last run's result. "
        "Exit 0 when healthy (a live waiter, or the last run succeeded), 1 otherwise.")
    parser.add_argument("--config", "-c", help="path to config.yml (default as for kometa)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run, options_flags=("config",))


def collect(config_dir: Any) -> dict[str, Any]:
    from kometa.app.lock import WaiterLock
    from kometa.app.procs import pid_alive
    from kometa.app.state import State

    state = State(config_dir)
    waiter = state.waiter()
    live = waiter is not None and WaiterLock(config_dir).held(waiter.pid)

    def shown(record: Any) -> dict[str, Any] | None:
        if record is not None and record.result == "running" and not pid_alive(record.pid):
            return {**record.as_json(), "result": "interrupted"}
        return record.as_json() if record else None

    last = state.last_run()
    real = last if last is None or not last.dry_run else state.last_run(real=True)
    event = next((r for r in state.runs(limit=50) if r.trigger == "event"), None)
    return {
        "waiter": {"pid": waiter.pid if live and waiter else None,
                   "next_run": waiter.next_run if live and waiter else None},
        "last_run": shown(last),
        "last_real_run": shown(real),
        "last_event_run": shown(event),
    }


def healthy(data: dict[str, Any]) -> bool:
    """A live waiter, or the last real (not dry) run succeeded or is still running."""
    last = data.get("last_real_run", data["last_run"])
    return data["waiter"]["pid"] is not None or (last is not None and last["result"] in ("success", "running"))


def run(ns: argparse.Namespace, options: Options) -> int:
    data = collect(options.config_dir)
    ok = healthy(data)
    if ns.json:
        print(json.dumps(data))
        return 0 if ok else 1
    waiter, last = data["waiter"], data["last_run"]
    print(f"Config:   {options.config}")
    if waiter["pid"]:
        print(f"Waiter:   running (pid {waiter['pid']}), next run {waiter['next_run']}")
    else:
        print("Waiter:   not running")
    if last:
        ended = last["ended_at"] or "-"
        dry = ", dry run: nothing was written" if last.get("dry_run") else ""
        what = f" for {last['message']}" if last.get("trigger") == "event" and last.get("message") else ""
        print(f"Last run: {last['result']} ({last['trigger']}{dry}){what}, started {last['started_at']}, ended {ended}")
        if last.get("progress"):
            from kometa.app.progress import describe

            print(f"Progress: {describe(last['progress'])}")
    else:
        print("Last run: none recorded")
    event = data["last_event_run"]
    if event and (last is None or event["started_at"] != last["started_at"]):
        what = f" for {event['message']}" if event.get("message") else ""
        print(f"Last event run: {event['result']}{what}, started {event['started_at']}, ended {event['ended_at'] or '-'}")
    print(f"Health:   {'ok' if ok else 'not ok'}")
    return 0 if ok else 1
