"""Definition settings parsing and the ownership ledger."""

from __future__ import annotations

import json

import pytest

from kometa.engine.ownership import Ledger, is_managed, poster_fingerprint
from kometa.engine.settings import SettingError, parse_settings

DEFAULTS = {"sync_mode": "append", "minimum_items": 1}


def test_defaults_and_overrides():
    s = parse_settings("X", {}, {**DEFAULTS, "sync_mode": "sync", "default_collection_order": "alpha"})
    assert s.sync and s.order == 1 and s.minimum == 1
    s = parse_settings("X", {"sync_mode": "append", "collection_order": "critic_rating.desc",
                             "collection_mode": "hide_items", "collection_minimum": 3}, DEFAULTS)
    assert not s.sync and s.order == 2 and s.order_sort and s.order_sort[0].desc and s.mode == 1 and s.minimum == 3
    s = parse_settings("X", {"collection_order": "custom.desc", "build_collection": False, "sync_mode": "sync"},
                       DEFAULTS)
    assert s.order_reverse and not s.build and not s.sync  # build_collection: false forces append
    s = parse_settings("Dramas", {"sort_title": "!<<title>>", "label": "A, B"}, DEFAULTS)
    assert s.sort_title == "!Dramas" and s.labels == ("A", "B")


@pytest.mark.parametrize(("data", "message"), [
    ({"sync_mode": "mirror"}, "sync_mode must be append or sync"),
    ({"collection_mode": "hidden"}, "collection_mode must be one of"),
    ({"collection_order": "sideways"}, "unknown sort"),
    ({"minimum_items": -1}, "at least 0"),
    ({"label.sync": "A", "label": "B"}, "label.sync cannot be combined"),
    ({"url_poster": "u", "file_poster": "f"}, "not both"),
    ({"sumary": "x"}, "did you mean 'summary'"),
    ({"reciperr_list": "x"}, r"builder 'reciperr_list' \(Reciperr\) is not supported in this version"),
    ({"tvdb_shows": "1"}, r"unknown attribute 'tvdb_shows' \(did you mean 'tvdb_show'\?\)"),  # every TVDb key is done
    ({"build_collection": "maybe"}, "true or false"),
    ({"summary": {"a": "b"}}, "summary must be text"),
    ({"sort_title": ["a"]}, "sort_title must be text"),
    ({"name": ["a"]}, "name must be text"),
    ({"content_rating": {"r": 1}}, "content_rating must be text"),
    ({"url_poster": {"u": 1}}, "url_poster must be text"),
    ({"label": {"a": 1}}, "label must be a name or a list of names"),
    ({"label.remove": [["a"]]}, "label.remove must be a name or a list of names"),
    ({"delete_collections_named": {"a": 1}}, "delete_collections_named must be a name or a list"),
    ({"label": ["A", "b"], "label.remove": "B"}, "both label and label.remove"),
])
def test_setting_errors(data, message):
    with pytest.raises(SettingError, match=message):
        parse_settings("X", data, DEFAULTS)


@pytest.mark.parametrize(("value", "runs"), [
    (True, True), (False, False), ("show", ("show",)), ([True, True], True), ([True, False], False),
    ("true, false", False), (["true", "movie"], ("movie",)), ("movie, show", ("movie", "show")), ([], False),
])
def test_run_definition_takes_a_list(value, runs):
    """Kometa's run_definition: one value or several (a list or comma-separated); one false stops it."""
    assert parse_settings("X", {"run_definition": value}, DEFAULTS).run_definition == runs


def test_run_definition_values_are_checked():
    with pytest.raises(SettingError, match="'maybe' is not true, false or a library type"):
        parse_settings("X", {"run_definition": [True, "maybe"]}, DEFAULTS)


def test_not_applied_keys_are_reported():
    data = {"item_label": "x", "item_refresh": True, "item_radarr_tag": "a", "hub_priority": 1, "run_again": True,
            "cache_builders": 1}
    parsed = parse_settings("X", data, DEFAULTS)
    assert parsed.not_applied == ()  # every key is acted on (cache_builders: sources/builders.py)
    assert parsed.run_again and parsed.hub_priority == 1
    with pytest.raises(SettingError, match="cache_builders must be a whole number of days"):
        parse_settings("X", {"cache_builders": "weekly"}, DEFAULTS)


def test_managed_labels():
    assert is_managed(["Kometa"]) and is_managed(["pmm"]) and not is_managed(["Favorite"])


def test_ledger_round_trip_and_dry_run(tmp_path):
    path = tmp_path / "kometa-state.json"
    ledger = Ledger(path)
    ledger.record_playlist("server", "guid-1", "Weekend")
    ledger.record_poster("server", 42, "url:x")
    ledger.save()
    again = Ledger(path)
    assert again.owns_playlist("server", "guid-1") and not again.owns_playlist("other", "guid-1")
    assert again.poster("server", 42) == "url:x"
    readonly = Ledger(tmp_path / "dry.json", writable=False)
    readonly.record_playlist("server", "g", "t")
    readonly.save()
    assert not (tmp_path / "dry.json").exists()
    path.write_text("{not json", encoding="utf-8")
    assert not Ledger(path).owns_playlist("server", "guid-1")  # unreadable: starts empty, no crash
    assert json.loads(json.dumps(again.data))


def test_poster_fingerprint(tmp_path):
    (tmp_path / "p.jpg").write_bytes(b"abc")
    assert poster_fingerprint("file", "p.jpg", tmp_path).startswith("file:a9993e")
    url = poster_fingerprint("url", "https://x/p.jpg?X-Plex-Token=abcdef", tmp_path)
    assert url.startswith("url-sha1:") and "abcdef" not in url  # the state file holds no token
    assert poster_fingerprint("file", "missing.jpg", tmp_path) == "file-missing:missing.jpg"


def test_an_unreadable_ledger_is_kept_aside_not_overwritten(tmp_path):
    path = tmp_path / "kometa-state.json"
    path.write_text('{"playlists": {"server": {"guid-1": "Wee', encoding="utf-8")  # cut short by a crash
    ledger = Ledger(path)
    ledger.record_playlist("server", "guid-2", "New")
    kept = list(tmp_path.glob("kometa-state.json.unreadable*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith('{"playlists"')
    assert Ledger(path).owns_playlist("server", "guid-2")
    assert not list(tmp_path.glob(".kometa-state.*"))  # no temporary files left behind


def test_a_ledger_of_the_wrong_shape_starts_empty(tmp_path):
    path = tmp_path / "kometa-state.json"
    path.write_text('{"playlists": null, "posters": []}', encoding="utf-8")
    ledger = Ledger(path)
    assert not ledger.owns_playlist("server", "g") and ledger.poster("server", 1) is None
