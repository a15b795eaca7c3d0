"""pytest fixtures for plexsim.

Enable them in a ``conftest.py`` next to your tests by importing the ones you use::

    from plexsim.testing import fresh_plexsim, plex, plexsim_factory, plexsim_server  # noqa: F401

(``pytest_plugins = ["plexsim.testing"]`` also works, but only in the rootdir conftest.)

``plexsim_server`` (module scope): a running :class:`plexsim.server.PlexSim` with the default
fixture libraries (200 movies, 20 shows, seed 1, token "plexsim-test"). It has ``.url``,
``.token``, ``.stats()``, ``.reset_stats()``, ``.set_faults()``, ``.clear_faults()``,
``.request_log()``, ``.client()`` and ``.store``. Tests that mutate the library and need a pristine
one use ``fresh_plexsim`` (function scope, 60 movies / 4 shows) or build their own ``PlexSim(...)``.

``plexsim_factory``: call it with PlexSim keyword arguments to start extra servers; they stop at
the end of the test.

``plex`` (module scope): a ``plexapi.server.PlexServer`` connected to ``plexsim_server``.

What the fixture libraries hold (any seed): section 1 "Movies" (type movie) and section 2
"TV Shows" (type show); genres from ``plexsim.fixtures.GENRES``, studios ``STUDIOS``, labels
``LABELS`` (about 15% of movies carry one), editions ``EDITIONS`` (about 10%), content ratings
``MOVIE_RATINGS``/``TV_RATINGS``, resolutions sd/720/1080/4k, HDR10 and Dolby Vision on 4K, audio
aac/ac3/eac3/dca/dca-ma/truehd/atmos; every movie has imdb/tmdb/tvdb Guids, a director, writers,
producers, a country and 3-8 actors. No collections or playlists exist until a test makes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .server import PlexSim

TOKEN = "plexsim-test"


@pytest.fixture(scope="module")
def plexsim_server() -> Iterator[PlexSim]:
    with PlexSim(movies=200, shows=20, seed=1, token=TOKEN) as sim:
        yield sim


@pytest.fixture
def fresh_plexsim() -> Iterator[PlexSim]:
    with PlexSim(movies=60, shows=4, seed=1, token=TOKEN) as sim:
        yield sim


@pytest.fixture
def plexsim_factory() -> Iterator[Callable[..., PlexSim]]:
    started: list[PlexSim] = []

    def make(**kwargs: Any) -> PlexSim:
        kwargs.setdefault("token", TOKEN)
        sim = PlexSim(**kwargs).start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture(scope="module")
def plex(plexsim_server: PlexSim) -> Any:
    from plexapi.server import PlexServer
    return PlexServer(plexsim_server.url, plexsim_server.token)  # type: ignore[no-untyped-call]
