"""``--plex-events`` against plexsim's notification websocket: changes arrive, a restarted Plex is
reconnected to (with backoff), a wrong token keeps retrying without taking anything."""

from __future__ import annotations

import threading

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
