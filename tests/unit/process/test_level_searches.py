"""builder_level searches (pure): what a season/episode/album/track search asks Plex."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import unquote

import pytest

from kometa.engine.settings import SettingError, item_level, parse_settings
from kometa.plex.levels import LevelSnapshot
from kometa.plex.snapshot import Item, Snapshot
from kometa.sources.builders import Builders
from kometa.sources.conditions import ConditionError

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def shows() -> tuple[Snapshot, LevelSnapshot]:
    base = Snapshot(2, "TV Shows", "show", "m" * 40)
    for rk, title, genre in ((1, "Lost", ("Drama",)), (2, "Friends", ("Comedy",))):
        base.items[rk] = Item(rk, "show", {"title": title, "genre": genre, "label": (), "collection": ()})
    episodes = {rk: Item(rk, "episode", {"title": f"Ep {rk}", "title_sort": f"Ep {rk}", "show_title": show})
                for rk, show in ((11, "Lost"), (12, "Lost"), (21, "Friends"))}
    view = LevelSnapshot(base, "episode", episodes, {1: [11, 12], 2: [21]})
    return base, view


def test_episode_search_names_the_shows_fields_and_goes_to_plex():
    _, view = shows()
    asked: list[str] = []
    builders = Builders(view, NOW, lambda query: asked.append(unquote(query)) or [12, 99])
    built = builders.build("X", {"plex_search": {"all": {"genre": "drama", "episode_title": "Pilot",
                                                          "resolution": "1080"}}})
    assert built.items == [12]  # what Plex answered, limited to the level's items
    assert asked and asked[0].startswith("type=4&")
    assert "show.genre=Drama" in asked[0]  # spelled as the library spells it
    assert "episode.title=Pilot" in asked[0] and "episode.resolution=1080" in asked[0]


def test_level_tag_values_are_checked_against_the_shows():
    _, view = shows()
    with pytest.raises(ConditionError, match="genre 'Western' not found in library TV Shows"):
        Builders(view, NOW, lambda q: []).build("X", {"plex_search": {"all": {"genre": "Western"}}})


def test_plex_all_and_online_shows_expand_to_the_level():
    _, view = shows()
    assert Builders(view, NOW).build("X", {"plex_all": True}).items == [11, 12, 21]
    assert view.expand([2, 11]) == [21, 11]
    assert view.item_type == "episode" and view.library_type == "show" and view.level == "episode"


def test_level_refusals():
    _, view = shows()
    with pytest.raises(ConditionError, match="smart_url does not work with builder_level: episode"):
        Builders(view, NOW).build("X", {"smart_url": "/library/sections/2/all?type=4", "plex_all": True})


def test_collectionless_at_a_level_is_the_episodes_of_shows_in_no_collection():
    base, view = shows()
    base.items[1].values["collection"] = ("Dramas",)
    view.items[21].values["collection"] = ("Best Episodes",)
    built = Builders(view, NOW).build("X", {"plex_collectionless": {"exclude": ["Other"]}})
    assert built.items == []  # Lost is in Dramas; Friends' only episode is in an episode collection
    built = Builders(view, NOW).build("X", {"plex_collectionless": {"exclude": ["Dramas"]}})
    assert built.items == [11, 12]
    built = Builders(view, NOW).build("X", {"plex_collectionless": {"exclude_prefix": ["Dr", "Best"]}})
    assert built.items == [11, 12, 21]


def test_imdb_ids_at_episode_level_give_episodes_and_shows_their_episodes():
    from kometa.sources.imdb import ImdbSource

    base, view = shows()
    base.items[2].values["guids"] = ("imdb://tt0108778",)
    view.items[12].values["guids"] = ("imdb://tt0994359",)
    imdb = ImdbSource(lambda: None, base)  # type: ignore[arg-type,return-value]  # imdb_id asks no client
    built = Builders(view, NOW, imdb=imdb).build("X", {"imdb_id": ["tt0994359", "tt0108778", "tt0000001"]})
    assert built.items == [12, 21]  # the episode itself, then Friends' episodes
    assert built.missing == ["tt0000001 [imdb]"]
    assert Builders(base, NOW, imdb=imdb).build("X", {"imdb_id": ["tt0994359", "tt0108778"]}).items == [2]


def test_level_collections_are_the_librarys():
    base, view = shows()
    view.collections = [*view.collections]
    assert view.collections is base.collections


def test_item_level_per_library_type():
    def level(value, library):
        return item_level(parse_settings("X", {"plex_all": True, "builder_level": value}, {}), library)

    assert level("episode", "show") == "episode"
    assert level("Season", "show") == "season"
    assert level("show", "show") is None
    assert level("album", "artist") == "album"
    assert level("episode", "movie") is None  # a movie library ignores it, as Kometa does
    with pytest.raises(SettingError, match="builder_level 'track' is not a level of a show library"):
        level("track", "show")
    blank = parse_settings("X", {"plex_all": True, "collection_level": None}, {})
    assert item_level(blank, "show") is None
    old = parse_settings("X", {"plex_all": True, "collection_level": "episode"}, {})
    assert item_level(old, "show") == "episode"


def test_kometa_definition_keys_are_known():
    from kometa.config.unbuilt import attribute_part

    for key in ("show_filtered", "show_unfiltered", "cache_builders", "hub_priority", "sync_to_trakt_list",
                "sync_missing_to_trakt_list", "default_percent", "builder_level", "collection_level"):
        value = 1 if key in ("cache_builders", "hub_priority", "default_percent") else \
            "episode" if key.endswith("_level") else "my-list" if key == "sync_to_trakt_list" else True
        parse_settings("X", {"plex_all": True, key: value}, {})
    # the ones that change Plex or Trakt are built; log toggles ask for nothing
    assert attribute_part("hub_priority") is None and attribute_part("sync_to_trakt_list") is None
    assert attribute_part("show_filtered") is None and attribute_part("cache_builders") is None


def test_the_log_and_missing_toggles_of_a_definition_must_be_true_or_false():
    for key in ("show_filtered", "show_unfiltered", "only_filter_missing", "missing_only_released"):
        parse_settings("X", {"plex_all": True, key: "true"}, {})
        with pytest.raises(SettingError, match=f"{key} must be true or false, got 'maybe'"):
            parse_settings("X", {"plex_all": True, key: "maybe"}, {})
