"""based: collections of what the library is based on, from IMDb keyword searches."""

from __future__ import annotations

import requests
from more_defaults_helpers import collection_names, delete_all, held, members, rows, section


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


def test_based_exclude_and_sort_by(runner, pair):
    delete_all(pair)
    runner.run("based", {"exclude": ["comics", "true_story"], "sort_by": "title.asc",
                         "sort_by_video_games": "title.desc"})
    names = collection_names(pair)
    assert "Based on a Comic" not in names and "Based on a True Story" not in names
    books = [i.titleSort or i.title for i in section(pair).collection("Based on a Book").items()]
    assert len(books) > 1 and books == sorted(books, key=str.lower), books
