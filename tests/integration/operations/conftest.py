"""Fixtures for processing tests: a fresh small plexsim per test and a one-call runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "process"))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from process_helpers import TOKEN, Runner  # noqa: E402

from plexsim.server import PlexSim  # noqa: E402


@pytest.fixture
def sim() -> Iterator[PlexSim]:
    """A fresh small library per test: 60 movies, 4 shows."""
    with PlexSim(movies=60, shows=4, seed=1, token=TOKEN) as server:
        yield server


@pytest.fixture
def runner(sim: PlexSim, tmp_path: Path) -> Runner:
    return Runner(sim, tmp_path)
