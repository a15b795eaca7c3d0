"""The waiter's event side: a settled burst becomes one child run with the scope handed over, a
full run covers what came before it, and the countdown line names the last event run."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from kometa.app.event_runs import EventRuns
from kometa.core.options import Options
from kometa.events.scope import SCOPE_ENV, Change, Scope
from kometa.timing.clock import FakeClock


class ChildRuns:
    """Stands in for the waiter's child processes: records what each would have been given."""

    def __init__(self, code: int = 0) -> None:
        self.code = code
        self.calls: list[tuple[str, dict[str, str]]] = []

    def run_child(self, trigger, scheduled_for, missed, extra_env=None, worker=None):
        assert worker is not None  # scoped runs go to the event worker
        self.calls.append((trigger, dict(extra_env or {})))
        return self.code

    def child_command(self):
        return ["kometa", "--run", "--wait"]

    def child_env(self, trigger, scheduled_for, missed, extra_env=None):
        return {}


def _events(tmp_path: Path, code: int = 0) -> tuple[EventRuns, ChildRuns, FakeClock]:
    clock = FakeClock(datetime(2026, 6, 1, 14, 2, tzinfo=UTC))
    runner = ChildRuns(code)
    events = EventRuns(Options(config=tmp_path / "config.yml", settle=10.0), runner, clock, threading.Event())
    return events, runner, clock


def test_one_child_run_per_settled_burst_with_the_scope(tmp_path):
    events, runner, clock = _events(tmp_path)
    assert events.countdown_text(UTC) == " | Last event run: none yet"
    events.add([Change("plex", "added", section="1", rating_keys=("5",))])
    clock.advance(4)
    events.add([Change("plex", "added", section="1", rating_keys=("6",))])
    assert events.seconds_until_due() == 10 and events.take_due() is None
    clock.advance(10)
    scope = events.take_due()
    assert scope is not None
    events.run(scope)
    ((trigger, env),) = runner.calls
    assert trigger == "event" and Scope.from_json(env[SCOPE_ENV]).rating_keys() == {"5", "6"}
    assert events.countdown_text(UTC) == " | Last event run: Mon 14:02 (success)"
    assert events.seconds_until_due() is None


def test_a_full_run_covers_waiting_changes_and_echoes_are_not_taken(tmp_path):
    events, runner, clock = _events(tmp_path, code=1)
    events.add([Change("sonarr", "added", media="show")])
    events.run_started(full=True)
    events.add([Change("plex", "updated", section="2", rating_keys=("9",))])  # our own write, echoed
    events.run_ended()
    clock.advance(60)
    assert events.take_due() is None and runner.calls == []
    events.add([Change("plex", "added", section="2", rating_keys=("10",))])
    clock.advance(10)
    events.run(events.take_due())
    assert events.countdown_text(UTC).endswith("(exit 1)")


def test_a_bad_listen_is_refused_before_the_waiter_starts(tmp_path):
    import pytest

    from kometa.app.event_runs import check_options
    from kometa.app.waiting import wait
    from kometa.core.errors import UsageError

    with pytest.raises(UsageError, match="KOMETA_LISTEN_TOKEN"):
        wait(Options(config=tmp_path / "config.yml", listen="8766"), [])
    assert not (tmp_path / "kometa.db").exists()  # no waiter row was written
    with pytest.raises(UsageError, match="HOST:PORT"):
        check_options(Options(config=tmp_path / "config.yml", listen="host:", listen_token="t"))
    check_options(Options(config=tmp_path / "config.yml", listen="127.0.0.1:8766", listen_token="t"))
