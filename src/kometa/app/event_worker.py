"""The event worker: one child process that runs the waiter's scoped runs one after another and
keeps each library's snapshot between them (:class:`kometa.plex.kept.KeptSnapshots`).

A scoped run in its own ``kometa --run`` process pays, every time, for starting Python, importing
the engine, connecting and reading the whole library listing (13 MB of XML at 10,000 movies);
the worker pays for that once, then re-reads only what changed. It is still a child, so a crash
cannot take the waiter down (the next event starts a new worker, which reads in full), and it
ends when no scoped run came for ``MAX_AGE`` seconds or a full run starts, so the waiter's idle
footprint stays small. Each run inside it is a normal run: run lock, history row, heartbeats,
notifications, logs; the config is read again for each.

Protocol (waiter -> worker, one JSON object a line on stdin): ``{"env": {...}}``, the variables a
child run would get (trigger, scope). Worker -> waiter: the run's console lines on stdout, then
``DONE <exit code>``. End of stdin ends the worker.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO

from kometa.core.options import Options

WORKER_ENV = "KOMETA_INTERNAL_EVENT_WORKER"
DONE = "\x1ekometa-event-run-done"


# -- the worker's side (a child of the waiter) -------------------------------------------------
def serve(options: Options, requests: IO[str] | None = None, out: IO[str] | None = None) -> int:
    """Run one scoped run per request line until the waiter closes stdin."""
    from kometa.app.runner import run_once
    from kometa.core.errors import KometaError
    from kometa.plex.kept import KeptSnapshots

    requests = requests or sys.stdin
    out = out or sys.stdout
    kept = KeptSnapshots()
    for line in requests:
        if not line.strip():
            continue
        env = json.loads(line).get("env") or {}
        os.environ.update({str(k): str(v) for k, v in env.items()})
        try:
            code = run_once(options, kept=kept)
        except KometaError as exc:  # e.g. the config no longer loads: one line, as cli.main would say
            print(f"kometa: error: {exc.message}", file=sys.stderr, flush=True)
            code = int(exc.exit_code)
            kept.forget()
        print(f"{DONE} {code}", file=out, flush=True)
    return 0


# -- the waiter's side -------------------------------------------------------------------------
class Worker:
    """The waiter's handle on its event worker (started on the first scoped run)."""

    def __init__(self, command: list[str], env: dict[str, str], clock: Callable[[], float], idle: float) -> None:
        self.command = command
        self.env = {**env, WORKER_ENV: "1"}
        self.clock = clock
        self.idle = idle
        self.proc: subprocess.Popen[str] | None = None
        self._codes: queue.Queue[int | None] = queue.Queue()
        self.last_used = 0.0

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def _start(self) -> None:
        flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if sys.platform == "win32" else 0
        self.proc = subprocess.Popen(self.command, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8", errors="replace", bufsize=1, creationflags=flags)
        self._codes = queue.Queue()
        threading.Thread(target=self._relay, args=(self.proc, self._codes), daemon=True,
                         name="kometa-event-worker-output").start()

    @staticmethod
    def _relay(proc: subprocess.Popen[str], codes: queue.Queue[int | None]) -> None:
        """The worker's console lines go to the waiter's console; its DONE lines become exit codes."""
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(DONE):
                text = line[len(DONE):].strip()
                codes.put(int(text) if text.lstrip("-").isdigit() else 1)
            else:
                sys.stdout.write(line)
                sys.stdout.flush()
        codes.put(None)  # the worker ended

    def submit(self, env: dict[str, str]) -> None:
        """Hand one run to the worker (starting it when there is none)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps({"env": env}) + "\n")
            self.proc.stdin.flush()
        except OSError:  # it died between runs: the wait below sees it end
            pass

    def wait(self, timeout: float | None = None) -> int | None:
        """The run's exit code; raises ``subprocess.TimeoutExpired`` while it runs, None when the
        worker died (then the next run starts a new one)."""
        try:
            code = self._codes.get(timeout=timeout)
        except queue.Empty:
            raise subprocess.TimeoutExpired(self.command, timeout or 0.0) from None
        self.last_used = self.clock()
        if code is None:
            self._reap()
        return code

    def send_signal(self, sig: int) -> None:
        if self.proc is not None:
            self.proc.send_signal(sig)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()

    def _reap(self) -> int | None:
        proc, self.proc = self.proc, None
        if proc is None:
            return None
        try:
            return proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()

    def close(self) -> None:
        """End the worker between runs (its memory goes back; the next run reads in full)."""
        if self.proc is None:
            return
        if self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        self._reap()

    def close_if_idle(self) -> bool:
        if self.proc is not None and self.clock() - self.last_used > self.idle:
            self.close()
            return True
        return False
