"""OMDb-backed operation sources (``omdb``, ``omdb_metascore``, ``omdb_tomatoes``) against plexsim +
metasim sharing one world, over real HTTP: values land as OMDb gives them (Kometa's scales), a second
run writes nothing and asks nothing, OMDb's daily limit leaves cached values in place with a report
line, a missing section and a source of the wrong kind are located."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import requests
from process_helpers import Runner, rows

from metasim.testing import Paired, start_pair

KEY = "metasim-omdb"
SECTION = f"omdb:\n  apikey: {KEY}\n"


@pytest.fixture
def pair(monkeypatch) -> Iterator[Paired]:
    paired = start_pair(movies=24, shows=2)
    monkeypatch.setenv("KOMETA_OMDB_URL", f"{paired.meta.url}/omdb")
    try:
        yield paired
    finally:
        paired.plex.stop()
        paired.meta.stop()


def _imdb(item) -> str | None:
    from kometa.ids.guids import item_ids
    return item_ids(item.guid, [g.id for g in item.guids]).imdb


def _record(pair: Paired, imdb: str | None) -> dict | None:
    if imdb is None:
        return None
    answer = requests.get(f"{pair.meta.url}/omdb/", params={"i": imdb, "apikey": KEY}, timeout=10).json()
    return answer if answer.get("Response") == "True" else None


def _number(text: str) -> float | None:
    try:
        return float(text.split("/")[0].rstrip("%"))
    except ValueError:
        return None


def _expire_cache(folder: Path) -> None:
    """Every cached answer in kometa's cache beside config.yml expired (as after cache_expiration days)."""
    import sqlite3
    db = sqlite3.connect(str(folder / "kometa-cache.db"))
    try:
        db.execute("UPDATE answers SET fetched = fetched - ?, expires = expires - ?", (400 * 86400, 400 * 86400))
        db.commit()
    finally:
        db.close()


def _reset(pair: Paired) -> None:
    pair.plex.reset_stats()
    pair.meta.reset_stats()


OPERATIONS = ("    operations:\n"
              "      mass_critic_rating_update: [omdb_metascore, 2.0]\n"
              "      mass_audience_rating_update: [omdb_tomatoes, 3.0]\n"
              "      mass_user_rating_update: omdb\n"
              "      mass_content_rating_update: [omdb, NR]\n"
              "      mass_genre_update: [omdb, [Unknown]]\n"
              "      mass_originally_available_update: omdb\n")


def test_omdb_values_land_then_a_second_run_writes_and_asks_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra=OPERATIONS, extra_libraries=SECTION)
    report = runner.run()
    r = rows(report)
    assert all(r[k].error is None for k in r if k.startswith("mass_")), r
    assert r["mass_user_rating_update"].status == "Changed" and r["mass_genre_update"].status == "Changed"
    checked = scored = 0
    for movie in runner.plex().library.section("Movies").all():
        record = _record(pair, _imdb(movie))
        if record is None:
            assert movie.rating == 2.0 and movie.contentRating == "NR"
            assert [g.tag for g in movie.genres] == ["Unknown"]
            continue
        by = {x["Source"]: x["Value"] for x in record["Ratings"]}
        metascore = _number(record["Metascore"])
        assert movie.rating == (round(metascore / 10, 1) if metascore else 2.0)
        tomatoes = _number(by.get("Rotten Tomatoes", "N/A"))
        assert movie.audienceRating == (round(tomatoes / 10, 1) if tomatoes else 3.0)
        assert movie.userRating == float(record["imdbRating"])
        assert movie.contentRating == (record["Rated"] if record["Rated"] != "N/A" else "NR")
        genres = [g.strip() for g in record["Genre"].split(",")] if record["Genre"] != "N/A" else ["Unknown"]
        assert sorted(g.tag for g in movie.genres) == sorted(genres)
        if record["Released"] != "N/A":
            released = datetime.strptime(record["Released"], "%d %b %Y").date()
            assert movie.originallyAvailableAt.date() == released
        scored += metascore is not None
        checked += 1
    assert checked > 10 and scored > 0
    assert any(line.startswith("OMDb") for line in report.online), report.online
    _reset(pair)
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values()), rows(report)
    assert runner.writes() == 0
    assert pair.meta.stats()["requests"] == 0  # every record came from the cache


def test_the_daily_limit_keeps_cached_values_and_says_so(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_user_rating_update: [omdb, 1.0]\n",
                 extra_libraries=SECTION)
    assert rows(runner.run())["mass_user_rating_update"].status == "Changed"
    before = {m.ratingKey: m.userRating for m in runner.plex().library.section("Movies").all()}
    _expire_cache(tmp_path)  # long expired: OMDb would be asked again ...
    pair.meta.meta.omdb.daily_limit, pair.meta.meta.omdb.used = 0, 0  # ... but its daily limit is reached
    _reset(pair)
    report = runner.run()
    row = rows(report)["mass_user_rating_update"]
    assert row.error is None and row.status == "Unchanged", row
    assert runner.writes() == 0
    assert {m.ratingKey: m.userRating for m in runner.plex().library.section("Movies").all()} == before
    line = next(line for line in report.online if line.startswith("OMDb"))
    assert "quota" in line and "cached" in line, line


def test_the_daily_limit_with_nothing_cached_falls_through_with_a_note(pair: Paired, tmp_path: Path):
    pair.meta.meta.omdb.daily_limit = 5
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_critic_rating_update: [omdb, 1.0]\n",
                 extra_libraries=SECTION)
    report = runner.run()
    row = rows(report)["mass_critic_rating_update"]
    assert row.error is None and row.note and "without OMDb data" in row.note and "quota" in row.note, row
    ratings = [m.rating for m in runner.plex().library.section("Movies").all()]
    assert ratings.count(1.0) >= len(ratings) - 5


def test_without_the_section_it_is_located(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_content_rating_update: omdb\n")
    row = rows(runner.run())["mass_content_rating_update"]
    assert row.status == "Failed" and row.error.startswith(f"{tmp_path / 'config.yml'}:9:"), row.error
    assert "omdb" in row.error
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0


def test_a_refused_key_is_one_located_line(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_genre_update: omdb\n",
                 extra_libraries="omdb:\n  apikey: wrong\n")
    row = rows(runner.run())["mass_genre_update"]
    assert row.status == "Failed" and row.error.startswith(f"{tmp_path / 'config.yml'}:9:"), row.error
    assert "Invalid API key" in row.error
    assert runner.writes() == 0


def test_a_source_of_the_wrong_kind_is_located(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_studio_update: omdb\n"
                 "      mass_genre_update: omdb_tomatoes\n", extra_libraries=SECTION)
    report = runner.run()
    errors = sorted(row.error for row in report.library("Movies").rows if row.error)
    config = tmp_path / "config.yml"
    assert errors == [f"{config}:10: mass_genre_update: omdb_tomatoes is not a OMDb source of mass_genre_update",
                      f"{config}:9: mass_studio_update: omdb is not a OMDb source of mass_studio_update"], errors
    assert report.failed
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0
