"""TMDb-backed operation sources against plexsim + metasim sharing one world."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from process_helpers import Runner, rows

from metasim.testing import TMDB_KEY, Paired, tmdb_json, tmdb_pair


@pytest.fixture
def pair(monkeypatch) -> Iterator[Paired]:
    with tmdb_pair(monkeypatch, movies=30, shows=2) as paired:
        yield paired


def _tmdb(pair: Paired, tmdb_id: int) -> dict:
    return tmdb_json(pair, f"/movie/{tmdb_id}")


def test_genres_and_ratings_from_tmdb_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_genre_update: tmdb\n"
                 "      mass_audience_rating_update: [tmdb, 1.0]\n",
                 extra_libraries=f"tmdb:\n  apikey: {TMDB_KEY}\n")
    requests.put(f"{pair.plex.url}/library/sections/1/all", params={
        "type": 1, "genre[0].tag.tag": "Zzz", "audienceRating.value": "0.5", "X-Plex-Token": "plexsim-test"},
        timeout=10).raise_for_status()  # unlocked edits, as if Plex's agent had set them
    report = runner.run()
    r = rows(report)
    assert r["mass_genre_update"].error is None and r["mass_genre_update"].status == "Changed", r
    section = runner.plex().library.section("Movies")
    checked = 0
    for movie in section.all():
        tmdb_ids = [g.id.split("://", 1)[1] for g in movie.guids if g.id.startswith("tmdb://")]
        if not tmdb_ids:
            continue
        details = _tmdb(pair, int(tmdb_ids[0]))
        assert sorted(g.tag for g in movie.genres) == sorted(g["name"] for g in details["genres"])
        expected = round(details["vote_average"], 1) if details.get("vote_count") else 1.0
        assert movie.audienceRating == expected
        checked += 1
    assert checked > 0
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values()), rows(report)
    assert runner.writes() == 0
    assert pair.meta.stats()["requests"] == 0  # every TMDb answer came from the cache


def test_tmdb_without_section_is_a_located_error(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_genre_update: tmdb\n")
    report = runner.run()
    row = rows(report)["mass_genre_update"]
    assert row.error and row.error.startswith(f"{tmp_path / 'config.yml'}:") and "tmdb" in row.error, row.error


def test_dates_and_studios_from_tmdb_with_fallback(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    requests.put(f"{pair.plex.url}/library/sections/1/all", params={
        "type": 1, "studio.value": "Nobody", "originallyAvailableAt.value": "1900-01-01",
        "X-Plex-Token": "plexsim-test"}, timeout=10).raise_for_status()
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_studio_update: [tmdb, Unknown]\n"
                 "      mass_originally_available_update: tmdb\n",
                 extra_libraries=f"tmdb:\n  apikey: {TMDB_KEY}\n")
    report = runner.run()
    assert all(row.error is None for row in rows(report).values()), rows(report)
    for movie in runner.plex().library.section("Movies").all():
        tmdb_ids = [g.id.split("://", 1)[1] for g in movie.guids if g.id.startswith("tmdb://")]
        if not tmdb_ids:  # mapped through TMDb's find (IMDb/TVDb guid), or no TMDb data: the fallback
            assert movie.studio != "Nobody"
            continue
        details = _tmdb(pair, int(tmdb_ids[0]))
        companies = details.get("production_companies") or []
        assert movie.studio == (companies[0]["name"] if companies else "Unknown")
        if details.get("release_date"):
            assert str(movie.originallyAvailableAt.date()) == details["release_date"]


def test_episode_ratings_from_tmdb_seasons_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n"
                 "      mass_episode_audience_rating_update: [tmdb, 0.5]\n"
                 f"tmdb:\n  apikey: {TMDB_KEY}\n")
    row = rows(runner.run(), "TV Shows")["mass_episode_audience_rating_update"]
    assert row.error is None and row.status == "Changed", row
    voted = 0
    for show in runner.plex().library.section("TV Shows").all():
        tmdb = [g.id.split("://", 1)[1] for g in show.guids if g.id.startswith("tmdb://")]
        seasons: dict[int, dict] = {}
        for episode in show.episodes():
            if not tmdb:
                continue
            if episode.seasonNumber not in seasons:
                answer = requests.get(f"{pair.meta.tmdb_url}/tv/{tmdb[0]}/season/{episode.seasonNumber}",
                                      params={"api_key": TMDB_KEY}, timeout=10).json()
                seasons[episode.seasonNumber] = {e["episode_number"]: e for e in answer["episodes"]}
            found = seasons[episode.seasonNumber].get(episode.episodeNumber) or {}
            expected = round(found["vote_average"], 1) if found.get("vote_count") else 0.5
            assert episode.audienceRating == expected
            voted += bool(found.get("vote_count"))
    assert voted > 0
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    assert rows(runner.run(), "TV Shows")["mass_episode_audience_rating_update"].status == "Unchanged"
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0


def test_release_date_variants_by_region_then_nothing(pair: Paired, tmp_path: Path):
    from kometa.operations.tmdb_values import release_date

    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_originally_available_update: [tmdb_digital, tmdb_physical, 1999-09-09]\n",
                 extra_libraries=f"tmdb:\n  apikey: {TMDB_KEY}\n  region: US\n")
    report = runner.run()
    assert rows(report)["mass_originally_available_update"].error is None, rows(report)
    checked = fell = 0
    for movie in runner.plex().library.section("Movies").all():
        tmdb_id = next((t.tmdb_id for t in pair.world.library if t.plex_guid == movie.guid), None)
        answer = requests.get(f"{pair.meta.tmdb_url}/movie/{tmdb_id}/release_dates", params={"api_key": TMDB_KEY},
                              timeout=10).json()
        us = [r for r in answer["results"] if r["iso_3166_1"] == "US"] or answer["results"]
        dates = [d["release_date"][:10] for kind in (4, 5) for r in us for d in r["release_dates"] if d["type"] == kind]
        digital = [d["release_date"][:10] for r in us for d in r["release_dates"] if d["type"] == 4]
        expected = min(digital) if digital else release_date(answer, 5, "US") or "1999-09-09"
        assert movie.originallyAvailableAt.date().isoformat() == expected, movie.title
        checked += bool(dates)
        fell += expected == "1999-09-09"
    assert checked > 5 and fell < checked
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    report = runner.run()
    assert rows(report)["mass_originally_available_update"].status == "Unchanged"
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0


def test_added_at_from_tmdb_release_dates_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_added_at_update: [tmdb, 2001-02-03]\n",
                 extra_libraries=f"tmdb:\n  apikey: {TMDB_KEY}\n")
    row = rows(runner.run())["mass_added_at_update"]
    assert row.error is None and row.status == "Changed", row
    checked = 0
    for movie in runner.plex().library.section("Movies").all():
        tmdb_ids = [g.id.split("://", 1)[1] for g in movie.guids if g.id.startswith("tmdb://")]
        if not tmdb_ids:
            continue
        release = _tmdb(pair, int(tmdb_ids[0])).get("release_date")
        assert str(movie.addedAt.date()) == (release or "2001-02-03"), (movie.title, movie.addedAt, release)
        checked += 1
    assert checked > 0
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    assert rows(runner.run())["mass_added_at_update"].status == "Unchanged"
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0


def test_episode_user_ratings_from_tmdb_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n"
                 "      mass_episode_user_rating_update: [tmdb, 0.5]\n"
                 f"tmdb:\n  apikey: {TMDB_KEY}\n")
    row = rows(runner.run(), "TV Shows")["mass_episode_user_rating_update"]
    assert row.error is None and row.status == "Changed", row
    episodes = [e for show in runner.plex().library.section("TV Shows").all() for e in show.episodes()]
    assert episodes and all(e.userRating is not None for e in episodes)
    assert any(e.userRating != 0.5 for e in episodes)  # TMDb's votes, not only the fallback
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    assert rows(runner.run(), "TV Shows")["mass_episode_user_rating_update"].status == "Unchanged"
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0
