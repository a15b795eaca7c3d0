"""Benchmark: 40 collections across the other sources on a 10,000-item library (plexsim + metasim).

The config mixes Trakt, IMDb, MDBList, Tautulli, Radarr, Letterboxd and TVDb collections (see
``collections()``). Run 1 (fresh cache) counts the requests each service gets; run 2, right after,
within the cache expiry, must send **0** requests to every service (and write nothing to Plex).
Run 3 is a day later (the cache aged 24 hours, so every list is due again) with MDBList's daily
quota at 100 requests, already used up by other tools: the run must complete, report the quota and
serve MDBList's cached answers (the MDBList collections unchanged).

    python bench/bench_sources.py [--movies 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml  # noqa: E402

from kometa.config import load_config  # noqa: E402
from kometa.core.options import Options  # noqa: E402
from kometa.engine.process import RunContext, process_config  # noqa: E402
from metasim.server import MetaSim  # noqa: E402
from metasim.testing import age_cache  # noqa: E402
from metasim.world import World  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"
LETTERBOXD = os.environ.get("BENCH_LETTERBOXD", "1") != "0"


def collections() -> dict[str, Any]:
    c: dict[str, Any] = {}
    for i in range(6):  # Trakt: 6 lists, 4 charts
        c[f"Trakt list {i}"] = {"trakt_list": f"https://trakt.tv/users/bench{i}/lists/favourites-{i}"}
    for key in ("trakt_trending", "trakt_popular", "trakt_watched_weekly", "trakt_collected_monthly"):
        c[key] = {key: 50}
    for i in range(4):  # IMDb: 4 lists, 3 charts, 1 search
        c[f"IMDb list {i}"] = {"imdb_list": f"https://www.imdb.com/list/ls00{1000 + i}/"}
    for chart in ("top_movies", "popular_movies", "lowest_rated"):
        c[f"IMDb {chart}"] = {"imdb_chart": chart}
    c["IMDb search"] = {"imdb_search": {"genre": "action", "rating.gte": 6, "limit": 200}}
    for i in range(10):  # MDBList: 10 lists
        c[f"MDBList {i}"] = {"mdblist_list": f"https://mdblist.com/lists/bench/list-{i}"}
    c["Tautulli popular"] = {"tautulli_popular": {"list_days": 30, "list_size": 20}}
    c["Tautulli watched"] = {"tautulli_watched": {"list_days": 90, "list_size": 20}}
    c["Radarr all"] = {"radarr_all": True}
    for tag in ("4k", "family", "favorite"):
        c[f"Radarr {tag}"] = {"radarr_taglist": tag}
    for i in range(4 if LETTERBOXD else 0):  # Letterboxd: 4 lists
        c[f"Letterboxd {i}"] = {"letterboxd_list": f"https://letterboxd.com/bench{i}/list/best-of-{i}/"}
    for i in range(2):  # TVDb: 2 lists (their movies: a movie library)
        c[f"TVDb list {i}"] = {"tvdb_list": f"https://www.thetvdb.com/lists/bench-{i}"}
    return c


def write(folder: Path, plex_url: str, meta_url: str, defs: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yml").write_text(yaml.safe_dump({"collections": defs}, sort_keys=False))
    config = {"plex": {"url": plex_url, "token": TOKEN, "timeout": 120},
              "trakt": {"client_id": "metasim-trakt", "client_secret": "metasim-trakt-secret"},
              "mdblist": {"apikey": "metasim-mdblist"},
              "tautulli": {"url": f"{meta_url}/tautulli", "apikey": "metasim-tautulli"},
              "radarr": {"url": f"{meta_url}/radarr", "token": "metasim-radarr"},
              "settings": {"minimum_items": 0},
              "libraries": {"Movies": {"collection_files": [{"file": "sources.yml"}]}}}
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def run(path: Path) -> tuple[float, Any]:
    started = time.perf_counter()
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    report = process_config(ctx)
    return time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args()
    logging.disable(logging.INFO)
    world = World(seed=11, movies=ns.movies, shows=0)
    defs = collections()
    out: dict[str, Any] = {"movies": ns.movies, "collections": len(defs)}
    with PlexSim(seed=11, movies=ns.movies, shows=0, token=TOKEN, world=world) as plex, \
            MetaSim(world=world) as meta:
        env = {"KOMETA_TRAKT_URL": f"{meta.url}/trakt", "KOMETA_IMDB_URL": f"{meta.url}/imdb",
               "KOMETA_MDBLIST_URL": f"{meta.url}/mdblist", "KOMETA_LETTERBOXD_URL": f"{meta.url}/letterboxd",
               "KOMETA_TVDB_URL": f"{meta.url}/tvdb"}
        os.environ.update(env)
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp), plex.url, meta.url, defs)
            meta.reset_stats()
            first_s, first = run(path)
            rows = first.library("Movies").rows
            out.update(first_run_s=round(first_s, 2), first_requests_by_service=meta.stats()["by_service"],
                       first_failures=[f"{r.name}: {r.error}" for r in rows if r.error],
                       first_missing=sum(r.missing for r in rows))
            meta.reset_stats()
            plex.reset_stats()
            second_s, second = run(path)
            by = plex.stats()["by_method"]
            out.update(second_run_s=round(second_s, 2), second_requests_by_service=meta.stats()["by_service"],
                       second_requests=meta.stats()["requests"],
                       second_plex_writes=by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))
            # a day later, with MDBList's quota (100 a day) already used up
            age_cache(tmp, 24)
            state = meta.meta.mdblist
            state.daily_limit, state.used = 100, 100
            meta.reset_stats()
            third_s, third = run(path)
            mdb_rows = [r for r in third.library("Movies").rows if r.name.startswith("MDBList")]
            out.update(quota_run_s=round(third_s, 2), quota_requests_by_service=meta.stats()["by_service"],
                       quota_mdblist_statuses=sorted({r.status for r in mdb_rows}),
                       quota_failures=[f"{r.name}: {r.error}" for r in third.library("Movies").rows if r.error],
                       quota_report=[line for line in third.online if line.startswith("MDBList")])
    if ns.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
