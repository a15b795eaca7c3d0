"""Live progress: the running run's phase, counts and ETA in its history row, shown by status."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kometa.app import status
from kometa.app.progress import ProgressWriter, estimate
from kometa.app.state import State
from kometa.core.options import Options
from kometa.timing.clock import FakeClock

T0 = datetime(2026, 6, 1, 5, 0, tzinfo=UTC)


def test_eta_from_the_previous_run_then_from_the_pace_so_far():
    assert estimate(T0, T0 + timedelta(minutes=1), 0, 4, previous=600) == T0 + timedelta(minutes=10)
    # the previous run's length has passed: a straight line from the libraries done
    assert estimate(T0, T0 + timedelta(minutes=12), 3, 4, previous=600) == T0 + timedelta(minutes=16)
    assert estimate(T0, T0 + timedelta(minutes=1), 0, 4, previous=None) is None
    assert estimate(T0, T0 + timedelta(minutes=2), 1, 2, previous=None) == T0 + timedelta(minutes=4)


def test_progress_is_written_while_running_and_shown_by_status(tmp_path: Path, capsys) -> None:
    state = State(tmp_path)
    earlier = state.start_run("scheduled", None, T0 - timedelta(days=1))
    state.end_run(earlier, T0 - timedelta(days=1) + timedelta(minutes=20), "success")
    assert state.last_duration("full") == 1200 and state.last_duration("event") is None
    clock = FakeClock(T0)
    run = state.start_run("manual", None, T0)
    writer = ProgressWriter(state, run, T0, clock, UTC, state.last_duration("full"))
    clock.advance(90)
    writer("library Movies", 0, 2)
    data = status.collect(tmp_path)
    assert data["last_run"]["progress"] == {"phase": "library Movies", "done": 0, "total": 2,
                                            "updated_at": "2026-06-01T05:01:30+00:00",
                                            "eta": "2026-06-01T05:20:00+00:00"}
    status.run(argparse.Namespace(json=False), Options(config=tmp_path / "config.yml"))
    assert "Progress: library Movies (0 of 2 done, ETA 2026-06-01T05:20:00+00:00)" in capsys.readouterr().out
    state.end_run(run, T0 + timedelta(minutes=19), "success")
    assert "progress" not in status.collect(tmp_path)["last_run"]  # only while running


def test_status_shows_the_last_event_run(tmp_path: Path, capsys) -> None:
    state = State(tmp_path)
    event = state.start_run("event", None, T0)
    state.end_run(event, T0 + timedelta(seconds=2), "success")
    full = state.start_run("scheduled", None, T0 + timedelta(hours=1))
    state.end_run(full, T0 + timedelta(hours=1, minutes=5), "success")
    data = status.collect(tmp_path)
    assert data["last_event_run"]["started_at"] == T0.isoformat(timespec="microseconds")
    status.run(argparse.Namespace(json=False), Options(config=tmp_path / "config.yml"))
    assert "Last event run: success, started 2026-06-01T05:00:00" in capsys.readouterr().out


def test_status_says_what_the_last_run_was_for_when_it_was_an_event_run(tmp_path: Path, capsys) -> None:
    state = State(tmp_path)
    event = state.start_run("event", None, T0)
    state.end_run(event, T0 + timedelta(seconds=2), "success", "1 change(s): plex added 'Dune' in section 1")
    status.run(argparse.Namespace(json=False), Options(config=tmp_path / "config.yml"))
    out = capsys.readouterr().out
    assert "Last run: success (event) for 1 change(s): plex added 'Dune' in section 1, started" in out


def test_collections_done_in_the_current_library_are_shown_and_move_the_eta(tmp_path: Path, capsys) -> None:
    state = State(tmp_path)
    clock = FakeClock(T0)
    run = state.start_run("manual", None, T0)
    writer = ProgressWriter(state, run, T0, clock, UTC, None)  # no previous run: the ETA is the pace so far
    writer("library Movies", 0, 2)
    clock.advance(60)
    writer.step(1, 4)
    progress = status.collect(tmp_path)["last_run"]["progress"]
    assert progress["collections_done"] == 1 and progress["collections_total"] == 4
    # a quarter of one library of two in a minute: 7 more minutes to go
    assert progress["eta"] == "2026-06-01T05:08:00+00:00"
    status.run(argparse.Namespace(json=False), Options(config=tmp_path / "config.yml"))
    assert ("Progress: library Movies (0 of 2 done; collections 1 of 4 in it, ETA 2026-06-01T05:08:00+00:00)"
            in capsys.readouterr().out)
    clock.advance(1)
    writer.step(2, 4)  # within STEP_EVERY of the last write: not written
    assert status.collect(tmp_path)["last_run"]["progress"]["collections_done"] == 1
    writer.step(4, 4)  # the library's last collection is always written
    assert status.collect(tmp_path)["last_run"]["progress"]["collections_done"] == 4
    writer("library Shows", 1, 2)  # the next library: its own count starts again
    assert "collections_done" not in status.collect(tmp_path)["last_run"]["progress"]

