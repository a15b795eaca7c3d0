"""Determinism of the seeded fixtures, persistence under --data, and the plexsim command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import requests
from plexapi.server import PlexServer

from plexsim.cli import main
from plexsim.fixtures import populate
from plexsim.server import PlexSim
from plexsim.store import Store

SRC = str(Path(__file__).resolve().parents[2] / "src")


def dump(store: Store) -> str:
    items = [store.items[rk].to_json() for rk in sorted(store.items)]
    tags = [(t.id, t.kind, t.tag) for t in sorted(store.tags.values(), key=lambda t: t.id)]
    return json.dumps([items, tags, [s.to_json() for s in store.sections.values()],
                       store.meta["machineIdentifier"]], sort_keys=True)


def test_same_seed_same_library_different_seed_differs():
    stores = []
    for seed in (5, 5, 6):
        store = Store()
        populate(store, movies=80, shows=3, seed=seed)
        stores.append(dump(store))
    assert stores[0] == stores[1]
    assert stores[0] != stores[2]


def test_same_seed_same_wire_listing():
    bodies = []
    for _ in range(2):
        with PlexSim(movies=30, shows=2, seed=3, token="t") as sim:
            hdr = {"X-Plex-Token": "t"}
            bodies.append([requests.get(sim.url + path, headers=hdr, timeout=5).content
                           for path in ("/", "/library/sections/1/all?includeGuids=1", "/library/sections/2/all")])
    assert bodies[0] == bodies[1]


def test_state_persists_under_data_dir(tmp_path):
    with PlexSim(movies=10, shows=1, seed=2, token="t", data=str(tmp_path)) as sim:
        plex = PlexServer(sim.url, "t")
        movie = plex.library.section("Movies").all()[0]
        movie.editTitle("Persisted")
        plex.createCollection("Kept", "Movies", [movie])
    assert (tmp_path / "plexsim.db").exists()
    with PlexSim(movies=999, shows=1, seed=99, token="t", data=str(tmp_path)) as sim:  # existing db wins
        plex = PlexServer(sim.url, "t")
        movies = plex.library.section("Movies")
        assert len(movies.all()) == 10
        assert plex.fetchItem(movie.ratingKey).title == "Persisted"
        assert [i.title for i in movies.collection("Kept").items()] == ["Persisted"]


def test_cli_bad_arguments_exit_2(capsys):
    for argv in (["serve", "--port", "abc"], ["serve", "--fail-rate", "1.5"], ["serve", "--movies", "-1"],
                 ["serve", "--latency-ms", "x"], ["bogus"], []):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("plexsim: error:")
    assert main(["serve", "--movies", "60000"]) == 2


def test_cli_serve_prints_ready_and_serves():
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "plexsim.cli", "serve", "--port", "0", "--movies", "4",
                             "--shows", "1", "--token", "tok"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("plexsim ready http://127.0.0.1:")
        url = line.split()[-1]
        assert len(PlexServer(url, "tok").library.section("Movies").all()) == 4
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


def test_cli_port_in_use_exits_2(capsys):
    with PlexSim(movies=1, shows=0, token="t") as sim:
        assert main(["serve", "--port", str(sim.port), "--movies", "1", "--shows", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot serve" in err[0]
