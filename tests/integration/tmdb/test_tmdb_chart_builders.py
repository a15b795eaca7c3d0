"""The TMDb chart builders without tests elsewhere: each collection is the library's part of metasim's chart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tmdb_helpers import rows

from metasim.testing import Paired, start_pair, stop_pair


@pytest.fixture(scope="module")
def pair() -> Iterator[Paired]:
    """A world with enough shows that the TV charts reach the library (seed 5: 5 on the air, 2 today)."""
    sims = start_pair(seed=5, movies=80, shows=30)
    try:
        yield sims
    finally:
        stop_pair(sims)


def _in_library(titles):
    return {t.title for t in titles if t.in_library}


@pytest.mark.parametrize(("builder", "library", "expected"), [
    ("tmdb_now_playing", "Movies", lambda w, n: w.kind_chart("movie", "now_playing")[:n]),
    ("tmdb_upcoming", "Movies", lambda w, n: w.kind_chart("movie", "upcoming")[:n]),
    ("tmdb_trending_daily", "Movies", lambda w, n: w.trending("movie", "day")[:n]),
    ("tmdb_airing_today", "TV Shows", lambda w, n: w.kind_chart("tv", "airing_today")[:n]),
    ("tmdb_on_the_air", "TV Shows", lambda w, n: w.kind_chart("tv", "on_the_air")[:n]),
])
def test_chart_collection_is_the_library_part_of_the_chart(tmdb, builder, library, expected):
    text = f"""
        collections:
          {builder}:
            {builder}: 30
    """
    if library == "Movies":
        report = tmdb.run(text)
    else:
        report = tmdb.run("collections:\n  Plain:\n    plex_all: true\n", shows=text)
    row = rows(report, library)[builder]
    assert row.error is None, row
    want = expected(tmdb.world, 30)
    assert want
    if builder == "tmdb_upcoming":  # unreleased: the library holds none, all are missing
        assert not _in_library(want) and row.missing == len(want)
        return
    assert _in_library(want)
    assert tmdb.members(builder, library) == _in_library(want)
    assert row.missing == sum(1 for t in want if not t.in_library)
