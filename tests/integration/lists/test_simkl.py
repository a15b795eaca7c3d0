"""simkl_trending / simkl_dvd and the simkl default end to end against metasim's Kometa Simkl
Service: Simkl's order, periods and limits (small/large lists), movies vs shows+anime, the cache,
the service down, malformed values."""

from __future__ import annotations

import re

import requests
from lists_helpers import members, run


def _get(pair, path: str):
    return requests.get(f"{pair.meta.url}/simkl{path}", timeout=10).json()


def _in_library(pair, rows, kind: str, limit: int) -> tuple[list[int], int]:
    lib = {t.tmdb_id for t in pair.world.library if t.kind == kind}
    taken = [int(r["ids"]["tmdb"]) for r in rows[:limit]]
    return [t for t in taken if t in lib], len([t for t in taken if t not in lib])


def test_trending_in_simkls_order_with_periods_and_limits(pair, tmp_path):
    week, _ = _in_library(pair, _get(pair, "/trending/week/small")["movies"], "movie", 30)
    today, missing = _in_library(pair, _get(pair, "/trending/today/small")["movies"], "movie", 20)
    assert week and today and week[:5] != today[:5]
    pair.meta.reset_stats()
    r = run(pair, tmp_path, """
        collections:
          Simkl Week:
            simkl_trending: {period: week, limit: 30}
            collection_order: custom
          Simkl Today:
            simkl_trending: 20
            collection_order: custom
          Simkl Big:
            simkl_trending: {limit: 150}
    """)
    assert members(pair, "Simkl Week") == week
    assert members(pair, "Simkl Today") == today and r["Simkl Today"].missing == missing
    asked = pair.meta.stats()["by_endpoint"]
    assert asked.get("GET /simkl/trending/{period}/{size}") == 3  # week/small, today/small, today/large
    assert any(e.get("path", "").endswith("/today/large") for e in pair.meta.request_log()), pair.meta.request_log()
    pair.meta.reset_stats()
    again = run(pair, tmp_path, "collections:\n  Simkl Today:\n    simkl_trending: 20\n    collection_order: custom\n")
    assert again["Simkl Today"].status == "Unchanged"
    assert pair.meta.stats()["by_service"].get("simkl", 0) == 0


def test_shows_take_tv_then_anime_and_dvd_splits_by_tvdb(pair, tmp_path):
    lists = _get(pair, "/trending/month/small")
    shows, _ = _in_library(pair, lists["tv"] + lists["anime"], "tv", 20)
    dvd = _get(pair, "/dvd/small")
    dvd_movies, _ = _in_library(pair, [d for d in dvd if "tvdb" not in d["ids"]], "movie", 5)
    dvd_shows, _ = _in_library(pair, [d for d in dvd if "tvdb" in d["ids"]], "tv", 20)
    assert shows and dvd_movies
    r = run(pair, tmp_path, """
        collections:
          Month Shows:
            simkl_trending: {period: month}
            collection_order: custom
          DVD Shows:
            simkl_dvd: {limit: 20}
            collection_order: custom
    """, library="TV Shows")
    assert members(pair, "Month Shows", "TV Shows") == shows
    assert r["DVD Shows"].error is None and members(pair, "DVD Shows", "TV Shows") == dvd_shows
    run(pair, tmp_path, "collections:\n  DVD Movies:\n    simkl_dvd: 5\n    collection_order: custom\n")
    assert members(pair, "DVD Movies") == dvd_movies


def test_down_and_malformed_values(pair, tmp_path):
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, """
            collections:
              Never Read:
                simkl_dvd: 7
              Period:
                simkl_trending: {period: year}
              Limit:
                simkl_trending: 600
              Attr:
                simkl_dvd: {limit: 5, period: week}
              Word:
                simkl_dvd: lots
        """)
    finally:
        pair.meta.clear_faults()
    assert "simkl_dvd needs Simkl" in r["Never Read"].error and "503" in r["Never Read"].error
    assert "period must be one of today, week, month, got 'year'" in r["Period"].error
    assert "limit must be a whole number from 1 to 500, got 600" in r["Limit"].error
    assert "unknown attribute 'period' (limit)" in r["Attr"].error
    assert "got 'lots'" in r["Word"].error
    for name in ("Never Read", "Period", "Limit", "Attr", "Word"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error


def test_the_simkl_default(pair, tmp_path):
    rows = _get(pair, "/trending/week/small")["movies"]
    want, _ = _in_library(pair, rows, "movie", 10)
    path = tmp_path / "config.yml"
    r = run(pair, tmp_path, "collections: {}\n",
            extra="      - default: simkl\n        template_variables:\n          limit: 10\n          use_dvd: false\n")
    assert path.exists()
    made = {k: v for k, v in r.items() if k.startswith("Simkl")}
    assert made["Simkl DVD"].status == "Skipped Run Definition"
    assert members(pair, "Simkl Trending This Week") == want
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    week = section.collection("Simkl Trending This Week")
    assert week.titleSort == "!020_Simkl Trending This Week" and week.collectionSort == 2
    assert week.summary == "Movies trending this week on Simkl."
