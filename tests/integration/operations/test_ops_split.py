"""split_duplicates against plexsim: merged items become one item per version; then nothing."""

from __future__ import annotations

from process_helpers import rows


def test_split_duplicates_then_nothing(runner, sim):
    movies = runner.plex().library.section("Movies")
    merged = [m for m in movies.all() if len(m.media) > 1]
    before = len(movies.all())
    assert merged, "the fixture library has merged movies"
    runner.write("collections: {}\n", library_extra="    operations:\n      split_duplicates: true\n")
    sim.reset_stats()
    row = rows(runner.run(dry_run=True))["split_duplicates"]
    assert row.added == len(merged) and runner.writes() == 0  # a dry run lists, splits nothing
    row = rows(runner.run())["split_duplicates"]
    assert row.status == "Changed" and row.added == len(merged), row
    after = movies.all()
    assert len(after) == before + sum(len(m.media) - 1 for m in merged)
    assert all(len(m.media) == 1 for m in after)
    for movie in merged:
        assert len([m for m in after if m.title == movie.title and m.year == movie.year]) == len(movie.media)
    sim.reset_stats()
    assert rows(runner.run())["split_duplicates"].status == "Unchanged"
    assert runner.writes() == 0


def test_old_library_level_key(runner, sim):
    runner.write("collections: {}\n", library_extra="    split_duplicates: true\n")
    assert rows(runner.run())["split_duplicates"].status == "Changed"


def test_collection_content_rating_update_is_read_and_does_nothing(runner, sim, caplog):
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_collection_content_rating_update:\n"
                 "        source: highest\n        ranking: [G, PG, PG-13, R]\n")
    sim.reset_stats()
    report = runner.run()
    row = rows(report)["mass_collection_content_rating_update"]
    assert row.error is None and row.status == "Unchanged" and "applies nothing" in row.note
    assert not report.failed and runner.writes() == 0
    assert f"{runner.folder / 'config.yml'}:9: mass_collection_content_rating_update" in caplog.text


def test_collection_content_rating_update_bad_source_is_located(runner, sim):
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_collection_content_rating_update:\n"
                 "        source: loudest\n")
    errors = [row.error for row in runner.run().library("Movies").rows if row.error]
    assert errors and errors[0].startswith(f"{runner.folder / 'config.yml'}:9:") and "loudest" in errors[0]
