"""Trakt test fixtures: plexsim (world mode) + metasim from one world, and a runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from trakt_helpers import TraktRunner  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture
def pair() -> Iterator[Paired]:
    p = start_pair(movies=40, shows=6)
    try:
        yield p
    finally:
        stop_pair(p)


@pytest.fixture
def runner(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TraktRunner:
    monkeypatch.setenv("KOMETA_TRAKT_URL", f"{pair.meta.url}/trakt")
    return TraktRunner(pair, tmp_path)
