"""Benchmark: TMDb collections on a 10,000-movie library (plexsim + metasim, one seeded world).

50 TMDb-built collections (franchises, charts, discovers, keywords, companies, people, lists) run
twice with a fresh cache: the first run's TMDb requests are compared with the distinct TMDb
objects the config needs (and per-item lookups are counted apart: only the library's legacy-agent
items, which carry no TMDb id, need one), the second run must send 0 TMDb requests and 0 Plex
writes. Then mapping the 10,000 items is timed, and a third run with a fresh cache against
metasim with ``--rate-limit`` and ``--fail-rate`` must give the same collections.

    python bench/bench_tmdb.py [--movies 10000] [--rate-limit 20] [--fail-rate 0.1] [--json]
"""

from __future__ import annotations

import argparse
import json
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
from kometa.ids.mapping import IdMap  # noqa: E402
from kometa.plex.snapshot import read_snapshot  # noqa: E402
from metasim.server import MetaSim  # noqa: E402
from metasim.world import World  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"
KEY = "bench-tmdb"


def collections(world: World) -> tuple[dict[str, Any], int]:
    """50 definitions and the number of distinct TMDb objects (pages) they need."""
    c: dict[str, Any] = {}
    needed = 0
    franchises = sorted((g for g in world.collections.values() if any(t.in_library for t in g.members)),
                        key=lambda g: -len(g.members))[:20]
    for i, g in enumerate(franchises):  # 20 x 1 request
        c[f"F{i} {g.name}"] = {"tmdb_collection": g.id, "sync_mode": "sync"}
        needed += 1
    for key, count in (("tmdb_popular", 100), ("tmdb_top_rated", 100), ("tmdb_now_playing", 40),
                       ("tmdb_upcoming", 40), ("tmdb_trending_daily", 20), ("tmdb_trending_weekly", 60)):
        c[key] = {key: count, "sync_mode": "sync", "collection_order": "custom"}  # 6 charts
        needed += -(-count // 20)
    for genre in (28, 35, 18, 27, 878, 10749, 53, 16):  # 8 discovers x 5 pages (limit 100)
        c[f"Discover {genre}"] = {"tmdb_discover": {"with_genres": genre, "sort_by": "popularity.desc",
                                                    "limit": 100}}
        needed += 5
    keywords = sorted(world.keyword_groups.values(), key=lambda g: -len(g.members))[:5]
    for g in keywords:  # 5 x (details + discover pages)
        c[f"K {g.name}"] = {"tmdb_keyword": g.id}
        needed += 1 + max(1, -(-sum(t.kind == "movie" for t in g.members) // 20))
    companies = sorted(world.companies.values(), key=lambda g: -len(g.members))[:4]
    for g in companies:  # 4
        c[f"C {g.name}"] = {"tmdb_company": g.id}
        needed += 1 + max(1, -(-sum(t.kind == "movie" for t in g.members) // 20))
    actors = sorted(world.people.people, key=lambda p: -len(world.credits(p)))[:4]
    for pid in actors:  # 4 x 1
        c[f"Actor {pid}"] = {"tmdb_actor": pid}
        needed += 1
    lists = list(world.lists.values())[:3]
    for g in lists:  # 3 x pages
        c[f"List {g.name}"] = {"tmdb_list": g.id}
        needed += max(1, -(-len(g.members) // 20))
    assert len(c) == 50, len(c)
    return c, needed


def write(folder: Path, plex_url: str, defs: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tmdb.yml").write_text(yaml.safe_dump({"collections": defs}, sort_keys=False))
    config = {"plex": {"url": plex_url, "token": TOKEN, "timeout": 120}, "tmdb": {"apikey": KEY},
              "settings": {"minimum_items": 0}, "libraries": {"Movies": {"collection_files": [{"file": "tmdb.yml"}]}}}
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def run(path: Path) -> tuple[float, Any]:
    started = time.perf_counter()
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    report = process_config(ctx)
    return time.perf_counter() - started, report


def members(report: Any) -> dict[str, tuple[str, int, int]]:
    return {r.name: (r.added + r.unchanged, r.missing) for r in report.library("Movies").rows}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--rate-limit", type=int, default=20)
    parser.add_argument("--fail-rate", type=float, default=0.1)
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args()
    import logging
    logging.disable(logging.INFO)
    t0 = time.perf_counter()
    world = World(seed=11, movies=ns.movies, shows=0)
    world_s = time.perf_counter() - t0
    defs, needed = collections(world)
    legacy = sum(1 for t in world.library if t.legacy and "themoviedb" not in (t.plex_guid or ""))
    out: dict[str, Any] = {"movies": ns.movies, "collections": len(defs), "world_build_s": round(world_s, 1)}
    with PlexSim(seed=11, movies=ns.movies, shows=0, token=TOKEN, world=world) as plex, \
            MetaSim(world=world, tmdb_key=KEY) as meta:
        os.environ["KOMETA_TMDB_URL"] = meta.tmdb_url
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp) / "a", plex.url, defs)
            meta.reset_stats()
            plex.reset_stats()
            first_s, first = run(path)
            stats = meta.stats()
            finds = stats["by_endpoint"].get("GET /tmdb/3/find/{external_id}", 0)
            out.update(first_run_s=round(first_s, 2), first_tmdb_requests=stats["requests"],
                       first_per_item_lookups=finds, legacy_items_without_tmdb_guid=legacy,
                       first_object_requests=stats["requests"] - finds, distinct_objects_needed=needed,
                       first_plex_requests=plex.stats()["requests"],
                       failures=[r.name for r in first.library("Movies").rows if r.error])
            meta.reset_stats()
            plex.reset_stats()
            second_s, second = run(path)
            by = plex.stats()["by_method"]
            out.update(second_run_s=round(second_s, 2), second_tmdb_requests=meta.stats()["requests"],
                       second_plex_writes=by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0),
                       second_plex_requests=plex.stats()["requests"])
            # mapping the library's items from one listing
            from plexapi.server import PlexServer
            server = PlexServer(plex.url, TOKEN, timeout=120)
            section = server.library.section("Movies")
            snap = read_snapshot(server, int(section.key), section.title, "movie", server.machineIdentifier)
            t1 = time.perf_counter()
            idmap = IdMap.from_snapshot(snap)
            out.update(map_items=len(snap.items), map_s=round(time.perf_counter() - t1, 3),
                       mapped_from_listing=sum(len(v) for v in idmap.by_tmdb.values()),
                       needing_conversion=len(idmap.pending), unmappable=len(idmap.unmapped))
            # faults: fresh cache, rate limit and random 5xx; same collections expected
            meta.set_faults(rate_limit=ns.rate_limit, error_rate=ns.fail_rate, seed=3)
            meta.reset_stats()
            faulty_path = write(Path(tmp) / "b", plex.url, defs)
            faulty_s, faulty = run(faulty_path)
            codes = meta.stats()["by_status"]
            out.update(faults_run_s=round(faulty_s, 2), faults_429=codes.get("429", 0),
                       faults_5xx=sum(v for k, v in codes.items() if k.startswith("5")),
                       faults_same_result=members(faulty) == members(first),
                       faults_failures=[r.name for r in faulty.library("Movies").rows if r.error])
    if ns.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
