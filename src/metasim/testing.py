"""pytest fixtures for metasim.

Enable them in a ``conftest.py`` next to your tests by importing the ones you use::

    from metasim.testing import fresh_metasim, metasim_factory, metasim_server, paired_sims  # noqa: F401

``metasim_server`` (module scope): a running :class:`metasim.server.MetaSim` on the default world
(seed 1, 200 movies, 20 shows) with TMDb key :data:`TMDB_KEY` ("metasim-test"). It has ``.url``,
``.tmdb_url``, ``.tmdb_key``, ``.world``, ``.stats()``, ``.reset_stats()``, ``.set_faults()``,
``.clear_faults()`` and ``.request_log()``.

``fresh_metasim`` (function scope): a small world (seed 1, 40 movies, 6 shows), for tests that
change faults or count requests from zero.

``metasim_factory``: call it with MetaSim keyword arguments to start extra servers; they stop at
the end of the test.

``paired_sims`` (module scope): a :class:`Paired` of ``plex`` (``PlexSim(world=True)``) and
``meta`` (``MetaSim``) sharing one world (seed 1, 60 movies, 8 shows), so a test can compare "the
TMDb collection's members" with "what the Plex library holds". ``.world`` is that world.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from .server import MetaSim
from .world import World

TMDB_KEY = "metasim-test"
PLEX_TOKEN = "plexsim-test"


@dataclass
class Paired:
    plex: Any  #: a running plexsim.server.PlexSim in world mode
    meta: MetaSim
    world: World


@pytest.fixture(scope="module")
def metasim_server() -> Iterator[MetaSim]:
    with MetaSim(seed=1, movies=200, shows=20, tmdb_key=TMDB_KEY) as meta:
        yield meta


@pytest.fixture
def fresh_metasim() -> Iterator[MetaSim]:
    with MetaSim(seed=1, movies=40, shows=6, tmdb_key=TMDB_KEY) as meta:
        yield meta


@pytest.fixture
def metasim_factory() -> Iterator[Callable[..., MetaSim]]:
    started: list[MetaSim] = []

    def make(**kwargs: Any) -> MetaSim:
        kwargs.setdefault("tmdb_key", TMDB_KEY)
        meta = MetaSim(**kwargs).start()
        started.append(meta)
        return meta

    yield make
    for meta in started:
        meta.stop()


def start_pair(seed: int = 1, movies: int = 60, shows: int = 8, token: str = PLEX_TOKEN,
               tmdb_key: str = TMDB_KEY) -> Paired:
    """Start plexsim (world mode) and metasim on one world; stop both with ``stop_pair``."""
    from plexsim.server import PlexSim
    world = World(seed=seed, movies=movies, shows=shows)
    plex = PlexSim(seed=seed, movies=movies, shows=shows, token=token, world=world).start()
    meta = MetaSim(world=world, tmdb_key=tmdb_key).start()
    return Paired(plex=plex, meta=meta, world=world)


def stop_pair(pair: Paired) -> None:
    pair.meta.stop()
    pair.plex.stop()


@contextmanager
def tmdb_pair(monkeypatch: Any, movies: int = 30, shows: int = 2) -> Iterator[Paired]:
    """A pair (see ``start_pair``) with kometa's TMDb client pointed at metasim (``KOMETA_TMDB_URL``)."""
    paired = start_pair(movies=movies, shows=shows)
    monkeypatch.setenv("KOMETA_TMDB_URL", paired.meta.tmdb_url)
    try:
        yield paired
    finally:
        stop_pair(paired)


def tmdb_json(pair: Paired, path: str) -> dict[str, Any]:
    """metasim's TMDb answer for ``path`` (``/movie/603``, ``/tv/1399``)."""
    import requests

    answer = requests.get(f"{pair.meta.tmdb_url}{path}", params={"api_key": TMDB_KEY}, timeout=10)
    answer.raise_for_status()
    return dict(answer.json())


@pytest.fixture(scope="module")
def paired_sims() -> Iterator[Paired]:
    pair = start_pair()
    try:
        yield pair
    finally:
        stop_pair(pair)


def age_cache(folder: Any, hours: float = 24.0) -> None:
    """Make every answer in kometa's cache beside ``folder/config.yml`` (``kometa-cache.db``) look
    ``hours`` older, as if the next run came a day later: lists and charts (kept for under a day)
    are then asked again, other answers stay fresh."""
    import sqlite3
    from pathlib import Path
    db = sqlite3.connect(str(Path(folder) / "kometa-cache.db"))
    try:
        db.execute("UPDATE answers SET fetched = fetched - ?", (hours * 3600,))
        db.commit()
    finally:
        db.close()
