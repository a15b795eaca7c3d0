"""``metasim serve`` in a subprocess: the ready line, serving, bad arguments exit 2 with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

SRC = str(Path(__file__).resolve().parents[2] / "src")
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_serve_prints_ready_and_serves():
    proc = subprocess.Popen([sys.executable, "-m", "metasim.cli", "serve", "--port", "0", "--movies", "6",
                             "--shows", "1", "--tmdb-key", "k", "--rate-limit", "50"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("metasim ready http://127.0.0.1:"), line
        url = line.split()[-1]
        body = requests.get(f"{url}/tmdb/3/genre/movie/list", params={"api_key": "k"}, timeout=10).json()
        assert body["genres"][0] == {"id": 28, "name": "Action"}
        assert requests.get(f"{url}/tmdb/3/genre/movie/list", params={"api_key": "x"}, timeout=10).status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


@pytest.mark.parametrize("args", [["--port", "70000"], ["--fail-rate", "2"], ["--movies", "-1"],
                                  ["--rate-limit", "x"], ["--bogus"], ["--latency-ms", "fast"]])
def test_bad_arguments_exit_2_with_one_line(args: list[str]):
    done = subprocess.run([sys.executable, "-m", "metasim.cli", "serve", *args], capture_output=True, text=True,
                          env=ENV, timeout=30)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("metasim: error:")


def test_no_command_exits_2():
    done = subprocess.run([sys.executable, "-m", "metasim.cli"], capture_output=True, text=True, env=ENV, timeout=30)
    assert done.returncode == 2


def test_plexsim_serve_world_serves_the_world_library():
    from metasim.world import World
    proc = subprocess.Popen([sys.executable, "-m", "plexsim.cli", "serve", "--port", "0", "--movies", "6",
                             "--shows", "1", "--seed", "5", "--token", "tok", "--world"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip().split()[-1]
        xml = requests.get(f"{url}/library/sections/1/all", params={"X-Plex-Token": "tok", "includeGuids": "1"},
                           timeout=10).text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    world = World(seed=5, movies=6, shows=1)
    for title in world.library:
        if title.kind == "movie":
            assert f'guid="{title.plex_guid}"' in xml
            for guid in title.plex_guids:
                assert f'<Guid id="{guid}"/>' in xml
