"""Fixtures for the hardening tests: a fresh small plexsim and a one-call runner (as in process/)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "process"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runs"))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from process_helpers import TOKEN, Runner  # noqa: E402

from plexsim.server import PlexSim  # noqa: E402


@pytest.fixture
def sim() -> Iterator[PlexSim]:
    with PlexSim(movies=30, shows=2, seed=1, token=TOKEN) as server:
        yield server


@pytest.fixture
def runner(sim: PlexSim, tmp_path: Path) -> Runner:
    return Runner(sim, tmp_path)
