"""Operation blocks as Kometa reads them: an operation in two scheduled blocks runs once (the first);
the old delete keys inside a block."""

from __future__ import annotations

from process_helpers import rows


def _ops(runner, ops: str) -> None:
    runner.write("collections: {}\n", library_extra=f"    operations:\n{ops}")


def test_first_scheduled_block_wins_for_a_repeated_operation(runner, sim, caplog):
    _ops(runner, "      - schedule: never\n        mass_user_rating_update: 1.0\n"
                 "      - mass_user_rating_update: 3.0\n"
                 "      - mass_user_rating_update: 6.0\n")
    report = runner.run()
    assert rows(report)["mass_user_rating_update"].added > 0
    assert {m.userRating for m in runner.plex().library.section("Movies").all()} == {3.0}
    assert any("mass_user_rating_update: already scheduled" in r.getMessage() for r in caplog.records)


def test_old_delete_keys_inside_a_block(runner, sim):
    section = runner.plex().library.section("Movies")
    items = section.all()
    section.createCollection("Tiny", items=items[:1])
    section.createCollection("Big", items=items[:5])
    big = section.collection("Big")
    big.addLabel("Kometa")
    _ops(runner, "      delete_unmanaged_collections: true\n      delete_collections_with_less: 3\n")
    report = runner.run()
    assert rows(report)["delete_collections"].error is None
    assert {c.title for c in section.collections()} == {"Big"}  # Big is managed; Tiny unmanaged and small


def test_block_settings_apply_to_the_whole_library(runner, sim, caplog):
    section = runner.plex().library.section("Movies")
    movie = section.all()[0]
    movie.addLabel("OpsKeepThis")
    _ops(runner, "      - ignore_labels: OpsKeepThis\n        plex_bulk_edit_batch_size: 20\n"
                 "        mass_critic_rating_update: 2.0\n"
                 "      - mass_user_rating_update: 4.0\n        plex_bulk_edit_batch_size: 7\n")
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["mass_user_rating_update"].error is None
    after = {m.ratingKey: m for m in section.all()}
    assert after[movie.ratingKey].userRating != 4.0 and after[movie.ratingKey].rating != 2.0  # block 1's label
    changed = [m for m in after.values() if m.userRating == 4.0]
    assert len(changed) == len(after) - 1
    puts = [r for r in sim.request_log() if r["method"] == "PUT"]
    sizes = [len(dict(p.split("=", 1) for p in r["query"].split("&"))["id"].split("%2C")) for r in puts]
    assert max(sizes) == 20 and len(puts) == 2 * -(-len(changed) // 20)  # block 1's batch size for both, not 7
    assert any("plex_bulk_edit_batch_size: already set" in r.getMessage() for r in caplog.records)


def test_genre_mapper_maps_the_update_written_after_it(runner, sim):
    _ops(runner, "      - genre_mapper: {Sci-Fi: Science Fiction}\n"
                 "      - mass_genre_update: [[Sci-Fi, Drama]]\n")
    runner.run()
    genres = {tuple(sorted(g.tag for g in m.genres)) for m in runner.plex().library.section("Movies").all()}
    assert genres == {("Drama", "Science Fiction")}
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_content_rating_mapper_maps_the_update_and_null_removes(runner, sim):
    _ops(runner, "      content_rating_mapper: {PG: G, X: null}\n      mass_content_rating_update: [PG]\n")
    runner.run()
    assert {m.contentRating for m in runner.plex().library.section("Movies").all()} == {"G"}
    _ops(runner, "      content_rating_mapper: {PG: G, X: null}\n      mass_content_rating_update: [X]\n")
    runner.run()
    assert {m.contentRating for m in runner.plex().library.section("Movies").all()} == {None}
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
