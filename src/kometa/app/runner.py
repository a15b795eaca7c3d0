"""One run now (``--run``): :func:`run_once` takes the run lock, records the run history, turns
SIGTERM/SIGINT into a stop at the next safe point and returns the exit code. :mod:`kometa.app.modes`
chooses between this and the waiter (:mod:`kometa.app.waiting`)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from kometa.app.signals import INTERNAL_SCHEDULED, INTERNAL_TRIGGER, STOP_GRACE
from kometa.app.signals import say as _say
from kometa.app.signals import stop_signals as _stop_signals
from kometa.app.state import State
from kometa.core.errors import ExitCode, KometaError
from kometa.core.options import Options, in_docker
from kometa.events.scope import SCOPE_ENV
from kometa.timing.clock import Clock, SystemClock
from kometa.timing.runtimes import resolve_zone

log = logging.getLogger("kometa")

DOCKER_LOOP_WINDOW = timedelta(minutes=10)


# --------------------------------------------------------------------------------------------
# One run
# --------------------------------------------------------------------------------------------

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
    from kometa.core.logs import banner, setup_logging

    setup_logging(options.config_dir, secrets=list(options.secrets.values()), debug=options.debug,
                  width=options.width, divider=options.divider)
    banner(__version__, sys.argv[1:])


def _container_entry() -> bool:
    """This process is the container's own command (pid 1, or a child of tini/an init at pid 1);
    ``docker exec`` starts processes whose parent is outside the container (ppid 0)."""
    return os.getpid() == 1 or os.getppid() == 1


def _docker_loop_warning(options: Options, state: State, now: datetime) -> None:
    """``--run`` in a container with a restart policy restarts forever: say so, with the fix."""
    if not in_docker(os.environ) or os.environ.get(INTERNAL_TRIGGER) or options.dry_run or not _container_entry():
        return
    last = state.last_run(real=True)
    if last is None or last.trigger != "cli" or not last.ended_at or not last.entry:
        return
    ended = datetime.fromisoformat(last.ended_at)
    if timedelta(0) <= now - ended < DOCKER_LOOP_WINDOW:
        log.warning(
            "This --run started %d minutes after the previous one finished. If the container restarts after each "
            "run (restart: unless-stopped/always), drop --run so kometa waits for its --times instead, or use "
            "restart: 'no' for one-off runs.", (now - ended).total_seconds() // 60)


def run_once(options: Options, *, clock: Clock | None = None, kept: Any = None) -> int:
    """One run now: lock, record, load the config, process it, report. Returns the exit code.
    ``kept``: the event worker's :class:`kometa.plex.kept.KeptSnapshots` (snapshots between its runs)."""
    from kometa.app.lock import RunLock

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
            run_id = state.start_run(trigger, scheduled_for, started, dry_run=options.dry_run,
                                     entry=in_docker(os.environ) and _container_entry())
            if kept is not None:
                _begin_kept(kept, state, run_id)
        except BaseException:
            lock.release()  # e.g. an unusable kometa.db: leave no lock behind for the next run to warn about
            raise
        return _run_locked(options, state, lock, run_id, trigger, scheduled_for, started, zone, clock, stop, guard,
                           kept)


def _begin_kept(kept: Any, state: State, run_id: int) -> None:
    """The event worker's run starts: which run came before it, which items the scope names."""
    previous = next((r.id for r in state.runs(limit=2) if r.id != run_id), None)
    scope_text = os.environ.get(SCOPE_ENV)
    keys: list[str] = []
    if scope_text:
        from kometa.events.scope import Scope

        keys = sorted(Scope.from_json(scope_text).rating_keys())
    kept.begin(run_id, previous, keys)


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
                stop: threading.Event, guard: _StopOnSignal, kept: Any = None) -> int:
    """The run itself, lock held: process, classify the outcome, record it, release the lock."""
    from kometa.app.notices import RunNotices
    from kometa.engine.process import Interrupted

    result, message, libraries, code = "failed", "", {}, int(ExitCode.RUN_FAILED)
    notices = RunNotices(options, started, event=trigger == "event")
    try:
        moment = (scheduled_for or started).astimezone(zone)
        kind = f"{moment:%H:%M} " if trigger in ("scheduled", "catch-up") else ""
        log.info("Starting %sRun (%s) at %s", kind, trigger, started.isoformat(timespec="seconds"))
        from kometa.app.progress import ProgressWriter

        progress = ProgressWriter(state, run_id, started, clock, zone,
                                  state.last_duration("event" if trigger == "event" else "full"))
        report = _process(options, moment, stop, notices, progress, kept, clock)
        libraries = report.per_library()
        if report.failed:
            message = report.failure_summary()
        else:
            result, code = "success", int(ExitCode.OK)
            if trigger == "event" and os.environ.get(SCOPE_ENV):  # status says what the event run was for
                from kometa.events.scope import Scope

                message = Scope.from_json(os.environ[SCOPE_ENV]).describe()[:300]
    except Interrupted:
        pass
    except KometaError as exc:
        log.error("%s", exc.message)
        code, message = int(exc.exit_code), exc.message
        notices.fatal(exc.message)
    except BaseException as exc:  # our bug: record it, then let cli.main report it
        if not isinstance(exc, KeyboardInterrupt | SystemExit):
            notices.fatal(f"internal error: {type(exc).__name__}: {exc}")
        notices.finish(code, "failed", clock.now().astimezone(zone))
        state.end_run(run_id, clock.now().astimezone(zone), "failed", f"internal error: {type(exc).__name__}")
        lock.release()
        raise
    if stop.is_set():
        result, code, message = "interrupted", guard.exit_code, "stopped by a signal"
    ended = clock.now().astimezone(zone)
    notices.finish(code, result, ended)
    state.end_run(run_id, ended, result, message, libraries)
    lock.release()
    log.info("Finished Run: %s in %s", result, str(ended - started).split(".")[0])
    return code


def _process(options: Options, moment: datetime, stop: threading.Event, notices: Any = None,
             progress: Any = None, kept: Any = None, clock: Clock | None = None) -> Any:
    from kometa.config import load_config
    from kometa.core.logs import add_secrets
    from kometa.engine.process import RunContext, check_schedules, process_config
    from kometa.engine.summary import print_summary

    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    # Tokens written literally in config.yml are secrets too: keep them out of every log line.
    add_secrets([options.plex_token, config.plex.token if config.plex else None,
                 *(lib.plex.token for lib in config.libraries.values() if lib.plex)])
    for notice in config.warnings:
        log.warning("%s", notice.text)
    ctx = RunContext(config=config, options=options, moment=moment, stop=stop, progress=progress, kept=kept,
                     clock=clock or SystemClock())
    if kept is not None:  # the event worker: one connection per server for all its runs
        if kept.servers is None:
            kept.servers = ctx.servers
        ctx.servers = kept.servers
    scope_text = os.environ.get(SCOPE_ENV)
    if scope_text and os.environ.get(INTERNAL_TRIGGER) == "event":  # the waiter's scoped run
        from kometa.engine.report import RunReport
        from kometa.events.resolve import narrow
        from kometa.events.scope import Scope

        narrowed = narrow(ctx, Scope.from_json(scope_text))
        if narrowed is None:
            log.info("Scoped run: the changes touch no library of this config; nothing to do")
            return RunReport()
        ctx.options = options = narrowed
    if notices is not None:
        notices.start(ctx)  # notification targets and heartbeat: run_start, heartbeat /start
    from kometa.app.selection import check_selection

    check_selection(config, options, ctx.documents.load)
    check_schedules(ctx)
    report = process_config(ctx)
    if kept is not None:
        tokens = {name: plex.token for name, plex in ((lib.mapping_name, lib.plex or config.plex)
                                                      for lib in config.libraries.values()) if plex is not None}
        kept.keep(ctx.snapshots, tokens, finished=not report.failed and not stop.is_set())
        for outcome in kept.outcomes:
            log.info("Event worker: %s", outcome)
    if options.dry_run:
        log.info("Dry run: the statuses below are what this run would have done; nothing was written to Plex")
    print_summary(report)
    return report
