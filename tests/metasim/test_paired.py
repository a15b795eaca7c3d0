"""plexsim in world mode and metasim agree: the Plex library is the world's library."""

from __future__ import annotations

from metasim_helpers import tmdb

from metasim.testing import Paired


def _items(pair: Paired, section: int) -> list:
    plex = pair.plex.client()
    return plex.library.sectionByID(section).all()


def test_plex_guids_are_the_world_library(paired_sims: Paired):
    movies = _items(paired_sims, 1)
    world_movies = [t for t in paired_sims.world.library if t.kind == "movie"]
    assert len(movies) == len(world_movies)
    by_guid = {t.plex_guid: t for t in world_movies}
    tmdb_ids = set()
    legacy = 0
    for movie in movies:
        t = by_guid[movie.guid]
        assert movie.title == t.title and movie.year == t.year
        assert movie.originalTitle == (t.original_title if t.original_title != t.title else None)
        assert [g.tag for g in movie.genres]
        if movie.guid.startswith("com.plexapp.agents."):
            legacy += 1
            assert movie.guids == []
        else:
            assert [g.id for g in movie.guids] == t.plex_guids
            tmdb_ids |= {int(g.id[7:]) for g in movie.guids if g.id.startswith("tmdb://")}
    assert legacy == sum(t.legacy for t in world_movies) >= 1
    assert tmdb_ids == {t.tmdb_id for t in world_movies if not t.legacy}
    shows = _items(paired_sims, 2)
    assert {s.guid for s in shows} == {t.plex_guid for t in paired_sims.world.library if t.kind == "tv"}
    show = next(s for s in shows if s.guids)
    t = next(t for t in paired_sims.world.shows if t.plex_guid == show.guid)
    assert len(show.seasons()) == len(t.seasons)
    assert len(show.episodes()) == sum(s.episode_count for s in t.seasons)


def test_collection_members_intersect_library_and_include_missing(paired_sims: Paired):
    plex_tmdb = set()
    for movie in _items(paired_sims, 1):
        plex_tmdb |= {int(g.id[7:]) for g in movie.guids if g.id.startswith("tmdb://")}
    meta = paired_sims.meta
    mixed = 0
    for cid in paired_sims.world.collections:
        parts = {p["id"] for p in tmdb(meta, f"/collection/{cid}")["parts"]}
        if parts & plex_tmdb and parts - plex_tmdb:
            mixed += 1
    assert mixed >= 1
    # a collection no config author could know about still overlaps the library
    parts = {p["id"] for p in tmdb(meta, "/collection/131296")["parts"]}
    assert parts


def test_find_by_plex_imdb_guid(paired_sims: Paired):
    movie = next(m for m in _items(paired_sims, 1) if m.guids)
    imdb = next(g.id[7:] for g in movie.guids if g.id.startswith("imdb://"))
    found = tmdb(paired_sims.meta, f"/find/{imdb}", external_source="imdb_id")["movie_results"]
    assert found and found[0]["title"] == movie.title
