"""``kometa demo`` end to end: plexsim in-process, the sample config run once, the result in Plex."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from plexapi.server import PlexServer

from kometa.app.demo import DEMO_TOKEN
from kometa.cli import main
from plexsim.server import PlexSim

EXPECTED = {"The Thriller Shelf", "Family Night", "Critics' Picks"}


def _plex_state(folder: Path) -> tuple[set[str], set[str]]:
    """Serve the kept simulator library again and read it back through python-plexapi."""
    with PlexSim(data=str(folder / "plexsim"), token=DEMO_TOKEN) as sim:
        server = PlexServer(sim.url, DEMO_TOKEN)
        collections = {c.title for c in server.library.section("Movies").collections()}
        playlists = {p.title for p in server.playlists()}
    return collections, playlists


def _labelled(folder: Path) -> int:
    with PlexSim(data=str(folder / "plexsim"), token=DEMO_TOKEN) as sim:
        return len(PlexServer(sim.url, DEMO_TOKEN).library.section("Movies").search(label="Overlay"))


def test_demo_runs_and_the_collections_exist_in_plex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    started = time.monotonic()
    assert main(["demo", "--keep", str(folder)]) == 0
    assert time.monotonic() - started < 30
    out = capsys.readouterr().out
    assert "Where to look:" in out and str(folder / "config.yml") in out and DEMO_TOKEN in out
    assert (folder / "logs" / "meta.log").is_file()
    assert {"config.yml", "movies.yml", "playlists.yml"} <= {p.name for p in folder.iterdir()}

    collections, playlists = _plex_state(folder)
    assert collections >= EXPECTED
    assert {"1980s Classics", "1990s Classics", "2000s Classics"} <= collections  # the dynamic decade set
    assert {"Action Marathon", "Star Trek (Release Order)"} <= playlists  # ours, and the playlist default's
    assert {"The Franchise", "Action by Popularity"} <= collections  # from metasim's TMDb
    assert {"Trakt Weekend Picks", "IMDb Top English"} <= collections  # metasim's Trakt list and IMDb chart
    assert "lists.yml" in {p.name for p in folder.iterdir()} and "Trakt: " in out
    assert {"Newly Released", "IMDb Top 250", "IMDb Popular", "TMDb Popular"} <= collections  # our defaults
    assert "The Signal of the Paper Tide" in collections  # the franchise default: one per TMDb collection
    assert "TMDb: " in out and (folder / "kometa-cache.db").is_file()

    # the overlay defaults put badges on every poster; the contact sheet shows eight of them
    sheet = folder / "overlays-sheet.png"
    assert f"posters     {sheet}" in out
    with Image.open(sheet) as img:
        assert img.format == "PNG" and img.width > 1000 and img.height > 700
    assert _labelled(folder) == 120

    # a second run against the same library changes nothing and rotates the log
    assert main(["demo", "--keep", str(folder)]) == 0
    again = capsys.readouterr().out
    assert any(line.startswith("overlays") and re.search(r"\| Unchanged +\| 0 \| 120 \| 0 \|", line)
               for line in again.splitlines())  # (the status column is as wide as its longest status)
    assert (folder / "logs" / "meta-1.log").is_file()
    assert _plex_state(folder)[0] == collections


def test_demo_refuses_to_overwrite_a_foreign_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config.yml").write_text("libraries: {}\n")
    assert main(["demo", "--keep", str(tmp_path)]) == 2
    assert "was not written by 'kometa demo'" in capsys.readouterr().err
    assert (tmp_path / "config.yml").read_text() == "libraries: {}\n"


def test_kometa_demo_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3] / "src"), "TMPDIR": str(tmp_path)}
    env = {k: v for k, v in env.items() if not k.startswith(("KOMETA_", "PMM_"))}
    done = subprocess.run([sys.executable, "-m", "kometa", "demo"], env=env, capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "What Plex has now:" in done.stdout and "Traceback" not in done.stdout + done.stderr
