"""Benchmark: the demo-shaped config on a large library (issue 15).

The config of ``kometa demo`` — our ``basic``, ``imdb`` and ``tmdb`` collection defaults, the demo's
own template, smart and dynamic collections, a TMDb franchise and discover, the ``resolution``,
``ribbon`` and ``ratings`` overlay defaults, a playlist — on a Movies library and (the same defaults,
show variants) a TV Shows library, against plexsim and metasim (TMDb, IMDb) drawn from one seeded
world. Two runs, each its own ``kometa`` process (so its peak memory is its own), with the
persistent cache kept between them as a user's would be:

1. first run: collections created, every poster backed up, rendered and uploaded;
2. second run, nothing changed: must write nothing to Plex (0 PUT/POST/DELETE) and render nothing.

Figures per run: wall time, requests per service (plexsim's and metasim's counters), Plex writes,
posters rendered, peak RSS of the run process and of its largest render worker.

    python bench/bench_demo.py [--movies 10000] [--shows 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from kometa.app.demo import DEMO_TMDB_KEY, DEMO_TOKEN, demo_services, franchise_id, write_demo_files  # noqa: E402

SEED = 7


def shows_library(movies: dict[str, Any]) -> dict[str, Any]:
    """The TV Shows library: the same defaults (their show variants) and overlay defaults."""
    return {"collection_files": [entry for entry in movies["collection_files"] if "default" in entry],
            "overlay_files": movies["overlay_files"]}


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). Not ``ru_maxrss``: Linux carries that across exec, so a
    run started by a big parent (here the one holding both simulators and every uploaded poster)
    would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(config: str) -> None:
    """One run in this process; prints its figures as JSON."""
    from datetime import datetime

    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config

    started = time.monotonic()
    path = Path(config)
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    report = process_config(ctx)
    seconds = time.monotonic() - started
    rows = {name: report.library(name).rows for name in ("Movies", "TV Shows")}
    overlays = {name: next((r for r in found if r.name == "overlays"), None) for name, found in rows.items()}
    failed = [f"{name}: {r.name}: {r.error}" for name, found in rows.items() for r in found if r.error]
    print(json.dumps({
        "seconds": seconds,
        "overlays": {name: {"uploaded": r.added, "unchanged": r.unchanged, "note": r.note} if r else None
                     for name, r in overlays.items()},
        "collections": {name: sum(1 for r in found if r.kind == "collection") for name, found in rows.items()},
        "failed_rows": failed[:10], "failed_count": len(failed),
        "peak_rss_mb": peak_rss_mb(),
        # render workers are forked from this process: their ru_maxrss starts from its size at the fork
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def run(plex: Any, meta: Any, config: Path) -> dict[str, Any]:
    plex.reset_stats()
    meta.reset_stats()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOMETA_", "PMM_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), KOMETA_TMDB_URL=meta.tmdb_url, KOMETA_IMDB_URL=f"{meta.url}/imdb",
               KOMETA_TRAKT_URL=f"{meta.url}/trakt",
               **demo_services(meta.url))
    wall = time.monotonic()
    out = subprocess.run([sys.executable, __file__, "--child", str(config)], capture_output=True, text=True,
                         env=env, check=False)
    wall = time.monotonic() - wall
    if out.returncode != 0:
        raise SystemExit(f"child run failed: {out.stderr[-3000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    by_method = plex.stats()["by_method"]
    figures["wall_seconds"] = wall
    figures["plex_requests"] = sum(by_method.values())
    figures["plex_writes"] = sum(by_method.get(m, 0) for m in ("PUT", "POST", "DELETE"))
    figures["plex_by_method"] = dict(by_method)
    figures["metasim_by_service"] = dict(meta.stats()["by_service"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--shows", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    from metasim.server import MetaSim
    from metasim.world import World
    from plexsim.server import PlexSim

    built = time.monotonic()
    world = World(seed=SEED, movies=args.movies, shows=args.shows)
    with tempfile.TemporaryDirectory() as tmp, \
            PlexSim(movies=args.movies, shows=args.shows, seed=SEED, token=DEMO_TOKEN, world=world) as plex, \
            MetaSim(world=world, tmdb_key=DEMO_TMDB_KEY) as meta:
        setup = time.monotonic() - built
        folder = Path(tmp)
        config = write_demo_files(folder, plex.url, DEMO_TOKEN, franchise_id(world))
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["libraries"]["TV Shows"] = shows_library(data["libraries"]["Movies"])
        config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        first = run(plex, meta, config)
        second = run(plex, meta, config)
    results = {"movies": args.movies, "shows": args.shows, "cores": os.cpu_count(), "setup_seconds": setup,
               "load": os.getloadavg()[0], "first": first, "second": second}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.movies} movies, {args.shows} shows, {os.cpu_count()} cores, load {results['load']:.1f} "
          f"(simulators built in {setup:.0f} s)")
    for name in ("first", "second"):
        f = results[name]
        posters = {lib: (o or {}).get("uploaded") for lib, o in f["overlays"].items()}
        print(f"{name:7} {f['wall_seconds']:7.1f} s  plex {f['plex_requests']:6} requests ({f['plex_writes']} writes)  "
              f"metasim {f['metasim_by_service']}  posters uploaded {posters}  peak RSS {f['peak_rss_mb']:.0f} MB "
              f"(largest worker {f['worker_peak_rss_mb']:.0f} MB)  failed rows {f['failed_count']}")


if __name__ == "__main__":
    main()
