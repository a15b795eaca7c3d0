"""The run's signal guard and the waiter's child start: no real signals, no real children."""

from __future__ import annotations

import signal
import threading
import time

from kometa import runner


def test_hard_stop_timer_is_cancelled_when_the_run_stops_in_time(monkeypatch):
    monkeypatch.setattr(runner, "STOP_GRACE", 0.2)
    fired: list[int] = []
    with runner._StopOnSignal(threading.Event(), fired.append) as guard:
        guard._handle(signal.SIGTERM, None)  # the run reaches its safe point before the grace ends
    time.sleep(0.5)
    assert fired == []  # os._exit must not hit a process that already stopped cleanly
