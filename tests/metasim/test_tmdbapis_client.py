"""An independent client (the tmdbapis library Kometa uses) reads metasim's answers without errors."""

from __future__ import annotations

import pytest

from metasim.server import MetaSim

tmdbapis = pytest.importorskip("tmdbapis")


@pytest.fixture
def client(metasim_server: MetaSim, monkeypatch: pytest.MonkeyPatch):
    import tmdbapis.api3 as api3
    monkeypatch.setattr(api3, "base_url", metasim_server.tmdb_url)
    return tmdbapis.TMDbAPIs(metasim_server.tmdb_key, language="en")


def test_tmdbapis_reads_details_collections_and_discover(client, metasim_server: MetaSim):
    world = metasim_server.world
    t = next(m for m in world.movies if m.collection_id)
    movie = client.movie(t.tmdb_id)
    assert movie.title == t.title and movie.imdb_id == t.imdb_id
    assert movie.collection.id == t.collection_id
    collection = client.collection(t.collection_id)
    assert t.tmdb_id in [m.id for m in collection.movies]
    show = client.tv_show(world.shows[0].tmdb_id)
    assert show.name == world.shows[0].title and show.tvdb_id == world.shows[0].tvdb_id
    found = client.discover_movies(with_genres="18")
    assert found.total_results == len([m for m in world.movies if 18 in m.genre_ids])
    assert client.person(t.cast[0].person_id).name
    assert [m.id for m in client.trending("movie", "week").get_results(5)]
    results = client.find_by_id(imdb_id=t.imdb_id)
    assert results.movie_results[0].id == t.tmdb_id


def test_tmdbapis_sees_bad_key_and_not_found(metasim_server: MetaSim, monkeypatch: pytest.MonkeyPatch):
    import tmdbapis.api3 as api3
    from tmdbapis.exceptions import NotFound, Unauthorized
    monkeypatch.setattr(api3, "base_url", metasim_server.tmdb_url)
    with pytest.raises(Unauthorized):
        tmdbapis.TMDbAPIs("wrong")
    client = tmdbapis.TMDbAPIs(metasim_server.tmdb_key)
    with pytest.raises(NotFound):
        client.movie(995_000_000)


def test_tmdbapis_full_loads_of_every_object_kind(client, metasim_server: MetaSim):
    world = metasim_server.world
    show = world.shows[0]
    assert client.tv_show(show.tmdb_id, load=True).aggregate_cast  # aggregate_credits shape
    assert client.tv_season(show.tmdb_id, 1).episodes
    assert client.company(420).name == "Marvel Studios"
    assert client.network(213).name == "Netflix"
    assert client.keyword(next(iter(world.keywords))).name
    assert client.list(next(iter(world.lists))).name
    person = client.person(world.movies[0].cast[0].person_id)
    assert world.movies[0].tmdb_id in [c.movie.id for c in person.movie_cast]
    assert [m.id for m in client.popular_movies().get_results(3)]
    assert [m.id for m in client.upcoming_movies().get_results(3)]
    assert [m.id for m in client.top_rated_tv().get_results(3)]
    assert client.movie_search("the").total_results > 0
    assert client.tv_providers()
