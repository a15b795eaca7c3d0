"""stevenlu_popular end to end: metasim's movies.json matched to the library by IMDb id in the
list's order, the cache across runs, the bucket down, malformed values and show libraries."""

from __future__ import annotations

import re

import requests
from lists_helpers import members, run

from metasim.testing import age_cache

CONFIG = """
    collections:
      StevenLu:
        stevenlu_popular: true
        collection_order: custom
        sync_mode: sync
"""


def _listed(pair) -> list[dict]:
    return requests.get(f"{pair.meta.url}/stevenlu/movies.json", timeout=10).json()


def test_the_lists_movies_in_the_library_in_its_order(pair, tmp_path):
    rows = _listed(pair)
    by_imdb = {t.imdb_id: t for t in pair.world.movies if t.imdb_id}
    wanted = [by_imdb[r["imdb_id"]] for r in rows]
    in_lib = [t.tmdb_id for t in wanted if t.in_library]
    assert in_lib and len(in_lib) < len(rows)  # some are missing from the library
    r = run(pair, tmp_path, CONFIG)
    assert r["StevenLu"].status == "Created", r["StevenLu"]
    assert members(pair, "StevenLu") == in_lib
    assert r["StevenLu"].missing == len(rows) - len(in_lib)
    pair.meta.reset_stats()
    again = run(pair, tmp_path, CONFIG)
    assert again["StevenLu"].status == "Unchanged"
    assert pair.meta.stats()["by_service"].get("stevenlu", 0) == 0  # from the cache
    age_cache(tmp_path)  # a day later the list is asked again
    run(pair, tmp_path, CONFIG)
    assert pair.meta.stats()["by_service"].get("stevenlu", 0) == 1


def test_down_uses_the_cached_list_then_fails_alone(pair, tmp_path, caplog):
    config = CONFIG.replace("StevenLu:", "Down:")
    assert run(pair, tmp_path, config)["Down"].status == "Created"
    before = members(pair, "Down")
    age_cache(tmp_path)
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config)
    finally:
        pair.meta.clear_faults()
    assert r["Down"].status == "Unchanged" and members(pair, "Down") == before
    assert any("StevenLu" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
    (tmp_path / "kometa-cache.db").unlink()
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config + "      Local:\n        plex_all: true\n")
    finally:
        pair.meta.clear_faults()
    assert r["Down"].error and "StevenLu" in r["Down"].error and "\n" not in r["Down"].error
    assert r["Local"].status in ("Created", "Updated", "Unchanged"), r["Local"]


def test_malformed_values_and_show_libraries_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Word:
            stevenlu_popular: sometimes
          Off:
            stevenlu_popular: false
            plex_search: {all: {title: zzzz-nothing}}
    """)
    assert "stevenlu_popular must be true or false, got 'sometimes'" in r["Word"].error
    assert re.search(r"Movies\.yml:\d+", r["Word"].error), r["Word"].error
    assert not r["Off"].error
    shows = run(pair, tmp_path, CONFIG, library="TV Shows")
    assert "works in movie libraries only" in shows["StevenLu"].error
    assert re.search(r"TV Shows\.yml:\d+", shows["StevenLu"].error), shows["StevenLu"].error
