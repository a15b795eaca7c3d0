"""Item 5: a closed stdout (``kometa ... | head``) ends quietly; the run's result does not depend on it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from runs_helpers import kometa_env

from plexsim.server import PlexSim

NOISE = ("Traceback", "Exception ignored", "Logging error", "BrokenPipe", "internal error")


def _head(args: list[str], lines: int = 1) -> tuple[int, str, list[str]]:
    """Run kometa with stdout into a pipe that is closed after ``lines`` lines, like ``| head``."""
    proc = subprocess.Popen([sys.executable, "-m", "kometa", *args], env=kometa_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    got = [proc.stdout.readline().decode() for _ in range(lines)]
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(timeout=60), err, got


def test_schedule_next_into_head_ends_quietly() -> None:
    code, err, got = _head(["schedule", "next", "--times", "05:00|17:30", "--tz", "UTC", "--count", "20000"])
    assert got[0].strip()
    assert not any(word in err for word in NOISE), err
    assert code == 0


def test_a_run_into_head_finishes_and_is_recorded(tmp_path: Path) -> None:
    with PlexSim(movies=30, shows=1, seed=1, token="pipe-token") as sim:
        (tmp_path / "Movies.yml").write_text(
            "collections:\n" + "".join(f"  C{i}:\n    plex_search:\n      all:\n        year.gte: {1990 + i}\n"
                                       for i in range(8)), encoding="utf-8")
        config = tmp_path / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: pipe-token\nlibraries:\n  Movies:\n"
                          "    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
        sim.set_faults(latency_ms=20)  # the run goes on writing after the reader is gone
        code, err, _ = _head(["--config", str(config), "--run", "--no-countdown"])
        collections = len(sim.client().library.section("Movies").collections())
    assert not any(word in err for word in NOISE), err
    assert code == 0, err
    assert collections == 8
    with sqlite3.connect(tmp_path / "kometa.db") as db:
        assert db.execute("SELECT result FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0] == "success"
