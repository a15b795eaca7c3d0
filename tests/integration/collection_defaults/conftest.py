"""Our collection defaults (awards, people, ratings, ...) on one small world: plexsim (world mode) + metasim, IMDb pointed at metasim."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from more_defaults_helpers import DefaultRunner  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402


@pytest.fixture(scope="module")
def pair() -> Iterator[Paired]:
    p = start_pair(movies=80, shows=12)
    try:
        yield p
    finally:
        stop_pair(p)


@pytest.fixture(scope="module")
def runner(pair: Paired, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DefaultRunner]:
    """One config folder per module, so IMDb's event pages are fetched once (then cached, as a
    real run would) instead of once per test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KOMETA_IMDB_URL", f"{pair.meta.url}/imdb")
        patch.setenv("KOMETA_IMDB_PAGE_RATE", "500")  # metasim is local; IMDb itself gets 5 a second
        yield DefaultRunner(pair, tmp_path_factory.mktemp("config"))
