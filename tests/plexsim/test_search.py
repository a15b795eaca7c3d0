"""Conformance: section.search() with plexapi's filter syntax, compared with the store's ground truth."""

from __future__ import annotations

import pytest
from plexsim_helpers import raw_get, store_movies, tag_names


@pytest.fixture(scope="module")
def movies(plex):
    return plex.library.section("Movies")


def rks(items):
    return {i.ratingKey for i in items}


def truth(sim, pred):
    return {m.rk for m in store_movies(sim) if pred(m)}


def test_genre(movies, plexsim_server):
    assert rks(movies.search(genre="Drama")) == truth(plexsim_server, lambda m: "Drama" in tag_names(plexsim_server, m, "genre"))
    # a list is OR
    both = truth(plexsim_server, lambda m: tag_names(plexsim_server, m, "genre") & {"Drama", "Comedy"})
    assert rks(movies.search(genre=["Drama", "Comedy"])) == both
    # '&' suffix: repeated key = AND
    inter = truth(plexsim_server, lambda m: {"Drama", "Comedy"} <= tag_names(plexsim_server, m, "genre"))
    assert rks(movies.search(filters={"genre&": ["Drama", "Comedy"]})) == inter
    assert rks(movies.search(**{"genre!": "Drama"})) == truth(
        plexsim_server, lambda m: "Drama" not in tag_names(plexsim_server, m, "genre"))


def test_year_decade_and_integer_operators(movies, plexsim_server):
    assert rks(movies.search(**{"year>>": 2000})) == truth(plexsim_server, lambda m: m.attrs["year"] > 2000)
    assert rks(movies.search(**{"year<<": 1970})) == truth(plexsim_server, lambda m: m.attrs["year"] < 1970)
    assert rks(movies.search(year=2010)) == truth(plexsim_server, lambda m: m.attrs["year"] == 2010)
    assert rks(movies.search(decade=1990)) == truth(plexsim_server, lambda m: 1990 <= m.attrs["year"] < 2000)
    # Kometa's hand-built lte/gte forms
    resp = raw_get(plexsim_server, "/library/sections/1/all", **{"year<": "1980", "type": "1"})
    expected = len(truth(plexsim_server, lambda m: m.attrs["year"] <= 1980))
    assert f'totalSize="{expected}"' in resp.text


def test_studio_content_rating_resolution(movies, plexsim_server):
    studio = store_movies(plexsim_server)[0].attrs["studio"]
    assert rks(movies.search(studio=studio)) == truth(plexsim_server, lambda m: studio.lower() in m.attrs["studio"].lower())
    assert rks(movies.search(contentRating="R")) == truth(plexsim_server, lambda m: m.attrs["contentRating"] == "R")
    assert rks(movies.search(resolution="4k")) == truth(
        plexsim_server, lambda m: any(md["videoResolution"] == "4k" for md in m.media))
    assert rks(movies.search(hdr=True)) == truth(plexsim_server, lambda m: any(
        s.get("colorTrc") == "smpte2084" or s.get("DOVIPresent")
        for md in m.media for s in md["parts"][0]["streams"] if s["streamType"] == 1))


def test_people_and_labels(movies, plexsim_server):
    sample = store_movies(plexsim_server)[5]
    actor = sorted(tag_names(plexsim_server, sample, "role"))[0]
    director = sorted(tag_names(plexsim_server, sample, "director"))[0]
    assert rks(movies.search(actor=actor)) == truth(plexsim_server, lambda m: actor in tag_names(plexsim_server, m, "role"))
    assert rks(movies.search(director=director)) == truth(
        plexsim_server, lambda m: director in tag_names(plexsim_server, m, "director"))
    labelled = truth(plexsim_server, lambda m: "Favorite" in tag_names(plexsim_server, m, "label"))
    assert labelled and rks(movies.search(label="Favorite")) == labelled


def test_string_operators(movies, plexsim_server):
    title = store_movies(plexsim_server)[3].attrs["title"]
    exact = truth(plexsim_server, lambda m: m.attrs["title"].lower() == title.lower())
    assert exact and rks(movies.search(**{"title=": title.upper()})) == exact
    assert rks(movies.search(filters={"title<": "The"})) == truth(
        plexsim_server, lambda m: m.attrs["title"].lower().startswith("the"))
    assert rks(movies.search(filters={"title!": "the"})) == truth(
        plexsim_server, lambda m: "the" not in m.attrs["title"].lower())


def test_dates(movies, plexsim_server):
    cut = 1700000000
    assert rks(movies.search(filters={"addedAt>>": "2023-11-14"})) == truth(
        plexsim_server, lambda m: m.attrs["addedAt"] > 1699920000)
    got = raw_get(plexsim_server, "/library/sections/1/all", **{"addedAt<<": str(cut)})
    assert f'totalSize="{len(truth(plexsim_server, lambda m: m.attrs["addedAt"] < cut))}"' in got.text
    # relative dates are accepted ("in the last 30 days")
    assert raw_get(plexsim_server, "/library/sections/1/all", **{"addedAt>>": "-30d"}).status_code == 200


def test_advanced_and_or(movies, plexsim_server):
    filters = {"and": [{"or": [{"genre": "Drama"}, {"genre": "Comedy"}]}, {"year>>": 1990}, {"unwatched": True}]}
    expected = truth(plexsim_server, lambda m: bool(tag_names(plexsim_server, m, "genre") & {"Drama", "Comedy"})
                     and m.attrs["year"] > 1990 and not m.attrs.get("viewCount"))
    assert rks(movies.search(filters=filters)) == expected
    nested = {"or": [{"and": [{"decade": 1980}, {"contentRating": "R"}]}, {"year": 2020}]}
    expected = truth(plexsim_server, lambda m: (1980 <= m.attrs["year"] < 1990 and m.attrs["contentRating"] == "R")
                     or m.attrs["year"] == 2020)
    assert rks(movies.search(filters=nested)) == expected


def test_sort_and_limit(movies, plexsim_server):
    desc = movies.search(sort="titleSort:desc", limit=5)
    all_keys = sorted(((m.attrs.get("titleSort") or m.attrs["title"]).casefold() for m in store_movies(plexsim_server)),
                      reverse=True)
    assert [(m.titleSort or m.title).casefold() for m in desc] == all_keys[:5]
    by_year = movies.search(sort="year:desc,titleSort", maxresults=20)
    years = [m.year for m in by_year]
    assert years == sorted(years, reverse=True)
    first = movies.get(desc[0].title)
    assert first.title == desc[0].title
    limited = raw_get(plexsim_server, "/library/sections/1/all", limit="7", sort="addedAt:desc",
                      **{"X-Plex-Container-Size": "5"})
    assert 'totalSize="7"' in limited.text and limited.text.count("<Video ") == 5


def test_tv_levels(plex, plexsim_server):
    shows = plex.library.section("TV Shows")
    show = shows.all()[0]
    eps = shows.searchEpisodes(**{"show.title": show.title})
    assert {e.grandparentRatingKey for e in eps} == {show.ratingKey}
    unwatched_shows = shows.search(**{"episode.unwatched": True})
    store = plexsim_server.store
    expected = {s.rk for s in store.items.values() if s.type == "show"
                and any(not e.attrs.get("viewCount") for e in store.leaves(s))}
    assert rks(unwatched_shows) == expected
    assert [s.index for s in shows.searchSeasons(**{"show.title": show.title}, sort="index")] == \
        sorted(s.index for s in show.seasons())


def test_filter_metadata_and_choices(movies, plexsim_server):
    fields = {f.key for f in movies.listFields()}
    assert {"genre", "year", "decade", "studio", "contentRating", "resolution", "actor", "director", "label",
            "collection", "addedAt", "hdr", "unwatched"} <= fields
    sorts = {s.key for s in movies.listSorts()}
    assert {"titleSort", "year", "addedAt", "audienceRating", "mediaHeight", "random"} <= sorts
    genres = {c.title for c in movies.listFilterChoices("genre")}
    assert genres == {n for m in store_movies(plexsim_server) for n in tag_names(plexsim_server, m, "genre")}
    ratings = movies.listFilterChoices("contentRating")
    assert all(c.key == c.title for c in ratings)
    assert {o.key for o in movies.listOperators("integer")} >= {"=", "!=", ">>=", "<<="}
    shows = movies._server.library.section("TV Shows")
    show_fields = {f.key for f in plex_fields(shows)}
    assert "show.title" in show_fields and "episode.title" not in show_fields  # each Type lists its own
    assert "episode.title" in {f.key for f in shows.listFields("episode")}


def plex_fields(section):
    return section.listFields("show")


def test_collections_only_on_request(movies, plexsim_server):
    resp = raw_get(plexsim_server, "/library/sections/1/all")
    assert 'type="collection"' not in resp.text


def test_user_rating_unrated(movies, plexsim_server):
    rated = truth(plexsim_server, lambda m: m.attrs.get("userRating") is not None)
    assert rks(movies.search(**{"userRating<<": 11})) == rated
    unrated = raw_get(plexsim_server, "/library/sections/1/all", userRating="-1")
    assert f'totalSize="{200 - len(rated)}"' in unrated.text


def test_sort_by_another_level(plex, plexsim_server):
    shows = plex.library.section("TV Shows")
    got = shows.search(sort="episode.addedAt:desc")
    store = plexsim_server.store
    latest = {s.ratingKey: max(e.attrs["addedAt"] for e in store.leaves(store.items[s.ratingKey])) for s in got}
    values = [latest[s.ratingKey] for s in got]
    assert values == sorted(values, reverse=True)
    eps = shows.searchEpisodes(sort="show.titleSort,season.index,episode.index", maxresults=30)
    def key(e):
        show = store.items[e.grandparentRatingKey]
        return ((show.attrs.get("titleSort") or show.attrs["title"]).casefold(), e.parentIndex, e.index)
    keys = [key(e) for e in eps]
    assert len(keys) == 30 and keys == sorted(keys)
