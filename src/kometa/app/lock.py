"""One run at a time per config: an OS file lock in the config folder, plus who holds it.

The lock itself (``.kometa.lock``) is an OS-level lock (filelock), released by the OS if the holder
dies. Beside it, ``.kometa.lock.json`` says who holds it (pid, start time) so a second run can name
the holder; a leftover info file whose pid is dead means a previous run died: the new run takes
over with a warning.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from kometa.app.procs import pid_alive
from kometa.core.errors import ExitCode, KometaError, LockedError

LOCK_FILE = ".kometa.lock"
INFO_FILE = ".kometa.lock.json"
WAITER_LOCK_FILE = ".kometa-waiter.lock"


class RunLock:
    def __init__(self, config_dir: Path, *, now: datetime) -> None:
        self.config_dir = config_dir
        self.now = now
        self._lock = FileLock(str(config_dir / LOCK_FILE))
        self.info_path = config_dir / INFO_FILE
        self.took_over_from: int | None = None
        self.stale_holder: dict[str, object] | None = None  # who held it when a dead run left it behind

    def holder(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def acquire(self, *, wait: bool = False, poll: float = 0.5) -> RunLock:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=-1 if wait else 0, poll_interval=poll)
        except Timeout:
            holder = self.holder() or {}
            pid = holder.get("pid", "unknown")
            started = holder.get("started_at", "unknown time")
            raise LockedError(
                f"another run of this config is in progress (pid {pid}, started {started}); "
                f"use --wait to queue behind it") from None
        except (NotImplementedError, OSError) as exc:
            raise KometaError(
                f"cannot lock {self.config_dir / LOCK_FILE}: {exc}; the config folder must be writable and on a "
                f"filesystem with file locks (a local disk or volume, not every network share)", exit_code=ExitCode.USAGE) from None
        stale = self.holder()
        # We hold the OS lock, and a live holder removes its info before letting go: info left here was
        # written by a run that died, whatever process carries its pid now (pids are reused).
        if stale and stale.get("pid") != os.getpid():
            # The run logs the warning once its own log is set up (see runner.run_once).
            self.took_over_from = _int(stale.get("pid"))
            self.stale_holder = stale
        try:
            self.info_path.write_text(json.dumps({"pid": os.getpid(), "started_at": self.now.isoformat()}),
                                      encoding="utf-8")
        except OSError as exc:  # a full disk or a folder turned read-only: one line, not a traceback
            self._lock.release()
            raise KometaError(f"cannot write {self.info_path}: {exc.strerror or exc}; the config folder must be "
                              "writable and have free space", exit_code=ExitCode.USAGE) from None
        return self

    def release(self) -> None:
        try:
            self.info_path.unlink()
        except OSError:
            pass
        self._lock.release()

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


class WaiterLock:
    """Held by the waiter for its whole life; the OS drops it when the waiter dies.

    "Is a waiter alive?" is answered by this lock, not by the pid in ``kometa.db``: a waiter that was
    killed leaves its row behind, and its pid may by now belong to another process (containers
    reuse small pids all the time). It also stops two waiters that start at the same moment.
    """

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / WAITER_LOCK_FILE
        self._lock = FileLock(str(self.path))
        self._unsupported = False

    def acquire(self, timeout: float = 0.0) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=timeout, poll_interval=0.05)
        except Timeout:
            return False
        except NotImplementedError:  # no file locks here: presence falls back to the recorded pid
            self._unsupported = True
        return True

    def release(self) -> None:
        if not self._unsupported:
            self._lock.release()

    @contextmanager
    def hold(self) -> Iterator[WaiterLock]:
        if not self.acquire():
            raise LockedError(f"a waiter holds {self.path}")
        try:
            yield self
        finally:
            self.release()

    def held(self, pid: int | None = None) -> bool:
        """True while a waiter holds the lock. Probes by taking it for an instant (a waiter starting
        meanwhile waits for it); where the lock cannot be probed, falls back to ``pid`` being alive."""
        if not self.path.exists():
            return False
        try:
            if self.acquire(0):
                self.release()
                return pid_alive(pid) if self._unsupported else False
        except OSError:
            return pid_alive(pid)
        return True
