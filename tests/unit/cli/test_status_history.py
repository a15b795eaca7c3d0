"""Item 10: dry runs are recorded as dry runs; a live plain --run is healthy; the Docker restart-loop
warning ignores dry runs and runs started by hand."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kometa.app.runner import _docker_loop_warning
from kometa.app.state import State
from kometa.app.status import collect, healthy
from kometa.core.options import Options

T0 = datetime(2026, 6, 1, 5, 0, tzinfo=UTC)


def test_a_dry_run_is_recorded_as_one_and_does_not_make_status_healthy(tmp_path: Path) -> None:
    state = State(tmp_path)
    run = state.start_run("cli", None, T0, dry_run=True)
    state.end_run(run, T0 + timedelta(minutes=1), "success")
    last = state.last_run()
    assert last is not None and last.dry_run and last.as_json()["dry_run"] is True
    data = collect(tmp_path)
    assert data["last_run"]["dry_run"] is True
    assert not healthy(data)  # only a real run's success counts
    real = state.start_run("cli", None, T0 + timedelta(hours=1))
    state.end_run(real, T0 + timedelta(hours=1, minutes=1), "success")
    assert healthy(collect(tmp_path))
    dry = state.start_run("cli", None, T0 + timedelta(hours=2), dry_run=True)
    state.end_run(dry, T0 + timedelta(hours=2, minutes=1), "failed", "a dry run's failure")
    assert healthy(collect(tmp_path))  # a later dry run changes nothing either way


def test_a_plain_run_is_healthy_while_it_is_alive(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.start_run("cli", None, T0)  # this process: alive, "running"
    data = collect(tmp_path)
    assert data["last_run"]["result"] == "running"
    assert healthy(data)


def test_an_old_database_gains_the_new_columns(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "kometa.db") as db:
        db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, trigger TEXT NOT NULL, "
                   "scheduled_for TEXT, started_at TEXT NOT NULL, ended_at TEXT, result TEXT NOT NULL, pid INTEGER, "
                   "message TEXT, libraries TEXT)")
        db.execute("INSERT INTO runs (trigger, started_at, ended_at, result) VALUES ('cli', ?, ?, 'success')",
                   (T0.isoformat(), T0.isoformat()))
    last = State(tmp_path).last_run()
    assert last is not None and last.result == "success" and not last.dry_run


def _warned(caplog: pytest.LogCaptureFixture) -> bool:
    return any("restarts after each run" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("dry", "entry", "warned"), [(False, True, True), (True, True, False),
                                                      (False, False, False)])
def test_restart_loop_warning_counts_only_the_containers_own_real_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        dry: bool, entry: bool, warned: bool) -> None:
    monkeypatch.setenv("KOMETA_DOCKER", "true")
    state = State(tmp_path)
    run = state.start_run("cli", None, T0, dry_run=dry, entry=entry)
    state.end_run(run, T0 + timedelta(minutes=1), "success")
    caplog.set_level(logging.WARNING, logger="kometa")
    monkeypatch.setattr(os, "getppid", lambda: 1)  # this run: the container's own command
    _docker_loop_warning(Options(config=tmp_path / "config.yml"), state, T0 + timedelta(minutes=3))
    assert _warned(caplog) is warned


def test_a_new_history_opened_at_once_by_several_processes_works(tmp_path):
    # the waiter starting while `kometa status` polls: both find the new file without the later
    # columns and add them; the second must not call the history damaged
    import threading

    from kometa.app.state import State

    errors: list[str] = []
    for trial in range(40):
        folder = tmp_path / str(trial)
        start = threading.Barrier(4)

        def open_it(folder=folder, start=start):
            start.wait()
            try:
                State(folder).last_duration("cli")
                State(folder)._connect().close()
            except Exception as exc:  # the failure being tested for
                errors.append(repr(exc))

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
