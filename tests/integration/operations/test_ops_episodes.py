"""mass_episode_*_rating_update edits episodes (one extra listing), batched; second run writes nothing."""

from __future__ import annotations

from process_helpers import rows


def test_episode_critic_rating(runner, sim):
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n"
                                                     "      mass_episode_critic_rating_update: 6.0\n")
    report = runner.run()
    row = rows(report, "TV Shows")["mass_episode_critic_rating_update"]
    assert row.status == "Changed" and row.added > 0
    episodes = runner.plex().library.section("TV Shows").searchEpisodes()
    assert {e.rating for e in episodes} == {6.0}
    sim.reset_stats()
    report = runner.run()
    assert rows(report, "TV Shows")["mass_episode_critic_rating_update"].status == "Unchanged"
    assert runner.writes() == 0
