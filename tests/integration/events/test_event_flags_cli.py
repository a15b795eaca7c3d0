"""The event flags at the command line, as real processes (each one ends within a second or two):
a ``--listen`` address that is taken fails before the waiter says anything; ``--run`` with the
waiter's flags warns that they do nothing there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOMETA_", "PMM_"))}
    env.update(PYTHONPATH=str(SRC), KOMETA_DOCKER="false", PYTHONUNBUFFERED="1", TZ="UTC",
               KOMETA_LISTEN_TOKEN="hook-secret")
    return env


def _config(folder: Path) -> Path:
    config = folder / "config.yml"
    config.write_text("plex:\n  url: http://127.0.0.1:9\n  token: x\nlibraries:\n  Movies:\n"
                      "    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
    (folder / "Movies.yml").write_text("collections:\n  Comedies:\n    genre: Comedy\n", encoding="utf-8")
    return config


def test_a_listen_address_in_use_fails_before_the_banner(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kometa", "--config", str(_config(tmp_path)), "--times", "03:00",
                               "--listen", f"127.0.0.1:{port}"], env=_env(), capture_output=True, text=True,
                              timeout=30)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip().count("\n") == 0 and f"127.0.0.1:{port}: cannot listen there" in done.stderr
    assert "Traceback" not in done.stderr
    assert "waiter started" not in done.stdout and "Next run at" not in done.stdout


def test_run_with_the_waiters_event_flags_warns_once(tmp_path: Path) -> None:
    # a config that cannot reach Plex: the run fails fast; the warning comes before it starts
    done = subprocess.run([sys.executable, "-m", "kometa", "--config", str(_config(tmp_path)), "--run",
                           "--plex-events", "--settle", "5s"], env=_env(), capture_output=True, text=True, timeout=60)
    warnings = [line for line in done.stderr.splitlines() if "only apply to the waiter" in line]
    assert warnings == ["kometa: warning: --plex-events, --settle only apply to the waiter (kometa without --run); "
                        "this run ignores them"]
    assert "Listening" not in done.stdout + done.stderr and "Watching Plex" not in done.stdout + done.stderr
