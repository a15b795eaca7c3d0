"""based: collections of what the library is based on, from IMDb keyword searches."""

from __future__ import annotations

import requests
from more_defaults_helpers import collection_names, delete_all, held, members, rows


def _search(pair, words, kinds):
    body = {"operationName": "AdvancedTitleSearch", "variables": {
        "first": 200, "titleTypeConstraint": {"anyTitleTypeIds": kinds}, "sortBy": "POPULARITY", "sortOrder": "ASC",
        "keywordConstraint": {"anyKeywords": words}}}
    answer = requests.post(f"{pair.meta.url}/imdb/", json=body, timeout=10).json()
    return {e["node"]["title"]["id"] for e in answer["data"]["advancedTitleSearch"]["edges"]}


def test_based_collections(runner, pair):
    delete_all(pair)
    r = rows(runner.run("based", {"use_video_games": False}))
    books = held(pair, _search(pair, ["based-on-novel", "based-on-book"], ["movie", "tvMovie"]))
    assert books and members(pair, "Based on a Book") == books
    true = held(pair, _search(pair, ["based-on-true-story"], ["movie", "tvMovie"]))
    if true:
        assert members(pair, "Based on a True Story") == true
    assert "Based on a Video Game" not in collection_names(pair)
    assert "Based on... Collections" in r


def test_based_in_a_show_library(runner, pair):
    delete_all(pair, "TV Shows")
    runner.run("based", {"limit": 5}, library="TV Shows")
    comics = held(pair, _search(pair, ["based-on-comic", "based-on-comic-book"], ["tvSeries", "tvMiniSeries"]), "tv")
    if comics:
        assert len(members(pair, "Based on a Comic", "TV Shows")) <= 5
