"""Is a waiter alive? Not "is some process with the recorded pid alive" (pids are reused,
especially in containers), but "does someone hold the waiter's lock"."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from kometa.app.lock import WaiterLock
from kometa.app.state import State
from kometa.app.status import collect
from kometa.core.errors import ExitCode, KometaError
from kometa.core.options import Options


def test_a_row_left_by_a_dead_waiter_is_not_a_waiter_even_if_its_pid_was_reused(tmp_path):
    now = datetime(2026, 6, 1, tzinfo=UTC)
    # The waiter was killed (no clean-up); its pid now belongs to another live process.
    State(tmp_path).set_waiter(os.getpid(), now, now, str(tmp_path / "config.yml"))
    assert collect(tmp_path)["waiter"] == {"pid": None, "next_run": None}
    with WaiterLock(tmp_path).hold():
        assert collect(tmp_path)["waiter"]["pid"] == os.getpid()


def test_a_second_waiter_is_refused_even_before_the_first_wrote_its_row(tmp_path):
    from kometa.app.waiting import wait

    config = tmp_path / "config.yml"
    config.write_text("libraries: {}\n")
    with WaiterLock(tmp_path).hold(), pytest.raises(KometaError) as info:
        wait(Options(config=config, times="03:00"), [])
    assert info.value.exit_code == ExitCode.LOCKED and "already running" in info.value.message


def test_trigger_for_another_config_in_the_same_folder_does_not_start_the_wrong_waiter(tmp_path, monkeypatch, capsys):
    from kometa.cli import main

    monkeypatch.setenv("KOMETA_DOCKER", "false")
    monkeypatch.delenv("KOMETA_CONFIG", raising=False)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    State(tmp_path).set_waiter(os.getpid(), now, now, str(tmp_path / "config.yml"))
    with WaiterLock(tmp_path).hold():
        assert main(["trigger", "--config", str(tmp_path / "other.yml")]) == 4
    err = capsys.readouterr().err
    assert "config.yml" in err and not (tmp_path / ".kometa-trigger").exists()


def test_windows_pid_of_another_user_counts_as_alive(monkeypatch):
    # OpenProcess fails with ERROR_ACCESS_DENIED for a live process we may not query (another user,
    # an elevated one): that is "alive", as PermissionError is on POSIX, not "dead".
    import ctypes
    import sys

    from kometa.app import procs

    class Kernel32:
        def OpenProcess(self, access, inherit, pid):  # noqa: N802
            return 0

        def GetLastError(self):  # noqa: N802
            return 5  # ERROR_ACCESS_DENIED

    class WinDLL:
        kernel32 = Kernel32()

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", WinDLL(), raising=False)
    assert procs.pid_alive(4242) is True
    monkeypatch.setattr(Kernel32, "GetLastError", lambda self: 87)  # ERROR_INVALID_PARAMETER: no such pid
    assert procs.pid_alive(4242) is False


@pytest.mark.parametrize("argv", [["status"], ["trigger"], ["--run"]])
def test_a_corrupt_history_file_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys, argv):
    from kometa.cli import main

    monkeypatch.setenv("KOMETA_DOCKER", "false")
    for key in ("KOMETA_CONFIG", "KOMETA_RUN"):
        monkeypatch.delenv(key, raising=False)
    (tmp_path / "config.yml").write_text("libraries:\n  Movies:\nplex:\n  url: http://127.0.0.1:1\n  token: abcd\n")
    (tmp_path / "kometa.db").write_text("not a database, e.g. cut short by a full disk\n")
    assert main([*argv, "--config", str(tmp_path / "config.yml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "kometa.db" in err and "move it aside" in err
    if argv == ["--run"]:
        assert not (tmp_path / ".kometa.lock.json").exists()  # no lock left for the next run to warn about


def test_trigger_that_cannot_write_its_request_is_one_line(tmp_path, monkeypatch, capsys):
    from kometa.cli import main

    monkeypatch.setenv("KOMETA_DOCKER", "false")
    monkeypatch.delenv("KOMETA_CONFIG", raising=False)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    State(tmp_path).set_waiter(os.getpid(), now, now, str(tmp_path / "config.yml"))
    (tmp_path / ".kometa-trigger").mkdir()  # stands in for a folder this user may not write
    with WaiterLock(tmp_path).hold():
        assert main(["trigger", "--config", str(tmp_path / "config.yml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ".kometa-trigger" in err


def test_a_stale_trigger_request_does_not_start_a_run_when_a_waiter_starts(tmp_path):
    # `kometa trigger` killed while waiting for an answer (or run when no waiter was up) leaves its
    # request behind; a waiter started hours later must not take it as "run now".
    import time

    from kometa.app.trigger import take_request, trigger_path

    path = trigger_path(tmp_path)
    path.write_text(json.dumps({"pid": 1, "at": time.time() - 3600}))
    assert take_request(tmp_path) is False and not path.exists()
    path.write_text(json.dumps({"pid": 1, "at": time.time()}))
    old = time.time() - 3600  # the file's mtime does not matter (a network share's clock may be off)
    os.utime(path, (old, old))
    assert take_request(tmp_path) is True and not path.exists()
    path.write_text("")  # caught while being written: a request
    assert take_request(tmp_path) is True


def test_a_folder_without_file_locks_is_explained_not_a_traceback(tmp_path, monkeypatch):
    # Some network/virtual filesystems refuse flock(): filelock raises NotImplementedError.
    from filelock import FileLock

    from kometa.app.lock import RunLock

    def unsupported(self, *args, **kwargs):
        raise NotImplementedError("FileSystem does not appear to support flock")

    monkeypatch.setattr(FileLock, "acquire", unsupported)
    with pytest.raises(KometaError) as info:
        RunLock(tmp_path, now=datetime(2026, 6, 1, tzinfo=UTC)).acquire()
    assert info.value.exit_code == ExitCode.USAGE and "file locks" in info.value.message
    # The waiter's presence lock degrades to the pid check instead of refusing to wait.
    presence = WaiterLock(tmp_path)
    assert presence.acquire(0) is True
    presence.release()
    assert presence.held(None) is False


def test_a_dead_runs_lock_info_is_stale_even_if_its_pid_was_reused(tmp_path):
    # The OS lock was free, so whoever wrote the info is gone (a live holder removes its info before
    # it lets go of the lock), whatever process now carries that pid.
    import json as _json

    from kometa.app.lock import INFO_FILE, RunLock

    (tmp_path / INFO_FILE).write_text(_json.dumps({"pid": os.getppid(), "started_at": "2026-01-01T05:00:00"}))
    lock = RunLock(tmp_path, now=datetime(2026, 6, 1, tzinfo=UTC)).acquire()
    try:
        assert lock.took_over_from == os.getppid() and lock.stale_holder is not None
    finally:
        lock.release()
