"""metadata_backup against plexsim: locked fields into a metadata file, merged, unchanged on a second
run, and a file metadata_files can restore from."""

from __future__ import annotations

import requests
from process_helpers import TOKEN, rows
from ruamel.yaml import YAML


def _edit(sim, rk: int, **params: str) -> None:
    requests.put(f"{sim.url}/library/sections/1/all", params={"type": 1, "id": rk, **params, "X-Plex-Token": TOKEN},
                 timeout=10).raise_for_status()


def test_backup_then_unchanged_then_restore(runner, sim, tmp_path):
    movies = runner.plex().library.section("Movies").all()
    first, second = movies[0], movies[1]
    _edit(sim, first.ratingKey, **{"summary.value": "Backed up summary", "summary.locked": "1",
                                   "genre[0].tag.tag": "Backed Up", "genre.locked": "1"})
    _edit(sim, second.ratingKey, **{"userRating.value": "4.5", "userRating.locked": "1"})
    (tmp_path / "Movies_Metadata_Backup.yml").write_text("# mine\nmetadata:\n  Gone Movie:\n    summary: kept\n",
                                                         encoding="utf-8")
    runner.write("collections: {}\n", library_extra="    operations:\n      metadata_backup:\n"
                 "        add_blank_entries: false\n        exclude: [tagline]\n")
    row = rows(runner.run())["metadata_backup"]
    assert row.error is None and row.status == "Changed", row
    path = tmp_path / "Movies_Metadata_Backup.yml"
    text = path.read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)["metadata"]
    assert text.startswith("# mine") and data["Gone Movie"] == {"summary": "kept"}  # the rest of the file stays
    entry = data[first.title] if first.title in data else next(v for k, v in data.items() if k.startswith(first.title))
    assert entry["summary"] == "Backed up summary" and "Backed Up" in (entry["genre"] if isinstance(entry["genre"], list)
                                                                      else [entry["genre"]])
    second_entry = next(v for k, v in data.items() if k.startswith(second.title))
    assert second_entry["user_rating"] == 4.5
    assert all(v for v in data.values())  # add_blank_entries: false
    stamp = path.stat().st_mtime_ns
    sim.reset_stats()
    assert rows(runner.run())["metadata_backup"].status == "Unchanged"
    assert path.stat().st_mtime_ns == stamp and runner.writes() == 0
    # restore: the user changes the field, the backup file puts it back
    _edit(sim, first.ratingKey, **{"summary.value": "Changed later", "summary.locked": "1"})
    runner.write("collections: {}\n", library_extra="    metadata_files:\n      - file: Movies_Metadata_Backup.yml\n")
    runner.run()
    assert runner.plex().fetchItem(first.ratingKey).summary == "Backed up summary"


def test_sync_tags_and_default_blank_entries(runner, sim, tmp_path):
    first = runner.plex().library.section("Movies").all()[0]
    _edit(sim, first.ratingKey, **{"label.locked": "1"})
    runner.write("collections: {}\n", library_extra="    operations:\n      metadata_backup:\n"
                 "        path: config/backups/movies.yml\n        sync_tags: true\n")
    rows(runner.run())
    data = YAML(typ="safe").load((tmp_path / "backups" / "movies.yml").read_text(encoding="utf-8"))["metadata"]
    assert len(data) >= len(runner.plex().library.section("Movies").all()) - 5  # blank entries for every title
    entry = next(v for k, v in data.items() if k.startswith(first.title))
    assert "label.sync" in entry


def test_bad_backup_value_is_located(runner, sim, tmp_path):
    runner.write("collections: {}\n", library_extra="    operations:\n      metadata_backup:\n        paths: x.yml\n")
    errors = [row.error for row in runner.run().library("Movies").rows if row.error]
    assert errors and errors[0].startswith(f"{tmp_path / 'config.yml'}:9:") and "unknown key 'paths'" in errors[0]


def test_locked_writers_are_read_and_backed_up(runner, sim, tmp_path):
    first = runner.plex().library.section("Movies").all()[0]
    _edit(sim, first.ratingKey, **{"writer[0].tag.tag": "Wendy Writer", "writer.locked": "1"})
    writers = sorted(w.tag for w in runner.plex().fetchItem(first.ratingKey).writers)
    runner.write("collections: {}\n", library_extra="    operations:\n      metadata_backup:\n"
                 "        add_blank_entries: false\n")
    rows(runner.run())
    data = YAML(typ="safe").load((tmp_path / "Movies_Metadata_Backup.yml").read_text(encoding="utf-8"))["metadata"]
    entry = next(v for k, v in data.items() if k.startswith(first.title))
    assert sorted(entry["writer"] if isinstance(entry["writer"], list) else [entry["writer"]]) == writers


def test_show_library_backup_has_episodes(runner, sim, tmp_path):
    show = runner.plex().library.section("TV Shows").all()[0]
    episode = show.episodes()[0]
    requests.put(f"{sim.url}/library/sections/2/all", params={
        "type": 4, "id": episode.ratingKey, "summary.value": "Episode edit", "summary.locked": "1",
        "X-Plex-Token": TOKEN}, timeout=10).raise_for_status()
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n      metadata_backup:\n"
                 "        add_blank_entries: false\n")
    rows(runner.run(), "TV Shows")
    data = YAML(typ="safe").load((tmp_path / "TV Shows_Metadata_Backup.yml").read_text(encoding="utf-8"))["metadata"]
    entry = next(v for k, v in data.items() if k.startswith(show.title))
    assert entry["seasons"][episode.seasonNumber]["episodes"][episode.episodeNumber] == {"summary": "Episode edit"}
