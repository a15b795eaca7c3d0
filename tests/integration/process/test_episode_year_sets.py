"""dynamic_collections type episode_year: one collection per year of the show library's episodes
(Plex's filter menu of episode years), holding that year's episodes, best rated first."""

from __future__ import annotations

from process_helpers import rows


def test_one_collection_per_episode_year(runner):
    runner.write("collections: {}\n", extra_libraries=(
        "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"))
    (runner.folder / "Shows.yml").write_text("dynamic_collections:\n  Years:\n    type: episode_year\n",
                                             encoding="utf-8")
    report = runner.run()
    section = runner.plex().library.section("TV Shows")
    episodes = section.searchEpisodes()
    years = {e.year for e in episodes if e.year}
    found = rows(report, "Shows")
    assert set(found) == {f"Best Episodes of {y}" for y in years}, found
    assert len(years) > 1
    year = sorted(years)[0]
    members = section.collection(f"Best Episodes of {year}").items()
    wanted = sorted((e for e in episodes if e.year == year), key=lambda e: -(e.rating or 0))[:50]
    assert {m.ratingKey for m in members} == {e.ratingKey for e in wanted}
    assert members and all(m.type == "episode" for m in members)
    assert not report.not_done


def test_episode_year_in_a_movie_library_is_a_located_error(runner):
    report = runner.run("dynamic_collections:\n  Years:\n    type: episode_year\n")
    errors = [r.error for r in rows(report).values() if r.error]
    assert any("Movies.yml:2" in e and "type episode_year works in show libraries" in e for e in errors), rows(report)
