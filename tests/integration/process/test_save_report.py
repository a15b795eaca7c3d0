"""save_report / report_path against plexsim: the per-library YAML report of each collection's
added, removed and filtered items (Kometa's sections), its place, definition overrides, dry runs."""

from __future__ import annotations

import logging
from pathlib import Path

from process_helpers import Runner
from ruamel.yaml import YAML

COLLECTIONS = """\
collections:
  Old:
    plex_search: {all: {year.lte: 1995}}
    filters: {year.gte: 1985}
    sync_mode: sync
"""


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}


def _ids(movie) -> int | None:
    from kometa.ids.guids import item_ids
    return item_ids(movie.guid, [g.id for g in movie.guids]).tmdb


def _section(runner: Runner):
    return runner.plex().library.section("Movies")


def test_added_and_filtered_items_then_removed_ones(runner: Runner, tmp_path: Path, caplog):
    caplog.set_level(logging.INFO, logger="kometa")
    runner.write(COLLECTIONS, extra_libraries="settings:\n  save_report: true\n")
    runner.run()
    report = _load(tmp_path / "Movies_report.yml")
    movies = _section(runner).all()
    old = [m for m in movies if m.year and m.year <= 1995]
    kept = [m for m in old if m.year >= 1985]
    filtered = [m for m in old if m.year < 1985]
    assert kept and filtered
    entry = report["Old"]
    assert entry["Movies Added (TMDb IDs)"] == {_ids(m): m.title for m in kept if _ids(m)}
    assert entry["Movies Filtered (TMDb IDs)"] == {_ids(m): m.title for m in filtered if _ids(m)}
    assert sorted(entry.get("Movies Added", [])) == sorted(m.title for m in kept if not _ids(m))
    assert any(r.getMessage().startswith("Movies | wrote report") for r in caplog.records)
    # narrowed: the items now filtered out are removed (and reported as such)
    runner.write(COLLECTIONS.replace("year.gte: 1985", "year.gte: 1990"),
                 extra_libraries="settings:\n  save_report: true\n")
    runner.run()
    entry = _load(tmp_path / "Movies_report.yml")["Old"]
    gone = [m for m in kept if m.year < 1990]
    assert gone
    assert entry["Movies Removed (TMDb IDs)"] == {_ids(m): m.title for m in gone if _ids(m)}
    assert "Movies Added (TMDb IDs)" not in entry  # nothing new this run: the report is made afresh
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, replaced atomically


def test_report_path_a_dry_run_and_the_default_off(runner: Runner, sim, tmp_path: Path):
    runner.write(COLLECTIONS)  # save_report defaults to false: no report
    runner.run()
    assert not list(tmp_path.glob("*_report.yml"))
    sim.reset_stats()
    runner.write(COLLECTIONS, library_extra="    report_path: config/reports/Movies.yml\n",
                 extra_libraries="settings:\n  save_report: true\n")
    runner.printed.clear()
    runner.run(dry_run=True)
    assert not (tmp_path / "reports").exists()
    assert any(line.startswith("[dry-run] would Movies | write report") and "a dry run writes no report" in line
               for line in runner.printed), runner.printed
    runner.run()
    assert "Old" in _load(tmp_path / "reports" / "Movies.yml")  # Kometa's config/X means X beside config.yml


def test_a_definition_turns_its_own_report_on_or_off(runner: Runner, tmp_path: Path):
    runner.write(COLLECTIONS + "    save_report: true\n"
                 "  New:\n    plex_search: {all: {year.gte: 2000}}\n")
    runner.run()
    assert list(_load(tmp_path / "Movies_report.yml")) == ["Old"]  # only the definition that asked
    # the library asks now, Old says no: Old's removals are not reported, Recent's additions are
    runner.write(COLLECTIONS.replace("year.gte: 1985", "year.gte: 1990") + "    save_report: false\n"
                 "  Recent:\n    plex_search: {all: {year.gte: 2005}}\n",
                 extra_libraries="settings:\n  save_report: true\n")
    runner.run()
    report = _load(tmp_path / "Movies_report.yml")
    assert list(report) == ["Recent"] and report["Recent"]["Movies Added (TMDb IDs)"], report


def test_a_playlist_with_save_report_joins_its_librarys_report(runner: Runner, tmp_path: Path):
    runner.write(COLLECTIONS, playlists="playlists:\n  Mix:\n    libraries: Movies\n"
                 "    plex_search: {all: {year.gte: 2000}}\n    save_report: true\n")
    report = runner.run()
    assert report.not_done == [] and report.playlists[0].status == "Created", report.playlists
    saved = _load(tmp_path / "Movies_report.yml")  # the library's settings do not save a report...
    assert set(saved) == {"Mix"}  # ...so only the playlist that asked for one is in it
    added = saved["Mix"]
    new = {m.title for m in _section(runner).all() if m.year and m.year >= 2000}
    assert set((added.get("Movies Added (TMDb IDs)") or {}).values()) | set(added.get("Movies Added") or []) == new
