"""Trakt, MyAnimeList and AniDB as operation sources, against plexsim + metasim sharing one world over
real HTTP: values land as the services give them (Kometa's readings), a second run writes nothing and
asks nothing, a missing sign-in or section is one located line and the chain falls through."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from process_helpers import Runner, rows

from metasim.testing import Paired, start_pair

TRAKT_ID = "metasim-trakt"


@pytest.fixture
def pair(monkeypatch) -> Iterator[Paired]:
    paired = start_pair(movies=40, shows=6)
    for env, path in (("KOMETA_TRAKT_URL", "trakt"), ("KOMETA_MAL_URL", "mal/v2"), ("KOMETA_ANIDB_URL", "anidb"),
                      ("KOMETA_ANIME_IDS_URL", "anime-ids")):
        monkeypatch.setenv(env, f"{paired.meta.url}/{path}")
    from kometa.clients import policy

    def unpaced(*args, **kwargs):  # Trakt's 3 requests a second would make this test a minute long
        return policy.Policy(*args, **{**kwargs, "rate": None})
    monkeypatch.setattr("kometa.clients.trakt.Policy", unpaced)
    try:
        yield paired
    finally:
        paired.plex.stop()
        paired.meta.stop()


def _trakt_section(token: str | None) -> str:
    auth = f"  authorization:\n    access_token: {token}\n    token_type: bearer\n    expires_in: 7776000\n" \
           f"    refresh_token: r\n    scope: public\n    created_at: 4102444800\n" if token else ""
    return f"trakt:\n  client_id: {TRAKT_ID}\n  client_secret: metasim-trakt-secret\n{auth}"


MAL_SECTION = "mal:\n  client_id: metasim-mal\n  client_secret: metasim-mal-secret\n"


def _ids(item):
    from kometa.ids.guids import item_ids
    return item_ids(item.guid, [g.id for g in item.guids])


def _trakt(pair: Paired, path: str, token: str | None = None):
    headers = {"trakt-api-key": TRAKT_ID, **({"Authorization": f"Bearer {token}"} if token else {})}
    answer = requests.get(f"{pair.meta.url}/trakt{path}", headers=headers, timeout=10)
    return answer.json() if answer.status_code == 200 else None


def _anime(pair: Paired) -> dict[tuple[str, object], dict]:
    mapping = requests.get(f"{pair.meta.url}/anime-ids/anime_ids.json", timeout=10).json()
    out: dict[tuple[str, object], dict] = {}
    for entry in mapping.values():
        if entry.get("tmdb_movie_id"):
            out.setdefault(("tmdb", entry["tmdb_movie_id"]), entry)
        if entry.get("imdb_id"):
            out.setdefault(("imdb", entry["imdb_id"]), entry)
    return out


def _entry(anime: dict[tuple[str, object], dict], movie) -> dict | None:
    ids = _ids(movie)
    return anime.get(("tmdb", ids.tmdb)) or anime.get(("imdb", ids.imdb))


def test_trakt_ratings_land_then_a_second_run_writes_and_asks_nothing(pair: Paired, tmp_path: Path):
    token = pair.meta.meta.trakt.grant("trakt-token")
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_critic_rating_update: [trakt, 1.0]\n"
                 "      mass_user_rating_update: [trakt_user, 2.0]\n",
                 extra_libraries="  TV Shows:\n    operations:\n      mass_episode_audience_rating_update: [trakt, 0.5]\n"
                 + _trakt_section(token))
    report = runner.run()
    assert all(row.error is None for row in report.library("Movies").rows), rows(report)
    mine = {r["movie"]["ids"]["tmdb"]: r["rating"] for r in _trakt(pair, "/users/me/ratings/movies", token)}
    assert mine
    users = 0
    for movie in runner.plex().library.section("Movies").all():
        ids = _ids(movie)
        found = _trakt(pair, f"/movies/{ids.imdb}/ratings") if ids.imdb else None
        assert movie.rating == (round(found["rating"], 1) if found else 1.0), movie.title
        assert movie.userRating == (float(mine[ids.tmdb]) if ids.tmdb in mine else 2.0), movie.title
        users += ids.tmdb in mine
    assert users > 5
    plex = runner.plex()
    checked = 0
    for show in plex.library.section("TV Shows").all():
        imdb = _ids(show).imdb
        for episode in show.episodes():
            found = _trakt(pair, f"/shows/{imdb}/seasons/{episode.seasonNumber}/episodes/{episode.index}/ratings") \
                if imdb else None
            assert episode.audienceRating == (round(found["rating"], 1) if found else 0.5), episode.title
            checked += found is not None
    assert checked > 0
    assert rows(report, "TV Shows")["mass_episode_audience_rating_update"].status == "Changed"
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values()), rows(report)
    assert runner.writes() == 0
    assert pair.meta.stats()["requests"] == 0  # ratings and the user's list came from the cache


def test_trakt_user_without_a_sign_in_is_located_and_the_rest_runs(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_user_rating_update: [trakt_user, 2.0]\n"
                 "      mass_critic_rating_update: 3.0\n", extra_libraries=_trakt_section(None))
    r = rows(runner.run())
    row = r["mass_user_rating_update"]
    assert row.status == "Failed" and row.error.startswith(f"{tmp_path / 'config.yml'}:9: mass_user_rating_update: "
                                                           "trakt_user needs the Trakt sign-in"), row.error
    assert r["mass_critic_rating_update"].status == "Changed"


def test_mal_and_anidb_values_land_and_fall_through_then_nothing_is_asked_again(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_critic_rating_update: [anidb_score, anidb_rating, 1.0]\n"
                 "      mass_audience_rating_update: [mal, 2.0]\n"
                 "      mass_genre_update: [anidb_2_0, [Unknown]]\n"
                 "      mass_studio_update: [mal, anidb, Nobody]\n"
                 "      mass_content_rating_update: [mal, NR]\n"
                 "      mass_original_title_update: [anidb_official, mal_japanese, Same]\n",
                 extra_libraries=MAL_SECTION + "anidb:\n  language: ja\n")
    report = runner.run()
    assert all(row.error is None for row in report.library("Movies").rows), rows(report)
    anime = _anime(pair)
    labels = {"g": "G - All Ages", "pg": "PG - Children", "pg_13": "PG-13 - Teens 13 or older",
              "r": "R - 17+ (violence & profanity)", "r+": "R+ - Mild Nudity"}
    seen = 0
    for movie in runner.plex().library.section("Movies").all():
        entry = _entry(anime, movie)
        if entry is None:
            assert (movie.rating, movie.audienceRating, movie.studio, movie.contentRating, movie.originalTitle) == \
                (1.0, 2.0, "Nobody", "NR", "Same"), movie.title
            assert [g.tag for g in movie.genres] == ["Unknown"]
            continue
        seen += 1
        mal = requests.get(f"{pair.meta.url}/mal/v2/anime/{entry['mal_id']}", headers={"X-MAL-CLIENT-ID": "metasim-mal"},
                           params={"fields": "mean,rating,studios"}, timeout=10).json()
        root = ET.fromstring(requests.get(f"{pair.meta.url}/anidb/anime/{entry['anidb_id']}", timeout=10).text)
        score = root.findtext("ratings/review") or root.findtext("ratings/permanent")
        assert movie.rating == round(float(score), 1)
        assert movie.audienceRating == round(mal["mean"], 1)
        studio = mal["studios"][0]["name"] if mal["studios"] else root.findtext("creators/name") or "Nobody"
        assert movie.studio == studio
        assert movie.contentRating == labels[mal["rating"]]
        official = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text for t in root.findall("titles/title")
                    if t.get("type") == "official"}
        assert movie.originalTitle == official["ja"]
        tags = [t.findtext("name").title() for t in root.findall("tags/tag")
                if t.get("infobox") == "true" or int(t.get("weight")) >= 400]
        assert sorted(g.tag for g in movie.genres) == sorted(tags or ["Unknown"])
    assert seen >= 3
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    report = runner.run()
    assert all(row.status == "Unchanged" for row in rows(report).values()), rows(report)
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0


def test_mal_without_its_section_is_located_and_anidb_needs_none(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_genre_update: mal_all\n"
                 "      mass_originally_available_update: [anidb, 1999-01-01]\n")
    r = rows(runner.run())
    row = r["mass_genre_update"]
    assert row.status == "Failed" and row.error.startswith(f"{tmp_path / 'config.yml'}:9: mass_genre_update: "), row.error
    assert "the 'mal:' section is missing" in row.error
    assert r["mass_originally_available_update"].status == "Changed"
    anime = _anime(pair)
    for movie in runner.plex().library.section("Movies").all():
        entry = _entry(anime, movie)
        if entry is None:
            assert movie.originallyAvailableAt.date().isoformat() == "1999-01-01"
        else:
            root = ET.fromstring(requests.get(f"{pair.meta.url}/anidb/anime/{entry['anidb_id']}", timeout=10).text)
            assert movie.originallyAvailableAt.date().isoformat() == root.findtext("startdate")
