"""Benchmark: collections engine on plexsim with 10,000 movies and 50 mixed collections.

Runs the same config twice (first run creates everything, second run changes nothing) and prints
wall time and Plex requests of each, next to the minimum a run needs: one item listing per library
(plus the collections listing) and the writes the differences require.

    python bench/bench_process.py [--movies 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
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
from kometa.plex.transport import CHUNK  # noqa: E402
from plexsim.fixtures import GENRES, STUDIOS  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"


def collections() -> dict[str, Any]:
    """50 definitions: plex_search (with and without filters, sorts, limits, custom order), plex_all
    with filters, plex_collectionless, smart_filter and smart_label."""
    c: dict[str, Any] = {}
    for index, genre in enumerate(GENRES):  # 20
        body: dict[str, Any] = {"plex_search": {"all": {"genre": genre}}, "sync_mode": "sync"}
        if index % 4 == 1:
            body["filters"] = {"year.gte": 1990}
        if index % 4 == 2:
            body["plex_search"]["sort_by"] = "critic_rating.desc"
            body["plex_search"]["limit"] = 100
            body["collection_order"] = "custom"
        if index % 4 == 3:
            body["filters"] = [{"critic_rating.gte": 7}, {"audience_rating.gte": 8}]
            body["summary"] = f"Well rated {genre} movies"
        c[f"{genre} Movies"] = body
    for decade in range(1930, 2030, 10):  # 10
        c[f"Best of the {decade}s"] = {"plex_search": {"all": {"decade": decade}}, "collection_order": "release",
                                       "sort_title": f"!{decade}"}
    for rating in ("G", "PG", "PG-13", "R", "NR"):  # 5
        c[f"Rated {rating}"] = {"plex_search": {"any": {"content_rating": rating}}, "collection_mode": "hide_items",
                                "filters": {"duration.gte": 60}}
    for studio in STUDIOS[:5]:  # 5
        c[f"{studio} Collection"] = {"plex_search": {"all": {"studio.is": studio}},
                                     "filters": {"title.not": "the"}, "label": "Studios"}
    for index, genre in enumerate(GENRES[:5]):  # 5
        c[f"Smart {genre}"] = {"smart_filter": {"all": {"genre": genre, "year.gte": 2000 + index},
                                                "sort_by": "year.desc"}}
    for genre in GENRES[5:8]:  # 3
        c[f"Labelled {genre}"] = {"plex_search": {"all": {"genre": genre, "unplayed": True}},
                                  "smart_label": "title.asc", "sync_mode": "sync"}
    c["Top Rated"] = {"plex_all": True, "filters": {"critic_rating.gte": 9.5}, "collection_order": "critic_rating.desc"}
    c["Uncollected"] = {"plex_collectionless": {"exclude_prefix": ["!", "Best of", "Rated", *GENRES[:10]]}}
    assert len(c) == 50, len(c)
    return c


def run_once(path: Path) -> float:
    options = Options(config=path, run=True)
    ctx = RunContext(config=load_config(path), options=options, moment=datetime.now().astimezone())
    started = time.perf_counter()
    report = process_config(ctx)
    seconds = time.perf_counter() - started
    errors = [(r.name, r.error) for lib in report.libraries for r in lib.rows if r.error and r.status != "Ignored"]
    if errors:
        raise SystemExit(f"bench config produced errors: {errors[:3]}")
    return seconds


def minimum_first_run(sim: PlexSim, definitions: dict[str, Any]) -> int:
    """Listings (items + collections) plus, per created collection, the item-carrying requests
    (one per CHUNK ids, smart: one), one edit for labels/summary/sort title, one prefs request when a
    mode or order is set, and smart_label's item label edits."""
    from plexapi.server import PlexServer

    section = PlexServer(sim.url, TOKEN).library.section("Movies")
    by_title = {col.title: col for col in section.collections()}
    total = 2
    for name, body in definitions.items():
        col = by_title.get(name)
        if col is None:
            continue
        total += 1 if col.smart else max(1, math.ceil(col.childCount / CHUNK))
        total += 1  # the managed-by label (+ summary, sort title, labels in the same request)
        if "collection_mode" in body or "plex_collectionless" in body or \
                body.get("collection_order", "release") != "release":
            total += 1  # one prefs request (release order is Plex's default)
        if "smart_label" in body:
            total += max(1, math.ceil(len(section.search(label=name)) / CHUNK))
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--log", action="store_true", help="print the second run's requests")
    args = parser.parse_args()
    definitions = collections()
    with tempfile.TemporaryDirectory() as folder, PlexSim(movies=args.movies, shows=1, seed=1, token=TOKEN) as sim:
        path = Path(folder) / "config.yml"
        (Path(folder) / "Movies.yml").write_text(yaml.safe_dump({"collections": definitions}, sort_keys=False), encoding="utf-8")
        path.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\n"
                        f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
        results: dict[str, Any] = {"movies": args.movies, "collections": len(definitions)}
        for label in ("first", "second"):
            sim.reset_stats()
            seconds = run_once(path)
            if label == "second" and args.log:
                for entry in sim.request_log():
                    print(entry["method"], entry["path"], entry["query"][:80], entry["query"][-120:])
            stats = sim.stats()
            by = stats["by_method"]
            writes = by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0)
            results[label] = {"seconds": round(seconds, 2), "requests": stats["requests"], "reads": by.get("GET", 0),
                              "writes": writes, "by_endpoint": stats["by_endpoint"]}
        minimum = minimum_first_run(sim, definitions)
        from plexapi.server import PlexServer

        from kometa.plex.snapshot import read_snapshot

        server = PlexServer(sim.url, TOKEN)
        started = time.perf_counter()
        read_snapshot(server, 1, "Movies", "movie", server.machineIdentifier)
        results["snapshot_seconds"] = round(time.perf_counter() - started, 2)
        results["first"]["minimum"] = minimum
        results["first"]["ratio"] = round(results["first"]["requests"] / minimum, 2)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{args.movies} movies, {len(definitions)} collections; reading the library once "
          f"(items + collections listings): {results['snapshot_seconds']:.2f} s")
    for label in ("first", "second"):
        r = results[label]
        extra = f", minimum {r['minimum']} (ratio {r['ratio']})" if "minimum" in r else ""
        print(f"{label:6} run: {r['seconds']:6.2f} s  requests {r['requests']} (reads {r['reads']}, "
              f"writes {r['writes']}){extra}")
        for endpoint, count in r["by_endpoint"].items():
            print(f"         {count:5}  {endpoint}")


if __name__ == "__main__":
    main()
