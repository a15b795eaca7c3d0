"""Discover filters filter and sorts sort: every answer is checked against the world's own data."""

from __future__ import annotations

from metasim_helpers import all_pages, tmdb

from metasim.server import MetaSim


def ids(rows: list[dict]) -> set[int]:
    return {r["id"] for r in rows}


def test_with_genres_and_or_without(metasim_server: MetaSim):
    movies = metasim_server.world.movies
    both = ids(all_pages(metasim_server, "/discover/movie", with_genres="18,35"))
    either = ids(all_pages(metasim_server, "/discover/movie", with_genres="18|35"))
    drama = ids(all_pages(metasim_server, "/discover/movie", with_genres="18"))
    assert both == {t.tmdb_id for t in movies if 18 in t.genre_ids and 35 in t.genre_ids}
    assert either == {t.tmdb_id for t in movies if 18 in t.genre_ids or 35 in t.genre_ids}
    assert both < drama < either
    no_drama = ids(all_pages(metasim_server, "/discover/movie", without_genres="18"))
    assert no_drama == {t.tmdb_id for t in movies} - drama


def test_votes_dates_runtime_language(metasim_server: MetaSim):
    movies = metasim_server.world.movies
    rows = all_pages(metasim_server, "/discover/movie", **{"vote_count.gte": 500, "vote_average.gte": 6.5})
    assert rows and all(r["vote_count"] >= 500 and r["vote_average"] >= 6.5 for r in rows)
    assert ids(rows) == {t.tmdb_id for t in movies if t.vote_count >= 500 and t.vote_average >= 6.5}
    window = {"primary_release_date.gte": "2000-01-01", "primary_release_date.lte": "2009-12-31"}
    rows = all_pages(metasim_server, "/discover/movie", **window)
    assert rows and all("2000-01-01" <= r["release_date"] <= "2009-12-31" for r in rows)
    assert ids(rows) == ids(all_pages(metasim_server, "/discover/movie", **{
        "release_date.gte": "2000-01-01", "release_date.lte": "2009-12-31"}))
    year = movies[0].year
    assert all(r["release_date"].startswith(str(year))
               for r in all_pages(metasim_server, "/discover/movie", primary_release_year=year))
    long = ids(all_pages(metasim_server, "/discover/movie", **{"with_runtime.gte": 150}))
    assert long == {t.tmdb_id for t in movies if t.runtime >= 150}
    french = all_pages(metasim_server, "/discover/movie", with_original_language="fr")
    assert all(r["original_language"] == "fr" for r in french)
    assert tmdb(metasim_server, "/discover/movie", expect=400, **{"primary_release_date.gte": "2020/01/01"})[
        "status_code"] == 23


def test_sort_orders(metasim_server: MetaSim):
    for key, field in (("vote_average", "vote_average"), ("vote_count", "vote_count"),
                       ("primary_release_date", "release_date"), ("popularity", "popularity")):
        asc = [r[field] for r in all_pages(metasim_server, "/discover/movie", sort_by=f"{key}.asc")]
        desc = [r[field] for r in all_pages(metasim_server, "/discover/movie", sort_by=f"{key}.desc")]
        assert asc == sorted(asc) and desc == sorted(desc, reverse=True)
    titles = [r["title"].casefold() for r in all_pages(metasim_server, "/discover/movie", sort_by="title.asc")]
    assert titles == sorted(titles)
    names = [r["name"].casefold() for r in all_pages(metasim_server, "/discover/tv", sort_by="name.asc")]
    assert names == sorted(names)
    revenue = {t.tmdb_id: t.revenue for t in metasim_server.world.movies}
    ordered = [revenue[r["id"]] for r in all_pages(metasim_server, "/discover/movie", sort_by="revenue.desc")]
    assert ordered == sorted(ordered, reverse=True)


def test_people_companies_keywords(metasim_server: MetaSim):
    world = metasim_server.world
    star = world.movies[0].cast[0].person_id
    rows = ids(all_pages(metasim_server, "/discover/movie", with_cast=star))
    assert rows == {t.tmdb_id for t in world.movies if any(c.person_id == star for c in t.cast)}
    director = world.movies[0].crew[0].person_id
    assert world.movies[0].tmdb_id in ids(all_pages(metasim_server, "/discover/movie", with_crew=director))
    assert world.movies[0].tmdb_id in ids(all_pages(metasim_server, "/discover/movie", with_people=director))
    marvel = ids(all_pages(metasim_server, "/discover/movie", with_companies=420))
    assert marvel == {t.tmdb_id for t in world.movies if 420 in t.company_ids}
    either = ids(all_pages(metasim_server, "/discover/movie", with_companies="420|3"))
    assert marvel <= either
    kw = world.movies[0].keyword_ids[0]
    assert ids(all_pages(metasim_server, "/discover/movie", with_keywords=kw)) == {
        t.tmdb_id for t in world.movies if kw in t.keyword_ids}
    netflix = ids(all_pages(metasim_server, "/discover/tv", with_networks=world.shows[0].network_ids[0]))
    assert world.shows[0].tmdb_id in netflix
    synthetic = world.group("company", 777777)
    assert synthetic is not None
    assert ids(all_pages(metasim_server, "/discover/movie", with_companies=777777)) == {
        t.tmdb_id for t in synthetic.members if t.kind == "movie"}


def test_providers_certifications_countries_tv(metasim_server: MetaSim):
    world = metasim_server.world
    rows = ids(all_pages(metasim_server, "/discover/movie", with_watch_providers=8, watch_region="US"))
    assert rows == {t.tmdb_id for t in world.movies if 8 in t.providers.get("US", {}).get("flatrate", [])
                    or 8 in t.providers.get("US", {}).get("rent", [])}
    pg13 = all_pages(metasim_server, "/discover/movie", certification="PG-13", certification_country="US")
    assert ids(pg13) == {t.tmdb_id for t in world.movies if t.certifications.get("US") == "PG-13"}
    mild = ids(all_pages(metasim_server, "/discover/movie", certification_country="US", **{"certification.lte": "PG"}))
    assert mild == {t.tmdb_id for t in world.movies if t.certifications.get("US") in ("G", "PG")}
    jp = ids(all_pages(metasim_server, "/discover/movie", with_origin_country="JP"))
    assert jp == {t.tmdb_id for t in world.movies if "JP" in t.origin_countries}
    aired = all_pages(metasim_server, "/discover/tv", **{"first_air_date.gte": "2010-01-01"})
    assert all(r["first_air_date"] >= "2010-01-01" for r in aired)
    ended = ids(all_pages(metasim_server, "/discover/tv", with_status=3))
    assert ended == {t.tmdb_id for t in world.shows if t.status == "Ended"}
    assert tmdb(metasim_server, "/discover/movie", include_adult="false")["total_results"] == len(world.movies)
