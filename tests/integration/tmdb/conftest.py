"""Fixtures for TMDb tests: plexsim (world mode) and metasim sharing one world, and a runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from tmdb_helpers import TmdbRunner  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture(scope="module")
def pair() -> Iterator[Paired]:
    sims = start_pair(seed=3, movies=80, shows=12)
    try:
        yield sims
    finally:
        stop_pair(sims)


@pytest.fixture
def tmdb(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TmdbRunner]:
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    pair.meta.clear_faults()
    pair.meta.reset_stats()
    yield TmdbRunner(pair, tmp_path)
    pair.meta.clear_faults()
