"""IMDb builders end to end against metasim's IMDb GraphQL and plexsim (one world), real HTTP."""

from __future__ import annotations

from imdb_helpers import gql, held, members, rows

from metasim.testing import age_cache


def _list(pair, ls, first=100, after=None, sort=("LIST_ORDER", "ASC")):
    v = {"lsConst": ls, "first": first, "sort": {"by": sort[0], "order": sort[1]}}
    if after:
        v["after"] = after
    return gql(pair, {"operationName": "TitleListMainPage", "variables": v})


def test_metasim_list_paging_and_errors(pair):
    page1 = _list(pair, "ls005526372", first=7)["data"]["list"]["titleListItemSearch"]
    assert len(page1["edges"]) == 7 and page1["pageInfo"]["hasNextPage"] == (page1["total"] > 7)
    page2 = _list(pair, "ls005526372", first=7, after=page1["pageInfo"]["endCursor"])["data"]["list"]["titleListItemSearch"]
    everything = _list(pair, "ls005526372")["data"]["list"]["titleListItemSearch"]
    assert [e["listItem"]["id"] for e in page1["edges"] + page2["edges"]] == \
        [e["listItem"]["id"] for e in everything["edges"]][:14]
    gone = _list(pair, "ls995000000")
    assert gone["errors"][0]["extensions"]["code"] == "RESOURCE_NOT_FOUND"
    bad = gql(pair, {"query": "{ somethingElse }"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_list_chart_search_and_id_collections(runner, pair):
    report = runner.run("""
        collections:
          Listed:
            imdb_list:
              list_id: https://www.imdb.com/list/ls005526372/
              limit: 20
            collection_order: custom
          Top:
            imdb_chart: top_movies
          Dramas:
            imdb_search:
              type: movie
              genre: drama
              rating.gte: 6
              limit: 30
          One:
            imdb_id: {}
    """.format(next(t.imdb_id for t in pair.world.library if t.kind == "movie" and t.plex_guids)))
    r = rows(report)
    for name in ("Listed", "Top", "Dramas", "One"):
        assert r[name].status == "Created", (name, r[name])
    listed = [e["listItem"]["id"] for e in _list(pair, "ls005526372", first=20)["data"]["list"]["titleListItemSearch"]["edges"]]
    want, missing = held(pair, listed)
    assert members(pair, "Listed") == want and r["Listed"].missing == missing
    top = gql(pair, {"query": "{ chartTitles(chart: { chartType: TOP_RATED_MOVIES }, first: 250) { edges { node { id } } total } }"})
    assert members(pair, "Top") == held(pair, [e["node"]["id"] for e in top["data"]["chartTitles"]["edges"]])[0]
    search = gql(pair, {"operationName": "AdvancedTitleSearch", "variables": {
        "first": 30, "titleTypeConstraint": {"anyTitleTypeIds": ["movie"]}, "genreConstraint": {"allGenreIds": ["Drama"]},
        "userRatingsConstraint": {"aggregateRatingRange": {"min": 6.0}}, "sortBy": "POPULARITY", "sortOrder": "ASC"}})
    found = [e["node"]["title"]["id"] for e in search["data"]["advancedTitleSearch"]["edges"]]
    assert found and members(pair, "Dramas") == held(pair, found)[0]
    assert len(members(pair, "One")) == 1
    assert any(line.startswith("IMDb: ") for line in report.online)


def test_malformed_and_unsupported_values_are_located(runner, pair):
    r = rows(runner.run("""
        collections:
          Not A List:
            imdb_list: https://www.imdb.com/title/tt0111161/
          Search Url:
            imdb_list: https://www.imdb.com/search/title/?genres=drama
          Bad Chart:
            imdb_chart: top_everything
          Show Chart:
            imdb_chart: top_shows
          Indian:
            imdb_chart: top_tamil
          Unknown Filter:
            imdb_search:
              keyword: space
          Bad Sort:
            imdb_list:
              list_id: ls005526372
              sort_by: sideways
          Gone:
            imdb_list: ls995000000
          Award:
            imdb_award:
              event_id: ev0000003
          Watch Who:
            imdb_watchlist: someone
    """))
    assert "not an IMDb list id" in r["Not A List"].error
    assert "use imdb_search" in r["Search Url"].error
    assert "not an IMDb chart" in r["Bad Chart"].error
    assert "works in show libraries only" in r["Show Chart"].error
    assert "not supported in this version" in r["Indian"].error
    assert "'keyword' is not supported in this version" in r["Unknown Filter"].error
    assert "sort_by must be one of" in r["Bad Sort"].error
    assert "does not exist" in r["Gone"].error
    assert "not supported in this version" in r["Award"].error
    assert "not an IMDb user id" in r["Watch Who"].error
    for row in r.values():
        assert "lib.yml:" in row.error, row.error


def test_show_chart_in_a_show_library(runner, pair):
    r = rows(runner.run("""
        collections:
          Popular Shows:
            imdb_chart: popular_shows
    """, library="TV Shows"), "TV Shows")
    assert r["Popular Shows"].status == "Created", r["Popular Shows"]
    chart = gql(pair, {"query": "{ chartTitles(chart: { chartType: MOST_POPULAR_TV_SHOWS }, first: 100) { edges { node { id } } } }"})
    ids = [e["node"]["id"] for e in chart["data"]["chartTitles"]["edges"]]
    assert members(pair, "Popular Shows", "TV Shows") == held(pair, ids, "tv")[0]


def test_watchlist_by_url_with_limit(runner, pair):
    r = rows(runner.run("""
        collections:
          Watchlist:
            imdb_watchlist:
              user_id: https://www.imdb.com/user/ur12345678/watchlist
              limit: 25
              sort_by: title.asc
    """))
    watch = gql(pair, {"operationName": "WatchListPageRefiner", "variables": {
        "urConst": "ur12345678", "first": 25, "sort": {"by": "ALPHABETICAL", "order": "ASC"}}})
    ids = [e["listItem"]["id"] for e in watch["data"]["predefinedList"]["titleListItemSearch"]["edges"]]
    want = held(pair, ids)[0]
    assert want and r["Watchlist"].status == "Created", r["Watchlist"]
    assert members(pair, "Watchlist") == want


def test_imdb_down_uses_cached_answer(runner, pair, caplog):
    config = """
        collections:
          Top:
            imdb_chart: top_movies
    """
    assert rows(runner.run(config))["Top"].status in ("Created", "Unchanged")
    before = members(pair, "Top")
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    age_cache(runner.folder)  # a day later: the list is asked again
    try:
        report = runner.run(config)
    finally:
        pair.meta.clear_faults()
    assert rows(report)["Top"].status == "Unchanged"
    assert members(pair, "Top") == before
    assert any("IMDb" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
