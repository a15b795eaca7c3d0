"""Benchmark: library operations on plexsim with 10,000 movies.

``mass_user_rating_update`` (a Plex-side source: the ratings Plex's agent stored, ``plex_imdb``,
with a literal fallback), ``mass_audience_rating_update`` (a literal) and ``mass_genre_update`` (a
literal genre list), run twice: the first run changes most items, the second changes nothing. Prints
wall time and Plex requests of each run, next to the bound: one multi-item edit per distinct value
per batch of ``plex_bulk_edit_batch_size`` items; ``assets_for_all`` with 1,000 asset folders (one
upload per new poster). TMDb-backed sources are measured by their tests, not here.

``--imdb``: the issue's set with an online source, on plexsim and metasim sharing one world:
``mass_critic_rating_update: [imdb, 5.0]`` and ``mass_genre_update: [imdb, [Unknown]]`` (both read
IMDb's daily datasets, downloaded once) plus ``assets_for_all`` with 1,000 asset folders. Prints the
IMDb requests too (the second run must send none: today's datasets are kept).

``--csm``: ``mass_content_rating_update: [plex_csm0, NR]`` alone (the Common Sense ages Plex lists only
on item pages): prints the page reads (100 items per request on the first run, none on the second:
the ages are cached by guid).

    python bench/bench_operations.py [--movies 10000] [--imdb | --csm] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kometa.config import load_config  # noqa: E402
from kometa.core.options import Options  # noqa: E402
from kometa.engine.process import RunContext, process_config  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"
BATCH = 100
OPERATIONS = """    operations:
      mass_user_rating_update: [plex_imdb, 5.0]
      mass_audience_rating_update: 6.5
      mass_genre_update: [[Drama, Documentary]]
      assets_for_all: true
      plex_bulk_edit_batch_size: 100
"""
IMDB_OPERATIONS = """    operations:
      mass_critic_rating_update: [imdb, 5.0]
      mass_genre_update: [imdb, [Unknown]]
      assets_for_all: true
      plex_bulk_edit_batch_size: 100
"""
CSM_OPERATIONS = """    operations:
      mass_content_rating_update: [plex_csm0, NR]
"""
ASSET_FOLDERS = 1000


def run_once(path: Path) -> tuple[float, dict[str, int]]:
    options = Options(config=path, run=True)
    ctx = RunContext(config=load_config(path), options=options, moment=datetime.now().astimezone())
    started = time.perf_counter()
    report = process_config(ctx)
    seconds = time.perf_counter() - started
    errors = [(r.name, r.error) for lib in report.libraries for r in lib.rows if r.error]
    if errors or any(lib.result == "failed" for lib in report.libraries):
        raise SystemExit(f"run failed: {errors} {[lib.message for lib in report.libraries]}")
    return seconds, {r.name: r.added for lib in report.libraries for r in lib.rows}


def servers(args: argparse.Namespace) -> tuple[Any, Any]:
    """plexsim alone, or (``--imdb``) plexsim and metasim on one world with the IMDb URLs set."""
    if not args.imdb:
        return PlexSim(movies=args.movies, shows=1, seed=7, token=TOKEN).start(), None
    import os

    from metasim.server import MetaSim
    from metasim.world import World
    world = World(seed=7, movies=args.movies, shows=1)
    sim = PlexSim(seed=7, movies=args.movies, shows=1, token=TOKEN, world=world).start()
    meta = MetaSim(world=world).start()
    os.environ["KOMETA_IMDB_DATASETS_URL"] = f"{meta.url}/imdb/datasets"
    os.environ["KOMETA_IMDB_URL"] = f"{meta.url}/imdb"
    return sim, meta


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--imdb", action="store_true", help="critic ratings and genres from IMDb (metasim)")
    parser.add_argument("--csm", action="store_true", help="content ratings from Plex's Common Sense ages (item pages)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sim, meta = servers(args)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            measure(args, sim, meta, Path(tmp))
    finally:
        sim.stop()
        if meta is not None:
            meta.stop()


def measure(args: argparse.Namespace, sim: Any, meta: Any, folder: Path) -> None:
    (folder / "Movies.yml").write_text("collections: {}\n", encoding="utf-8")
    (folder / "config.yml").write_text(
        f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Movies:\n    collection_files:\n"
        f"      - file: Movies.yml\n{IMDB_OPERATIONS if args.imdb else CSM_OPERATIONS if args.csm else OPERATIONS}",
        encoding="utf-8")
    import requests

    if not args.imdb:
        requests.put(f"{sim.url}/library/sections/1/all?type=1&ratingImage.value=imdb%3A%2F%2Fimage.rating",
                     headers={"X-Plex-Token": TOKEN}, timeout=60).raise_for_status()
    listing = requests.get(f"{sim.url}/library/sections/1/all?type=1", headers={"X-Plex-Token": TOKEN},
                           timeout=120).text
    folders = list(dict.fromkeys(PurePosixPath(f).parent.name for f in re.findall(r' file="(/[^"]+)"', listing)))
    for index, name in enumerate(folders[:ASSET_FOLDERS]):
        (folder / "assets" / name).mkdir(parents=True)
        (folder / "assets" / name / "poster.jpg").write_bytes(f"poster {index}".encode())
    store = sim.store
    items = [i for i in store.section_items(1, "movie")]
    distinct_critic = len({round(float(i.attrs["rating"]), 1) for i in items if i.attrs.get("rating") is not None})
    results: dict[str, Any] = {"movies": args.movies}
    for label in ("first", "second"):
        sim.reset_stats()
        if meta is not None:
            meta.reset_stats()
        seconds, changed = run_once(folder / "config.yml")
        stats = sim.stats()
        by = stats["by_method"]
        genre_writes = sum(1 for r in sim.request_log() if r["method"] == "PUT" and "genre" in str(r))
        results[label] = {"genre_writes": genre_writes, "seconds": round(seconds, 2), "requests": stats["requests"],
                          "reads": int(by.get("GET", 0)),
                          "writes": int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0)),
                          "changed": changed}
        if meta is not None:
            results[label]["imdb_requests"] = meta.stats()["requests"]
        results[label]["page_reads"] = sum(1 for r in sim.request_log(100000) if r["method"] == "GET"
                                           and r["path"].startswith("/library/metadata/"))
    if args.csm:
        counts: dict[str, int] = {}
        for item in store.section_items(1, "movie"):
            csm = item.extra.get("common_sense")
            value = f"{int(csm['ratings'][0]['age']):02d}" if csm else "NR"
            if item.attrs.get("contentRating") == value:
                counts[value] = counts.get(value, 0) + 1
        results["csm_write_bound"] = sum(math.ceil(n / BATCH) for n in counts.values())
        results["csm_page_read_bound"] = math.ceil(len(items) / BATCH)
        if args.json:
            print(json.dumps(results, indent=2))
            return
        for label in ("first", "second"):
            r = results[label]
            print(f"{label} run: {r['seconds']} s, {r['requests']} requests ({r['reads']} reads of which "
                  f"{r['page_reads']} item-page reads, {r['writes']} writes), changed {r['changed']}")
        print(f"bounds: page reads {results['csm_page_read_bound']} (100 per request), writes "
              f"{results['csm_write_bound']} (one per value per batch of 100)")
        return
    first = results["first"]["changed"]
    if args.imdb:
        critic = {round(float(i.attrs["rating"]), 1) for i in store.section_items(1, "movie")
                  if i.attrs.get("rating") is not None}
        bound = math.ceil(first["mass_critic_rating_update"] / BATCH) + len(critic) + first["assets_for_all"]
    else:
        bound = (math.ceil(first["mass_audience_rating_update"] / BATCH) + distinct_critic
                 + math.ceil(first["mass_user_rating_update"] / BATCH) + first["assets_for_all"])
    results["first_write_bound"] = bound
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for label in ("first", "second"):
        r = results[label]
        online = f", {r['imdb_requests']} IMDb requests" if "imdb_requests" in r else ""
        print(f"{label} run: {r['seconds']} s, {r['requests']} requests ({r['reads']} reads, {r['writes']} writes)"
              f"{online}, changed {r['changed']}")
    print(f"first-run rating + upload write bound (distinct values + batches + new assets): {bound}; genre edits (one per genre "
          f"name added or removed per batch): {results['first']['genre_writes']}")


if __name__ == "__main__":
    main()
