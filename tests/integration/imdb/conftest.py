"""IMDb test fixtures: plexsim (world mode) + metasim from one world, and a runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from imdb_helpers import ImdbRunner  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture(scope="module")
def pair() -> Iterator[Paired]:
    p = start_pair(movies=80, shows=10)
    try:
        yield p
    finally:
        stop_pair(p)


@pytest.fixture
def runner(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ImdbRunner:
    monkeypatch.setenv("KOMETA_IMDB_URL", f"{pair.meta.url}/imdb")
    return ImdbRunner(pair, tmp_path)
