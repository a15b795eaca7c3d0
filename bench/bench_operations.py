"""Benchmark: library operations on plexsim with 10,000 movies.

``mass_user_rating_update`` (a Plex-side source: the ratings Plex's agent stored, ``plex_imdb``,
with a literal fallback), ``mass_audience_rating_update`` (a literal) and ``mass_genre_update`` (a
literal genre list), run twice: the first run changes most items, the second changes nothing. Prints
wall time and Plex requests of each run, next to the bound: one multi-item edit per distinct value
per batch of ``plex_bulk_edit_batch_size`` items; ``assets_for_all`` with 1,000 asset folders (one
upload per new poster). TMDb-backed sources are measured by their tests, not here.

    python bench/bench_operations.py [--movies 10000] [--json]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, PlexSim(movies=args.movies, shows=1, seed=7, token=TOKEN) as sim:
        folder = Path(tmp)
        (folder / "Movies.yml").write_text("collections: {}\n", encoding="utf-8")
        (folder / "config.yml").write_text(
            f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Movies:\n    collection_files:\n"
            f"      - file: Movies.yml\n{OPERATIONS}", encoding="utf-8")
        import requests

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
            seconds, changed = run_once(folder / "config.yml")
            stats = sim.stats()
            by = stats["by_method"]
            genre_writes = sum(1 for r in sim.request_log() if r["method"] == "PUT" and "genre" in str(r))
            results[label] = {"genre_writes": genre_writes, "seconds": round(seconds, 2), "requests": stats["requests"],
                              "reads": int(by.get("GET", 0)),
                              "writes": int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0)),
                              "changed": changed}
        first = results["first"]["changed"]
        bound = (math.ceil(first["mass_audience_rating_update"] / BATCH) + distinct_critic
                 + math.ceil(first["mass_user_rating_update"] / BATCH) + first["assets_for_all"])
        results["first_write_bound"] = bound
        if args.json:
            print(json.dumps(results, indent=2))
            return
        for label in ("first", "second"):
            r = results[label]
            print(f"{label} run: {r['seconds']} s, {r['requests']} requests ({r['reads']} reads, {r['writes']} writes),"
                  f" changed {r['changed']}")
        print(f"first-run rating + upload write bound (distinct values + batches + new assets): {bound}; genre edits (one per genre "
              f"name added or removed per batch): {results['first']['genre_writes']}")


if __name__ == "__main__":
    main()
