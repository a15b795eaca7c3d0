"""Item 4: the config folder's disk fills up during a run (a real full tmpfs; skipped where this
machine cannot mount one). Logging degrades to one warning, nothing is created that could not be
recorded, and the run row is closed."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from runs_helpers import kometa_env

from plexsim.server import PlexSim


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)


def last_result(db: Path) -> str:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT result FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:  # being created right now
        return ""
    return str(row[0]) if row else ""


@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="needs root on Linux to mount a tmpfs")
def test_the_disk_fills_up_during_a_run(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk, PlexSim(movies=40, shows=1, seed=1, token="full-token") as sim:
        (disk / "Movies.yml").write_text(
            "collections:\n" + "".join(f"  C{i}:\n    plex_search:\n      all:\n        year.gte: {1990 + i}\n"
                                       for i in range(12)), encoding="utf-8")
        (disk / "Playlists.yml").write_text(
            "playlists:\n  Mix:\n    libraries: Movies\n    plex_search:\n      all:\n        year.gte: 2000\n",
            encoding="utf-8")
        config = disk / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: full-token\nlibraries:\n  Movies:\n"
                          "    collection_files:\n      - file: Movies.yml\nplaylist_files:\n  - file: Playlists.yml\n",
                          encoding="utf-8")
        sim.set_faults(latency_ms=60)  # a slow server: the disk fills while the run goes on
        proc = subprocess.Popen([sys.executable, "-m", "kometa", "--config", str(config), "--run", "--no-countdown",
                                 "--debug"], env=kometa_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not ((disk / "kometa.db").exists()
                                                   and last_result(disk / "kometa.db") == "running"):
            time.sleep(0.05)
        fill(disk)
        out, err = proc.communicate(timeout=120)
        client = sim.client()
        collections = client.library.section("Movies").collections()
        labelled = [c for c in collections if "Kometa" in [x.tag for x in c.labels]]
        playlists = client.playlists()
        result = last_result(disk / "kometa.db")
    text = out + err
    assert "Traceback" not in text and "Logging error" not in text, text[-3000:]
    warned = [line for line in text.splitlines() if line.startswith("| cannot write") and "the log file stops" in line]
    assert len(warned) <= 1, text[-3000:]  # at most one warning (and its summary row), never one per line
    assert proc.returncode == 1, text[-3000:]
    assert result in ("failed", "interrupted"), result  # the row is closed, not left "running"
    assert len(labelled) == len(collections)  # nothing unlabelled (so nothing the next run would disown)
    assert playlists == []  # its ownership could not be recorded, so it was not created
