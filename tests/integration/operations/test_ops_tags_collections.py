"""Genres, content ratings, mappers, titles, collections: effect and second-run no-op; bad input located."""

from __future__ import annotations

import pytest
import requests
from process_helpers import TOKEN, rows

MOVIES = "collections: {}\n"


def _ops(runner, ops: str, collections: str = MOVIES) -> None:
    runner.write(collections, library_extra=f"    operations:\n{ops}")


def _section(runner):
    return runner.plex().library.section("Movies")


def test_genre_literal_then_mapper_then_noop(runner, sim):
    _ops(runner, "      mass_genre_update: [[Drama, Thriller]]\n      genre_mapper:\n        Thriller: Suspense\n")
    report = runner.run()
    r = rows(report)
    # as Kometa: the mapper maps the update's genres before they are written, so it has nothing left to do
    assert r["mass_genre_update"].status == "Changed" and r["genre_mapper"].status == "Unchanged"
    for movie in _section(runner).all():
        assert sorted(g.tag for g in movie.genres) == ["Drama", "Suspense"]
    sim.reset_stats()
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values())
    assert runner.writes() == 0
    _ops(runner, "      genre_mapper:\n        Thriller: Suspense\n")
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["genre_mapper"].status == "Unchanged"
    assert runner.writes() == 0


def test_content_rating_literal_and_mapper(runner, sim):
    _ops(runner, "      mass_content_rating_update: NR\n      content_rating_mapper:\n        NR: Unrated\n")
    runner.run()
    assert {m.contentRating for m in _section(runner).all()} == {"Unrated"}
    _ops(runner, "      content_rating_mapper:\n        NR: Unrated\n")
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_remove_title_parentheses(runner, sim):
    section = _section(runner)
    movie, other = section.all()[:2]
    movie.editTitle(f"{movie.title} (Remastered)", locked=False)
    other.editTitle(f"{other.title} (Director's Cut)", locked=False)
    _ops(runner, "      remove_title_parentheses: true\n")
    runner.run()
    assert section.fetchItem(movie.ratingKey).title == movie.title
    assert section.fetchItem(other.ratingKey).title == f"{other.title} (Director's Cut)"  # one word only, as Kometa
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_delete_collections_all_criteria_must_match(runner, sim):
    section = _section(runner)
    items = section.all()
    section.createCollection("Mine Small", items=items[:1])  # unmanaged: never deleted by managed: true
    collections = """
        collections:
          Kept:
            plex_search: {all: {year.gte: 1900}}
          Gone Soon:
            plex_search: {all: {year.gte: 1900}}
    """
    runner.write(collections)
    runner.run()
    _ops(runner, "      delete_collections:\n        managed: true\n        configured: false\n",
         "collections:\n  Kept:\n    plex_search: {all: {year.gte: 1900}}\n")
    report = runner.run()
    titles = {c.title for c in section.collections()}
    assert titles == {"Kept", "Mine Small"}
    assert rows(report)["delete_collections"].added == 1
    sim.reset_stats()
    runner.run()
    assert rows(runner.run())["delete_collections"].status == "Unchanged"


def test_delete_collections_less_and_old_key(runner, sim):
    section = _section(runner)
    items = section.all()
    section.createCollection("Tiny", items=items[:1])
    section.createCollection("Big", items=items[:5])
    runner.write(MOVIES, library_extra="    delete_collections_with_less: 3\n")
    runner.run()
    assert {c.title for c in section.collections()} == {"Big"}


def test_mass_collection_mode(runner, sim):
    section = _section(runner)
    section.createCollection("One", items=section.all()[:2])
    _ops(runner, "      mass_collection_mode: hide_items\n")
    runner.run()
    assert section.collection("One").collectionMode == 1
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


@pytest.mark.parametrize(("ops", "message"), [
    ("      mass_critic_rating_update: omdb\n", "the 'omdb:' section is missing"),
    ("      mass_critic_rating_update: trakt\n",
     "config.yml: the 'trakt:' section is missing (add trakt: with client_id"),
    ("      mass_original_title_update: tmdb\n", "mass_original_title_update: tmdb is not a TMDb source of "
     "mass_original_title_update (tmdb works for"),
    ("      mass_genre_update: [tmdb, anidb_3_5]\n", "mass_genre_update: anidb_3_5 is not a AniDB source of "
     "mass_genre_update"),
    ("      mass_content_rating_update: mdb_commonsense\n", "the 'mdblist:' section is missing"),
    ("      mass_critic_rating_update: 11\n", "rating 11 is outside 0.0-10.0"),
    ("      mass_critic_rating_update: plex_csm\n", "is not a Plex source of mass_critic_rating_update"),
    ("      mass_genre_update: plex_csm0\n", "'plex_csm0' is not a Plex source of mass_genre_update"),
    ("      radarr_remove_by_tag: [[a]]\n", "radarr_remove_by_tag: expected a list or a comma-separated string"),
    ("      mass_poster_update: {source: fanart}\n", "source 'fanart' is not one of tmdb, plex, lock, unlock"),
    ("      mass_originally_available_update: '2020-13-40'\n", "'2020-13-40' is not a real date (month must be in 1..12)"),
    ("      mass_genre_updates: tmdb\n", "unknown operation (did you mean 'mass_genre_update'?)"),
    ("      delete_collections:\n        less: 0\n", "less must be a whole number greater than 0"),
    ("      mass_collection_mode: sideways\n", "'sideways' is not a collection mode"),
    ("      split_duplicates: sometimes\n", "split_duplicates: expected true or false"),
    ("      mass_imdb_parental_labels: extreme\n", "'extreme' is not a parental label level"),
])
def test_bad_input_is_a_located_failed_row(runner, sim, ops, message):
    _ops(runner, ops + "      mass_user_rating_update: 3.0\n")
    sim.reset_stats()
    report = runner.run()
    errors = [row.error for row in report.library("Movies").rows if row.error]
    assert len(errors) == 1 and message in errors[0], errors
    assert errors[0].startswith(f"{runner.folder / 'config.yml'}:"), errors[0]
    line = int(errors[0].split(":")[1])
    assert (runner.folder / "config.yml").read_text().splitlines()[line - 1].strip().startswith(ops.split(":")[0].strip())
    assert rows(report)["mass_user_rating_update"].status == "Changed"  # the rest still runs
    assert report.failed


def test_block_schedule_and_ignore_labels(runner, sim):
    section = _section(runner)
    movie = section.all()[0]
    movie.addLabel("OpsSkip")
    _ops(runner, "      - schedule: never\n        mass_critic_rating_update: 1.0\n"
                 "      - ignore_labels: OpsSkip\n        mass_user_rating_update: 4.0\n")
    report = runner.run()
    assert "mass_critic_rating_update" not in rows(report)
    users = {m.ratingKey: m.userRating for m in section.all()}
    assert users[movie.ratingKey] != 4.0
    assert sum(1 for v in users.values() if v == 4.0) == len(users) - 1


def test_operations_only_and_metadata_only(runner, sim):
    (runner.folder / "Meta.yml").write_text("metadata:\n  Nothing Matches This:\n    summary: x\n", encoding="utf-8")
    runner.write("collections:\n  Everything:\n    plex_search: {all: {year.gte: 1900}}\n",
                 library_extra="    metadata_files:\n      - file: Meta.yml\n"
                               "    operations:\n      mass_critic_rating_update: 4.0\n")
    report = runner.run(operations_only=True)
    assert set(rows(report)) == {"mass_critic_rating_update"}
    assert not _section(runner).collections()
    report = runner.run(metadata_only=True)
    assert set(rows(report)) == {"metadata: Meta"}
    report = runner.run(collections_only=True)
    assert set(rows(report)) == {"Everything"}


def test_genre_replacement_is_one_request_per_batch_not_per_genre(runner, sim):
    """Every movie holds only "Old Genre" and gets [Drama, Thriller]: one request per batch adds both
    and removes the old one (3 requests for 60 movies at 25 per batch, not 3 edits x 3 batches)."""
    section = _section(runner)
    movies = section.all()
    held = sorted({g.tag for m in movies for g in m.genres})
    params = {"type": 1, "id": ",".join(str(m.ratingKey) for m in movies), "genre[].tag.tag-": ",".join(held),
              "genre[0].tag.tag": "Old Genre", "genre.locked": 0, "X-Plex-Token": TOKEN}
    requests.put(f"{sim.url}/library/sections/1/all", params=params, timeout=30).raise_for_status()
    _ops(runner, "      mass_genre_update: [[Drama, Thriller]]\n      plex_bulk_edit_batch_size: 25\n")
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["mass_genre_update"].added == len(movies) == 60
    puts = [r for r in sim.request_log() if r["method"] == "PUT"]
    assert len(puts) == 3
    for movie in section.all():
        assert sorted(g.tag for g in movie.genres) == ["Drama", "Thriller"]
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
