"""Fixtures for our overlay defaults: plexsim (world mode) and metasim on one small seeded world,
and a runner that writes ``- default: NAME`` configs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from default_helpers import DefaultsRunner  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402

MOVIES, SHOWS = 14, 6


@pytest.fixture
def pair() -> Iterator[Paired]:
    found = start_pair(seed=3, movies=MOVIES, shows=SHOWS)
    try:
        yield found
    finally:
        stop_pair(found)


@pytest.fixture
def runner(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DefaultsRunner:
    monkeypatch.setenv("KOMETA_IMDB_URL", f"{pair.meta.url}/imdb")
    return DefaultsRunner(pair.plex, tmp_path)


@pytest.fixture
def shows(pair: Paired, tmp_path: Path) -> DefaultsRunner:
    return DefaultsRunner(pair.plex, tmp_path, library="TV Shows")
