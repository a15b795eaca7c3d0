"""seasonal: holiday collections that exist in their season only, filled by IMDb keyword searches."""

from __future__ import annotations

from datetime import datetime

import requests
from more_defaults_helpers import collection_names, delete_all, held, load_errors, members, rows

CHRISTMAS = ["christmas", "christmas-movie", "christmas-eve", "santa-claus"]


def _search(pair, words, limit=50):
    body = {"operationName": "AdvancedTitleSearch", "variables": {
        "first": limit, "titleTypeConstraint": {"anyTitleTypeIds": ["movie", "tvMovie"]}, "sortBy": "POPULARITY",
        "sortOrder": "ASC", "keywordConstraint": {"anyKeywords": words}}}
    answer = requests.post(f"{pair.meta.url}/imdb/", json=body, timeout=10).json()
    return {e["node"]["title"]["id"] for e in answer["data"]["advancedTitleSearch"]["edges"]}


def test_in_season_only(runner, pair):
    delete_all(pair)
    r = rows(runner.run("seasonal", moment=datetime(2025, 12, 10, 12, 0)))
    want = held(pair, _search(pair, CHRISTMAS))
    assert want and members(pair, "Christmas Movies") == want
    names = collection_names(pair)
    assert "Seasonal Collections" in names and "Halloween Movies" not in names
    assert r["Halloween Movies"].status != "Created"
    runner.run("seasonal", moment=datetime(2026, 1, 20, 12, 0))  # out of season: deleted (delete_not_scheduled)
    assert "Christmas Movies" not in collection_names(pair)


def test_seasonal_variables(runner, pair):
    delete_all(pair)
    world_list = "ls005526372"
    report = runner.run("seasonal", {"schedule_christmas": "range(10/01-10/31)", "limit": 3,
                                     "append_data": {"apes": "Planet of the Apes Day"},
                                     "schedule_apes": "range(10/01-10/31)", "imdb_list_apes": world_list,
                                     "remove_data": ["halloween"]},
                        moment=datetime(2025, 10, 15, 12, 0))
    assert not load_errors(report), load_errors(report)
    r = rows(report)
    assert "Halloween Movies" not in r
    assert 0 < len(members(pair, "Christmas Movies")) <= 3
    assert r["Planet of the Apes Day Movies"].status == "Created"
    listed = requests.post(f"{pair.meta.url}/imdb/", json={"operationName": "TitleListMainPage", "variables": {
        "lsConst": world_list, "first": 100}}, timeout=10).json()["data"]["list"]["titleListItemSearch"]["edges"]
    assert members(pair, "Planet of the Apes Day Movies") == held(pair, {e["listItem"]["id"] for e in listed})


def test_seasonal_emoji_sort_by_and_imdb_search_of_a_key(runner, pair):
    """emoji / emoji_<key> go before the titles; sort_by orders the items; imdb_search_<key> replaces
    the key's keyword search."""
    delete_all(pair)
    report = runner.run("seasonal", {"emoji": "* ", "emoji_christmas": "🎅 ", "sort_by": "title.desc",
                                     "imdb_search_halloween": {"keyword.any": ["christmas"], "type": "movie, tv_movie",
                                                               "sort_by": "popularity.asc", "limit": 50},
                                     "schedule_halloween": "range(12/01-12/31)"},
                        moment=datetime(2025, 12, 10, 12, 0))
    assert not load_errors(report), load_errors(report)
    names = collection_names(pair)
    assert "🎅 Christmas Movies" in names and "* Halloween Movies" in names, (names, rows(report)["* Halloween Movies"])
    from more_defaults_helpers import section

    items = [i.titleSort or i.title for i in section(pair).collection("🎅 Christmas Movies").items()]
    assert len(items) > 1 and items == sorted(items, key=str.lower, reverse=True), items
    assert members(pair, "🎅 Christmas Movies") == held(pair, _search(pair, CHRISTMAS))
    assert members(pair, "* Halloween Movies") == held(pair, _search(pair, ["christmas"]))
