"""Filter modifiers (spec 4.4) on hand-made items: AND in a mapping, OR across a list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kometa.engine.filters import parse_filters
from kometa.plex.snapshot import Item
from kometa.sources.conditions import ConditionError

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def item(**values):
    base = {"title": "The Silent Harbor", "genre": ("Drama", "War"), "label": (), "year": 2010,
            "critic_rating": 7.5, "added": datetime(2026, 5, 20, tzinfo=UTC), "release": date(2010, 3, 4),
            "studio": None, "has_edition": False, "duration": 95.0}
    base.update(values)
    return Item(1, "movie", base)


def passes(spec, **values) -> bool:
    filters = parse_filters(spec, "movie", NOW)
    assert filters is not None
    one = item(**values)
    interpreted = filters.passes(one, NOW)
    assert filters.apply([one], NOW) == ([one] if interpreted else [])  # compiled predicate agrees
    return interpreted


@pytest.mark.parametrize(("spec", "expected"), [
    ({"title": "silent"}, True),
    ({"title.not": "silent"}, False),
    ({"title.is": "the silent harbor"}, True),
    ({"title.isnot": "the silent harbor"}, False),
    ({"title.begins": "The"}, True),
    ({"title.ends": "harbor"}, True),
    ({"title.regex": "^The S"}, True),
    ({"title.regex": "^the s"}, False),  # regex is case-sensitive
    ({"title": ["nope", "harbor"]}, True),  # one of several values suffices
    ({"title.not": ["nope", "harbor"]}, False),
    ({"genre": "drama"}, True),
    ({"genre.not": "Drama"}, False),
    ({"genre.regex": "^W"}, True),
    ({"genre.count_gt": 1}, True),
    ({"genre.count_gte": 3}, False),
    ({"genre.count_lt": 3}, True),
    ({"genre.count_lte": 1}, False),
    ({"year": 2010}, True),
    ({"year.not": 2010}, False),
    ({"year.gt": 2009}, True),
    ({"year.gte": 2011}, False),
    ({"year.lt": 2011}, True),
    ({"year.lte": 2009}, False),
    ({"critic_rating.gte": 7.5}, True),
    ({"duration.lt": 90}, False),
    ({"added": 30}, True),
    ({"added": "1w"}, False),
    ({"added.not": 30}, False),
    ({"added.before": "05/21/2026"}, True),
    ({"added.after": "05/20/2026"}, False),  # strict
    ({"release.regex": "^03/04/"}, True),
    ({"has_edition": False}, True),
    ({"has_edition": True}, False),
    ({"genre": "Drama", "year.gt": 2015}, False),  # AND in a mapping
    ([{"genre": "Comedy"}, {"year": 2010}], True),  # OR across the list
])
def test_modifiers(spec, expected):
    assert passes(spec) is expected


def test_missing_values():
    assert passes({"studio": "A24"}) is False
    assert passes({"studio.not": "A24"}) is True
    assert passes({"studio.isnot": "A24"}) is True
    assert passes({"year.gt": 1}, year=None) is False
    assert passes({"year.not": 1}, year=None) is False
    assert passes({"added": 30}, added=None) is False


@pytest.mark.parametrize(("spec", "message"), [
    ({"genre.gt": 3}, "modifier .gt does not apply to genre"),
    ({"bogus": 1}, "unknown filter 'bogus'"),
    ({"year.gt": "abc"}, "must be a whole number"),
    ({"added.before": "2020/13/45"}, "must be a date"),
    ({"title.regex": "("}, "invalid regular expression"),
    ({"hdr": True}, "use it in plex_search"),
    ({"network": "HBO"}, "not available in a movie library"),
])
def test_errors(spec, message):
    with pytest.raises(ConditionError, match=message):
        parse_filters(spec, "movie", NOW)


def test_validate_false_drops_bad_conditions():
    filters = parse_filters({"bogus": 1, "genre": "Drama", "validate": False}, "movie", NOW)
    assert filters is not None and filters.warnings
    assert filters.passes(item(), NOW)


def test_strings_are_accent_and_case_insensitive():
    assert passes({"title": "coup de grace"}, title="Coup de Grâce")
    assert passes({"title.is": "AMELIE"}, title="Amélie")
    assert not passes({"title.regex": "Amelie"}, title="Amélie")


CONDITIONS = [
    {"genre": "Drama"}, {"genre.not": "war"}, {"genre.count_gte": 2}, {"year.gt": 2005}, {"year": 2010},
    {"year.not": 2010}, {"critic_rating.lte": 7.5}, {"title.begins": "the"}, {"title.not": "harbor"},
    {"has_edition": True}, {"added": 30}, {"studio.isnot": "A24"}, {"label": "Kids"}, {"duration.gte": 95},
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=3), st.booleans(),
       st.sampled_from([(), ("Drama",), ("Drama", "War"), ("war", "Kids")]),
       st.one_of(st.none(), st.integers(1990, 2020)), st.one_of(st.none(), st.floats(0, 10)),
       st.sampled_from(["The Silent Harbor", "Amélie", ""]), st.sampled_from([(), ("Kids",)]))
def test_compiled_predicate_equals_interpreted(conds, as_list, genres, year, rating, title, labels):
    spec = conds if as_list else {k: v for c in conds for k, v in c.items()}
    filters = parse_filters(spec, "movie", NOW)
    assert filters is not None
    one = item(genre=genres, year=year, critic_rating=rating, title=title, label=labels)
    assert (filters.apply([one], NOW) == [one]) is filters.passes(one, NOW)


@pytest.mark.parametrize(("spec", "rating", "expected"), [
    ({"user_rating.rated": True}, 8.0, True),
    ({"user_rating.rated": True}, None, False),
    ({"user_rating.rated": False}, None, True),  # unrated items are what .rated: false is for
    ({"user_rating.rated": False}, 8.0, False),
])
def test_rated(spec, rating, expected):
    assert passes(spec, user_rating=rating) is expected


@pytest.mark.parametrize("name", ["imdb_keyword", "has_stinger", "audio_profile", "hdr"])
def test_kometa_filters_not_built_yet_are_named_not_typos(name):
    with pytest.raises(ConditionError, match=rf"filter '{name}' \(.+\) is not done by this version yet"):
        parse_filters({name: "x"}, "show", NOW)


def test_tmdb_filters_parse_with_kometa_values():
    f = parse_filters({"original_language": "en, ko", "tmdb_status.not": ["ended", "canceled"]}, "show", NOW)
    assert f is not None and f.tmdb
    with pytest.raises(ConditionError, match="tmdb_status 'finished' is not one of returning"):
        parse_filters({"tmdb_status": "finished"}, "show", NOW)
    with pytest.raises(ConditionError, match="not available in a movie library"):
        parse_filters({"tmdb_type": "scripted"}, "movie", NOW)
    assert not parse_filters({"genre": "Drama"}, "movie", NOW).tmdb


def test_tvdb_filters_parse_and_read_the_tvdb_page():
    from kometa.engine.tmdb_filters import WithTmdb
    f = parse_filters({"tvdb_genre": "Drama", "tvdb_status.not": "Ended", "tvdb_title.begins": "The"}, "movie", NOW)
    assert f is not None and f.tmdb
    page = {"title": "The Title", "status": "Continuing", "genres": ["Drama", "Crime"]}
    item = WithTmdb(Item(1, "movie", {}), None, page)
    assert f.passes(item, NOW)
    assert not f.passes(WithTmdb(Item(1, "movie", {}), None, {**page, "status": "Ended"}), NOW)
    assert not f.passes(WithTmdb(Item(1, "movie", {}), None, None), NOW)  # no TVDb page: no value
    with pytest.raises(ConditionError, match="not available in an episode"):
        parse_filters({"tvdb_genre": "Drama"}, "episode", NOW)


def test_tmdb_filters_need_tmdb_details():
    f = parse_filters({"tmdb_vote_count.gte": 10}, "movie", NOW)
    with pytest.raises(ConditionError, match="TMDb filters need TMDb"):
        f.apply([], NOW)


def test_level_filters():
    assert parse_filters({"show_title": "Lost", "season_title.begins": "Season"}, "episode", NOW) is not None
    with pytest.raises(ConditionError, match=r"not available in a season collection \(builder_level: season\)"):
        parse_filters({"season_title": "x"}, "season", NOW)
    with pytest.raises(ConditionError, match="not available in a movie library"):
        parse_filters({"show_title": "x"}, "movie", NOW)


def test_history_filter():
    now = datetime(2026, 6, 10, tzinfo=UTC)

    def passes(spec, released):
        return parse_filters({"history": spec}, "movie", now).passes(Item(1, "movie", {"release": released}), now)

    assert passes("day", date(1999, 6, 10)) and not passes("day", date(1999, 6, 11))
    assert passes("month", date(1980, 6, 1)) and not passes("month", date(1980, 7, 1))
    assert passes(3, date(2001, 6, 8)) and not passes(3, date(2001, 6, 7)) and not passes(3, date(2001, 6, 11))
    assert not passes("day", None)
    with pytest.raises(ConditionError, match="history must be day, month or a number of days from 1 to 30"):
        parse_filters({"history": 31}, "movie", now)


def test_episodes_filter_share_and_count():
    shows = [Item(1, "show", {"title": "A"}), Item(2, "show", {"title": "B"}), Item(3, "show", {"title": "C"})]
    kids = {1: [Item(11, "episode", {"year": 2020}), Item(12, "episode", {"year": 2001})],
            2: [Item(21, "episode", {"year": 2021})], 3: []}

    def children(level, key):
        assert level == "episode"
        return kids[key]

    def keep(spec, **kw):
        return [i.rating_key for i in parse_filters(spec, "show", NOW, **kw).apply(shows, NOW, children=children)]

    assert keep({"episodes": {"year.gte": 2020}}) == [1, 2, 3]  # 50% by default; no episodes: nothing fails
    assert keep({"episodes": {"year.gte": 2020, "percentage": 100}}) == [2, 3]
    assert keep({"episodes": {"year.gte": 2020}}, default_percent=100) == [2, 3]
    assert keep({"episodes": {"year.gte": 2020, "count": 1}}) == [1, 2]
    assert keep({"episodes": {"year.lt": 2000, "count": 1}, "title": "A"}) == []
    with pytest.raises(ConditionError, match="cannot be used here"):
        parse_filters({"episodes": {"year": 1}}, "show", NOW).apply(shows, NOW)
    with pytest.raises(ConditionError, match="not available in a movie library"):
        parse_filters({"episodes": {"year": 1}}, "movie", NOW)
