"""plex_search parsing, local evaluation and rendering to Plex's filter query."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kometa.plex.levels import LevelSnapshot
from kometa.plex.snapshot import Item, Snapshot
from kometa.sources.builders import Builders
from kometa.sources.conditions import ConditionError, matches
from kometa.sources.plex_query import encode, filter_pairs, search_query
from kometa.sources.search import SearchParser, search_level

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def snapshot() -> Snapshot:
    snap = Snapshot(1, "Movies", "movie", "m" * 40)
    rows = [
        (1, "Alpha", ("Drama",), 1999, 8.0, ("Kids",), ("1080",)),
        (2, "Beta", ("Drama", "Crime"), 2005, 6.0, (), ("4k",)),
        (3, "The Gamma", ("Comedy",), 2015, None, ("Kids",), ("720",)),
        (4, "Delta", ("Crime",), 2021, 9.0, (), ("1080",)),
    ]
    for rk, title, genres, year, rating, labels, res in rows:
        snap.items[rk] = Item(rk, "movie", {
            "title": title, "title_sort": title, "genre": genres, "year": year, "decade": year // 10 * 10,
            "critic_rating": rating, "label": labels, "resolution": res, "collection": (),
            "release": date(year, 1, 1), "added": datetime(2026, 5, 1, tzinfo=UTC)})
    return snap


def run(spec) -> list[int]:
    builders = Builders(snapshot(), NOW)
    return builders.build("X", {"plex_search": spec}).items


def test_all_any_nesting_sort_limit():
    assert run({"all": {"genre": ["Drama", "Crime"]}}) == [2]
    assert run({"any": {"genre": ["Drama", "Crime"]}}) == [1, 2, 4]
    assert run({"any": {"all": [{"genre": "Drama"}, {"year.lt": 2000}], "title.begins": "the"}}) == [1, 3]
    assert run({"all": {"year.gte": 1990}, "sort_by": "year.desc", "limit": 2}) == [4, 3]
    assert run({"all": {"critic_rating.gt": 5}, "sort_by": "critic_rating.asc"}) == [2, 1, 4]


def test_bare_mapping_or_groups_and_and_suffix():
    assert run({"genre": ["Drama", "Comedy"], "year.gte": 2000}) == [2, 3]
    assert run({"genre.and": ["Drama", "Crime"]}) == [2]


def test_list_of_searches_merges():
    assert run([{"all": {"genre": "Comedy"}}, {"all": {"genre": "Crime"}, "sort_by": "year.desc"}]) == [3, 4, 2]


def test_tag_names_resolved_and_checked():
    assert run({"all": {"genre": "drama", "resolution": "1080p"}}) == [1]
    with pytest.raises(ConditionError, match="genre 'Western' not found in library Movies"):
        run({"all": {"genre": "Western"}})
    assert run({"all": {"genre.regex": "^C"}}) == [2, 4, 3]  # title order: Beta, Delta, The Gamma


@pytest.mark.parametrize(("spec", "message"), [
    ({"any": {"genre": "Drama"}, "all": {"genre": "Drama"}}, "not both"),
    ({"all": {"year.begins": 1}}, "modifier .begins does not apply to year"),
    ({"all": {"network": "HBO"}}, "not available in a movie library"),
    ({"all": {"genre": "Drama"}, "limit": 0}, "above 0"),
    ({"all": {"genre": "Drama"}, "sort_by": "nope"}, "unknown sort"),
    ({"all": {"nope": 1}}, "unknown attribute 'nope'"),
])
def test_errors(spec, message):
    with pytest.raises(ConditionError, match=message):
        run(spec)


def test_render_query():
    parser = SearchParser(snapshot(), NOW)
    search = parser.parse({"any": {"all": [{"genre": "Drama"}, {"year.lt": 2000}], "title.ends": "a"},
                           "sort_by": "year.desc", "limit": 3})
    assert filter_pairs(search.tree) == [
        ("push", "1"), ("push", "1"), ("genre", "Drama"), ("and", "1"), ("year<<", "2000"), ("pop", "1"),
        ("or", "1"), ("title>", "a"), ("pop", "1")]
    query = search_query(1, search.tree, search.sort, search.limit)
    assert query.startswith("type=1&sort=year%3Adesc&limit=3&push=1")
    search = parser.parse({"all": {"added": 30, "release.before": "01/01/2000", "unplayed": True,
                                   "duration.gt": 90}})
    assert encode(filter_pairs(search.tree)) == (
        "addedAt%3E%3E=-30d&originallyAvailableAt%3C%3C=946684800&unwatched=1&duration%3E%3E=5400000")


def test_local_match_of_rendered_tree_is_consistent():
    snap = snapshot()
    search = SearchParser(snap, NOW).parse({"all": {"genre.not": "Crime", "year.gte": 2000}})
    assert [i.rating_key for i in snap.items.values() if matches(i, search.tree, NOW)] == [3]
    assert search.local


def test_date_comparison_modifiers_mean_before_and_after():
    # spec 4.3: on dates .gt/.gte -> .after and .lt/.lte -> .before (strict)
    assert run({"all": {"release.gte": "01/01/2005"}}) == run({"all": {"release.after": "01/01/2005"}}) == [4, 3]
    assert run({"all": {"release.lt": "01/01/2005"}}) == run({"all": {"release.before": "01/01/2005"}}) == [1]


def test_validate_false_keeps_a_missing_tag_as_matching_nothing():
    assert run({"any": {"genre": ["Drama", "Polka"]}, "validate": False}) == [1, 2]
    assert run({"all": {"genre": "Polka"}, "validate": False}) == []
    assert run({"all": {"genre.not": "Polka"}, "validate": False}) == [1, 2, 4, 3]
    with pytest.raises(ConditionError, match="genre 'Polka' not found"):
        run({"all": {"genre": "Polka"}})
    with pytest.raises(ConditionError, match="validate must be true or false"):
        run({"all": {"genre": "Drama"}, "validate": "no"})


def test_type_is_the_searchs_own_items_or_a_located_refusal_never_ignored():
    parser = SearchParser(snapshot(), NOW)
    assert parser.parse({"all": {"year.gte": 2000}, "type": "movies"}).tree.children  # a movie library's own
    with pytest.raises(ConditionError, match=r"smart_filter\.type: episodes does not match this search's items: "
                                             r"it returns movies"):
        parser.parse({"all": {"year.gte": 2000}, "type": "episodes"}, "smart_filter")
    with pytest.raises(ConditionError, match=r"plex_search\.type must be one of"):
        parser.parse({"all": {"year.gte": 2000}, "type": "films"})


def test_search_level_is_the_type_a_search_asks_for():
    assert search_level({"smart_filter": {"type": "episodes", "all": {}}}, "show") == "episode"
    assert search_level({"plex_search": [{"type": "Season"}, {"all": {}}]}, "show") == "season"
    assert search_level({"plex_search": {"type": "shows"}}, "show") is None  # the library's own items
    assert search_level({"plex_search": {"all": {}}}, "show") is None
    assert search_level({"smart_filter": {"type": "tracks"}}, "artist") == "track"
    assert search_level({"smart_filter": {"type": "albums"}}, "artist") == "album"
    with pytest.raises(ConditionError, match=r"smart_filter\.type: episodes are not in a movie library \(it holds "
                                             r"movies\)"):
        search_level({"smart_filter": {"type": "episodes"}}, "movie")
    with pytest.raises(ConditionError, match=r"plex_search\.type: albums are not in a show library"):
        search_level({"plex_search": {"type": "albums"}}, "show")
    with pytest.raises(ConditionError, match=r"plex_search\.type: seasons differs from the plex_search type"):
        search_level({"plex_search": [{"type": "episodes"}, {"type": "seasons"}]}, "show")
    with pytest.raises(ConditionError, match=r"plex_search\.type: shows differs from the smart_filter type"):
        search_level({"smart_filter": {"type": "episodes"}, "plex_search": {"type": "shows"}}, "show")
    with pytest.raises(ConditionError, match=r"smart_filter\.type must be one of"):
        search_level({"smart_filter": {"type": "clips"}}, "show")


def _episodes() -> LevelSnapshot:
    shows = Snapshot(2, "TV Shows", "show", "m" * 40)
    return LevelSnapshot(shows, "episode", {}, {})


def test_an_episode_search_takes_the_episodes_attributes_and_the_shows():
    parser = SearchParser(_episodes(), NOW, default_sort="random")
    search = parser.parse({"all": {"episode_air_date": 7, "title": "Lost", "episode_title": "Pilot",
                                   "episode_year.gte": 2020, "episode_added": 30, "episode_user_rating.gte": 7,
                                   "unplayed": True, "duration.gte": 20}}, "smart_filter")
    query = search_query(4, search.tree, search.sort, search.limit, parser.fields)
    assert "episode.originallyAvailableAt%3E%3E=-7d" in query and "show.title=Lost" in query
    assert "episode.title=Pilot" in query and "episode.year%3E=2020" in query
    with pytest.raises(ConditionError, match=r"smart_filter\.all\.decade: 'decade' does not apply to episodes "
                                             r"\(it is an attribute of shows\)"):
        parser.parse({"all": {"decade": 2010}}, "smart_filter")
    with pytest.raises(ConditionError, match=r"'writer' is not available in a show library"):
        parser.parse({"all": {"writer": "X"}}, "smart_filter")
    seasons = SearchParser(LevelSnapshot(Snapshot(2, "TV Shows", "show", "m" * 40), "season", {}, {}), NOW)
    with pytest.raises(ConditionError, match=r"'progress' does not apply to seasons"):
        seasons.parse({"all": {"progress": True}})
