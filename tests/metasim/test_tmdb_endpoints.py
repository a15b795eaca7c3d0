"""TMDb v3 endpoints over real HTTP: shapes (TMDb's field names), paging, not-found, determinism."""

from __future__ import annotations

import re

import pytest
import requests
from metasim_helpers import SESSION, all_pages, tmdb

from metasim.server import MetaSim

MOVIE_ITEM = {"adult", "backdrop_path", "genre_ids", "id", "original_language", "original_title", "overview",
              "popularity", "poster_path", "release_date", "title", "video", "vote_average", "vote_count"}
TV_ITEM = {"adult", "backdrop_path", "genre_ids", "id", "origin_country", "original_language", "original_name",
           "overview", "popularity", "poster_path", "first_air_date", "name", "vote_average", "vote_count"}
PAGED = {"page", "results", "total_pages", "total_results"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_configuration_and_reference_lists(metasim_server: MetaSim):
    config = tmdb(metasim_server, "/configuration")
    assert config["images"]["secure_base_url"] == "https://image.tmdb.org/t/p/"
    assert "original" in config["images"]["poster_sizes"] and config["change_keys"]
    for path in ("/configuration/countries", "/configuration/languages", "/configuration/jobs",
                 "/configuration/timezones", "/configuration/primary_translations"):
        assert tmdb(metasim_server, path)
    # one request for all of it, as tmdbapis 1.2 (the client Kometa pins) asks at start
    both = tmdb(metasim_server, "/configuration",
                append_to_response="countries,jobs,languages,primary_translations,timezones")
    assert both["images"] == config["images"]
    assert both["languages"] == tmdb(metasim_server, "/configuration/languages")
    assert both["primary_translations"] == tmdb(metasim_server, "/configuration/primary_translations")
    assert both["countries"] and both["jobs"] and both["timezones"] and "languages" not in config
    movie = tmdb(metasim_server, "/genre/movie/list")["genres"]
    assert {"id": 28, "name": "Action"} in movie and {"id": 878, "name": "Science Fiction"} in movie
    tv = tmdb(metasim_server, "/genre/tv/list")["genres"]
    assert {"id": 10765, "name": "Sci-Fi & Fantasy"} in tv
    providers = tmdb(metasim_server, "/watch/providers/movie")["results"]
    by_id = {p["provider_id"]: p["provider_name"] for p in providers}
    assert by_id[8] == "Netflix" and by_id[337] == "Disney Plus" and by_id[9] == "Amazon Prime Video"
    assert set(providers[0]) == {"display_priorities", "display_priority", "logo_path", "provider_name",
                                 "provider_id"}
    assert tmdb(metasim_server, "/watch/providers/tv")["results"]


def test_movie_details_with_appends(metasim_server: MetaSim):
    t = next(m for m in metasim_server.world.movies if m.collection_id)
    body = tmdb(metasim_server, f"/movie/{t.tmdb_id}", language="en-US",
                append_to_response="external_ids,keywords,credits,release_dates,watch/providers,images")
    assert body["id"] == t.tmdb_id and body["imdb_id"] == t.imdb_id and body["title"] == t.title
    assert DATE.match(body["release_date"]) and body["runtime"] == t.runtime
    assert [g["id"] for g in body["genres"]] == t.genre_ids
    assert body["belongs_to_collection"]["id"] == t.collection_id
    assert set(body["production_companies"][0]) == {"id", "logo_path", "name", "origin_country"}
    assert body["external_ids"]["imdb_id"] == t.imdb_id
    assert {k["id"] for k in body["keywords"]["keywords"]} == set(t.keyword_ids)
    cast = body["credits"]["cast"][0]
    assert {"id", "name", "character", "credit_id", "order", "known_for_department", "cast_id"} <= set(cast)
    assert any(c["job"] == "Director" for c in body["credits"]["crew"])
    us = next(r for r in body["release_dates"]["results"] if r["iso_3166_1"] == "US")
    assert us["release_dates"][0]["certification"] in ("G", "PG", "PG-13", "R", "NC-17", "NR")
    assert isinstance(body["watch/providers"]["results"], dict)
    assert body["images"]["posters"][0]["file_path"].endswith(".jpg")
    alone = tmdb(metasim_server, f"/movie/{t.tmdb_id}/external_ids")
    assert alone == {**body["external_ids"], "id": t.tmdb_id}


def test_tv_details_with_appends(metasim_server: MetaSim):
    t = metasim_server.world.shows[0]
    body = tmdb(metasim_server, f"/tv/{t.tmdb_id}", append_to_response="external_ids,content_ratings,keywords")
    assert body["name"] == t.title and body["status"] in ("Returning Series", "Ended", "Canceled")
    assert body["number_of_seasons"] == len(body["seasons"]) == len(t.seasons)
    assert body["seasons"][0]["episode_count"] == t.seasons[0].episode_count
    assert set(body["networks"][0]) == {"id", "logo_path", "name", "origin_country"}
    assert body["external_ids"]["tvdb_id"] == t.tvdb_id
    us = [r["rating"] for r in body["content_ratings"]["results"] if r["iso_3166_1"] == "US"]
    assert us == [t.certifications["US"]] and us[0] in ("TV-Y", "TV-G", "TV-PG", "TV-14", "TV-MA")
    assert "results" in body["keywords"]
    assert tmdb(metasim_server, f"/tv/{t.tmdb_id}/external_ids")["imdb_id"] == t.imdb_id
    season = tmdb(metasim_server, f"/tv/{t.tmdb_id}/season/1")
    assert len(season["episodes"]) == t.seasons[0].episode_count


def test_collection_list_company_network_keyword(metasim_server: MetaSim):
    world = metasim_server.world
    group = next(iter(world.collections.values()))
    body = tmdb(metasim_server, f"/collection/{group.id}")
    assert body["name"] == group.name and [p["id"] for p in body["parts"]] == [m.tmdb_id for m in group.members]
    assert set(body["parts"][0]) >= MOVIE_ITEM
    lst = next(iter(world.lists.values()))
    body = tmdb(metasim_server, f"/list/{lst.id}")
    assert body["item_count"] == len(lst.members) and body["items"][0]["media_type"] in ("movie", "tv")
    assert tmdb(metasim_server, "/company/420")["name"] == "Marvel Studios"
    assert tmdb(metasim_server, "/network/213")["name"] == "Netflix"
    kw = next(iter(world.keyword_groups.values()))
    assert tmdb(metasim_server, f"/keyword/{kw.id}") == {"id": kw.id, "name": kw.name}
    movies = tmdb(metasim_server, f"/keyword/{kw.id}/movies")
    assert movies["id"] == kw.id and set(movies) >= PAGED


def test_unknown_ids_resolve_deterministically(metasim_server: MetaSim, metasim_factory):
    other = metasim_factory(seed=1, movies=200, shows=20)
    for path in ("/collection/86311", "/list/7071234", "/person/1245", "/company/999", "/keyword/180547",
                 "/network/12345", "/movie/603", "/tv/1399"):
        first = tmdb(metasim_server, path)
        assert first == tmdb(metasim_server, path) == tmdb(other, path, api_key=other.tmdb_key)
    parts = tmdb(metasim_server, "/collection/86311")["parts"]
    library = {t.tmdb_id for t in metasim_server.world.library if t.kind == "movie"}
    assert parts and any(p["id"] in library for p in parts)


@pytest.mark.parametrize("path", ["/movie/995000000", "/tv/990000000", "/collection/999999999",
                                  "/person/990000001", "/company/990000000", "/keyword/990000000",
                                  "/network/990000000", "/list/990000000", "/movie/abc", "/no/such/endpoint"])
def test_reserved_ids_are_404(metasim_server: MetaSim, path: str):
    body = tmdb(metasim_server, path, expect=404)
    assert body == {"status_code": 34, "status_message": "The resource you requested could not be found.",
                    "success": False}


def test_paging(metasim_server: MetaSim):
    first = tmdb(metasim_server, "/discover/movie")
    assert set(first) == PAGED and first["page"] == 1 and len(first["results"]) == 20
    total = len(metasim_server.world.movies)
    assert first["total_results"] == total and first["total_pages"] == -(-total // 20)
    last = tmdb(metasim_server, "/discover/movie", page=first["total_pages"])
    assert len(last["results"]) == total - 20 * (first["total_pages"] - 1)
    assert tmdb(metasim_server, "/discover/movie", page=499)["results"] == []
    everything = all_pages(metasim_server, "/discover/movie")
    assert len({r["id"] for r in everything}) == total
    for bad in ("501", "0", "x"):
        body = tmdb(metasim_server, "/discover/movie", expect=400, page=bad)
        assert body["status_code"] == 22 and body["success"] is False


def test_charts_and_trending(metasim_server: MetaSim):
    popular = all_pages(metasim_server, "/movie/popular")
    pops = [r["popularity"] for r in popular]
    assert pops == sorted(pops, reverse=True)
    rated = tmdb(metasim_server, "/movie/top_rated")["results"]
    assert [r["vote_average"] for r in rated] == sorted((r["vote_average"] for r in rated), reverse=True)
    now = tmdb(metasim_server, "/movie/now_playing")
    assert set(now["dates"]) == {"maximum", "minimum"}
    assert all(now["dates"]["minimum"] <= r["release_date"] <= now["dates"]["maximum"] for r in now["results"])
    upcoming = tmdb(metasim_server, "/movie/upcoming")
    assert upcoming["results"] and all(r["release_date"] > "2025-12-01" for r in upcoming["results"])
    for path in ("/tv/popular", "/tv/top_rated", "/tv/on_the_air", "/tv/airing_today"):
        body = tmdb(metasim_server, path)
        assert all(set(r) >= TV_ITEM for r in body["results"])
    day = tmdb(metasim_server, "/trending/all/day")["results"]
    week = tmdb(metasim_server, "/trending/all/week")["results"]
    assert {r["media_type"] for r in all_pages(metasim_server, "/trending/all/week")} == {"movie", "tv", "person"}
    assert [r["id"] for r in day] != [r["id"] for r in week]
    assert day == tmdb(metasim_server, "/trending/all/day")["results"]
    movies = tmdb(metasim_server, "/trending/movie/week")["results"]
    assert all(r["media_type"] == "movie" for r in movies)
    ranked = metasim_server.world.trending("movie", "week")
    assert [r["id"] for r in movies] == [t.tmdb_id for t in ranked[:20]]
    scores = [t.popularity * metasim_server.world._trend("week", "movie", t.tmdb_id) for t in ranked]  # type: ignore[union-attr]
    assert scores == sorted(scores, reverse=True)
    people = tmdb(metasim_server, "/trending/person/day")["results"]
    assert people[0]["media_type"] == "person" and "known_for" in people[0]
    tmdb(metasim_server, "/trending/movie/month", expect=404)


def test_person_and_credits(metasim_server: MetaSim):
    world = metasim_server.world
    pid = world.movies[0].cast[0].person_id
    body = tmdb(metasim_server, f"/person/{pid}", append_to_response="movie_credits,tv_credits,combined_credits")
    assert body["id"] == pid and body["imdb_id"].startswith("nm") and DATE.match(body["birthday"] or "2000-01-01")
    assert world.movies[0].tmdb_id in {c["id"] for c in body["movie_credits"]["cast"]}
    assert all("media_type" in c for c in body["combined_credits"]["cast"])
    alone = tmdb(metasim_server, f"/person/{pid}/movie_credits")
    assert alone["id"] == pid and alone["cast"] == body["movie_credits"]["cast"]


def test_search_and_find(metasim_server: MetaSim):
    world = metasim_server.world
    movie = world.movies[3]
    found = tmdb(metasim_server, "/search/movie", query=movie.title)["results"]
    assert found[0]["title"] == movie.title
    assert tmdb(metasim_server, "/search/movie")["results"] == []
    show = world.shows[0]
    assert show.tmdb_id in {r["id"] for r in tmdb(metasim_server, "/search/tv", query=show.title)["results"]}
    assert 420 in {r["id"] for r in tmdb(metasim_server, "/search/company", query="marvel")["results"]}
    assert tmdb(metasim_server, "/search/keyword", query="superhero")["results"][0]["name"] == "superhero"
    coll = next(iter(world.collections.values()))
    assert coll.id in {r["id"] for r in tmdb(metasim_server, "/search/collection", query=coll.name)["results"]}
    person = world.people.people[world.movies[0].cast[0].person_id]
    assert person.id in {r["id"] for r in all_pages(metasim_server, "/search/person", query=person.name)}
    by_imdb = tmdb(metasim_server, f"/find/{movie.imdb_id}", external_source="imdb_id")
    assert [r["id"] for r in by_imdb["movie_results"]] == [movie.tmdb_id] and by_imdb["tv_results"] == []
    assert set(by_imdb) == {"movie_results", "person_results", "tv_results", "tv_episode_results",
                            "tv_season_results"}
    by_tvdb = tmdb(metasim_server, f"/find/{show.tvdb_id}", external_source="tvdb_id")
    assert [r["id"] for r in by_tvdb["tv_results"]] == [show.tmdb_id]
    assert tmdb(metasim_server, "/find/tt0000001", external_source="imdb_id")["movie_results"] == []
    shown = next(t for t in world.shows if t.imdb_id and t.seasons)
    episode = tmdb(metasim_server, f"/find/{shown.episode_imdb_id(1, 2)}", external_source="imdb_id")
    assert episode["tv_results"] == [] and episode["movie_results"] == []
    row = episode["tv_episode_results"][0]
    assert (row["media_type"], row["show_id"], row["season_number"], row["episode_number"]) == \
        ("tv_episode", shown.tmdb_id, 1, 2)
    past_the_end = shown.episode_imdb_id(1, shown.seasons[0].episode_count + 1)
    assert tmdb(metasim_server, f"/find/{past_the_end}", external_source="imdb_id")["tv_episode_results"] == []


def test_bearer_auth_and_bad_key(metasim_server: MetaSim):
    url = f"{metasim_server.tmdb_url}/configuration"
    ok = SESSION.get(url, headers={"Authorization": f"Bearer {metasim_server.tmdb_key}"}, timeout=10)
    assert ok.status_code == 200
    for kwargs in ({"params": {"api_key": "wrong"}}, {}, {"headers": {"Authorization": "Bearer wrong"}}):
        bad = requests.get(url, timeout=10, **kwargs)  # type: ignore[arg-type]
        assert bad.status_code == 401
        assert bad.json() == {"status_code": 7, "status_message": "Invalid API key: You must be granted a valid key.",
                              "success": False}


def test_any_key_accepts_everything(metasim_factory):
    meta = metasim_factory(movies=10, shows=2, any_key=True)
    assert SESSION.get(f"{meta.tmdb_url}/configuration", params={"api_key": "<<tmdb_key>>"}, timeout=10).ok
    assert SESSION.get(f"{meta.tmdb_url}/genre/tv/list", timeout=10).ok


def test_same_seed_same_answers_other_seed_other_answers(metasim_server: MetaSim, metasim_factory):
    same = metasim_factory(seed=1, movies=200, shows=20)
    other = metasim_factory(seed=2, movies=200, shows=20)
    for path in ("/discover/movie", "/trending/all/day", "/tv/popular"):
        mine = tmdb(metasim_server, path)
        assert mine == tmdb(same, path, api_key=same.tmdb_key)
        assert mine != tmdb(other, path, api_key=other.tmdb_key)
