"""Run modes: one run now (``--run``), or the waiter that starts runs at the run times.

The waiter stays small: it imports only what waiting needs and starts each run as a child process
(``kometa --run`` with the same flags), so a crashing run cannot take it down, memory used by a
run is returned, and the config is re-read for every run.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from kometa.errors import ConfigError, ExitCode, KometaError
from kometa.options import Options, in_docker
from kometa.state import State
from kometa.timing.clock import Clock, SystemClock
from kometa.timing.runtimes import RunTimes, resolve_zone, zone_name

log = logging.getLogger("kometa")

INTERNAL_TRIGGER = "KOMETA_INTERNAL_TRIGGER"
INTERNAL_SCHEDULED = "KOMETA_INTERNAL_SCHEDULED_FOR"
INTERNAL_MISSED = "KOMETA_INTERNAL_MISSED"
STOP_GRACE = 9.0  # seconds a run gets to reach a safe point after SIGTERM/SIGINT
DOCKER_LOOP_WINDOW = timedelta(minutes=10)


def main_run(options: Options, argv: list[str] | None = None) -> int:
    try:
        found = options.config.is_file()
    except OSError as exc:  # e.g. a folder this user may not enter
        raise ConfigError(f"cannot read {options.config}: {exc.strerror or exc}; make it readable for this user") \
            from None
    if not found and options.config.is_dir():
        raise ConfigError(f"--config {options.config} is a folder; give the file, e.g. --config "
                          f"{options.config / 'config.yml'}")
    if not found:
        raise ConfigError(
            f"config file not found: {options.config} (give --config PATH or set KOMETA_CONFIG; in Docker mount "
            f"your config folder at /config)")
    if options.low_priority:
        _lower_priority()
    if options.validate:
        from kometa.validate import validate

        return validate(options)
    _check_config_folder(options.config_dir)
    if options.immediate:
        return run_once(options)
    return wait(options, argv if argv is not None else sys.argv[1:])


def _check_config_folder(folder: Path) -> None:
    """Runs and the waiter write beside config.yml (run lock, kometa.db, logs/): say so plainly when
    they cannot (a read-only mount, a folder owned by another user) instead of failing half-way."""
    from kometa.lock import LOCK_FILE, WAITER_LOCK_FILE
    from kometa.state import STATE_FILE

    target = folder
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".kometa-probe-")
        os.close(fd)
        try:
            os.unlink(probe)
        except OSError:  # written is what counts (a virus scanner may hold a new file for a moment)
            pass
        for name in (LOCK_FILE, WAITER_LOCK_FILE, STATE_FILE):
            target = folder / name
            if target.exists():
                with open(target, "ab"):  # opened for writing, nothing written
                    pass
        target = folder / "logs"
        if target.exists() and not target.is_dir():
            raise NotADirectoryError(20, "not a folder")
    except OSError as exc:
        user = f" (uid {os.getuid()})" if hasattr(os, "getuid") else ""
        where = "" if target == folder else f"{target.name}: "
        raise ConfigError(
            f"cannot write in the config folder {folder} ({where}{exc.strerror or exc}); kometa keeps its "
            f"run lock, run history (kometa.db) and logs there: make it writable for this user{user} "
            f"(in Docker: -v /path/to/config:/config:rw)") from None


def _lower_priority() -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover
            import ctypes

            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), 0x4000)
        else:
            os.nice(10)
    except (OSError, AttributeError):
        log.warning("Could not lower the process priority")


# --------------------------------------------------------------------------------------------
# One run
# --------------------------------------------------------------------------------------------

def _stop_signals() -> list[signal.Signals]:
    """The signals that stop a run: SIGTERM, SIGINT and, on Windows, SIGBREAK (the waiter sends
    CTRL_BREAK_EVENT to its child, which Python delivers as SIGBREAK)."""
    signals = [signal.SIGTERM, signal.SIGINT]
    if hasattr(signal, "SIGBREAK"):
        signals.append(signal.SIGBREAK)
    return signals


class _StopOnSignal:
    """SIGTERM/SIGINT during a run: ask the run to stop at its next safe point; hard stop later."""

    def __init__(self, stop: threading.Event, on_timeout: Any) -> None:
        self.stop = stop
        self.signum: int | None = None
        self.on_timeout = on_timeout
        self._previous: dict[int, Any] = {}
        self._timer: threading.Timer | None = None

    def __enter__(self) -> _StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for sig in _stop_signals():
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
            self.stop.set()
            try:
                name = signal.Signals(signum).name
            except ValueError:
                name = f"signal {signum}"
            log.warning("Received %s: stopping at the next safe point", name)
            self._timer = threading.Timer(STOP_GRACE, self.on_timeout, args=(signum,))
            self._timer.daemon = True
            self._timer.start()
        # A second signal is ignored on purpose: `docker stop` through tini -g and the waiter both
        # send SIGTERM to a run, and that must still end at a safe point.

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:  # the run stopped in time: no hard stop afterwards
            self._timer.cancel()
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    @property
    def exit_code(self) -> int:
        return int(ExitCode.SIGTERM if self.signum == signal.SIGTERM else ExitCode.SIGINT)


def _setup_logging(options: Options) -> None:
    from kometa import __version__
    from kometa.logs import banner, setup_logging

    setup_logging(options.config_dir, secrets=list(options.secrets.values()), debug=options.debug,
                  width=options.width, divider=options.divider)
    banner(__version__, sys.argv[1:])


def _docker_loop_warning(options: Options, state: State, now: datetime) -> None:
    """``--run`` in a container with a restart policy restarts forever: say so, with the fix."""
    if not in_docker(os.environ) or os.environ.get(INTERNAL_TRIGGER):
        return
    last = state.last_run()
    if last is None or last.trigger != "cli" or not last.ended_at:
        return
    ended = datetime.fromisoformat(last.ended_at)
    if timedelta(0) <= now - ended < DOCKER_LOOP_WINDOW:
        log.warning(
            "This --run started %d minutes after the previous one finished. If the container restarts after each "
            "run (restart: unless-stopped/always), drop --run so kometa waits for its --times instead, or use "
            "restart: 'no' for one-off runs.", (now - ended).total_seconds() // 60)


def run_once(options: Options, *, clock: Clock | None = None) -> int:
    """One run now: lock, record, load the config, process it, report. Returns the exit code."""
    from kometa.lock import RunLock

    clock = clock or SystemClock()
    zone = resolve_zone(options.tz)
    trigger = os.environ.get(INTERNAL_TRIGGER) or "cli"
    scheduled_text = os.environ.get(INTERNAL_SCHEDULED)
    scheduled_for = datetime.fromisoformat(scheduled_text) if scheduled_text else None
    state = State(options.config_dir)
    started = clock.now().astimezone(zone)
    lock = RunLock(options.config_dir, now=started)
    stop = threading.Event()
    run_id: int | None = None

    def hard_stop(signum: int) -> None:
        if run_id is not None:
            state.end_run(run_id, clock.now().astimezone(zone), "interrupted", "did not reach a safe point in time")
        lock.release()
        os._exit(int(ExitCode.SIGTERM if signum == signal.SIGTERM else ExitCode.SIGINT))

    guard = _StopOnSignal(stop, hard_stop)
    with guard:
        if not _acquire(lock, options.wait, stop, lambda: clock.now().astimezone(zone)):
            _say("Stopped while waiting for the other run to finish")
            return guard.exit_code
        # Logging rotates meta.log: only the lock holder may do that, never a refused or queued run.
        try:
            _setup_logging(options)
            started = clock.now().astimezone(zone)
            if lock.stale_holder is not None:
                log.warning("A previous run (pid %s, started %s) ended without releasing the run lock; taking it "
                            "over", lock.stale_holder.get("pid"), lock.stale_holder.get("started_at"))
                if lock.took_over_from is not None:  # its history row still says "running"
                    state.end_orphan_runs(lock.took_over_from, started, "failed",
                                          "the run process died without recording its end (its lock was left behind)")
            _docker_loop_warning(options, state, started)
            run_id = state.start_run(trigger, scheduled_for, started)
        except BaseException:
            lock.release()  # e.g. an unusable kometa.db: leave no lock behind for the next run to warn about
            raise
        return _run_locked(options, state, lock, run_id, trigger, scheduled_for, started, zone, clock, stop, guard)


def _acquire(lock: Any, wait: bool, stop: threading.Event, now: Callable[[], datetime] | None = None) -> bool:
    """Take the run lock; with ``wait``, queue behind the running run (a signal ends the wait)."""
    if not wait:
        lock.acquire()
        return True
    try:
        lock.acquire()
        return True
    except KometaError:
        _say(f"Waiting for the running run (pid {(lock.holder() or {}).get('pid', '?')}) to finish")
    while not stop.wait(0.5):
        if now is not None:
            lock.now = now()  # the lock names when this run really started, not when it began queueing
        try:
            lock.acquire()
            return True
        except KometaError:
            continue
    return False


def _run_locked(options: Options, state: State, lock: Any, run_id: int, trigger: str,
                scheduled_for: datetime | None, started: datetime, zone: Any, clock: Clock,
                stop: threading.Event, guard: _StopOnSignal) -> int:
    """The run itself, lock held: process, classify the outcome, record it, release the lock."""
    from kometa.process import Interrupted

    result, message, libraries, code = "failed", "", {}, int(ExitCode.RUN_FAILED)
    try:
        moment = (scheduled_for or started).astimezone(zone)
        kind = f"{moment:%H:%M} " if trigger in ("scheduled", "catch-up") else ""
        log.info("Starting %sRun (%s) at %s", kind, trigger, started.isoformat(timespec="seconds"))
        report = _process(options, moment, stop)
        libraries = report.per_library()
        if report.failed:
            message = report.failure_summary()
        else:
            result, code = "success", int(ExitCode.OK)
    except Interrupted:
        pass
    except KometaError as exc:
        log.error("%s", exc.message)
        code, message = int(exc.exit_code), exc.message
    except BaseException as exc:  # our bug: record it, then let cli.main report it
        state.end_run(run_id, clock.now().astimezone(zone), "failed", f"internal error: {type(exc).__name__}")
        lock.release()
        raise
    if stop.is_set():
        result, code, message = "interrupted", guard.exit_code, "stopped by a signal"
    ended = clock.now().astimezone(zone)
    state.end_run(run_id, ended, result, message, libraries)
    lock.release()
    log.info("Finished Run: %s in %s", result, str(ended - started).split(".")[0])
    return code


def _process(options: Options, moment: datetime, stop: threading.Event) -> Any:
    from kometa.config import load_config
    from kometa.logs import add_secrets
    from kometa.process import RunContext, check_schedules, process_config
    from kometa.summary import print_summary

    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    # Tokens written literally in config.yml are secrets too: keep them out of every log line.
    add_secrets([options.plex_token, config.plex.token if config.plex else None,
                 *(lib.plex.token for lib in config.libraries.values() if lib.plex)])
    ctx = RunContext(config=config, options=options, moment=moment, stop=stop)
    check_schedules(ctx)
    report = process_config(ctx)
    print_summary(report)
    return report


# --------------------------------------------------------------------------------------------
# The waiter
# --------------------------------------------------------------------------------------------

def _child_command(argv: list[str]) -> list[str]:
    entry = sys.argv[0] if sys.argv and sys.argv[0].endswith("kometa.py") else None
    base = [sys.executable, os.path.abspath(entry)] if entry else [sys.executable, "-m", "kometa"]
    return [*base, *argv, "--run", "--wait"]


class _ChildRunner:
    """WaiterHooks for the real process: child runs, trigger file, state, console lines."""

    def __init__(self, options: Options, argv: list[str], state: State, stop: threading.Event, zone: Any) -> None:
        self.options = options
        self.argv = argv
        self.state = state
        self.stop = stop
        self.zone = zone
        self.pending_manual = False
        self.child: subprocess.Popen[bytes] | None = None
        self.pid = os.getpid()
        self.stopped_during_run = False

    def trigger_requested(self) -> bool:
        from kometa.trigger import take_request

        if self.pending_manual:
            self.pending_manual = False
            return True
        return take_request(self.options.config_dir)

    def run(self, trigger: str, scheduled_for: datetime | None, missed: int) -> None:
        from kometa.trigger import take_request

        if self.stop.is_set():  # a signal arrived as the moment came: stopped while waiting
            return
        if missed > 1:
            _say(f"{missed} run times were missed (sleep or a long run); running once now as catch-up")
        elif trigger == "catch-up":
            _say(f"The {scheduled_for:%H:%M} run was missed; running it now as catch-up")
        from kometa.cli import environment_without_dotenv

        env = environment_without_dotenv(os.environ)  # the run reads .env itself: edits apply
        env.update({"KOMETA_RUN": "true", "KOMETA_WAIT": "true", INTERNAL_TRIGGER: trigger,
                    INTERNAL_SCHEDULED: scheduled_for.isoformat() if scheduled_for else "",
                    INTERNAL_MISSED: str(missed)})
        try:
            # On Windows the child gets its own process group: CTRL_BREAK_EVENT (how _stop_child asks
            # it to stop) is sent to a group, and without one it would hit the waiter's console too.
            flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if sys.platform == "win32" else 0
            self.child = subprocess.Popen(_child_command(self.argv), env=env, creationflags=flags)
        except OSError as exc:
            _say(f"could not start a run: {exc}")
            return
        while True:
            try:
                code = self.child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if take_request(self.options.config_dir):
                    self.pending_manual = True
                    _say("Trigger received during a run: another run follows this one")
                if self.stop.is_set():
                    self.stopped_during_run = True
                    code = self._stop_child()
                    break
        child_pid, self.child = self.child.pid, None
        if code not in (0, None):
            _say(f"The run ended with exit code {code}; waiting for the next run time")
            # Killed outright (SIGKILL, the OOM killer, a hard stop): its row still says "running".
            result = "interrupted" if self.stopped_during_run else "failed"
            try:
                self.state.end_orphan_runs(child_pid, SystemClock().now().astimezone(self.zone), result,
                                           f"the run process ended with exit code {code} before recording its end")
            except Exception as exc:  # noqa: BLE001 - bookkeeping must never kill the waiter
                _say(f"could not record the end of that run: {exc}")

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
            return self.child.wait(timeout=STOP_GRACE + 2)
        except subprocess.TimeoutExpired:
            self.child.kill()
            return self.child.wait()

    def next_run_changed(self, moment: datetime) -> None:
        self.state.set_next_run(self.pid, moment)

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
        _say(f"Current Time: {local:%H:%M} | {' and '.join(parts)} until the next run at "
             f"{moment.astimezone(self.zone):%a %H:%M} | Runs: {self.run_times_text}")

    run_times_text = ""

    def skipped(self, moments: list[datetime], now: datetime) -> None:
        late = now - moments[-1]
        _say(f"Skipped {len(moments)} missed run time(s), the latest {moments[-1]:%Y-%m-%d %H:%M} "
             f"({int(late.total_seconds() // 60)} minutes ago, beyond --catch-up); waiting for the next one")


def _say(text: str) -> None:
    print(f"| {text}", flush=True)


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


def wait(options: Options, argv: list[str], *, clock: Clock | None = None) -> int:
    """The waiter: start a run at each run time until stopped. Exit 0 when stopped while waiting."""
    from kometa.lock import WaiterLock

    clock = clock or SystemClock()
    zone = resolve_zone(options.tz)
    run_times = RunTimes.from_text(options.times, options.cron, zone)
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
    now = clock.now().astimezone(zone)
    offset = now.strftime("%z")
    _say(f"kometa waiter started (pid {os.getpid()}); config {options.config}")
    _say(f"Time zone {zone_name(zone)} (UTC{offset[:3]}:{offset[3:]}); run times {run_times.describe()}"
         + (f"; catch-up window {int(options.catch_up // 60)} min" if options.catch_up else "; catch-up off"))
    first = run_times.next_after(now)
    _say(f"Next run at {first.astimezone(zone):%Y-%m-%d %H:%M %Z}")
    state.set_waiter(os.getpid(), now, first, str(options.config.resolve()))  # absolute: trigger compares it
    hooks = _ChildRunner(options, argv, state, stop, zone)
    hooks.run_times_text = run_times.describe()
    last = state.last_run()
    waiter = Waiter(run_times, clock, hooks, stop, catch_up=options.catch_up,
                    show_countdown=not options.no_countdown,
                    resume_after=datetime.fromisoformat(last.started_at) if last else None)
    try:
        waiter.loop()
    finally:
        state.clear_waiter(os.getpid())
    if not hooks.stopped_during_run:
        _say("Stopped while waiting")
        return int(ExitCode.OK)
    _say("Stopped during a run")
    return int(ExitCode.SIGTERM if signals.signum == signal.SIGTERM else ExitCode.SIGINT)
