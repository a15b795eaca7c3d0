"""AniList builders end to end: metasim's AniList GraphQL and anime id mapping, plexsim's library
(one world), through real HTTP: charts, ids, search, the mapping to the library, the cache across
runs, AniList down, malformed values."""

from __future__ import annotations

import re
from typing import Any

import requests
from anime_run_helpers import anilist, members, run

from metasim.testing import Paired, age_cache


def library_tmdb(pair: Paired, ids: list[int], kind: str) -> list[int]:
    """The AniList ids' TMDb ids (through the world's mapping file) that the library holds, in order."""
    mapping = requests.get(f"{pair.meta.url}/anime-ids/anime_ids.json", timeout=10).json()
    by_anilist = {e["anilist_id"]: e for e in mapping.values()}
    lib = {t.tmdb_id for t in pair.world.library if t.kind == kind}
    key = "tmdb_movie_id" if kind == "movie" else "tmdb_show_id"
    return [by_anilist[i][key] for i in ids if by_anilist[i].get(key) in lib]


def test_charts_in_movie_and_show_libraries(pair, tmp_path):
    popular = [m["id"] for m in anilist(pair, {"sort": ["POPULARITY_DESC"]}) if m["format"] == "MOVIE"][:50]
    want = library_tmdb(pair, popular, "movie")
    assert want
    r = run(pair, tmp_path, """
        collections:
          Popular Anime:
            anilist_popular: 50
            collection_order: custom
            sync_mode: sync
    """)
    assert r["Popular Anime"].status == "Created", r["Popular Anime"]
    assert members(pair, "Popular Anime") == want
    shows = [m["id"] for m in anilist(pair, {"sort": ["SCORE_DESC"]}) if m["format"] != "MOVIE"]
    want_shows = library_tmdb(pair, shows, "tv")
    assert want_shows
    r = run(pair, tmp_path, "collections:\n  Top Anime:\n    anilist_top_rated: 50\n    collection_order: custom\n",
            library="TV Shows")
    assert members(pair, "Top Anime", "TV Shows") == want_shows


def test_ids_search_and_the_cache(pair, tmp_path):
    movies = [m for m in anilist(pair, {"sort": ["ID"]}) if m["format"] == "MOVIE"]
    ids = [m["id"] for m in movies[:3]]
    found = anilist(pair, {"sort": ["SCORE_DESC"], "genre_in": ["Drama", "Thriller"], "averageScore_greater": 49})
    searched = library_tmdb(pair, [m["id"] for m in found if m["format"] == "MOVIE"], "movie")
    config = f"""
        collections:
          Picked:
            anilist_id: {", ".join(map(str, ids))}
            collection_order: custom
          Searched:
            anilist_search:
              genre: Drama, Thriller
              score.gte: 50
              sort_by: score
            collection_order: custom
    """
    r = run(pair, tmp_path, config)
    assert members(pair, "Picked") == library_tmdb(pair, ids, "movie")
    assert members(pair, "Searched") == searched and searched
    assert r["Picked"].missing == len(ids) - len(library_tmdb(pair, ids, "movie"))
    pair.meta.reset_stats()
    run(pair, tmp_path, config)
    by = pair.meta.stats()["by_service"]
    assert by.get("anilist", 0) == 0 and by.get("anime-ids", 0) == 0  # a second run the same day sends nothing
    age_cache(tmp_path)  # a day later: the search and the mapping file are asked again; the id lookups are not
    pair.meta.reset_stats()
    run(pair, tmp_path, config)
    by = pair.meta.stats()["by_service"]
    assert by.get("anilist") == 1 and by.get("anime-ids") == 1


def test_season_search(pair, tmp_path):
    from collections import Counter
    movies = [m for m in anilist(pair, {"sort": ["ID"]}) if m["format"] == "MOVIE"
              and library_tmdb(pair, [m["id"]], "movie")]  # anime movies the library holds
    season, year = Counter((m["season"], m["seasonYear"]) for m in movies).most_common(1)[0][0]
    found = anilist(pair, {"sort": ["POPULARITY_DESC"], "season": season, "seasonYear": year})
    want = library_tmdb(pair, [m["id"] for m in found if m["format"] == "MOVIE"], "movie")
    assert want
    run(pair, tmp_path, f"""
        collections:
          That Season:
            anilist_search:
              season: {season.lower()}
              year: {year}
              sort_by: popular
            collection_order: custom
    """)
    assert members(pair, "That Season") == want


def test_anilist_down_uses_the_cache_with_a_warning(pair, tmp_path, caplog):
    config = "collections:\n  Trending:\n    anilist_trending: 20\n"
    first = run(pair, tmp_path, config)
    assert first["Trending"].error is None
    age_cache(tmp_path)
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config)
    finally:
        pair.meta.clear_faults()
    assert r["Trending"].error is None
    assert any("AniList" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
    assert any("Anime-IDs" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)


def test_malformed_values_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Unknown Id:
            anilist_id: 999999999
          Not A Number:
            anilist_id: cowboy
          Bad Count:
            anilist_popular: many
          Tagged:
            anilist_search: {tag: Not A Real Tag}
          Bad Season:
            anilist_search: {season: monsoon}
          Bad Attribute:
            anilist_search: {colour: red}
          Bad Date:
            anilist_search: {start.after: 2020-01-01}
          Userlist:
            anilist_userlist: {username: someone}
          No User:
            anilist_userlist: {username: missing-user, list_name: Watching}
          No List:
            anilist_userlist: {username: someone, list_name: Binge}
          Bad Score:
            anilist_userlist: {username: someone, list_name: Watching, score.gt: 11}
          No Studio:
            anilist_studio: 987654321
          No Relations:
            anilist_relations: 999999999
          Bad Percent:
            anilist_search: {tag: Space, min_tag_percent: 120}
    """)
    assert "AniList has no user missing-user" in r["No User"].error
    assert "someone has no list 'Binge' (their lists: Watching, Completed" in r["No List"].error
    assert "score.gt must be a number between 0 and 10" in r["Bad Score"].error
    assert "AniList has no studio 987654321" in r["No Studio"].error
    assert "AniList has no anime 999999999" in r["No Relations"].error
    assert "min_tag_percent must be a number between 0 and 100" in r["Bad Percent"].error
    assert "AniList has no anime 999999999" in r["Unknown Id"].error
    assert "'cowboy' is not an AniList id" in r["Not A Number"].error
    assert "anilist_popular takes the number of items" in r["Bad Count"].error
    assert "AniList has no tag 'Not A Real Tag'" in r["Tagged"].error
    assert "season must be one of winter, spring, summer, fall or current" in r["Bad Season"].error
    assert "unknown attribute 'colour'" in r["Bad Attribute"].error
    assert "must be a date as MM/DD/YYYY" in r["Bad Date"].error
    assert "anilist_userlist: username and list_name are both needed" in r["Userlist"].error
    for name in ("Unknown Id", "Not A Number", "Bad Count", "Tagged", "Bad Season", "Bad Attribute", "Bad Date",
                 "Userlist", "No User", "No List", "Bad Score", "No Studio", "No Relations", "Bad Percent"):
        assert re.search(r"lib\.yml:\d+", r[name].error), r[name].error


def _graphql(pair: Paired, query: str, variables: dict[str, Any]) -> Any:
    return requests.post(f"{pair.meta.url}/anilist/", json={"query": query, "variables": variables},
                         timeout=10).json()["data"]


def test_relations_studio_and_userlist(pair, tmp_path):
    from metasim.anilist.graph import _franchises, user_lists
    from metasim.anime import catalogue
    anime = catalogue(pair.world)
    groups = _franchises(pair.world)
    # a franchise of three movies or shows: its first anime reaches the third through the second
    trio = next(g for g in groups.values() if len(g) == 3)
    tree = [a.anilist_id for a in trio]
    kinds = {"movie" if a.title.kind == "movie" else "tv" for a in trio}
    kind = "movie" if "movie" in kinds else "tv"
    library = "Movies" if kind == "movie" else "Shows"
    # a studio: a company named by a library anime of this kind
    lib = [a for a in anime if a.title.kind == kind and a.title.in_library and a.title.company_ids]
    studio = lib[0].title.company_ids[0]
    of_studio = [a.anilist_id for a in anime if studio in a.title.company_ids]
    lists = {lst["name"]: lst["entries"] for lst in user_lists(pair.world, "otaku")}
    watching = [e for e in sorted(lists["Watching"], key=lambda e: (-e["score"], e["media"]["id"]))]
    high = [e["media"]["id"] for e in watching if e["score"] >= 5]
    r = run(pair, tmp_path, f"""
        collections:
          Tree:
            anilist_relations: {tree[0]}
          Studio:
            anilist_studio: {studio}
          Watching:
            anilist_userlist:
              username: otaku
              list_name: Watching
              score.gte: 5
            collection_order: custom
    """, library=library)
    for name, ids in (("Tree", tree), ("Studio", of_studio), ("Watching", high)):
        want = library_tmdb(pair, [i for i in ids if _kind(pair, i) == kind], kind)
        assert want and sorted(members(pair, name, library)) == sorted(want), name
    assert len(high) < len(watching)  # the score filter dropped some
    assert r["Watching"].missing == len([i for i in high if _kind(pair, i) == kind]) - len(
        library_tmdb(pair, [i for i in high if _kind(pair, i) == kind], kind))
    # the tree took one request per anime in it (relations are followed hop by hop, never twice)
    body = _graphql(pair, "query ($id: Int) { Media(id: $id) { relations { edges { relationType node { id type } } } } }",
                    {"id": tree[0]})
    types = {e["relationType"] for e in body["Media"]["relations"]["edges"]}
    assert {"SEQUEL", "CHARACTER", "OTHER", "ADAPTATION"} <= types


def _kind(pair: Paired, anilist_id: int) -> str:
    from metasim.anime import by_anilist
    return "movie" if by_anilist(pair.world)[anilist_id].title.kind == "movie" else "tv"


def test_search_by_tag_category_and_end_date(pair, tmp_path):
    from metasim.anilist.graph import tags
    from metasim.anime import catalogue
    anime = [a for a in catalogue(pair.world) if a.title.kind == "movie"]
    tagged = next(t for a in anime for t in tags(pair.world, a) if t["rank"] >= 50)
    want = [a.anilist_id for a in anime if any(t["name"] == tagged["name"] and t["rank"] >= 50
                                                for t in tags(pair.world, a))]
    served = [m["id"] for m in anilist(pair, {"tag_in": [tagged["name"]], "minimumTagRank": 50, "sort": ["ID"]})
              if m["format"] == "MOVIE"]
    assert sorted(served) == sorted(want)
    pair.meta.reset_stats()
    r = run(pair, tmp_path, f"""
        collections:
          Tagged:
            anilist_search:
              tag: {tagged["name"].lower()}
              min_tag_percent: 50
              end.after: 01/01/1900
          Two Searches:
            anilist_search:
              - tag_category: {tagged["category"]}
              - tag_category.not: {tagged["category"]}
    """)
    expected = library_tmdb(pair, want, "movie")
    assert expected and sorted(members(pair, "Tagged")) == sorted(expected)
    everything = library_tmdb(pair, [a.anilist_id for a in anime], "movie")
    assert sorted(members(pair, "Two Searches")) == sorted(everything)
    assert r["Tagged"].status == "Created"
