"""``--plex-events`` against plexsim's notification websocket: changes arrive, a restarted Plex is
reconnected to (with backoff), a wrong token keeps retrying without taking anything."""

from __future__ import annotations

import threading
from datetime import datetime

import requests
from runs_helpers import wait_for

from kometa.events.plex_alerts import PlexAlerts
from kometa.events.scope import Change
from plexsim.server import PlexSim


def _until(predicate, timeout: float = 15.0) -> bool:
    return wait_for(predicate, timeout, 0.02)


def _add(sim: PlexSim, title: str) -> int:
    answer = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": sim.token}, json={"title": title},
                           timeout=10)
    answer.raise_for_status()
    return int(answer.json()["added"][0]["ratingKey"])


def test_added_item_arrives_and_a_restarted_plex_is_reconnected():
    got: list[Change] = []
    said: list[str] = []
    stop = threading.Event()
    sim = PlexSim(movies=10, shows=1, token="tok").start()
    port, store = sim.port, sim.store
    alerts = PlexAlerts(lambda: (sim.url, "tok"), got.extend, stop, said.append).start()
    try:
        assert _until(lambda: sim.sim.notifications.listeners == 1)
        rk = _add(sim, "First")
        assert _until(lambda: any(c.rating_keys == (str(rk),) and c.kind == "added" for c in got))
        assert {c.section for c in got} == {"1"}
        sim.stop()  # Plex restarts: the connection drops, connecting fails for a while
        assert _until(lambda: "Plex events: connection lost; reconnecting" in said)
        assert _until(lambda: len(alerts.delays) >= 2)  # backing off: 1 s, then 2 s
        sim = PlexSim(token="tok", port=port, store=store).start()
        assert _until(lambda: alerts.connects == 2, timeout=20)
        assert _until(lambda: sim.sim.notifications.listeners == 1)
        rk2 = _add(sim, "Second")
        assert _until(lambda: any(c.rating_keys == (str(rk2),) for c in got))
        assert alerts.delays[:2] == [1.0, 2.0]
        assert sum("cannot connect" in line for line in said) == 1  # said once, not at every retry
    finally:
        stop.set()
        alerts.join(5)
        sim.stop()


def test_wrong_token_keeps_retrying_and_takes_nothing():
    got: list[Change] = []
    said: list[str] = []
    stop = threading.Event()
    with PlexSim(movies=5, shows=1, token="tok") as sim:
        alerts = PlexAlerts(lambda: (sim.url, "wrong"), got.extend, stop, said.append).start()
        try:
            assert _until(lambda: len(alerts.delays) >= 1)
            _add(sim, "Unseen")
            assert alerts.connects == 0 and got == []
            assert "403" in said[0]
        finally:
            stop.set()
            alerts.join(5)


def test_two_plex_servers_each_have_a_connection_and_changes_name_their_server(tmp_path):
    """Per-library ``plex:`` on a second server: one websocket per server; a change from one is
    about that server's libraries only, though both number their Movies section 1."""
    from kometa.app.event_runs import plex_connections
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.context import RunContext
    from kometa.events.resolve import libraries_touched
    from kometa.events.scope import Scope

    got: list[Change] = []
    stop = threading.Event()
    with PlexSim(movies=5, shows=1, token="one") as first, PlexSim(movies=5, shows=1, token="two") as second:
        path = tmp_path / "config.yml"
        path.write_text(f"plex:\n  url: {first.url}\n  token: one\nlibraries:\n  Movies:\n    collection_files: []\n"
                        f"  Other Movies:\n    library_name: Movies\n    plex:\n      url: {second.url}\n"
                        f"      token: two\n    collection_files: []\n", encoding="utf-8")
        options = Options(config=path, run=True)
        assert plex_connections(options) == [(first.url, "one"), (second.url, "two")]
        alerts = [PlexAlerts(lambda pair=pair: pair, got.extend, stop, lambda _line: None).start()
                  for pair in plex_connections(options)]
        try:
            assert _until(lambda: first.sim.notifications.listeners == 1 and second.sim.notifications.listeners == 1)
            rk = _add(second, "On The Second")
            assert _until(lambda: any(c.rating_keys == (str(rk),) and c.kind == "added" for c in got))
            change = next(c for c in got if c.rating_keys == (str(rk),))
            assert (change.section, change.server) == ("1", second.url)
            ctx = RunContext(config=load_config(path), options=options, moment=datetime(2026, 12, 1).astimezone())
            assert libraries_touched(ctx, Scope.of([change])) == ["Other Movies"]
            assert libraries_touched(ctx, Scope.of([Change("plex", "added", section="1", server=first.url)])) == \
                ["Movies"]
            assert libraries_touched(ctx, Scope.of([Change("plex", "added", section="1")])) == \
                ["Movies", "Other Movies"]  # a webhook names no server: both sections 1
            assert Scope.from_json(Scope.of([change]).to_json()).changes == (change,)
        finally:
            stop.set()
            for one in alerts:
                one.join(5)
