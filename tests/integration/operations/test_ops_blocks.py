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
