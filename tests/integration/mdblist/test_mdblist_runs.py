"""mdblist_list end to end against metasim's MDBList and plexsim (one world): items, sort and limit,
a refused key, the daily quota (no retry; cached answers stand in), malformed values, section errors."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.testing import PLEX_TOKEN, Paired, age_cache

KEY = "metasim-mdblist"


def run(pair: Paired, folder: Path, collections: str, section: str | None = None) -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "Movies.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                    f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n"
                    f"{section if section is not None else f'mdblist:{chr(10)}  apikey: {KEY}{chr(10)}'}",
                    encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    out = {row.name: row for row in report.library("Movies").rows}
    out["__report__"] = report
    return out


def listed(pair: Paired, path: str, **params: Any) -> list[dict[str, Any]]:
    r = requests.get(f"{pair.meta.url}/mdblist{path}/items/movie", params={"apikey": KEY, **params}, timeout=10)
    r.raise_for_status()
    return r.json()


def members(pair: Paired, name: str) -> set[int]:
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    by_title = {(t.title, t.year): t.tmdb_id for t in pair.world.library}
    return {by_title[(i.title, i.year)] for i in section.collection(name).items()}


def held(pair: Paired, rows: list[dict[str, Any]]) -> set[int]:
    lib = {t.tmdb_id for t in pair.world.library if t.kind == "movie"}
    return {r["id"] for r in rows if r["id"] in lib}


def test_list_sort_and_limit(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Whole:
            mdblist_list: https://mdblist.com/lists/linaspurinis/top-watched-movies-of-the-week
          Best Ten:
            mdblist_list:
              url: https://mdblist.com/lists/someone/best
              limit: 10
              sort_by: score.desc
            collection_order: custom
    """)
    assert r["Whole"].status == "Created", r["Whole"]
    whole = listed(pair, "/lists/linaspurinis/top-watched-movies-of-the-week")
    assert members(pair, "Whole") == held(pair, whole)
    assert r["Whole"].missing == len(whole) - len(held(pair, whole))
    best = listed(pair, "/lists/someone/best", sort="score", sortorder="desc")[:10]
    assert members(pair, "Best Ten") == held(pair, best)
    assert any(line.startswith("MDBList: ") for line in r["__report__"].online)


def test_refused_key_and_section_errors(pair, tmp_path):
    config = """
        collections:
          Listed:
            mdblist_list: https://mdblist.com/lists/a/b
          All:
            plex_all: true
    """
    r = run(pair, tmp_path, config, section="mdblist:\n  apikey: wrong\n")
    assert r["All"].status == "Created"
    assert r["Listed"].status == "MDBList Failure" and "config.yml:" in r["Listed"].error
    assert "refused" in r["Listed"].error
    r = run(pair, tmp_path, config, section="mdblist:\n  apikey: k\n  cache_expiration: soon\n")
    assert "config.yml:10: mdblist: cache_expiration must be a whole number" in r["Listed"].error
    r = run(pair, tmp_path, config, section="mdblist:\n  apikey: k\n  api_key: k\n")
    assert "unknown key" not in (r["Listed"].error or "")  # ignored, as Kometa does (a located warning at load)
    r = run(pair, tmp_path, config, section="")
    assert "the 'mdblist:' section is missing" in r["Listed"].error


def test_daily_quota_stops_asking_and_uses_the_cache(pair, tmp_path, caplog):
    config = """
        collections:
          One:
            mdblist_list: https://mdblist.com/lists/a/one
          Two:
            mdblist_list: https://mdblist.com/lists/a/two
    """
    first = run(pair, tmp_path, config)
    assert first["One"].status == "Created" and first["Two"].status == "Created"
    before = members(pair, "One")
    state = pair.meta.meta.mdblist
    state.daily_limit, state.used = 0, 0  # the key's quota is used up
    age_cache(tmp_path)  # a day later: the list is asked again
    r = run(pair, tmp_path, config)
    assert r["One"].status == "Unchanged" and r["Two"].status == "Unchanged", (r["One"], r["Two"])
    assert members(pair, "One") == before
    assert state.used == 1  # one 429, no retry, and nothing more asked this run
    assert any("daily quota" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
    assert any("not sent (daily quota reached)" in line for line in r["__report__"].online)
    # a list never fetched before has no cached answer: only that collection fails, with one line
    r = run(pair, tmp_path, config.replace("lists/a/two", "lists/a/three"))
    assert r["Two"].status == "MDBList Failure" and "quota" in r["Two"].error


def test_malformed_values(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Not Url:
            mdblist_list: https://example.com/lists/x/y
          Bad Sort:
            mdblist_list:
              url: https://mdblist.com/lists/x/y
              sort_by: loudness.asc
          Bad Limit:
            mdblist_list:
              url: https://mdblist.com/lists/x/y
              limit: many
          Gone:
            mdblist_list: https://mdblist.com/lists/missing-user/y
    """)
    assert "not an MDBList list URL" in r["Not Url"].error
    assert "sort_by must be one of" in r["Bad Sort"].error
    assert "limit must be a whole number" in r["Bad Limit"].error
    assert "MDBList has no list" in r["Gone"].error
    for name in ("Not Url", "Bad Sort", "Bad Limit", "Gone"):
        assert "Movies.yml:" in r[name].error


def test_ratings_endpoint_shape(pair):
    movie = next(t for t in pair.world.library if t.kind == "movie" and t.imdb_id)
    r = requests.get(f"{pair.meta.url}/mdblist/imdb/movie/{movie.imdb_id}", params={"apikey": KEY}, timeout=10).json()
    assert r["ids"]["tmdb"] == movie.tmdb_id and {x["source"] for x in r["ratings"]} >= {"imdb", "tmdb", "tomatoes"}
    from kometa.clients.mdblist import MdblistClient
    client = MdblistClient(KEY, None, base_url=f"{pair.meta.url}/mdblist")
    assert client.ratings("tmdb", "movie", str(movie.tmdb_id))["score"] == r["score"]
