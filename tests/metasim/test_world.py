"""The seeded world, in process: determinism, sizes, ids, the Plex view, synthetic and reserved ids."""

from __future__ import annotations

import re

from metasim.world import RESERVED, World, extra_count, well_formed


def fingerprint(world: World) -> list[tuple[object, ...]]:
    return [(t.kind, t.tmdb_id, t.imdb_id, t.tvdb_id, t.title, t.date_text, tuple(t.genre_ids), t.plex_guid,
             tuple(c.person_id for c in t.cast), t.vote_count) for t in world.titles]


def test_same_seed_same_world_and_different_seed_differs():
    a, b, c = World(seed=3, movies=30, shows=5), World(seed=3, movies=30, shows=5), World(seed=4, movies=30, shows=5)
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(c)
    assert [(g.id, g.name, [m.tmdb_id for m in g.members]) for g in a.collections.values()] == \
        [(g.id, g.name, [m.tmdb_id for m in g.members]) for g in b.collections.values()]


def test_library_and_missing_sizes():
    world = World(seed=1, movies=40, shows=8)
    assert len([t for t in world.library if t.kind == "movie"]) == 40
    assert len([t for t in world.library if t.kind == "tv"]) == 8
    assert len(world.missing) == extra_count(40) + extra_count(8) == 10 + 2
    assert extra_count(0) == 0 and extra_count(1) == 1


def test_ids_are_well_formed_and_unique():
    world = World(seed=1, movies=120, shows=12)
    for t in world.titles:
        assert t.imdb_id is None or re.fullmatch(r"tt\d{7,8}", t.imdb_id)
        assert t.tmdb_id not in RESERVED
        if t.kind == "tv":
            assert t.tvdb_id and t.seasons and t.status in ("Returning Series", "Ended", "Canceled")
    for kind in ("movie", "tv"):
        ids = [t.tmdb_id for t in world.titles if t.kind == kind]
        assert len(ids) == len(set(ids))
    imdb = [t.imdb_id for t in world.titles if t.imdb_id]
    assert len(imdb) == len(set(imdb))
    assert all(t.imdb_id for t in world.library)


def test_no_two_movies_or_two_shows_share_a_tvdb_id():
    """Movies' TVDb ids are drawn from a range where, at this size and seed, two movies drew the same
    one: the world keeps them unique per kind, synthetic titles (ids outside the catalogue) too."""
    world = World(seed=1, movies=1500, shows=40)
    for kind in ("movie", "tv"):
        ids = [t.tvdb_id for t in world.titles if t.kind == kind and t.tvdb_id]
        assert len(ids) == len(set(ids)), kind
        for t in world.titles:
            if t.kind == kind and t.tvdb_id:
                assert world.by_tvdb(t.tvdb_id, kind) is t
    catalogue = {t.tvdb_id for t in world.movies if t.tvdb_id}
    synthetic = [world.title("movie", n) for n in range(1_000_000, 1_000_400)]
    assert not {t.tvdb_id for t in synthetic if t is not None and t.synthetic} & catalogue


def test_plex_view_and_legacy_guids():
    world = World(seed=1, movies=200, shows=20)
    legacy = [t for t in world.library if t.legacy]
    assert len(legacy) == len(world.library) // 20
    for t in world.library:
        if t.legacy:
            assert t.plex_guids == [] and t.plex_guid.startswith("com.plexapp.agents.")
            assert t.plex_guid.endswith("?lang=en")
            assert ("thetvdb" in t.plex_guid) == (t.kind == "tv")
        else:
            assert re.fullmatch(r"plex://(movie|show)/[0-9a-f]{24}", t.plex_guid)
            assert f"tmdb://{t.tmdb_id}" in t.plex_guids and f"imdb://{t.imdb_id}" in t.plex_guids
    agents = {t.plex_guid.split(":")[0] for t in legacy}
    assert agents == {"com.plexapp.agents.imdb", "com.plexapp.agents.themoviedb", "com.plexapp.agents.thetvdb"}


def test_franchises_mix_library_and_missing():
    world = World(seed=1, movies=60, shows=4)
    groups = list(world.collections.values())
    assert groups
    assert all(any(m.in_library for m in g.members) for g in groups)
    assert any(any(not m.in_library for m in g.members) for g in groups)
    for g in groups:
        assert all(m.collection_id == g.id for m in g.members)


def test_any_well_formed_id_resolves_deterministically():
    a, b = World(seed=1, movies=40, shows=6), World(seed=1, movies=40, shows=6)
    for kind in ("collection", "company", "network", "keyword", "list"):
        ga, gb = a.group(kind, 424242), b.group(kind, "424242")
        assert ga is not None and gb is not None and ga.synthetic
        assert ga.name == gb.name and [m.key for m in ga.members] == [m.key for m in gb.members]
        assert ga.members and sum(m.in_library for m in ga.members) >= len(ga.members) / 2
    assert a.person(31337) is not None and a.person(31337).name == b.person(31337).name  # type: ignore[union-attr]
    assert [t.key for t, _ in a.credits(31337)] == [t.key for t, _ in b.credits(31337)]
    movie = a.title("movie", 5_000_000)
    assert movie is not None and movie.synthetic and not movie.in_library
    assert movie.title == b.title("movie", 5_000_000).title  # type: ignore[union-attr]


def test_reserved_and_malformed_ids_are_not_found():
    world = World(seed=1, movies=10, shows=2)
    for bad in (990_000_000, 995_123_456, 999_999_999, 1_000_000_000, 0, -5, "abc", "12x"):
        assert well_formed(bad) is None
        assert world.group("collection", bad) is None and world.person(bad) is None
        assert world.title("movie", bad) is None
    assert well_formed(989_999_999) == 989_999_999
