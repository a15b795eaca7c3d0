"""AniDB builders end to end: metasim's AniDB service (anime XML, tags, tag search), AniDB's popular
page and the anime id mapping, plexsim's library (one world), through real HTTP: ids, relation
graphs, tags, popular, the cache across runs, AniDB down, malformed values with file:line."""

from __future__ import annotations

import re
from typing import Any

import requests
from anime_run_helpers import members, run

from metasim.testing import Paired, age_cache


def mapping(pair: Paired) -> dict[int, dict[str, Any]]:
    return {int(k): v for k, v in requests.get(f"{pair.meta.url}/anime-ids/anime_ids.json", timeout=10).json().items()}


def library_tmdb(pair: Paired, aids: list[int], kind: str) -> list[int]:
    """The AniDB ids' TMDb ids (through the world's mapping file) that the library holds, in order."""
    by_anidb = mapping(pair)
    lib = {t.tmdb_id for t in pair.world.library if t.kind == kind}
    key = "tmdb_movie_id" if kind == "movie" else "tmdb_show_id"
    return [by_anidb[i][key] for i in aids if by_anidb[i].get(key) in lib]


def test_ids_and_relation_graphs(pair, tmp_path):
    from metasim.anidb import related
    from metasim.anilist.graph import _franchises
    from metasim.anime import catalogue
    movies = [a for a in catalogue(pair.world) if a.title.kind == "movie" and a.title.in_library]
    ids = [a.anidb_id for a in movies[:3]]
    # a franchise of several anime: its first reaches its last only through the ones between
    group = max(_franchises(pair.world).values(), key=len)
    assert len(group) >= 2 and [o.anidb_id for o, _ in related(pair.world, group[0])] == [group[1].anidb_id]
    kind = "movie" if any(a.title.kind == "movie" and a.title.in_library for a in group) else "tv"
    library = "Movies" if kind == "movie" else "TV Shows"
    r = run(pair, tmp_path, f"""
        collections:
          Picked:
            anidb_id: {", ".join(map(str, ids[:2]))}, https://anidb.net/anime/{ids[2]}
            collection_order: custom
          Graph:
            anidb_relation: https://anidb.net/anime/{group[0].anidb_id}/relation/graph
    """, library="Movies")
    assert members(pair, "Picked") == library_tmdb(pair, ids, "movie") and len(ids) == 3
    if kind == "movie":
        want = library_tmdb(pair, [a.anidb_id for a in group if a.title.kind == "movie"], "movie")
        assert sorted(members(pair, "Graph")) == sorted(want) and want
    else:
        r = run(pair, tmp_path, f"collections:\n  Graph:\n    anidb_relation: {group[0].anidb_id}\n", library=library)
        want = library_tmdb(pair, [a.anidb_id for a in group if a.title.kind == "tv"], "tv")
        assert sorted(members(pair, "Graph", library)) == sorted(want) and want
    assert r["Graph"].error is None


def test_tags_tag_names_and_popular(pair, tmp_path):
    from metasim.anidb import tags_of
    from metasim.anime import catalogue
    anime = catalogue(pair.world)
    # the tag most library movies carry
    counts: dict[int, int] = {}
    for a in anime:
        if a.title.kind == "movie" and a.title.in_library:
            for t in tags_of(pair.world.seed, a):
                counts[t["id"]] = counts.get(t["id"], 0) + 1
    tag = max(counts, key=lambda k: (counts[k], -k))
    served = requests.get(f"{pair.meta.url}/anidb/tags/{tag}", params={"limit": 1000}, timeout=10).json()
    by_weight = [r["aid"] for r in served["results"]]
    name = served["tag_name"]
    assert len(by_weight) == sum(1 for a in anime if any(t["id"] == tag for t in tags_of(pair.world.seed, a)))
    heavy = [a.anidb_id for a in anime if any(t["name"] == name and t["weight"] >= 300
                                               for t in tags_of(pair.world.seed, a))]
    page = requests.get(f"{pair.meta.url}/anidb-web/latest/anime/popular/", params={"h": 1}, timeout=10).text
    popular = [int(x) for x in dict.fromkeys(re.findall(r'class="thumb anime"><a href="/anime/(\d+)"', page))]
    r = run(pair, tmp_path, f"""
        collections:
          By Tag:
            anidb_tag: {tag}
            collection_order: custom
          Two Of The Tag:
            anidb_tag: {{tag: https://anidb.net/tag/{tag}, limit: 2}}
            collection_order: custom
          Heavy:
            anidb_tag_name: {{tags: {name.upper()}, min_weight: 300}}
          Popular:
            anidb_popular: 10
            collection_order: custom
    """)
    assert members(pair, "By Tag") == library_tmdb(pair, by_weight, "movie") != []
    assert members(pair, "Two Of The Tag") == library_tmdb(pair, by_weight[:2], "movie")
    assert sorted(members(pair, "Heavy")) == sorted(library_tmdb(pair, heavy, "movie"))
    assert members(pair, "Popular") == library_tmdb(pair, popular[:10], "movie") != []
    # the popular page's shows are not missing from a movie library; its movies the library lacks are
    in_lib = {a.anidb_id for a in anime if a.title.in_library}
    kinds = {a.anidb_id: a.title.kind for a in anime}
    assert r["Popular"].missing == len([i for i in popular[:10] if kinds[i] == "movie" and i not in in_lib])


def test_second_run_sends_nothing_and_down_uses_the_cache(pair, tmp_path, caplog):
    from metasim.anime import catalogue
    first = next(a for a in catalogue(pair.world) if a.title.kind == "movie" and a.title.in_library)
    config = f"""
        collections:
          Ids:
            anidb_id: {first.anidb_id}
          Tag:
            anidb_tag_name: action, drama
          Popular:
            anidb_popular: 5
    """
    run(pair, tmp_path, config)
    pair.meta.reset_stats()
    second = run(pair, tmp_path, config)
    by = pair.meta.stats()["by_service"]
    assert by.get("anidb", 0) == 0 and by.get("anidb-web", 0) == 0 and by.get("anime-ids", 0) == 0
    assert members(pair, "Ids") == [first.title.tmdb_id] and second["Ids"].error is None
    age_cache(tmp_path)  # a day later the tag search and the popular page are asked again
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config)
    finally:
        pair.meta.clear_faults()
    assert all(r[name].error is None for name in ("Ids", "Tag", "Popular")), r
    messages = [rec.getMessage() for rec in caplog.records]
    assert any(m.startswith("AniDB: ") and "using cached data" in m for m in messages)
    assert any(m.startswith("AniDB (site): ") and "using cached data" in m for m in messages)
    assert any(line.startswith("AniDB (site)") for line in r["__online__"]), r["__online__"]


def test_malformed_values_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Unknown Id:
            anidb_id: 999999
          Not A Number:
            anidb_id: cowboy
          No Graph:
            anidb_relation: 999999
          Bad Tag:
            anidb_tag: military
          Tag Attribute:
            anidb_tag: {tag_id: 103, colour: red}
          Bad Limit:
            anidb_tag: {tag_id: 103, limit: 5000}
          No Names:
            anidb_tag_name: {min_weight: 100}
          Bad Weight:
            anidb_tag_name: {tags: action, min_weight: heavy}
          Bad Popular:
            anidb_popular: 50
          Not Built:
            anidb_user: someone
    """)
    expected = {
        "Unknown Id": "AniDB has no anime 999999", "Not A Number": "'cowboy' is not an AniDB id",
        "No Graph": "AniDB has no anime 999999", "Bad Tag": "'military' is not an AniDB tag id",
        "Tag Attribute": "unknown attribute 'colour' (anidb_tag takes tag_id and limit)",
        "Bad Limit": "limit must be a whole number from 0 to 1000", "No Names": "anidb_tag_name needs AniDB tag names",
        "Bad Weight": "min_weight must be a whole number from 0 to 1000",
        "Bad Popular": "anidb_popular: the number of anime must be a whole number from 1 to 30",
        "Not Built": "builder 'anidb_user' (AniDB) is not supported in this version",
    }
    for name, text in expected.items():
        assert r[name].error and text in r[name].error, (name, r[name].error)
        assert re.search(r"lib\.yml:\d+", r[name].error), r[name].error


def test_a_show_library_takes_the_shows(pair, tmp_path):
    from metasim.anime import catalogue
    anime = catalogue(pair.world)
    shows = [a for a in anime if a.title.kind == "tv" and a.title.in_library]
    movie = next(a for a in anime if a.title.kind == "movie")
    r = run(pair, tmp_path, f"""
        collections:
          Shows:
            anidb_id: {", ".join(str(a.anidb_id) for a in shows)}, {movie.anidb_id}
            collection_order: custom
    """, library="TV Shows")
    assert shows and members(pair, "Shows", "TV Shows") == library_tmdb(pair, [a.anidb_id for a in shows], "tv")
    assert r["Shows"].missing == 0  # the movie is not missing from a show library
