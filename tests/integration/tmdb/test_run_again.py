"""run_again: a collection that misses titles runs once more after the run, after run_again_delay
minutes on the run's clock; a title that arrived in Plex during the wait joins it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from tmdb_helpers import TmdbRunner, rows

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.timing.clock import FakeClock
from metasim.testing import PLEX_TOKEN, Paired, start_pair, stop_pair


@pytest.fixture
def own_pair() -> Iterator[Paired]:  # this test adds items to Plex: a pair of its own
    sims = start_pair(seed=3, movies=80, shows=12)
    try:
        yield sims
    finally:
        stop_pair(sims)


class ArrivingClock(FakeClock):
    """Jumps over the wait; ``during`` runs while "waiting" (a download finishing, Plex scanning it)."""

    def __init__(self, during: Callable[[], None]) -> None:
        super().__init__(datetime(2026, 1, 1, tzinfo=UTC))
        self.during = during

    def wait(self, event: threading.Event, seconds: float) -> bool:
        self.during()
        return super().wait(event, seconds)


def _group(pair: Paired):
    return next(g for g in pair.world.collections.values()
                if any(t.in_library for t in g.members) and any(not t.in_library for t in g.members))


def _run(runner: TmdbRunner, clock: FakeClock, dry_run: bool = False):
    path = runner.folder / "config.yml"
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True, dry_run=dry_run),
                     moment=datetime.now().astimezone(), clock=clock)
    return process_config(ctx)


def test_run_again_adds_titles_that_arrived_during_the_delay(own_pair: Paired, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_TMDB_URL", own_pair.meta.tmdb_url)
    group = _group(own_pair)
    arriving = sorted((t for t in group.members if not t.in_library), key=lambda t: t.tmdb_id)[0]
    runner = TmdbRunner(own_pair, tmp_path)
    key = own_pair.meta.tmdb_key
    runner.write(f"""
        collections:
          Franchise:
            tmdb_collection: {group.id}
            run_again: true
          Other:
            tmdb_collection: {group.id}
          Not Built:
            tmdb_collection: {group.id}
            build_collection: false
            run_again: true
    """, tmdb=f"tmdb:\n  apikey: {key}\n  language: en\nsettings:\n  run_again_delay: 5\n")

    def arrive() -> None:
        answer = requests.post(f"{own_pair.plex.url}/_sim/items", params={"X-Plex-Token": PLEX_TOKEN},
                               json={"title": arriving.title, "year": arriving.year,
                                     "guids": [f"tmdb://{arriving.tmdb_id}"]}, timeout=10)
        answer.raise_for_status()

    clock = ArrivingClock(arrive)
    report = _run(runner, clock)
    assert clock.waits == [300.0]  # run_again_delay: 5 minutes, on the run's clock
    got = rows(report)
    assert got["Franchise"].status == "Created"
    assert got["Franchise (run again)"].status == "Modified" and got["Franchise (run again)"].added == 1
    assert "Other (run again)" not in got  # without run_again it runs once
    assert "Not Built (run again)" not in got  # build_collection: false never runs again (Kometa)
    assert arriving.title in runner.members("Franchise")
    assert arriving.title not in runner.members("Other")
    assert not report.not_done


def test_no_missing_titles_no_wait_and_dry_run_only_says(own_pair: Paired, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KOMETA_TMDB_URL", own_pair.meta.tmdb_url)
    group = _group(own_pair)
    runner = TmdbRunner(own_pair, tmp_path)
    runner.write(f"""
        collections:
          Franchise:
            tmdb_collection: {group.id}
            run_again: true
    """, tmdb=f"tmdb:\n  apikey: {own_pair.meta.tmdb_key}\n  language: en\nsettings:\n  run_again_delay: 2\n")
    clock = ArrivingClock(lambda: None)
    report = _run(runner, clock, dry_run=True)
    assert clock.waits == [] and "Franchise (run again)" not in rows(report)
    assert "run_again: would run 1 collection(s) again after 2 minute(s)" in capsys.readouterr().out
    complete = next(g for g in own_pair.world.collections.values()
                    if g.members and all(t.in_library for t in g.members))
    runner.write(f"""
        collections:
          Complete:
            tmdb_collection: {complete.id}
            run_again: true
    """, tmdb=f"tmdb:\n  apikey: {own_pair.meta.tmdb_key}\n  language: en\nsettings:\n  run_again_delay: 2\n")
    report = _run(runner, clock)
    assert clock.waits == [] and set(rows(report)) == {"Complete"}  # nothing missing: nothing to run again
