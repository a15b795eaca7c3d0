"""Kometa's standalone TMDb detail keys (tmdb_summary, tmdb_description, tmdb_biography, tmdb_poster,
tmdb_profile, tmdb_background): the text and images TMDb serves reach the collection in plexsim,
with Kometa's priority; each TMDb object is asked once a run and not at all on the next run."""

from __future__ import annotations

import requests
from plexapi.server import PlexServer
from tmdb_helpers import rows

from metasim.testing import PLEX_TOKEN


def _tmdb(tmdb, path: str) -> dict:
    return requests.get(f"{tmdb.pair.meta.tmdb_url}{path}", params={"api_key": tmdb.pair.meta.tmdb_key},
                        timeout=10).json()


def _selected(images) -> str:
    return next(i.ratingKey for i in images if i.selected)


def test_detail_keys_set_summary_poster_and_background(tmdb, monkeypatch):
    image_root = tmdb.pair.meta.tmdb_url.rsplit("/3", 1)[0] + "/t/p/original"
    monkeypatch.setenv("KOMETA_TMDB_IMAGE_URL", image_root)
    world = tmdb.world
    group = next(g for g in world.collections.values() if any(t.in_library for t in g.members))
    listing = next(iter(world.lists.values()))
    person = next(iter(world.people.people.values()))
    report = tmdb.run(f"""
        collections:
          Franchise Looks:
            plex_all: true
            tmdb_summary: {group.id}
            tmdb_poster: https://www.themoviedb.org/collection/{group.id}
            tmdb_background: {group.id}
          Listed Words:
            plex_all: true
            tmdb_description: {listing.id}
            tmdb_summary: {group.id}
            tmdb_profile: {person.id}
          Person Words:
            plex_all: true
            tmdb_biography: {person.id}
            url_poster: https://example.com/mine.jpg
          Own Words:
            plex_all: true
            summary: My own words
            tmdb_summary: {group.id}
    """)
    r = rows(report)
    assert all(x.error is None for x in r.values()), r
    # one request per TMDb object: the collection is asked once though three definitions name it, and
    # not for Own Words (its own summary wins, so its tmdb_summary is not asked)
    by_endpoint = tmdb.pair.meta.stats()["by_endpoint"]
    asked = {k: n for k, n in by_endpoint.items() if "/collection/" in k or "/person/" in k or "/list/" in k}
    assert sorted(asked.values()) == [1, 1, 1], by_endpoint
    collection = _tmdb(tmdb, f"/collection/{group.id}")
    lst = _tmdb(tmdb, f"/list/{listing.id}")
    who = _tmdb(tmdb, f"/person/{person.id}")
    assert collection["overview"] and lst["description"] and who["biography"]
    section = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("Movies")
    looks = section.collection("Franchise Looks")
    assert looks.summary == collection["overview"]
    poster = _selected(looks.posters())
    assert poster == image_root + collection["poster_path"]
    assert _selected(looks.arts()) == image_root + collection["backdrop_path"]
    served = requests.get(poster, timeout=10)  # the URL Plex was given serves the image
    assert served.status_code == 200 and served.content[:2] == b"\xff\xd8"
    listed = section.collection("Listed Words")
    assert listed.summary == lst["description"]  # tmdb_description wins over tmdb_summary (Kometa's order)
    assert _selected(listed.posters()) == image_root + who["profile_path"]
    person_words = section.collection("Person Words")
    assert person_words.summary == who["biography"]
    assert _selected(person_words.posters()) == "https://example.com/mine.jpg"  # url_poster wins
    assert section.collection("Own Words").summary == "My own words"
    tmdb.pair.meta.reset_stats()
    tmdb.pair.plex.reset_stats()
    again = rows(tmdb.run())
    assert all(x.status == "Unchanged" for x in again.values()), again
    assert tmdb.tmdb_requests() == 0 and tmdb.plex_writes() == 0


def test_show_library_takes_the_show_and_errors_are_located(tmdb):
    show = next(t for t in tmdb.world.library if t.kind == "tv")
    report = tmdb.run("""
        collections:
          Unknown List:
            plex_all: true
            tmdb_description: 995000001
          Bad Value:
            plex_all: true
            tmdb_poster: soon
    """, shows=f"""
        collections:
          Show Words:
            plex_all: true
            tmdb_summary: {show.tmdb_id}
    """)
    r = rows(report)
    assert "Movies.yml:5: tmdb_description: TMDb has no list with id 995000001" in r["Unknown List"].error
    assert "Movies.yml:8: tmdb_poster: 'soon' is not a TMDb id or a TMDb URL" in r["Bad Value"].error
    assert rows(report, "TV Shows")["Show Words"].error is None
    section = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("TV Shows")
    assert section.collection("Show Words").summary == _tmdb(tmdb, f"/tv/{show.tmdb_id}")["overview"]


def test_without_a_tmdb_section_the_key_is_named(tmdb):
    tmdb.write("""
        collections:
          Needs TMDb:
            plex_all: true
            tmdb_biography: 2157
    """, tmdb="")
    row = rows(tmdb.run())["Needs TMDb"]
    assert row.status == "TMDb Failure"
    assert f"{tmdb.folder / 'Movies.yml'}:5: tmdb_biography needs TMDb:" in row.error, row.error
    assert "the 'tmdb:' section is missing" in row.error and "\n" not in row.error


def test_tmdb_list_poster_comes_after_tmdb_profile(tmdb, monkeypatch):
    image_root = tmdb.image_root(monkeypatch)
    listing = next(iter(tmdb.world.lists.values()))
    person = next(iter(tmdb.world.people.people.values()))
    report = tmdb.run(f"""
        collections:
          List Look:
            plex_all: true
            tmdb_list_poster: https://www.themoviedb.org/list/{listing.id}
          Profile First:
            plex_all: true
            tmdb_list_poster: {listing.id}
            tmdb_profile: {person.id}
    """)
    assert all(r.error is None for r in rows(report).values()), rows(report)
    section = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("Movies")
    poster = _tmdb(tmdb, f"/list/{listing.id}")["poster_path"]
    assert poster and _selected(section.collection("List Look").posters()) == image_root + poster
    profile = _tmdb(tmdb, f"/person/{person.id}")["profile_path"]
    assert _selected(section.collection("Profile First").posters()) == image_root + profile


def test_playlists_take_the_summary_and_poster_keys(tmdb, monkeypatch):
    image_root = tmdb.image_root(monkeypatch)
    person = next(iter(tmdb.world.people.people.values()))
    tmdb.write("collections: {}\n")
    tmdb.add_playlists(f"""
        playlists:
          Their Words:
            libraries: Movies
            plex_search: {{all: {{year.gte: 1900}}}}
            tmdb_biography: {person.id}
            tmdb_profile: {person.id}
          No Background:
            libraries: Movies
            plex_search: {{all: {{year.gte: 1900}}}}
            tmdb_background: 10
    """)
    report = tmdb.run()
    by_name = {row.name: row for row in report.playlists}
    assert by_name["Their Words"].error is None and by_name["Their Words"].status == "Created", by_name
    biography = _tmdb(tmdb, f"/person/{person.id}")["biography"]
    assert PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).playlist("Their Words").summary == biography
    assert not report.not_done, report.not_done
    playlist = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).playlist("Their Words")
    assert _selected(playlist.posters()) == image_root + _tmdb(tmdb, f"/person/{person.id}")["profile_path"]
    assert "Playlists.yml:11: tmdb_background is a collection setting" in by_name["No Background"].error


def test_one_run_asks_and_decodes_each_movie_once_across_filters_and_operations(tmdb):
    """A TMDb filter and a TMDb library operation read the same /movie/ID answers: within one run
    each is asked once and served from memory afterwards (not even read back from the cache)."""
    tmdb.write("""
        collections:
          Voted:
            plex_all: true
            filters:
              tmdb_vote_count.gte: 1
          Voted Again:
            plex_all: true
            filters:
              tmdb_vote_average.gte: 0
    """)
    path = tmdb.folder / "config.yml"
    text = path.read_text().replace("      - file: Movies.yml\n",
                                    "      - file: Movies.yml\n    operations:\n      mass_genre_update: tmdb\n")
    path.write_text(text, encoding="utf-8")
    report = tmdb.run()
    assert all(r.error is None for r in rows(report).values()), rows(report)
    movies = tmdb.pair.meta.stats()["by_endpoint"].get("GET /tmdb/3/movie/{movie_id}", 0)
    in_library = {t.tmdb_id for t in tmdb.world.library if t.kind == "movie"}
    assert 0 < movies <= len(in_library)  # each movie asked at most once
    client = tmdb.ctx.online._tmdb
    assert client.service.counters.cache_hits == 0  # nothing read back (decoded) from the cache file
    assert client.memo_hits >= movies  # the operation and the second filter got the first answers


def test_the_memo_remembers_unknown_ids_and_threads_wait_for_one_answer(tmdb):
    from kometa.clients.cache import Cache
    from kometa.clients.policy import NotFound
    from kometa.clients.tmdb import TmdbClient, TmdbSettings

    client = TmdbClient(TmdbSettings(tmdb.pair.meta.tmdb_key), Cache(None), base_url=tmdb.pair.meta.tmdb_url)
    for _ in range(2):
        try:
            client.movie(995000000)
        except NotFound as exc:
            assert "not found" in str(exc)
        else:
            raise AssertionError("a reserved id must be unknown")
    movie = next(t for t in tmdb.world.library if t.kind == "movie").tmdb_id
    answers = client.service.map(lambda _: client.movie(movie)["id"], range(16))  # 8 threads at once
    assert answers == [movie] * 16
    assert client.service.counters.requests == 2 and client.service.counters.cache_hits == 0
    assert client.memo_hits == 16
