"""The real waiter process with both event sources on: a new movie in plexsim (reported on the
websocket) lands in its collection through one scoped child run; a webhook with a wrong token runs
nothing; status records the event run."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import requests
from runs_helpers import wait_for

from plexsim.server import PlexSim

SRC = Path(__file__).resolve().parents[3] / "src"
TOKEN = "waiter-events"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until(predicate, timeout: float = 60.0) -> bool:
    return wait_for(predicate, timeout, 0.02)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOMETA_", "PMM_"))}
    env.update(PYTHONPATH=str(SRC), KOMETA_DOCKER="false", PYTHONUNBUFFERED="1", TZ="UTC",
               KOMETA_LISTEN_TOKEN="hook-secret")
    return env


def test_websocket_addition_runs_its_collection_and_bad_webhooks_run_nothing(tmp_path):
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        (tmp_path / "Movies.yml").write_text("collections:\n  Comedies:\n    genre: Comedy\n", encoding="utf-8")
        config = tmp_path / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Movies:\n"
                          f"    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
        port = _free_port()
        waiter = subprocess.Popen([sys.executable, "-m", "kometa", "--config", str(config), "--times", "03:00",
                                   "--listen", f"127.0.0.1:{port}", "--plex-events", "--settle", "1s"],
                                  env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert _until(lambda: sim.sim.notifications.listeners == 1), "the waiter never connected"
            hook = f"http://127.0.0.1:{port}/run"
            assert requests.post(hook, params={"token": "wrong"}, timeout=5).status_code == 403
            assert requests.post(hook, params={"token": "hook-secret"}, json={"config": "x"},
                                 timeout=5).status_code == 400
            answer = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": TOKEN},
                                   json={"title": "Brand New Comedy", "genres": ["Comedy"]}, timeout=10)
            rk = answer.json()["added"][0]["ratingKey"]

            def collected() -> bool:
                section = sim.client().library.section("Movies")
                found = [c for c in section.collections() if c.title == "Comedies"]
                return bool(found) and rk in {m.ratingKey for m in found[0].items()}

            assert _until(collected), "the new comedy never reached its collection"
            def status() -> dict:
                done = subprocess.run([sys.executable, "-m", "kometa", "status", "--config", str(config), "--json"],
                                      env=_env(), capture_output=True, text=True, timeout=30)
                return json.loads(done.stdout)

            assert status()["last_run"]["trigger"] == "event"
            assert _until(lambda: status()["last_event_run"]["result"] == "success", 30)
            assert "Brand New Comedy" in status()["last_event_run"]["message"]  # what the event run was for
        finally:
            waiter.terminate()
            out = waiter.communicate(timeout=30)[0]
        assert "Scoped run for" in out and "Traceback" not in out
        assert out.count("Starting Run (event)") == 1  # the run's own writes caused no second run
