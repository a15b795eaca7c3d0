"""Fixtures for the list builders (StevenLu, Plex watchlist, text files, ...): plexsim (world mode)
+ metasim from one world, with each service's address pointed at metasim."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture(scope="module")
def pair() -> Iterator[Paired]:
    p = start_pair(movies=120, shows=6)
    try:
        yield p
    finally:
        stop_pair(p)


@pytest.fixture(autouse=True)
def _urls(pair: Paired, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_STEVENLU_URL", f"{pair.meta.url}/stevenlu")
    monkeypatch.setenv("KOMETA_SIMKL_URL", f"{pair.meta.url}/simkl")
    monkeypatch.setenv("KOMETA_ICHECKMOVIES_URL", f"{pair.meta.url}/icheckmovies")
    monkeypatch.setenv("KOMETA_MOJO_URL", f"{pair.meta.url}/mojo")
    monkeypatch.setenv("KOMETA_PLEX_DISCOVER_URL", f"{pair.plex.url}/_discover")
    monkeypatch.setenv("KOMETA_PLEX_METADATA_URL", f"{pair.plex.url}/_metadata")
