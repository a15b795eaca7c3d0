"""Keys of a metadata entry: hints for keys of other parts, episodes found by Kometa's keys."""

from __future__ import annotations

from datetime import date

from kometa.metadata.fields import check_key
from kometa.metadata.run import Children, _episode_of, _season_of
from kometa.plex.snapshot import Item


def test_keys_of_other_parts_and_misspellings():
    assert check_key("collection_order") == ("'collection_order' is not a metadata attribute: it is a collection "
                                             "setting (write it in a collection definition)")
    assert check_key("originally_available_at") == ("unknown metadata attribute 'originally_available_at' "
                                                    "(did you mean 'originally_available'?)")
    assert check_key("url_logo") is None and check_key("file_square_art") is None
    assert check_key("year") is None and check_key("edition_filter") is None  # old top-level match keys


def _ep(rk: int, title: str, index: int | None, release: date | None) -> Item:
    return Item(rk, "episode", {"title": title, "index": index, "release": release})


def test_episode_by_number_title_or_air_date_of_an_unnumbered_one():
    season = Item(10, "season", {"title": "Season 1", "index": 1})
    numbered = _ep(11, "Pilot", 1, date(2020, 3, 5))
    daily = _ep(12, "Daily", None, date(2020, 3, 7))
    kids = Children(seasons={1: {1: season}}, episodes={10: {1: numbered}}, unnumbered={10: [daily]},
                    titled={1: [season], 10: [numbered, daily]})
    show = Item(1, "show", {"title": "Show"})
    assert _season_of(kids, show, 1) is season and _season_of(kids, show, "Season 1") is season
    assert _season_of(kids, show, "Season 2") is None
    assert _episode_of(kids, season, 1) is numbered and _episode_of(kids, season, "Pilot") is numbered
    for key in ("03/07", "3/7", "03-07", "3-7"):
        assert _episode_of(kids, season, key) is daily, key
    assert _episode_of(kids, season, "03/05") is None  # a numbered episode is not found by its date (as Kometa)
    assert _episode_of(kids, season, "2") is None


def test_a_tag_and_its_sync_form_together_are_refused():
    from pathlib import Path

    from kometa.metadata.fields import decide

    item = Item(1, "movie", {"title": "A", "genre": ("Drama",), "label": ()})
    edit = decide({"genre": ["War"], "genre.sync": ["Drama"], "label": ["Mine"]}, item, Path("."))
    assert edit.errors == [("genre.sync", "genre and genre.sync cannot be used together")]
    assert [p for p in edit.params if p[0].startswith("genre")] == []  # neither applies
    assert ("label[0].tag.tag", "Mine") in edit.params
    edit = decide({"label.remove": ["X"], "label.sync": ["Y"]}, item, Path("."))
    assert edit.errors == [("label.sync", "label.remove and label.sync cannot be used together")]


def test_fields_and_tags_apply_to_kometa_s_item_types_only():
    from pathlib import Path

    from kometa.metadata.fields import decide

    season = Item(5, "season", {"title": "Season 1", "studio": None, "genre": ()})
    edit = decide({"studio": "X", "genre": ["Y"], "summary": "ok"}, season, Path("."))
    assert edit.errors == [("studio", "applies to movies and shows, not to a season"),
                           ("genre", "applies to movies, shows, artists and albums, not to a season")]
    assert [p[0] for p in edit.params] == ["summary.value", "summary.locked"]
