"""metadata_backup entries (pure): keys for repeated titles, years and editions; locked fields only;
the merge keeps what kometa does not find."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from kometa.metadata.backup import BackupSpec, backup_entries, render
from kometa.plex.snapshot import Item

SPEC = BackupSpec(Path("backup.yml"))


def _movie(rk: int, title: str, year: int, edition: str | None = None, **values) -> Item:
    return Item(rk, "movie", {"title": title, "year": year, "edition": edition, "locked_fields": (), **values})


def test_keys_for_repeated_titles_years_and_editions():
    items = [_movie(1, "Alien", 1979), _movie(2, "Alien", 1979, "Director's Cut"), _movie(3, "Alien", 2030),
             _movie(4, "Heat", 1995)]
    entries = backup_entries(items, {}, SPEC)
    assert entries["Alien (1979)"] == {"match": {"title": "Alien", "year": 1979, "blank_edition": True}}
    assert entries["Alien (1979) [Director's Cut]"] == {"match": {"title": "Alien", "year": 1979,
                                                                  "edition": "Director's Cut"}}
    assert entries["Alien (2030)"] == {"match": {"title": "Alien", "year": 2030}}
    assert entries["Heat"] is None  # a blank entry (add_blank_entries defaults to true)


def test_only_locked_fields_and_tags_exclude_and_sync():
    item = _movie(1, "Heat", 1995, summary="Edited", tagline="Not locked", release=date(1995, 12, 15),
                  genre=("Crime",), label=(), locked_fields=("summary", "originallyAvailableAt", "genre", "label"))
    assert backup_entries([item], {}, SPEC)["Heat"] == {"summary": "Edited", "originally_available": "1995-12-15",
                                                        "genre": "Crime"}
    synced = BackupSpec(Path("b.yml"), exclude=frozenset({"summary"}), sync_tags=True)
    assert backup_entries([item], {}, synced)["Heat"] == {"originally_available": "1995-12-15",
                                                          "genre.sync": "Crime", "label.sync": None}


def test_episodes_under_seasons_and_blank_entries_skipped():
    show = Item(10, "show", {"title": "Show", "year": 2001, "locked_fields": ()})
    episode = Item(11, "episode", {"title": "Pilot", "index": 1, "season_number": 1, "user_rating": 8.0,
                                   "locked_fields": ("userRating",)})
    entries = backup_entries([show], {10: [episode]}, BackupSpec(Path("b.yml"), add_blank_entries=False))
    assert entries == {"Show": {"seasons": {1: {"episodes": {1: {"user_rating": 8.0}}}}}}


def test_render_merges_and_keeps_the_rest():
    existing = "# kept\nmetadata:\n  Heat:\n    summary: old\n    studio: Mine\n  Gone: {summary: stays}\n"
    text = render(existing, {"Heat": {"summary": "new"}, "Alien": None})
    data = YAML(typ="safe").load(text)["metadata"]
    assert text.startswith("# kept")
    assert data == {"Heat": {"summary": "new", "studio": "Mine"}, "Gone": {"summary": "stays"}, "Alien": None}
    assert render(text, {"Heat": {"summary": "new"}, "Alien": None}) == text  # nothing new: same text
