"""tmdb_discover follows Kometa's rules: a list of queries is combined, dates are Kometa's MM/DD/YYYY,
and a bad attribute is one located line before TMDb is asked."""

from __future__ import annotations

from tmdb_helpers import rows


def _in_library(titles):
    return {t.title for t in titles if t.in_library}


def test_a_list_of_queries_is_combined_and_dates_are_converted(tmdb):
    world = tmdb.world
    popular = world.kind_chart("movie", "popular")
    report = tmdb.run("""
        collections:
          Mixed:
            tmdb_discover:
              - with_genres: 28
                limit: 10
              - primary_release_date.gte: 01/01/2015
                primary_release_date.lte: 12/31/2019
                sort_by: popularity.desc
                limit: 15
    """)
    row = rows(report)["Mixed"]
    assert row.error is None, row
    action = [t for t in popular if 28 in t.genre_ids][:10]
    recent = [t for t in popular if t.release_date and "2015-01-01" <= str(t.release_date) <= "2019-12-31"][:15]
    assert recent and action
    assert tmdb.members("Mixed") == _in_library(action) | _in_library(recent)
    assert row.missing == len({t.tmdb_id for t in action + recent if not t.in_library})


def test_bad_attributes_are_located_and_nothing_is_asked(tmdb):
    report = tmdb.run("""
        collections:
          Typo:
            tmdb_discover:
              with_genre: 28
          Date:
            tmdb_discover:
              release_date.gte: 31/12/2020
          Kind:
            tmdb_discover:
              with_networks: 49
    """)
    r = rows(report)
    path = tmdb.folder / "Movies.yml"
    assert f"{path}:4:" in r["Typo"].error
    assert "tmdb_discover attribute 'with_genre' is not supported (did you mean 'with_genres'?)" in r["Typo"].error
    assert f"{path}:7:" in r["Date"].error and "must be a date as MM/DD/YYYY" in r["Date"].error
    assert "'with_networks' works in show libraries only" in r["Kind"].error
    assert all("\n" not in row.error for row in r.values())
    assert not any("discover" in endpoint for endpoint in tmdb.pair.meta.stats()["by_endpoint"])
