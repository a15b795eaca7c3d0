"""MDBList-, IMDb- and TVDb-backed operation sources against plexsim + metasim sharing one world: the
values land as the services give them, a second run writes nothing and asks nothing, locked fields
stay."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from process_helpers import TOKEN, Runner, rows

from metasim.testing import Paired, start_pair

MDB_KEY = "metasim-mdblist"


@pytest.fixture
def pair(monkeypatch) -> Iterator[Paired]:
    paired = start_pair(movies=24, shows=2)
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{paired.meta.url}/mdblist")
    monkeypatch.setenv("KOMETA_IMDB_URL", f"{paired.meta.url}/imdb")
    monkeypatch.setenv("KOMETA_IMDB_DATASETS_URL", f"{paired.meta.url}/imdb/datasets")
    monkeypatch.setenv("KOMETA_TVDB_URL", f"{paired.meta.url}/tvdb")
    try:
        yield paired
    finally:
        paired.plex.stop()
        paired.meta.stop()


def _ids(item, scheme: str) -> str | None:
    """The item's id of ``scheme`` from its Guid elements or its legacy agent guid."""
    from kometa.ids.guids import item_ids

    value = getattr(item_ids(item.guid, [g.id for g in item.guids]), scheme)
    return None if value is None else str(value)


def _record(pair: Paired, provider: str, media: str, ident: str) -> dict | None:
    answer = requests.get(f"{pair.meta.url}/mdblist/{provider}/{media}/{ident}", params={"apikey": MDB_KEY},
                          timeout=10)
    return answer.json() if answer.status_code == 200 else None


def _dataset(pair: Paired, name: str) -> list[list[str]]:
    answer = requests.get(f"{pair.meta.url}/imdb/datasets/title.{name}.tsv.gz", timeout=30)
    answer.raise_for_status()
    return [line.split("\t") for line in gzip.decompress(answer.content).decode().splitlines()[1:]]


def _reset(pair: Paired) -> None:
    pair.plex.reset_stats()
    pair.meta.reset_stats()


def test_mdblist_ratings_and_commonsense_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_critic_rating_update: [mdb_tomatoes, 2.0]\n"
                 "      mass_audience_rating_update: mdb_letterboxd\n"
                 "      mass_content_rating_update: [mdb_commonsense0, NR]\n",
                 extra_libraries=f"mdblist:\n  apikey: {MDB_KEY}\n")
    report = runner.run()
    r = rows(report)
    assert all(r[k].error is None for k in ("mass_critic_rating_update", "mass_content_rating_update")), r
    assert r["mass_critic_rating_update"].status == "Changed"
    checked = commonsense = 0
    for movie in runner.plex().library.section("Movies").all():
        tmdb, imdb = _ids(movie, "tmdb"), _ids(movie, "imdb")
        record = (_record(pair, "tmdb", "movie", tmdb) if tmdb else None) or \
            (_record(pair, "imdb", "movie", imdb) if imdb else None)
        if record is None:
            assert movie.rating == 2.0 and movie.contentRating == "NR"
            continue
        by = {x["source"]: x["value"] for x in record["ratings"]}
        assert movie.rating == (round(by["tomatoes"] / 10, 1) if by["tomatoes"] else 2.0)
        assert movie.audienceRating == round(by["letterboxd"] * 2, 1)
        if record["commonsense"]:
            assert movie.contentRating == str(record["age_rating"]).rjust(2, "0")
            commonsense += 1
        else:
            assert movie.contentRating == "NR"
        checked += 1
    assert checked > 10 and commonsense > 0
    _reset(pair)
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values()), rows(report)
    assert runner.writes() == 0
    assert pair.meta.stats()["requests"] == 0  # every MDBList record came from the cache


def test_mdblist_without_section_is_located(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_critic_rating_update: mdb\n")
    row = rows(runner.run())["mass_critic_rating_update"]
    assert row.status == "Failed" and row.error.startswith(f"{tmp_path / 'config.yml'}:9:"), row.error
    assert "mdblist" in row.error
    assert runner.writes() == 0


def test_mdblist_quota_falls_through_to_the_next_source(pair: Paired, tmp_path: Path):
    pair.meta.meta.mdblist.daily_limit = 5
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_critic_rating_update: [mdb_imdb, 1.0]\n",
                 extra_libraries=f"mdblist:\n  apikey: {MDB_KEY}\n")
    row = rows(runner.run())["mass_critic_rating_update"]
    assert row.error is None and row.note and "daily quota" in row.note, row
    ratings = [m.rating for m in runner.plex().library.section("Movies").all()]
    assert ratings.count(1.0) >= len(ratings) - 5


def test_imdb_ratings_and_genres_from_the_datasets_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_user_rating_update: imdb\n      mass_genre_update: [imdb, [Unknown]]\n")
    report = runner.run()
    r = rows(report)
    assert r["mass_user_rating_update"].status == "Changed" and r["mass_genre_update"].error is None, r
    ratings = {row[0]: float(row[1]) for row in _dataset(pair, "ratings")}
    genres = {row[0]: row[8].split(",") for row in _dataset(pair, "basics") if row[8] != "\\N"}
    checked = 0
    for movie in runner.plex().library.section("Movies").all():
        imdb = _ids(movie, "imdb")
        if imdb in ratings:
            assert movie.userRating == round(ratings[imdb], 1)
            assert sorted(g.tag for g in movie.genres) == sorted(genres.get(imdb, ["Unknown"]))
            checked += 1
    assert checked > 10
    assert sorted(p.name for p in (tmp_path / "kometa-imdb").iterdir()) == ["title.basics.tsv.gz",
                                                                           "title.ratings.tsv.gz"]
    _reset(pair)
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values()), rows(report)
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0  # today's datasets are kept


def test_a_legacy_tmdb_agent_movie_gets_its_imdb_value_through_tmdb(pair: Paired, tmp_path: Path, monkeypatch):
    """As Kometa: a movie whose guids have only a TMDb id is converted to its IMDb id by TMDb's
    external ids (cached: the second run asks nothing); without a tmdb: section it takes the fallback."""
    from metasim.testing import TMDB_KEY

    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    runner = Runner(pair.plex, tmp_path)
    legacy = [m for m in runner.plex().library.section("Movies").all() if not m.guids and "themoviedb" in m.guid]
    assert len(legacy) == 1
    tmdb_id = int(_ids(legacy[0], "tmdb"))
    imdb = requests.get(f"{pair.meta.tmdb_url}/movie/{tmdb_id}/external_ids", params={"api_key": TMDB_KEY},
                        timeout=10).json()["imdb_id"]
    ratings = {row[0]: float(row[1]) for row in _dataset(pair, "ratings")}
    ops = "    operations:\n      mass_user_rating_update: [imdb, 0.5]\n"
    runner.write("collections: {}\n", library_extra=ops)
    runner.run()
    assert runner.plex().fetchItem(legacy[0].ratingKey).userRating == 0.5  # no tmdb: section, no IMDb id
    _reset(pair)
    runner.write("collections: {}\n", library_extra=ops, extra_libraries=f"tmdb:\n  apikey: {TMDB_KEY}\n")
    runner.run()
    assert runner.plex().fetchItem(legacy[0].ratingKey).userRating == round(ratings[imdb], 1) != 0.5
    assert pair.meta.stats()["by_service"].get("tmdb", 0) >= 1
    _reset(pair)
    runner.run()
    assert runner.writes() == 0 and pair.meta.stats()["by_service"].get("tmdb", 0) == 0


def test_imdb_episode_ratings(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n"
                 "      mass_episode_critic_rating_update: [imdb, 0.5]\n")
    report = runner.run()
    row = rows(report, "TV Shows")["mass_episode_critic_rating_update"]
    assert row.error is None and row.status == "Changed", row
    episodes = {(row[1], int(row[2]), int(row[3])): row[0] for row in _dataset(pair, "episode")}
    ratings = {row[0]: float(row[1]) for row in _dataset(pair, "ratings")}
    checked = 0
    for show in runner.plex().library.section("TV Shows").all():
        imdb = _ids(show, "imdb")
        for episode in show.episodes():
            key = episodes.get((imdb, episode.seasonNumber, episode.episodeNumber)) if imdb else None
            assert episode.rating == (round(ratings[key], 1) if key in ratings else 0.5)
            checked += key is not None
    assert checked > 0
    _reset(pair)
    assert rows(runner.run(), "TV Shows")["mass_episode_critic_rating_update"].status == "Unchanged"
    assert runner.writes() == 0


def test_user_locked_field_is_left_alone(pair: Paired, tmp_path: Path):
    movie = runner_movie = Runner(pair.plex, tmp_path).plex().library.section("Movies").all()[0]
    requests.put(f"{pair.plex.url}/library/sections/1/all", params={
        "type": 1, "id": movie.ratingKey, "userRating.value": "3.3", "userRating.locked": "1",
        "X-Plex-Token": TOKEN}, timeout=10).raise_for_status()
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_user_rating_update: [imdb, 9.9]\n")
    row = rows(runner.run())["mass_user_rating_update"]
    assert row.note and "locked" in row.note
    assert runner.plex().fetchItem(runner_movie.ratingKey).userRating == 3.3


def _guide(pair: Paired, imdb: str) -> dict[str, str]:
    query = (f'{{ titles(ids: ["{imdb}"]) {{ id parentsGuide {{ categories {{ category {{ text }} severity {{ text }} '
             f'}} }} }} }}')
    answer = requests.post(f"{pair.meta.url}/imdb/", json={"query": query}, timeout=10).json()
    titles = answer["data"]["titles"]
    return {c["category"]["text"]: c["severity"]["text"]
            for c in (titles[0]["parentsGuide"]["categories"] if titles else [])}


def test_imdb_parental_labels_then_remove(pair: Paired, tmp_path: Path):
    from kometa.operations.parental import TYPES

    movies = Runner(pair.plex, tmp_path).plex().library.section("Movies").all()
    keep = movies[0]
    requests.put(f"{pair.plex.url}/library/sections/1/all", params={
        "type": 1, "id": keep.ratingKey, "label[0].tag.tag": "Keep", "label[1].tag.tag": "Violence:None",
        "X-Plex-Token": TOKEN}, timeout=10).raise_for_status()
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_imdb_parental_labels: moderate\n")
    _reset(pair)
    row = rows(runner.run())["mass_imdb_parental_labels"]
    assert row.error is None and row.status == "Changed", row
    assert pair.meta.stats()["requests"] == 1  # one titles(ids: [...]) query for the 24 movies
    with_guide = 0
    for movie in runner.plex().library.section("Movies").all():
        imdb = _ids(movie, "imdb")
        labels = {t.tag for t in movie.labels}
        guide = _guide(pair, imdb) if imdb else {}
        if not guide:
            continue
        with_guide += 1
        expected = {f"{TYPES[c]}:{s}" for c, s in guide.items() if s in ("Moderate", "Severe")}
        assert {t for t in labels if ":" in t} == expected, (movie.title, labels, guide)
        if movie.ratingKey == keep.ratingKey:
            assert "Keep" in labels  # a label that is not a parental one stays
    assert with_guide > 10
    _reset(pair)
    assert rows(runner.run())["mass_imdb_parental_labels"].status == "Unchanged"
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0  # guides are cached
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_imdb_parental_labels: remove\n")
    rows(runner.run())
    labels = {t.tag for m in runner.plex().library.section("Movies").all() for t in m.labels}
    assert "Keep" in labels and not any(":" in t for t in labels)


def test_dry_run_lists_imdb_changes_and_writes_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_critic_rating_update: imdb\n")
    _reset(pair)
    row = rows(runner.run(dry_run=True))["mass_critic_rating_update"]
    assert row.added > 0 and runner.writes() == 0
    assert any("mass_critic_rating_update" in line and "->" in line for line in runner.printed)


def test_tvdb_genres_and_first_aired_then_nothing(pair: Paired, tmp_path: Path):
    from kometa.clients.tvdb import TvdbClient

    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n"
                 "      mass_genre_update: [tvdb, [Unknown]]\n      mass_originally_available_update: tvdb\n")
    report = runner.run()
    r = rows(report, "TV Shows")
    assert r["mass_genre_update"].error is None and r["mass_originally_available_update"].error is None, r
    client = TvdbClient(None, base_url=f"{pair.meta.url}/tvdb")
    checked = 0
    for show in runner.plex().library.section("TV Shows").all():
        tvdb = _ids(show, "tvdb")
        page = client.title(int(tvdb), is_movie=False) if tvdb else None
        if page is None:
            assert [g.tag for g in show.genres] == ["Unknown"]
            continue
        assert sorted(g.tag for g in show.genres) == sorted(page["genres"] or ["Unknown"])
        assert str(show.originallyAvailableAt.date()) == page["release"]
        checked += 1
    assert checked > 0
    _reset(pair)
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report, "TV Shows").values()), rows(report, "TV Shows")
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0  # pages cached
