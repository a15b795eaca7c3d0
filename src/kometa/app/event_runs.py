"""The waiter's event sources and scoped runs: ``--listen`` webhooks and ``--plex-events``.

Both are off by default. Sources hand changes to one :class:`~kometa.events.coalesce.Coalescer`;
the waiter loop (:class:`kometa.timing.waiter.Waiter`, through :meth:`EventRuns.take_due`) starts
one scoped run (trigger ``event``, the scope in ``KOMETA_INTERNAL_SCOPE``) per settled burst, in
the event worker (:mod:`kometa.app.event_worker`: one child ``kometa --run --wait`` that keeps the
libraries' snapshots between scoped runs; it ends when a full run starts or after
``MAX_AGE`` without events). Runs never overlap: the waiter runs them one by one, and a run
started elsewhere holds the run lock, which the worker's run waits for (``--wait``).
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from kometa.app.signals import say as _say
from kometa.core.options import Options
from kometa.events.coalesce import Coalescer
from kometa.events.scope import SCOPE_ENV, Change, Scope
from kometa.timing.clock import Clock


def plex_connections(options: Options) -> list[tuple[str, str | None]]:
    """The Plex servers (URL, token) the config's ``plex:`` sections give, the top-level one first,
    then each library's own, once each (read again at each connection)."""
    from kometa.config import load_config

    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    found: dict[str, tuple[str, str | None]] = {}
    for plex in (config.plex, *(lib.plex for lib in config.libraries.values())):
        if plex is not None:
            found.setdefault(plex.url.rstrip("/"), (plex.url, plex.token))
    if not found:
        raise ValueError(f"{options.config} has no plex: url/token")
    return list(found.values())


def plex_connection(options: Options, index: int = 0) -> tuple[str, str | None]:
    """The ``index``-th of :func:`plex_connections` (an error when the config no longer has it)."""
    servers = plex_connections(options)
    if index >= len(servers):
        raise ValueError(f"{options.config} no longer has a Plex server number {index + 1}")
    return servers[index]


def with_settings(options: Options) -> Options:
    """The event sources ``settings: plex_events / listen / settle`` ask for, where no flag (or
    ``KOMETA_*`` variable) says otherwise: flags win. A config that does not load changes nothing
    here (the runs report it)."""
    import dataclasses

    from kometa.config import load_config
    from kometa.core.errors import KometaError

    try:
        settings = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                               plex_token=options.plex_token).settings
    except KometaError:
        return options
    changes: dict[str, Any] = {}
    for name in ("plex_events", "listen", "settle"):
        if name not in options.given and settings.get(name) is not None:
            changes[name] = settings[name]
    if changes:
        _say("From settings: " + ", ".join(f"{k}: {v}" for k, v in changes.items()))
    return dataclasses.replace(options, **changes) if changes else options


def check_options(options: Options) -> None:
    """Refuse a bad ``--listen`` before the waiter starts (exit 2, one line)."""
    if options.listen:
        from kometa.core.errors import UsageError
        from kometa.events.listener import NO_TOKEN, parse_listen

        parse_listen(options.listen)
        if not options.listen_token:
            raise UsageError(NO_TOKEN)


class EventRuns:
    """The event side of one waiter (implements :class:`kometa.timing.waiter.EventRuns`)."""

    def __init__(self, options: Options, runner: Any, clock: Clock, stop: threading.Event) -> None:
        self.options = options
        self.runner = runner  # kometa.app.waiting._ChildRunner
        self.clock = clock
        self.stop = stop
        self.coalescer = Coalescer(settle=options.settle)
        self.server: Any = None
        self.alerts: list[Any] = []
        self.last_run: tuple[datetime, str] | None = None  # (when it ended, result) for the countdown line
        from kometa.app.event_worker import Worker
        from kometa.plex.kept import MAX_AGE

        self.worker = Worker(runner.child_command(), runner.child_env("event", None, 0), clock.monotonic, MAX_AGE)

    # sources -----------------------------------------------------------------------------
    def bind(self) -> None:
        """Take the ``--listen`` address now (the waiter does this before its banner): an address
        that cannot be bound is one line, exit 2, before the waiter says anything."""
        if self.options.listen and self.server is None:
            from kometa.events.listener import EventServer, parse_listen

            self.server = EventServer(parse_listen(self.options.listen), self.options.listen_token or "", self.add)

    def start(self) -> None:
        self.bind()
        if self.server is not None:
            host = self.server.server_address[0]
            self.server.start()
            _say(f"Listening for webhooks on {host}:{self.server.port} (/plex, /sonarr, /radarr, /tautulli, /run); "
                 f"scoped runs {self.options.settle:g} s after the last change")
        if self.options.plex_events:
            from kometa.events.plex_alerts import PlexAlerts

            try:
                count = len(plex_connections(self.options))
            except Exception:  # noqa: BLE001 - a config that does not load now: one connection, retried
                count = 1
            self.alerts = [PlexAlerts(lambda index=index: plex_connection(self.options, index), self.add, self.stop,
                                      _say, verify_ssl=not self.options.no_verify_ssl).start()
                           for index in range(count)]
            servers = f" ({count} Plex servers)" if count > 1 else ""
            _say(f"Watching Plex's notifications{servers}; scoped runs {self.options.settle:g} s after the last change")

    def close(self) -> None:
        self.worker.close()
        if self.server is not None:
            self.server.stop()
        for alerts in self.alerts:
            alerts.join(timeout=3)

    def add(self, changes: list[Change]) -> None:
        taken = [c for c in changes if self.coalescer.add(c, self.clock.monotonic())]
        if taken:
            _say(f"Event: {Scope.of(taken).describe()}; {self.coalescer.pending} change(s) waiting")

    # the waiter loop's side ---------------------------------------------------------------
    def take_due(self) -> Scope | None:
        if self.worker.close_if_idle():
            _say("Event worker ended after a quiet spell (the next event run reads the libraries in full)")
        return self.coalescer.take_due(self.clock.monotonic())

    def seconds_until_due(self) -> float | None:
        due = self.coalescer.next_due()
        return None if due is None else max(due - self.clock.monotonic(), 0.0)

    def run_started(self, *, full: bool) -> None:
        dropped = self.coalescer.run_started(self.clock.monotonic(), full=full)
        if full:
            self.worker.close()  # what it kept is out of date after a full run; its memory goes back
        if dropped:
            _say(f"{dropped} waiting change(s) are covered by this full run")

    def run_ended(self) -> None:
        self.coalescer.run_ended(self.clock.monotonic())

    def run(self, scope: object) -> None:
        assert isinstance(scope, Scope)
        _say(f"Scoped run for {scope.describe()}")
        self.run_started(full=False)
        try:
            code = self.runner.run_child("event", None, 0, {SCOPE_ENV: scope.to_json()}, worker=self.worker)
        finally:
            self.run_ended()
        self.last_run = (self.clock.now(), "success" if code == 0 else f"exit {code}")

    def countdown_text(self, zone: Any) -> str:
        if self.last_run is None:
            return " | Last event run: none yet"
        ended, result = self.last_run
        return f" | Last event run: {ended.astimezone(zone):%a %H:%M} ({result})"
