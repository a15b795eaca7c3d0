"""tautulli_popular / tautulli_watched end to end against metasim's Tautulli (at the config's url)
and plexsim (one world): members, list_size/list_minimum, refused key, section errors, values."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.tautulli import APIKEY
from metasim.testing import PLEX_TOKEN, Paired


def run(pair: Paired, folder: Path, collections: str, section: str | None = None, library: str = "Movies") -> Any:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    default = f"tautulli:\n  url: {pair.meta.url}/tautulli\n  apikey: {APIKEY}\n"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n"
                    f"{section if section is not None else default}", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    return {row.name: row for row in report.library(library).rows}


def stats(pair: Paired, days: int, count: int, section: int) -> dict[str, list[dict[str, Any]]]:
    r = requests.get(f"{pair.meta.url}/tautulli/api/v2", params={"apikey": APIKEY, "cmd": "get_home_stats",
                     "time_range": days, "stats_count": count, "section_id": section}, timeout=10).json()
    return {s["stat_id"]: s["rows"] for s in r["response"]["data"]}


def guids(pair: Paired, name: str, library: str = "Movies") -> set[str]:
    from plexapi.server import PlexServer
    return {i.guid for i in PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library).collection(name).items()}


def test_popular_and_watched(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Popular:
            tautulli_popular:
              list_days: 30
              list_size: 8
          Watched:
            tautulli_watched:
              list_days: 90
              list_size: 5
              list_minimum: 3
    """)
    assert r["Popular"].status == "Created", r["Popular"]
    assert r["Watched"].status == "Created", r["Watched"]
    popular = stats(pair, 30, 8, 1)["popular_movies"]
    assert guids(pair, "Popular") == {row["guid"] for row in popular[:8]}
    watched = [row for row in stats(pair, 90, 5, 1)["top_movies"] if row["total_plays"] >= 3][:5]
    assert watched and guids(pair, "Watched") == {row["guid"] for row in watched}


def test_show_library(pair, tmp_path):
    r = run(pair, tmp_path, "collections:\n  Popular Shows:\n    tautulli_popular:\n      list_size: 3\n",
            library="TV Shows")
    assert r["Popular Shows"].status == "Created", r["Popular Shows"]
    assert guids(pair, "Popular Shows", "TV Shows") == {row["guid"] for row in stats(pair, 30, 3, 2)["popular_tv"]}


def test_refused_key_section_errors_and_values(pair, tmp_path):
    config = "collections:\n  P:\n    tautulli_popular:\n      list_size: 3\n  All:\n    plex_all: true\n"
    r = run(pair, tmp_path, config, section=f"tautulli:\n  url: {pair.meta.url}/tautulli\n  apikey: wrong\n")
    assert r["All"].status == "Created"
    assert r["P"].status == "Tautulli Failure" and "refused" in r["P"].error and "config.yml:8" in r["P"].error
    r = run(pair, tmp_path, config, section="tautulli:\n  url: localhost:8181\n  apikey: k\n")
    assert "config.yml:9: tautulli: url must be" in r["P"].error
    r = run(pair, tmp_path, config, section="tautulli:\n  url: http://x\n  apikey: k\n  api: 1\n")
    assert "unknown key" not in (r["P"].error or "")  # a located warning at load; the key is ignored (as Kometa)
    r = run(pair, tmp_path, "collections:\n  P:\n    tautulli_watched:\n      list_size: lots\n"
                            "  Q:\n    tautulli_watched:\n      days: 3\n")
    assert "list_size must be a whole number" in r["P"].error and "lib.yml:" in r["P"].error
    assert "unknown attribute 'days'" in r["Q"].error


def test_unreachable_tautulli_is_one_line(pair, tmp_path):
    r = run(pair, tmp_path, "collections:\n  P:\n    tautulli_popular:\n      list_size: 3\n",
            section="tautulli:\n  url: http://127.0.0.1:9\n  apikey: k\n")
    assert r["P"].status == "Tautulli Failure" and "cannot reach http://127.0.0.1:9" in r["P"].error
    assert "\n" not in r["P"].error


def test_tautulli_down_uses_the_cached_stats_with_a_warning(pair, tmp_path, caplog):
    from metasim.testing import age_cache

    collections = "collections:\n  Cached:\n    tautulli_popular:\n      list_days: 30\n      list_size: 4\n"
    assert run(pair, tmp_path, collections)["Cached"].status == "Created"
    before = guids(pair, "Cached")
    age_cache(tmp_path)  # a day later: the stats would be asked again
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, collections)
    finally:
        pair.meta.clear_faults()
    assert r["Cached"].status == "Unchanged" and guids(pair, "Cached") == before
    assert any("Tautulli" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
