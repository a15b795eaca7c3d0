"""Radarr/Sonarr adding settings: the section's keys and a definition's overrides (pure)."""

from __future__ import annotations

import pytest

from kometa.config.arr_options import AddSettings, definition_settings, section_settings, wants_app


def test_section_values_and_defaults():
    s, problem = section_settings("radarr", {"url": "x", "token": "t", "add_missing": True, "root_folder_path": "/m",
                                             "quality_profile": "HD-1080p", "tag": "A, b", "availability": "db",
                                             "monitor": False, "search": True})
    assert problem is None
    assert s == AddSettings("radarr", add_missing=True, root_folder="/m", monitor="false", availability="db",
                            quality_profile="HD-1080p", tags=("a", "b"), search=True)
    assert section_settings("sonarr", {})[0] == AddSettings("sonarr", monitor="all")
    assert section_settings("radarr", {})[0].monitor == "true"


@pytest.mark.parametrize(("app", "values", "message"), [
    ("radarr", {"add_missing": "yes"}, "add_missing|add_missing must be true or false"),
    ("radarr", {"availability": "soon"}, "availability|availability must be one of announced, cinemas"),
    ("sonarr", {"monitor": "some"}, "monitor|monitor must be one of all, future"),
    ("sonarr", {"series_type": "weekly"}, "series_type|series_type must be one of standard, daily, anime"),
    ("radarr", {"tag": {"a": 1}}, "tag|tag must be a tag or a list of tags"),
])
def test_section_mistakes_name_the_key(app, values, message):
    assert section_settings(app, values)[1].startswith(message)


def test_definition_overrides_and_refusals():
    base = AddSettings("sonarr", root_folder="/tv", quality_profile="Any")
    s = definition_settings("sonarr", base, {"sonarr_add_missing": True, "sonarr_monitor": "latest",
                                             "sonarr_tag": ["x"], "sonarr_season": False, "sonarr_folder": "/anime"})
    assert (s.add_missing, s.monitor, s.tags, s.season_folder, s.root_folder) == (True, "latest", ("x",), False,
                                                                                   "/anime")
    s = definition_settings("sonarr", base, {"sonarr_add_existing": True, "sonarr_monitor_existing": True,
                                             "item_sonarr_tag.remove": "old, Older"})
    assert (s.add_existing, s.monitor_existing, s.upgrade_existing) == (True, True, False)
    assert (s.item_tags, s.item_tags_mode, s.edits_existing) == (("old", "older"), "remove", True)
    with pytest.raises(ValueError, match="item_sonarr_tag and item_sonarr_tag.remove cannot be used together"):
        definition_settings("sonarr", base, {"item_sonarr_tag": "a", "item_sonarr_tag.remove": "b"})
    assert definition_settings("sonarr", base, {"item_sonarr_tag.sync": None}).item_tags_mode == "replace"
    with pytest.raises(ValueError, match="sonarr_search must be true or false"):
        definition_settings("sonarr", base, {"sonarr_search": "often"})
    assert definition_settings("sonarr", base, {"sonarr_add_existing": False}) == base
    assert wants_app("radarr", {"radarr_folder": "/m"}) and not wants_app("radarr", {"sonarr_folder": "/t"})
