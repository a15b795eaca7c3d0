"""Kometa's older AniList builders, ``anilist_genre``, ``anilist_tag`` and ``anilist_season`` (read
as ``anilist_search``), end to end against metasim's AniList and plexsim: genres checked against
AniList's GenreCollection, the current season from the run's clock, malformed values with file:line."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any

import requests
from anime_run_helpers import anilist, members, run

from metasim.testing import Paired


def library_movies(pair: Paired, media: list[dict[str, Any]]) -> list[int]:
    """The TMDb ids of the AniList movies the library holds, in AniList's order."""
    mapping = requests.get(f"{pair.meta.url}/anime-ids/anime_ids.json", timeout=10).json()
    by_anilist = {e["anilist_id"]: e for e in mapping.values()}
    lib = {t.tmdb_id for t in pair.world.library if t.kind == "movie"}
    return [by_anilist[m["id"]]["tmdb_movie_id"] for m in media if m["format"] == "MOVIE"
            and by_anilist[m["id"]].get("tmdb_movie_id") in lib]


def test_genre_and_tag(pair, tmp_path):
    from metasim.anilist.graph import tags
    from metasim.anime import catalogue
    genres = Counter(g for m in anilist(pair, {"sort": ["ID"]}) if m["format"] == "MOVIE"
                     for g in _genres(pair, m["id"]))
    spaced = [g for g, _ in genres.most_common() if " " in g]  # "Slice of Life" is written slice-of-life
    genre = spaced[0] if spaced else genres.most_common(1)[0][0]
    popular = anilist(pair, {"sort": ["POPULARITY_DESC"], "genre_in": [genre]})
    movies = [a for a in catalogue(pair.world) if a.title.kind == "movie"]
    tag = Counter(t["name"] for a in movies for t in tags(pair.world, a)).most_common(1)[0][0]
    tagged = anilist(pair, {"sort": ["SCORE_DESC"], "tag_in": [tag]})
    r = run(pair, tmp_path, f"""
        collections:
          Genre:
            anilist_genre:
              genre: {genre.lower().replace(" ", "-")}
              sort_by: popular
              limit: 3
            collection_order: custom
          Plain Genre:
            anilist_genre: {genre}
          Tag:
            anilist_tag: {{tag: {tag.lower()}}}
            collection_order: custom
    """)
    assert members(pair, "Genre") == library_movies(pair, popular[:3]), r["Genre"]
    assert sorted(members(pair, "Plain Genre")) == sorted(library_movies(pair, popular)) != []
    assert members(pair, "Tag") == library_movies(pair, tagged) != []


def _genres(pair: Paired, anilist_id: int) -> list[str]:
    query = "query ($id: Int) { Media(id: $id) { genres } }"
    body = requests.post(f"{pair.meta.url}/anilist/", json={"query": query, "variables": {"id": anilist_id}},
                         timeout=10).json()
    return list(body["data"]["Media"]["genres"])


def test_season_defaults_to_the_runs_current_season(pair, tmp_path):
    movies = [m for m in anilist(pair, {"sort": ["ID"]}) if m["format"] == "MOVIE" and library_movies(pair, [m])]
    season, year = Counter((m["season"], m["seasonYear"]) for m in movies).most_common(1)[0][0]
    want = library_movies(pair, anilist(pair, {"sort": ["POPULARITY_DESC"], "season": season, "seasonYear": year}))
    assert want
    month = {"WINTER": 2, "SPRING": 5, "SUMMER": 8, "FALL": 11}[season]
    config = """
        collections:
          This Season:
            anilist_season:
              sort_by: popular
            collection_order: custom
    """
    r = run(pair, tmp_path, config, moment=datetime(year, month, 15, 12, 0))
    assert members(pair, "This Season") == want, r["This Season"]
    assert len(want) < len(movies)  # the season's anime, not all of them
    # three months later: the next season's anime (of the same year, or the next in winter)
    later = datetime(year + (month == 11), (month + 3) % 12, 15, 12, 0)
    later_season = ("WINTER", "SPRING", "SUMMER", "FALL")[(later.month - 1) // 3]
    then = library_movies(pair, anilist(pair, {"sort": ["POPULARITY_DESC"], "season": later_season,
                                               "seasonYear": later.year}))
    r = run(pair, tmp_path, config.replace("This Season", "Next Season"), moment=later)
    assert r["Next Season"].error is None and r["Next Season"].added == len(then)
    other = {"WINTER": 8, "SPRING": 11, "SUMMER": 2, "FALL": 5}[season]
    run(pair, tmp_path, f"""
        collections:
          This Season:
            anilist_season: {{season: {season.lower()}, year: {year}, sort_by: popular}}
            collection_order: custom
    """, moment=datetime(year + 1, other, 15, 12, 0))
    assert members(pair, "This Season") == want


def test_malformed_values_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          No Genre:
            anilist_genre: {sort_by: popular}
          Unknown Genre:
            anilist_genre: Not A Genre
          Search Genre:
            anilist_search: {genre: Cowboys}
          Unknown Tag:
            anilist_tag: {tag: Not A Real Tag}
          Bad Season:
            anilist_season: {season: monsoon}
          Bad Sort:
            anilist_genre: {genre: Drama, sort_by: newest}
          Blank:
            anilist_tag:
          Not Built:
            anilist_characters: 5
    """)
    expected = {
        "No Genre": "anilist_genre needs the attribute genre", "Unknown Genre": "AniList has no genre 'Not A Genre'",
        "Search Genre": "AniList has no genre 'Cowboys' (its genres: Action, Adventure",
        "Unknown Tag": "AniList has no tag 'Not A Real Tag'",
        "Bad Season": "season must be one of winter, spring, summer, fall or current",
        "Bad Sort": "sort_by must be one of score, popular, trending", "Blank": "anilist_tag needs a tag",
        "Not Built": "builder 'anilist_characters' (AniList) is not supported in this version",
    }
    for name, text in expected.items():
        assert r[name].error and text in r[name].error, (name, r[name].error)
        assert re.search(r"lib\.yml:\d+", r[name].error), r[name].error
