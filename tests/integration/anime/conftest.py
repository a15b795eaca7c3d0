"""AniList / anime mapping fixtures: plexsim (world mode) + metasim from one world."""

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
    p = start_pair(movies=80, shows=10)
    try:
        yield p
    finally:
        stop_pair(p)


@pytest.fixture(autouse=True)
def _urls(pair: Paired, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_ANILIST_URL", f"{pair.meta.url}/anilist")
    monkeypatch.setenv("KOMETA_ANIME_IDS_URL", f"{pair.meta.url}/anime-ids")
    monkeypatch.setenv("KOMETA_MAL_URL", f"{pair.meta.url}/mal/v2")
    monkeypatch.setenv("KOMETA_JIKAN_URL", f"{pair.meta.url}/jikan/v4")
    monkeypatch.setenv("KOMETA_ANIDB_URL", f"{pair.meta.url}/anidb")
    monkeypatch.setenv("KOMETA_ANIDB_WEB_URL", f"{pair.meta.url}/anidb-web")
