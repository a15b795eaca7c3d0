"""The run's signal guard and the waiter's child start: no real signals, no real children."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from kometa.app import modes, runner, waiting


def test_hard_stop_timer_is_cancelled_when_the_run_stops_in_time(monkeypatch):
    monkeypatch.setattr(runner, "STOP_GRACE", 0.2)
    fired: list[int] = []
    with runner._StopOnSignal(threading.Event(), fired.append) as guard:
        guard._handle(signal.SIGTERM, None)  # the run reaches its safe point before the grace ends
    time.sleep(0.5)
    assert fired == []  # os._exit must not hit a process that already stopped cleanly


class _FakeChild:
    pid = 12345

    def __init__(self, *args, **kwargs):
        _FakeChild.kwargs = kwargs

    def wait(self, timeout=None):
        return 0


def test_windows_child_runs_in_its_own_process_group(monkeypatch, tmp_path):
    # CTRL_BREAK_EVENT goes to a process *group*: without its own group the waiter would break
    # itself (and every process on its console) instead of asking the run to stop.
    import subprocess

    monkeypatch.setattr(waiting.sys, "platform", "win32")
    monkeypatch.setattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200, raising=False)
    monkeypatch.setattr(waiting.subprocess, "Popen", _FakeChild)
    options = runner.Options(config=tmp_path / "config.yml")
    hooks = waiting._ChildRunner(options, [], None, threading.Event(), None)  # type: ignore[arg-type]
    hooks.run("manual", None, 0)
    assert _FakeChild.kwargs.get("creationflags", 0) & 0x200


def test_the_run_stops_at_a_safe_point_on_ctrl_break(monkeypatch):
    monkeypatch.setattr(signal, "SIGBREAK", 21, raising=False)
    assert 21 in runner._stop_signals()


@pytest.mark.parametrize("mode", [["--run"], []])
def test_an_unwritable_config_folder_is_one_line_exit_2(tmp_path, capsys, monkeypatch, mode):
    # (Running as root, a plain chmod would not stop us: a directory where the lock file belongs
    # fails the same way a read-only mount or a folder owned by another user does.)
    from kometa.cli import main

    monkeypatch.setenv("KOMETA_DOCKER", "false")
    for key in ("KOMETA_RUN", "KOMETA_CONFIG", "KOMETA_TIMES"):
        monkeypatch.delenv(key, raising=False)
    config = tmp_path / "config.yml"
    config.write_text("libraries:\n  Movies:\nplex:\n  url: http://127.0.0.1:1\n  token: abcd\n")
    (tmp_path / ".kometa.lock").mkdir()
    (tmp_path / ".kometa-waiter.lock").mkdir()
    assert main([*mode, "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "config folder" in err and str(tmp_path) in err


def test_a_run_killed_outright_is_recorded_by_the_waiter(tmp_path, monkeypatch):
    # SIGKILL / OOM killer: the run cannot record its own end; the waiter that started it does.
    from datetime import UTC, datetime

    from kometa.app.state import State

    state = State(tmp_path)

    class Killed:
        pid = 424242

        def __init__(self, *args, **kwargs):
            state.start_run("scheduled", None, datetime(2026, 6, 1, tzinfo=UTC))  # as the child would
            with state._connect() as conn:
                conn.execute("UPDATE runs SET pid = ?", (self.pid,))

        def wait(self, timeout=None):
            return -9

    monkeypatch.setattr(waiting.subprocess, "Popen", Killed)
    hooks = waiting._ChildRunner(runner.Options(config=tmp_path / "config.yml"), [], state, threading.Event(),
                                UTC)
    hooks.run("scheduled", datetime(2026, 6, 1, tzinfo=UTC), 0)
    last = state.last_run()
    assert last is not None and last.result == "failed" and last.ended_at and "-9" in (last.message or "")


def test_no_run_is_started_once_the_waiter_was_told_to_stop(tmp_path, monkeypatch):
    # SIGTERM between "the moment is due" and starting the child: stop while waiting (exit 0),
    # do not start a run only to interrupt it (exit 143).
    started = []
    monkeypatch.setattr(waiting.subprocess, "Popen", lambda *a, **k: started.append(a))
    stop = threading.Event()
    stop.set()
    hooks = waiting._ChildRunner(runner.Options(config=tmp_path / "config.yml"), [], None, stop, None)  # type: ignore[arg-type]
    hooks.run("scheduled", None, 0)
    assert started == [] and not hooks.stopped_during_run


def test_a_queued_run_names_its_own_start_in_the_lock(tmp_path):
    # A third run is told "pid X, started T": T must be when the queued run got the lock, not when
    # it began queueing (that could be hours earlier).
    from datetime import UTC, datetime

    from kometa.app.lock import RunLock

    first = RunLock(tmp_path, now=datetime(2026, 6, 1, 5, tzinfo=UTC)).acquire()
    queued = RunLock(tmp_path, now=datetime(2026, 6, 1, 5, 1, tzinfo=UTC))
    moments = iter(datetime(2026, 6, 1, 5, minute, tzinfo=UTC) for minute in range(1, 60))
    got: list[bool] = []
    stop = threading.Event()
    waiter = threading.Thread(target=lambda: got.append(runner._acquire(queued, True, stop, lambda: next(moments))))
    waiter.start()
    time.sleep(0.7)
    first.release()
    waiter.join(5)
    stop.set()
    assert got == [True]
    assert queued.holder()["started_at"] > "2026-06-01T05:01"


def test_folder_check_tolerates_a_probe_it_cannot_delete_at_once(tmp_path, monkeypatch):
    # Windows: a virus scanner may hold a brand-new file for a moment; the folder is still writable.
    real_unlink = modes.os.unlink

    def busy(path, *args, **kwargs):
        if ".kometa-probe-" in str(path):
            raise PermissionError(32, "The process cannot access the file because it is being used")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(modes.os, "unlink", busy)
    modes._check_config_folder(tmp_path)  # no error
