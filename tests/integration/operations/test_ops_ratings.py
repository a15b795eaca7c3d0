"""mass_*_rating_update from Plex's own ratings: effect, batching, second-run no-op, user locks."""

from __future__ import annotations

from process_helpers import TOKEN, rows

MOVIES = "collections: {}\n"


def _put(sim, query: str) -> None:
    import requests

    response = requests.put(f"{sim.url}/library/sections/1/all?{query}", headers={"X-Plex-Token": TOKEN}, timeout=10)
    assert response.status_code == 200, response.text


def _movies(runner):
    return runner.plex().library.section("Movies").all()


def _ops(runner, ops: str) -> None:
    runner.write(MOVIES, library_extra=f"    operations:\n{ops}")


def test_user_rating_from_plex_imdb_then_second_run_writes_nothing(runner, sim):
    _put(sim, "type=1&ratingImage.value=imdb%3A%2F%2Fimage.rating")
    _ops(runner, "      mass_user_rating_update: plex_imdb\n")
    before = {m.ratingKey: m.rating for m in _movies(runner)}
    sim.reset_stats()
    report = runner.run()
    row = rows(report)["mass_user_rating_update"]
    assert row.status == "Changed" and row.error is None
    changed = [rk for rk, value in before.items() if value is not None]
    assert row.added == len(changed)
    distinct = {round(v, 1) for v in before.values() if v is not None}
    puts = [r for r in sim.request_log() if r["method"] == "PUT"]
    assert len(puts) == len(distinct)  # one multi-item edit per distinct value (all under the batch size)
    after = {m.ratingKey: m for m in _movies(runner)}
    for rk, value in before.items():
        if value is not None:
            assert after[rk].userRating == round(value, 1)
            assert "userRating" in [f.name for f in after[rk].fields if f.locked]
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["mass_user_rating_update"].status == "Unchanged"
    assert runner.writes() == 0, sim.request_log()
    gets = [r for r in sim.request_log() if r["method"] == "GET"]
    # identity, sections, items, collections, and the playlists for the playlist report (Kometa's
    # playlist_report defaults to on): no per-item reads
    assert len(gets) <= 5, gets


def test_user_locked_field_is_left_alone_and_our_lock_is_ours(runner, sim):
    _put(sim, "type=1&ratingImage.value=imdb%3A%2F%2Fimage.rating")
    movies = [m for m in _movies(runner) if m.rating is not None]
    mine, theirs = movies[0], movies[1]
    _put(sim, f"type=1&id={theirs.ratingKey}&audienceRating.value=1.0&audienceRating.locked=1")
    _ops(runner, "      mass_audience_rating_update: plex_imdb\n")
    report = runner.run()
    row = rows(report)["mass_audience_rating_update"]
    assert "locked" in (row.note or "")
    after = {m.ratingKey: m for m in _movies(runner)}
    assert after[theirs.ratingKey].audienceRating == 1.0
    assert after[mine.ratingKey].audienceRating == round(mine.rating, 1)
    # the source value changes: our own (locked) write is updated, the user's lock still is not
    _put(sim, f"type=1&id={mine.ratingKey},{theirs.ratingKey}&rating.value=9.9")
    sim.reset_stats()
    runner.run()
    after = {m.ratingKey: m for m in _movies(runner)}
    assert after[mine.ratingKey].audienceRating == 9.9
    assert after[theirs.ratingKey].audienceRating == 1.0
    assert len([r for r in sim.request_log() if r["method"] == "PUT"]) == 1


def test_fallback_chain_literal_and_batch_size(runner, sim):
    _ops(runner, "      mass_critic_rating_update: [plex_tmdb, 2.5]\n      plex_bulk_edit_batch_size: 25\n")
    count = len([m for m in _movies(runner) if m.rating != 2.5])
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["mass_critic_rating_update"].added == count  # no item has a TMDb rating: 2.5 for all
    assert {m.rating for m in _movies(runner)} == {2.5}
    assert len([r for r in sim.request_log() if r["method"] == "PUT"]) == -(-count // 25)


def test_remove_and_reset_actions(runner, sim):
    _ops(runner, "      mass_critic_rating_update: remove\n")
    runner.run()
    movies = _movies(runner)
    assert all(m.rating is None for m in movies)
    assert all("rating" in [f.name for f in m.fields if f.locked] for m in movies)
    _ops(runner, "      mass_critic_rating_update: reset\n")
    sim.reset_stats()
    runner.run()
    assert all("rating" not in [f.name for f in m.fields if f.locked] for m in _movies(runner))
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_dry_run_lists_changes_and_writes_nothing(runner, sim):
    _ops(runner, "      mass_critic_rating_update: 7.0\n")
    sim.reset_stats()
    report = runner.run(dry_run=True)
    assert runner.writes() == 0
    assert rows(report)["mass_critic_rating_update"].added > 0
    lines = [x for x in runner.printed if "mass_critic_rating_update" in x]
    assert lines and all(x.startswith("[dry-run] would Movies | mass_critic_rating_update | ") for x in lines)
    assert "-> 7.0" in lines[0]
