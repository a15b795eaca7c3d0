"""What a run and the waiter share: the internal environment names the waiter sets for its child
runs, the signals that stop a run and the grace period, and console lines outside the log."""

from __future__ import annotations

import signal

INTERNAL_TRIGGER = "KOMETA_INTERNAL_TRIGGER"
INTERNAL_SCHEDULED = "KOMETA_INTERNAL_SCHEDULED_FOR"
INTERNAL_MISSED = "KOMETA_INTERNAL_MISSED"
STOP_GRACE = 9.0  # seconds a run gets to reach a safe point after SIGTERM/SIGINT


def say(text: str) -> None:
    """A console line outside the log (the waiter's lines, queue notices)."""
    print(f"| {text}", flush=True)


def stop_signals() -> list[signal.Signals]:
    """The signals that stop a run: SIGTERM, SIGINT and, on Windows, SIGBREAK (the waiter sends
    CTRL_BREAK_EVENT to its child, which Python delivers as SIGBREAK)."""
    signals = [signal.SIGTERM, signal.SIGINT]
    if hasattr(signal, "SIGBREAK"):
        signals.append(signal.SIGBREAK)
    return signals
