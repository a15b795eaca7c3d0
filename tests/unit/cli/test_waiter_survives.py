"""Item 3: the waiter never dies. A kometa.db that is damaged (or a config folder that cannot be
written) while it waits is reported at each run time, and it keeps waiting."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kometa.app.waiting import wait
from kometa.core.options import Options
from kometa.timing.clock import FakeClock

SRC = Path(__file__).resolve().parents[3] / "src"
START = datetime(2026, 6, 1, 2, 59, 30, tzinfo=UTC)
STOP_AT = datetime(2026, 6, 1, 3, 1, 30, tzinfo=UTC)


class DamagingClock(FakeClock):
    """Damages kometa.db on the first wait (the waiter is up), stops the waiter after two run times."""

    def __init__(self, start: datetime, db: Path, stop: list[threading.Event]) -> None:
        super().__init__(start)
        self.db = db
        self.damaged = False
        self.stop = stop

    def wait(self, event: threading.Event, seconds: float) -> bool:
        if not self.damaged:
            self.db.write_bytes(b"this is not a database " * 200)
            self.damaged = True
        if self.now() >= STOP_AT:
            event.set()
            return True
        return super().wait(event, max(seconds, 1.0))


def test_a_damaged_kometa_db_while_waiting_is_reported_at_each_run_and_the_waiter_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yml"
    config.write_text("plex:\n  url: http://127.0.0.1:9\n  token: x\nlibraries: {}\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(SRC))
    monkeypatch.setenv("KOMETA_DOCKER", "false")
    clock = DamagingClock(START, tmp_path / "kometa.db", [])
    monkeypatch.setenv("TZ", "UTC")
    argv = ["--config", str(config), "--times", "03:00|03:01", "--no-countdown"]
    code = wait(Options(config=config, times="03:00|03:01", tz="UTC", no_countdown=True), argv, clock=clock)
    out = capfd.readouterr()
    text = out.out + out.err
    assert code == 0, text
    assert text.count("The run ended with exit code 2") == 2, text  # both run times: reported, not fatal
    assert "cannot use the run history" in text


class ReadOnlyClock(FakeClock):
    """Remounts the config folder read-only on the first wait (the waiter is up: its lock, log and
    history are open), stops the waiter after two run times."""

    def __init__(self, start: datetime, folder: Path) -> None:
        super().__init__(start)
        self.folder = folder
        self.done = False

    def wait(self, event: threading.Event, seconds: float) -> bool:
        import subprocess

        if not self.done:
            # files the waiter holds open keep the tmpfs itself writable (remount,ro is refused while
            # they are); a read-only bind mount over the folder makes every new open of it read-only
            subprocess.run(["mount", "--bind", str(self.folder), str(self.folder)], check=True, capture_output=True)
            subprocess.run(["mount", "-o", "remount,bind,ro", str(self.folder)], check=True, capture_output=True)
            self.done = True
        if self.now() >= STOP_AT:
            event.set()
            return True
        return super().wait(event, max(seconds, 1.0))


def test_a_config_folder_that_turns_read_only_while_waiting_is_reported_at_each_run_and_the_waiter_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    """A real read-only mount (root ignores file modes, not a read-only file system)."""
    import subprocess

    folder = tmp_path / "config"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        config = folder / "config.yml"
        config.write_text("plex:\n  url: http://127.0.0.1:9\n  token: x\nlibraries: {}\n", encoding="utf-8")
        monkeypatch.setenv("PYTHONPATH", str(SRC))
        monkeypatch.setenv("KOMETA_DOCKER", "false")
        monkeypatch.setenv("TZ", "UTC")
        argv = ["--config", str(config), "--times", "03:00|03:01", "--no-countdown"]
        code = wait(Options(config=config, times="03:00|03:01", tz="UTC", no_countdown=True), argv,
                    clock=ReadOnlyClock(START, folder))
        out = capfd.readouterr()
        text = out.out + out.err
        assert code == 0, text
        assert text.count("The run ended with exit code") == 2, text  # both run times: reported, not fatal
        assert "Traceback" not in text
        assert "read-only" in text.lower(), text  # the reason is named
    finally:
        for _ in range(2):  # the bind mount, then the tmpfs
            subprocess.run(["umount", "-l", str(folder)], check=False)
