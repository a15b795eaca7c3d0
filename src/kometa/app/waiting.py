"""The waiter process: start each run as a child ``kometa --run``, answer ``kometa trigger``,
keep the waiter's row for ``kometa status``, and stop cleanly on signals.

When runs happen is decided by :class:`kometa.timing.waiter.Waiter` (pure, clock injected); this
module is its real-world side. Runs are child processes so a crashing run cannot take the waiter
down, the memory a run used is returned, and the config is re-read for every run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import datetime
from types import FrameType
from typing import Any

from kometa.app.signals import (
    INTERNAL_MISSED,
    INTERNAL_SCHEDULED,
    INTERNAL_TRIGGER,
    STOP_GRACE,
)
from kometa.app.signals import say as _say
from kometa.app.signals import stop_signals as _stop_signals
from kometa.app.state import State
from kometa.core.errors import ExitCode, KometaError
from kometa.core.options import Options
from kometa.timing.clock import Clock, SystemClock
from kometa.timing.runtimes import RunTimes, resolve_zone, zone_name


def _child_command(argv: list[str]) -> list[str]:
    """The child run's command line; secret flags are left out (see :func:`_child_secrets`)."""
    from kometa.core.secret_args import secrets_to_env

    argv = _without_event_flags(secrets_to_env(argv)[0])
    entry = sys.argv[0] if sys.argv and sys.argv[0].endswith("kometa.py") else None
    base = [sys.executable, os.path.abspath(entry)] if entry else [sys.executable, "-m", "kometa"]
    return [*base, *argv, "--run", "--wait"]


_EVENT_FLAGS = {"--listen": True, "--listen-token": True, "--settle": True, "--plex-events": False}


def _without_event_flags(argv: list[str]) -> list[str]:
    """The waiter's event flags are the waiter's own: a child run neither listens nor shows the token."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        name = arg.split("=", 1)[0]
        if name in _EVENT_FLAGS:
            skip = _EVENT_FLAGS[name] and "=" not in arg
            continue
        out.append(arg)
    return out


class _ChildRunner:
    """WaiterHooks for the real process: child runs, trigger file, state, console lines."""

    def __init__(self, options: Options, argv: list[str], state: State, stop: threading.Event, zone: Any) -> None:
        self.options = options
        self.argv = argv
        self.state = state
        self.stop = stop
        self.zone = zone
        self.pending_manual = False
        self.child: Any = None  # the running child run: a Popen, or the event worker
        self.pid = os.getpid()
        self.stopped_during_run = False
        self._reported: dict[str, str] = {}

    def _bookkeeping_failed(self, what: str, exc: Exception) -> None:
        """The waiter never dies of its bookkeeping (a damaged kometa.db, a read-only or full config
        folder): it says so once per kind of problem until it works again, and keeps waiting."""
        text = getattr(exc, "message", None) or str(exc)
        if self._reported.get(what) != text:
            self._reported[what] = text
            _say(f"could not {what}: {text}; still waiting for the next run time")

    def trigger_requested(self) -> bool:
        from kometa.app.trigger import take_request

        if self.pending_manual:
            self.pending_manual = False
            return True
        try:
            return take_request(self.options.config_dir)
        except Exception as exc:  # noqa: BLE001 - see _bookkeeping_failed
            self._bookkeeping_failed("check for a trigger", exc)
            return False

    events: Any = None  # kometa.app.event_runs.EventRuns when an event source is on

    def run(self, trigger: str, scheduled_for: datetime | None, missed: int) -> None:
        if self.stop.is_set():  # a signal arrived as the moment came: stopped while waiting
            return
        if self.events is None:
            self.run_child(trigger, scheduled_for, missed)
            return
        self.events.run_started(full=True)  # a full run covers the changes that came before it
        try:
            self.run_child(trigger, scheduled_for, missed)
        finally:
            self.events.run_ended()

    def child_env(self, trigger: str, scheduled_for: datetime | None, missed: int,
                  extra_env: dict[str, str] | None = None) -> dict[str, str]:
        from kometa.core.environment import environment_without_dotenv
        from kometa.core.secret_args import secrets_to_env

        env = environment_without_dotenv(os.environ)  # the run reads .env itself: edits apply
        env.update({"KOMETA_RUN": "true", "KOMETA_WAIT": "true", INTERNAL_TRIGGER: trigger,
                    INTERNAL_SCHEDULED: scheduled_for.isoformat() if scheduled_for else "",
                    INTERNAL_MISSED: str(missed)})
        env.update(secrets_to_env(self.argv)[1])  # secrets reach the child unseen in a process list
        env.update(extra_env or {})
        return env

    def child_command(self) -> list[str]:
        return _child_command(self.argv)

    def run_child(self, trigger: str, scheduled_for: datetime | None, missed: int,
                  extra_env: dict[str, str] | None = None, worker: Any = None) -> int | None:
        """One child ``kometa --run --wait`` (its exit code; None when it could not start). With
        ``worker`` (:class:`kometa.app.event_worker.Worker`), the run is handed to the event worker."""
        if missed > 1:
            _say(f"{missed} run times were missed (sleep or a long run); running once now as catch-up")
        elif trigger == "catch-up":
            _say(f"The {scheduled_for:%H:%M} run was missed; running it now as catch-up")
        env = self.child_env(trigger, scheduled_for, missed, extra_env)
        try:
            if worker is not None:
                worker.submit({k: env[k] for k in (INTERNAL_TRIGGER, INTERNAL_SCHEDULED, INTERNAL_MISSED,
                                                   *(extra_env or {}))})
                self.child = worker
            else:
                # On Windows the child gets its own process group: CTRL_BREAK_EVENT (how _stop_child asks
                # it to stop) is sent to a group, and without one it would hit the waiter's console too.
                flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if sys.platform == "win32" else 0
                self.child = subprocess.Popen(_child_command(self.argv), env=env, creationflags=flags)
        except OSError as exc:
            _say(f"could not start a run: {exc}")
            return None
        child_pid = self.child.pid
        code = self._wait_child()
        self.child = None
        if code not in (0, None) or (worker is not None and code is None):
            _say(f"The run ended with exit code {code}; waiting for the next run time")
            # Killed outright (SIGKILL, the OOM killer, a hard stop): its row still says "running".
            result = "interrupted" if self.stopped_during_run else "failed"
            try:
                self.state.end_orphan_runs(child_pid, SystemClock().now().astimezone(self.zone), result,
                                           f"the run process ended with exit code {code} before recording its end")
            except Exception as exc:  # noqa: BLE001 - bookkeeping must never kill the waiter
                _say(f"could not record the end of that run: {exc}")
        return code

    def _wait_child(self) -> int | None:
        from kometa.app.trigger import take_request

        assert self.child is not None
        while True:
            try:
                code = self.child.wait(timeout=0.5)
                return int(code) if code is not None else None
            except subprocess.TimeoutExpired:
                if take_request(self.options.config_dir):
                    self.pending_manual = True
                    _say("Trigger received during a run: another run follows this one")
                if self.stop.is_set():
                    self.stopped_during_run = True
                    return self._stop_child()

    def _stop_child(self) -> int:
        assert self.child is not None
        try:
            if sys.platform == "win32":
                self.child.send_signal(signal.CTRL_BREAK_EVENT)
            else:
                self.child.send_signal(signal.SIGTERM)
        except OSError:
            pass
        try:
            return int(self.child.wait(timeout=STOP_GRACE + 2))
        except subprocess.TimeoutExpired:
            self.child.kill()
            code = self.child.wait()
            return int(code) if code is not None else int(ExitCode.RUN_FAILED)

    def next_run_changed(self, moment: datetime) -> None:
        try:
            self.state.set_next_run(self.pid, moment)
            self._reported.pop("record the next run", None)
        except Exception as exc:  # noqa: BLE001 - see _bookkeeping_failed
            self._bookkeeping_failed("record the next run", exc)

    def countdown(self, now: datetime, moment: datetime) -> None:
        delta = moment - now
        minutes = int(delta.total_seconds() // 60) + (1 if delta.total_seconds() % 60 else 0)
        hours, minutes = divmod(minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} Hour{'s' if hours != 1 else ''}")
        if minutes or not hours:
            parts.append(f"{minutes} Minute{'s' if minutes != 1 else ''}")
        local = now.astimezone(self.zone)
        events = self.events.countdown_text(self.zone) if self.events is not None else ""
        _say(f"Current Time: {local:%H:%M} | {' and '.join(parts)} until the next run at "
             f"{moment.astimezone(self.zone):%a %H:%M} | Runs: {self.run_times_text}{events}")

    run_times_text = ""

    def skipped(self, moments: list[datetime], now: datetime) -> None:
        late = now - moments[-1]
        _say(f"Skipped {len(moments)} missed run time(s), the latest {moments[-1]:%Y-%m-%d %H:%M} "
             f"({int(late.total_seconds() // 60)} minutes ago, beyond --catch-up); waiting for the next one")


class _WaiterSignals:
    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.signum: int | None = None

    def install(self) -> None:
        for sig in _stop_signals():
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.signum = signum
        self.stop.set()


def _event_settings_possible(options: Options) -> bool:
    """Whether config.yml's settings could turn an event source on (a cheap look before loading it)."""
    if {"plex_events", "listen"} <= options.given:
        return False
    try:
        text = options.config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "plex_events" in text or "listen" in text


def wait(options: Options, argv: list[str], *, clock: Clock | None = None) -> int:
    """The waiter: start a run at each run time until stopped. Exit 0 when stopped while waiting."""
    from kometa.app.lock import WaiterLock

    clock = clock or SystemClock()
    zone = resolve_zone(options.tz)
    run_times = RunTimes.from_text(options.times, options.cron, zone)
    if _event_settings_possible(options):
        from kometa.app.event_runs import with_settings

        options = with_settings(options)
    if options.listen or options.plex_events:
        from kometa.app.event_runs import check_options

        check_options(options)
    state = State(options.config_dir)
    presence = WaiterLock(options.config_dir)
    if not presence.acquire(timeout=2.0):  # 2 s: a status/trigger probe holds it for an instant
        other = state.waiter()
        raise KometaError(f"a waiter for {options.config_dir} is already running (pid {other.pid if other else '?'})"
                          f"; use 'kometa trigger' to start a run now", exit_code=ExitCode.LOCKED)
    try:
        return _wait_holding(options, argv, clock, zone, run_times, state)
    finally:
        presence.release()


def _wait_holding(options: Options, argv: list[str], clock: Clock, zone: Any, run_times: RunTimes,
                  state: State) -> int:
    from kometa.timing.waiter import Waiter

    stop = threading.Event()
    signals = _WaiterSignals(stop)
    signals.install()
    hooks = _ChildRunner(options, argv, state, stop, zone)
    hooks.run_times_text = run_times.describe()
    if options.listen or options.plex_events:  # opt-in event sources: scoped runs between full runs
        from kometa.app.event_runs import EventRuns

        hooks.events = EventRuns(options, hooks, clock, stop)
        hooks.events.bind()  # a --listen address in use: one line (exit 2) before the banner
    now = clock.now().astimezone(zone)
    offset = now.strftime("%z")
    _say(f"kometa waiter started (pid {os.getpid()}); config {options.config}")
    _say(f"Time zone {zone_name(zone)} (UTC{offset[:3]}:{offset[3:]}); run times {run_times.describe()}"
         + (f"; catch-up window {int(options.catch_up // 60)} min" if options.catch_up else "; catch-up off"))
    first = run_times.next_after(now)
    _say(f"Next run at {first.astimezone(zone):%Y-%m-%d %H:%M %Z}")
    state.set_waiter(os.getpid(), now, first, str(options.config.resolve()))  # absolute: trigger compares it
    last = state.last_run()
    waiter = Waiter(run_times, clock, hooks, stop, catch_up=options.catch_up,
                    show_countdown=not options.no_countdown,
                    resume_after=datetime.fromisoformat(last.started_at) if last else None, events=hooks.events)
    try:
        if hooks.events is not None:
            hooks.events.start()  # the listener (bound above) serves from now on
        waiter.loop()
    finally:
        if hooks.events is not None:
            hooks.events.close()
        try:
            state.clear_waiter(os.getpid())
        except Exception as exc:  # noqa: BLE001 - the lock, not this row, says whether a waiter lives
            _say(f"could not clear the waiter's row: {getattr(exc, 'message', exc)}")
    if not hooks.stopped_during_run:
        _say("Stopped while waiting")
        return int(ExitCode.OK)
    _say("Stopped during a run")
    return int(ExitCode.SIGTERM if signals.signum == signal.SIGTERM else ExitCode.SIGINT)
