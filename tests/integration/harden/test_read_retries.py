"""Item 2: every read is retried as the README promises; a transient 503 fails nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from process_helpers import TOKEN, Runner

import kometa.plex.failures as failures
from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from plexsim.server import PlexSim

COLLECTIONS = """
    collections:
      Action:
        plex_search:
          all:
            genre: Action
"""


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 7, 9, 13])
def test_a_dry_run_survives_transient_503s_on_every_read(runner: Runner, sim: PlexSim, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    waits: list[float] = []
    monkeypatch.setattr(failures, "SLEEP", waits.append)
    path = runner.write(COLLECTIONS)
    config = load_config(path)
    ctx = RunContext(config=config, options=Options(config=path, run=True, dry_run=True),
                     moment=datetime.now().astimezone())
    assert config.plex is not None
    ctx.servers.get(config.plex)  # connected (connect has its own retries); now reads meet 503s
    sim.set_faults(error_rate=0.3, error_statuses=[503], seed=seed)
    report = process_config(ctx)
    sim.clear_faults()
    assert not report.failed, report
    assert report.library("Movies").rows[0].status == "Created"  # would be created (dry run)
    assert waits, "the seed made at least one read meet a 503"


def test_the_first_read_of_library_sections_is_retried(runner: Runner, sim: PlexSim,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(failures, "SLEEP", waits.append)
    path = runner.write(COLLECTIONS)
    config = load_config(path)
    ctx = RunContext(config=config, options=Options(config=path, run=True, dry_run=True),
                     moment=datetime.now().astimezone())
    assert config.plex is not None
    ctx.servers.get(config.plex)
    sim.set_faults(error_rate=1.0, error_statuses=[503])

    def heal(seconds: float) -> None:  # Plex recovers while kometa waits to retry
        waits.append(seconds)
        sim.clear_faults()

    monkeypatch.setattr(failures, "SLEEP", heal)
    report = process_config(ctx)
    assert not report.failed, report
    assert waits == [1]
    assert TOKEN
