"""MDBList test fixtures: plexsim (world mode) + metasim from one world."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture
def pair(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paired]:
    p = start_pair(movies=40, shows=6)
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{p.meta.url}/mdblist")
    try:
        yield p
    finally:
        stop_pair(p)
