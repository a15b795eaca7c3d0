"""tmdb_person: the people's names stand in for `tmdb` in actor/director searches, and the first
person's biography and picture become the collection's summary and poster (Kometa's meaning)."""

from __future__ import annotations

from plexapi.server import PlexServer
from tmdb_helpers import rows

from metasim.testing import PLEX_TOKEN


def _actor(tmdb):
    """A person who acts in several library movies, with what Plex lists for them."""
    section = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("Movies")
    counts: dict[str, int] = {}
    for movie in section.all():
        for role in movie.roles:
            counts[role.tag] = counts.get(role.tag, 0) + 1
    name = max(sorted(counts), key=lambda n: counts[n])
    person = next(p for p in tmdb.world.people.people.values() if p.name == name)
    return person, {m.title for m in section.search(actor=name)}, section


def test_tmdb_person_names_the_actor_search_and_gives_summary_and_poster(tmdb):
    person, expected, section = _actor(tmdb)
    assert expected
    report = tmdb.run(f"""
        collections:
          By Id:
            plex_search: {{all: {{actor: tmdb}}}}
            tmdb_person: {person.id}
          By Url:
            plex_search: {{any: {{actor: [tmdb]}}}}
            tmdb_person: https://www.themoviedb.org/person/{person.id}-someone
          By Name:
            plex_search: {{all: {{actor: tmdb}}}}
            tmdb_person: "{person.name}"
            summary: My own words
    """)
    found = rows(report)
    assert all(found[n].error is None for n in ("By Id", "By Url", "By Name")), found
    assert tmdb.members("By Id") == expected and tmdb.members("By Name") == expected
    assert tmdb.members("By Url") == expected
    collection = section.collection("By Id")
    import requests

    served = requests.get(f"{tmdb.pair.meta.tmdb_url}/person/{person.id}",
                          params={"api_key": tmdb.pair.meta.tmdb_key}, timeout=10).json()
    assert served["biography"] and collection.summary == served["biography"]  # the person's, from TMDb
    assert section.collection("By Name").summary == "My own words"  # the definition's own wins
    tmdb.pair.meta.reset_stats()
    again = rows(tmdb.run())
    assert all(again[n].status == "Unchanged" for n in ("By Id", "By Url", "By Name")), again
    assert tmdb.tmdb_requests() == 0  # people answers come from the cache


def test_tmdb_in_a_search_without_tmdb_person_and_unknown_names_are_located_errors(tmdb):
    report = tmdb.run("""
        collections:
          Nobody:
            plex_search: {all: {actor: tmdb}}
          Ghost:
            plex_search: {all: {actor: tmdb}}
            tmdb_person: "Zzyzx Nobody Qwerty"
    """)
    found = rows(report)
    assert "needs tmdb_person" in (found["Nobody"].error or "") and "Movies.yml:" in found["Nobody"].error
    assert "no person named 'Zzyzx Nobody Qwerty'" in (found["Ghost"].error or "")


def test_a_playlist_takes_the_persons_summary_and_poster(tmdb, monkeypatch):
    image_root = tmdb.image_root(monkeypatch)
    person, _, _ = _actor(tmdb)
    tmdb.write("collections: {}\n")
    tmdb.add_playlists(f"""
        playlists:
          Their Films:
            libraries: Movies
            plex_search: {{all: {{year.gte: 1900}}}}
            tmdb_person: {person.id}
    """)
    report = tmdb.run()
    assert report.playlists[0].status == "Created" and not report.playlists[0].error, report.playlists[0]
    import requests

    served = requests.get(f"{tmdb.pair.meta.tmdb_url}/person/{person.id}",
                          params={"api_key": tmdb.pair.meta.tmdb_key}, timeout=10).json()
    playlist = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).playlist("Their Films")
    assert playlist.summary == served["biography"]
    assert next(p.ratingKey for p in playlist.posters() if p.selected) == image_root + served["profile_path"]
