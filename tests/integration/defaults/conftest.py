"""Our default files run end to end: plexsim (world mode) + metasim from one seeded world."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from defaults_helpers import DefaultsRunner  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture(scope="module")
def pair() -> Iterator[Paired]:
    sims = start_pair(seed=5, movies=80, shows=12)
    try:
        yield sims
    finally:
        stop_pair(sims)


@pytest.fixture
def runner(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DefaultsRunner:
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    monkeypatch.setenv("KOMETA_TRAKT_URL", f"{pair.meta.url}/trakt")
    monkeypatch.setenv("KOMETA_IMDB_URL", f"{pair.meta.url}/imdb")
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{pair.meta.url}/mdblist")
    monkeypatch.setenv("KOMETA_STEVENLU_URL", f"{pair.meta.url}/stevenlu")
    return DefaultsRunner(pair, tmp_path)
