"""item_tmdb_season_titles: a collection's shows' seasons take TMDb's season names, once."""

from __future__ import annotations

from plexapi.server import PlexServer
from tmdb_helpers import rows

from metasim.testing import PLEX_TOKEN
from metasim.tmdb.shapes import season_name


def test_seasons_take_tmdb_names_and_a_second_run_writes_nothing(tmdb):
    named = [t for t in tmdb.world.titles if t.kind == "tv" and t.in_library and season_name(t, 1) != "Season 1"]
    assert named, "the world should have a show with named seasons"
    report = tmdb.run("collections: {}\n", shows="""
        collections:
          All Shows:
            plex_all: true
            item_tmdb_season_titles: true
    """)
    assert rows(report, "TV Shows")["All Shows"].error is None
    server = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN)
    section = server.library.section("TV Shows")
    for title in named:
        show = section.get(title.title)
        for season in show.seasons():
            assert season.title == season_name(title, season.index)
            assert "title" in {f.name for f in season.fields if f.locked}
    tmdb.pair.plex.reset_stats()
    tmdb.run()
    assert tmdb.plex_writes() == 0


def test_needs_tmdb_and_shows(tmdb):
    report = tmdb.run("""
        collections:
          Movies Too:
            plex_all: true
            item_tmdb_season_titles: true
    """)
    assert "item_tmdb_season_titles applies to shows, not to a movie" in rows(report)["Movies Too"].error
