"""Fixtures for overlay runs against plexsim: a fresh small library and a one-call runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from overlay_helpers import MOVIES, TOKEN, OverlayRunner  # noqa: E402

from metasim.testing import Paired, paired_sims, start_pair, stop_pair  # noqa: E402,F401 (plexsim + metasim on one world)
from plexsim.server import PlexSim  # noqa: E402


@pytest.fixture
def sim() -> Iterator[PlexSim]:
    with PlexSim(movies=MOVIES, shows=2, seed=1, token=TOKEN) as server:
        yield server


@pytest.fixture
def runner(sim: PlexSim, tmp_path: Path) -> OverlayRunner:
    return OverlayRunner(sim, tmp_path)


@pytest.fixture
def tmdb_pair(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paired]:
    """plexsim + metasim on one world (40 movies, 12 shows), kometa's TMDb client pointed at metasim."""
    paired = start_pair(movies=40, shows=12)
    monkeypatch.setenv("KOMETA_TMDB_URL", paired.meta.tmdb_url)
    yield paired
    stop_pair(paired)
