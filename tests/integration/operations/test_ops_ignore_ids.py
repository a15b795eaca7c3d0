"""respect_ignore_ids: items whose ids are in the library's ignore_ids / ignore_imdb_ids are left out."""

from __future__ import annotations

from process_helpers import rows


def _id(movie, scheme):
    return next(g.id.split("://", 1)[1] for g in movie.guids if g.id.startswith(f"{scheme}://"))


def test_ignored_ids_are_left_alone(runner, sim):
    movies = runner.plex().library.section("Movies").all()
    first, second = movies[0], movies[1]
    before = {m.ratingKey: m.userRating for m in (first, second)}
    runner.write("collections: {}\n", library_extra=(
        "    settings:\n"
        f"      ignore_ids: {_id(first, 'tmdb')}, 12345678\n"
        f"      ignore_imdb_ids: [{_id(second, 'imdb')}]\n"
        "    operations:\n      respect_ignore_ids: true\n      mass_user_rating_update: 3.3\n"))
    row = rows(runner.run())["mass_user_rating_update"]
    assert row.error is None and row.added == len(movies) - 2, row
    after = {m.ratingKey: m.userRating for m in runner.plex().library.section("Movies").all()}
    assert all(after[rk] == value for rk, value in before.items())
    assert sum(1 for v in after.values() if v == 3.3) == len(movies) - 2


def test_without_respect_ignore_ids_every_item_counts(runner, sim):
    movies = runner.plex().library.section("Movies").all()
    runner.write("collections: {}\n", library_extra=(
        f"    settings:\n      ignore_ids: [{_id(movies[0], 'tmdb')}]\n"
        "    operations:\n      mass_user_rating_update: 3.3\n"))
    assert rows(runner.run())["mass_user_rating_update"].added == len(movies)
