"""Pure parts of the AniDB builders: reading their values, AniDB's popular page and an anime XML's
relations; and the older AniList builders' mappings."""

from __future__ import annotations

import pytest

from kometa.clients.anidb import parse_popular, parse_related
from kometa.clients.policy import ServiceError
from kometa.sources.anidb import parse_popular as popular_count
from kometa.sources.anidb import parse_tag_names, parse_tags
from kometa.sources.anilist import _alias_specs
from kometa.sources.conditions import ConditionError


def test_tag_values():
    assert parse_tags("anidb_tag", 36) == [(36, 100)]  # the service's default when Kometa sends no limit
    assert parse_tags("anidb_tag", "https://anidb.net/tag/2604") == [(2604, 100)]
    assert parse_tags("anidb_tag", {"tag_id": 36, "limit": 10}) == [(36, 10)]
    assert parse_tags("anidb_tag", [{"tag": 36, "limit": 0}, {"tag_id": "2626"}]) == [(36, 1000), (2626, 100)]
    for bad, text in ((True, "needs an AniDB tag id"), ("military", "'military' is not an AniDB tag id"),
                      ({"tag_id": 36, "limit": 1001}, "limit must be a whole number from 0 to 1000"),
                      ({"limit": 5}, "needs an AniDB tag id"), ({"tag_id": 36, "sort": "x"}, "unknown attribute 'sort'"),
                      ([], "has no value")):
        with pytest.raises(ConditionError, match=text):
            parse_tags("anidb_tag", bad)


def test_tag_name_values():
    assert parse_tag_names("anidb_tag_name", "Action") == (["action"], 0)
    assert parse_tag_names("anidb_tag_name", "action, Comedy") == (["action", "comedy"], 0)
    assert parse_tag_names("anidb_tag_name", ["action", "slice of life"]) == (["action", "slice of life"], 0)
    assert parse_tag_names("anidb_tag_name", {"tags": ["action"], "min_weight": 400}) == (["action"], 400)
    for bad in (None, {"min_weight": 3}, [True], {"tags": "x", "min_weight": -1}, {"tag": "x"}):
        with pytest.raises(ConditionError):
            parse_tag_names("anidb_tag_name", bad)


def test_popular_count():
    assert popular_count("anidb_popular", None) == 30 and popular_count("anidb_popular", "12") == 12
    for bad in (0, 31, "many", False):
        with pytest.raises(ConditionError, match="from 1 to 30"):
            popular_count("anidb_popular", bad)


def test_popular_page_and_relations():
    page = ('<table class="animelist"><tr><td class="thumb anime"><a href="/anime/12"><img alt="x"></a></td>'
            '<td class="name main anime"><a href="/anime/12">Twelve</a></td></tr>'
            '<tr><td class="thumb anime"><a href="https://anidb.net/anime/7"></a></td>'
            '<td class="name main anime"><a href="/anime/7"> Seven </a></td></tr></table>')
    assert parse_popular(page) == [{"anidb_id": 12, "title": "Twelve"}, {"anidb_id": 7, "title": "Seven"}]
    with pytest.raises(ValueError):
        parse_popular("<html><body>Maintenance</body></html>")
    xml = ('<anime id="1"><relatedanime><anime id="2" type="Sequel">B</anime><anime id="x" type="Other">?</anime>'
           '</relatedanime></anime>')
    assert parse_related(xml) == [2]
    assert parse_related('<anime id="1"></anime>') == []
    with pytest.raises(ServiceError):
        parse_related("<error>Banned</error>")


def test_older_anilist_builders_read_as_searches():
    assert _alias_specs("anilist_genre", "Action") == [{"genre": "Action"}]
    assert _alias_specs("anilist_tag", {"tag": "Space", "limit": 5}) == [{"tag": "Space", "limit": 5}]
    assert _alias_specs("anilist_season", {"sort_by": "popular"}) == [{"season": "current", "sort_by": "popular"}]
    assert _alias_specs("anilist_season", "spring") == [{"season": "spring"}]
    assert _alias_specs("anilist_season", [{"year": 2020}, {"season": "fall"}]) == [
        {"season": "current", "year": 2020}, {"season": "fall"}]
    for key, bad, text in (("anilist_genre", {"limit": 5}, "needs the attribute genre"),
                           ("anilist_tag", "", "needs a tag"), ("anilist_genre", True, "takes a mapping")):
        with pytest.raises(ConditionError, match=text):
            _alias_specs(key, bad)
