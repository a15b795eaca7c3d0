"""``kometa trigger``: ask the running waiter of a config to start a run now.

Works the same on Linux, macOS and Windows (no signals): the command drops a request file in the
config folder; the waiter looks for it every second, removes it (the acknowledgement) and starts
a run. Exit 0 when a waiter acknowledged, 4 when none is running or none answered.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from kometa.core.errors import ExitCode, KometaError, NoWaiterError
from kometa.core.options import Options

TRIGGER_FILE = ".kometa-trigger"
ACK_TIMEOUT = 5.0


def trigger_path(config_dir: Path) -> Path:
    return config_dir / TRIGGER_FILE


def take_request(config_dir: Path) -> bool:
    """Waiter side: True (and the request removed) when a trigger is pending. Cheap: one stat."""
    path = trigger_path(config_dir)
    if not path.exists():
        return False
    try:
        sent = json.loads(path.read_text(encoding="utf-8")).get("at")
    except (OSError, ValueError, AttributeError):
        sent = None  # being written right now, or not ours to judge: a fresh request
    try:
        path.unlink()
    except OSError:
        return False
    # A request nobody answered in time (its sender gave up or was killed) is not a request any more.
    # The sender's own clock stamps it (not the file's mtime: a network share's clock may differ).
    return not isinstance(sent, int | float) or time.time() - sent <= ACK_TIMEOUT + 1


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return str(a) == str(b)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "trigger", help="make the running waiter start a run now",
        description="Make the running waiter of this config start a run within 2 seconds. "
        "Exit 0 when the waiter acknowledged, 4 when no waiter is running.")
    parser.add_argument("--config", "-c", help="path to config.yml (default as for kometa)")
    parser.set_defaults(func=run, options_flags=("config",))


def run(ns: argparse.Namespace, options: Options) -> int:
    from kometa.app.lock import WaiterLock
    from kometa.app.state import State

    config_dir = options.config_dir
    waiter = State(config_dir).waiter()
    if waiter is None or not WaiterLock(config_dir).held(waiter.pid):
        raise NoWaiterError(f"no waiter is running for {options.config}; start one with "
                            f"'kometa --config {options.config}' or run now with '--run'")
    if waiter.config and not _same_file(waiter.config, options.config):
        # One waiter per folder (the lock and kometa.db are per folder): this one runs another config.
        raise NoWaiterError(f"no waiter is running for {options.config}; the waiter in this folder (pid {waiter.pid}) "
                            f"runs {waiter.config}")
    path = trigger_path(config_dir)
    try:
        path.write_text(json.dumps({"pid": os.getpid(), "at": time.time()}), encoding="utf-8")
    except OSError as exc:
        raise KometaError(f"cannot write the trigger request {path}: {exc.strerror or exc}; run 'kometa trigger' as "
                          f"a user who may write in the config folder", exit_code=ExitCode.USAGE) from None
    deadline = time.monotonic() + ACK_TIMEOUT
    acknowledged = False
    try:
        while time.monotonic() < deadline:
            if not path.exists():
                acknowledged = True
                print(f"kometa: waiter (pid {waiter.pid}) is starting a run")
                return 0
            time.sleep(0.05)
    finally:
        if not acknowledged:  # timed out, or Ctrl-C: leave no request behind
            try:
                path.unlink()
            except OSError:
                pass
    raise NoWaiterError(f"the waiter (pid {waiter.pid}) did not answer within {ACK_TIMEOUT:.0f} s")
