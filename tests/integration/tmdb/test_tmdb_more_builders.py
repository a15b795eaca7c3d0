"""TMDb builders without tests elsewhere, against metasim's world: the crew builders (a person's credits
in one TMDb department; tmdb_crew: every crew credit; never the acting ones), tmdb_company, plain tmdb_list and the _details
variants that give the collection the object's summary."""

from __future__ import annotations

import pytest
from plexapi.server import PlexServer
from tmdb_helpers import rows

from metasim.testing import PLEX_TOKEN

DEPARTMENTS = {"tmdb_director": "Directing", "tmdb_producer": "Production", "tmdb_writer": "Writing",
               "tmdb_crew": None}


def _credited(world, pid, department, kind="movie"):
    return {t.title for t, c in world.credits(pid) if t.kind == kind and t.in_library and c.department != "Acting"
            and (department is None or c.department == department)}


def _person(world):
    """A (synthetic) person with library movies as actor, director, writer and producer."""
    wanted = {"Acting", "Directing", "Writing", "Production"}
    return next(pid for pid in range(900_000, 910_000) if wanted <= {
        c.department for t, c in world.credits(pid) if t.kind == "movie" and t.in_library})


@pytest.mark.parametrize("builder", sorted(DEPARTMENTS))
def test_crew_builders_take_the_persons_credits_in_their_department(tmdb, builder):
    world = tmdb.world
    pid = _person(world)
    report = tmdb.run(f"""
        collections:
          {builder}:
            {builder}: https://www.themoviedb.org/person/{pid}-someone
    """)
    row = rows(report)[builder]
    assert row.error is None, row
    expected = _credited(world, pid, DEPARTMENTS[builder])
    assert expected and tmdb.members(builder) == expected
    others = {t.title for t, c in world.credits(pid) if t.in_library and c.department != DEPARTMENTS[builder]}
    assert others - expected  # the person's other credits exist and are left out
    missing = {t.tmdb_id for t, c in world.credits(pid) if t.kind == "movie" and not t.in_library
               and c.department != "Acting" and DEPARTMENTS[builder] in (None, c.department)}
    assert row.missing == len(missing)


def test_company_and_plain_list(tmdb):
    world = tmdb.world
    company = next(g for g in sorted(world.companies.values(), key=lambda g: g.id)
                   if any(t.kind == "movie" and t.in_library and g.id in t.company_ids for t in world.titles))
    listing = next(g for g in world.lists.values() if any(t.in_library and t.kind == "movie" for t in g.members))
    report = tmdb.run(f"""
        collections:
          Studio:
            tmdb_company: {company.id}
          Listed:
            tmdb_list: https://www.themoviedb.org/list/{listing.id}
            summary: Mine
    """)
    r = rows(report)
    assert all(x.error is None for x in r.values()), r
    assert tmdb.members("Studio") == {t.title for t in world.titles
                                      if t.kind == "movie" and t.in_library and company.id in t.company_ids}
    assert tmdb.members("Listed") == {t.title for t in listing.members if t.kind == "movie" and t.in_library}
    assert r["Listed"].missing == sum(1 for t in listing.members if t.kind == "movie" and not t.in_library)


def test_details_variants_give_the_summary(tmdb):
    world = tmdb.world
    movie = next(t for t in world.library if t.kind == "movie" and t.overview)
    show = next(t for t in world.library if t.kind == "tv" and t.overview)
    actor = next(pid for pid in sorted(world.people.people) if any(
        c.department == "Acting" and t.kind == "movie" and t.in_library for t, c in world.credits(pid)))
    report = tmdb.run(f"""
        collections:
          Movie Details:
            tmdb_movie_details: {movie.tmdb_id}
          Actor Details:
            tmdb_actor_details: {actor}
    """, shows=f"""
        collections:
          Show Details:
            tmdb_show_details: {show.tmdb_id}
    """)
    assert all(x.error is None for x in rows(report).values())
    assert rows(report, "TV Shows")["Show Details"].error is None
    server = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN)
    movies, shows = server.library.section("Movies"), server.library.section("TV Shows")
    assert movies.collection("Movie Details").summary == movie.overview
    assert tmdb.members("Movie Details") == {movie.title}
    assert shows.collection("Show Details").summary == show.overview
    assert tmdb.members("Show Details", "TV Shows") == {show.title}
    person = world.people.people[actor]
    assert movies.collection("Actor Details").summary == f"{person.name} is known for " \
        f"{person.known_for_department.lower()}."
    assert tmdb.members("Actor Details") == {t.title for t, c in world.credits(actor)
                                             if c.department == "Acting" and t.kind == "movie" and t.in_library}
