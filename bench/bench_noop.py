"""Benchmark: a no-op run of 5,000 collection definitions on 10,000 movies (plexsim).

Every definition is built (its searches and filters evaluated against the library snapshot) with
``build_collection: false``, so the run writes nothing: its cost is reading the library once plus
evaluating 5,000 searches. Prints wall time and Plex requests; ``--scan`` also times the same run
with the snapshot index switched off (every item tested for every search, the engine before).

    python bench/bench_noop.py [--movies 10000] [--collections 5000] [--scan]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from bench_process import TOKEN, run_once  # noqa: E402

from plexsim.fixtures import GENRES, STUDIOS  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402


def definitions(count: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    decades = list(range(1930, 2030, 10))
    ratings = ["G", "PG", "PG-13", "R", "NR"]
    index = 0
    while len(found) < count:
        genre = GENRES[index % len(GENRES)]
        decade = decades[(index // len(GENRES)) % len(decades)]
        style = index % 5
        name = f"{genre} {decade}s {index}"
        if style == 0:
            body: dict[str, Any] = {"plex_search": {"all": {"genre": genre, "decade": decade}}}
        elif style == 1:
            body = {"plex_search": {"any": {"genre": [genre, GENRES[(index + 3) % len(GENRES)]]}},
                    "filters": {"year.gte": decade}}
        elif style == 2:
            body = {"plex_search": {"all": {"studio": STUDIOS[index % len(STUDIOS)],
                                            "content_rating": ratings[index % len(ratings)]}}}
        elif style == 3:
            body = {"plex_search": {"all": {"genre": genre, "year.gte": decade, "critic_rating.gte": 6}},
                    "filters": {"duration.gte": 60}}
        else:
            body = {"genre": genre, "decade": decade}
        body["build_collection"] = False
        found[name] = body
        index += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--collections", type=int, default=5000)
    parser.add_argument("--scan", action="store_true", help="also time it without the snapshot index")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, PlexSim(movies=args.movies, shows=1, seed=1, token=TOKEN) as sim:
        path = Path(folder) / "config.yml"
        (Path(folder) / "Movies.yml").write_text(
            yaml.safe_dump({"collections": definitions(args.collections)}, sort_keys=False), encoding="utf-8")
        path.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\n"
                        f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
        modes = [("indexed", False)] + ([("scan (no index)", True)] if args.scan else [])
        for label, scan in modes:
            if scan:
                from kometa.sources.index import SnapshotIndex

                SnapshotIndex.candidates = lambda self, node: None  # type: ignore[method-assign]
            sim.reset_stats()
            cpu = time.process_time()
            seconds = run_once(path)
            cpu = time.process_time() - cpu
            stats = sim.stats()
            print(f"{args.collections} collections on {args.movies} movies, {label}: {seconds:.2f} s wall "
                  f"({cpu:.2f} s CPU incl. the in-process plexsim), {stats['requests']} requests "
                  f"{dict(stats['by_method'])}")


if __name__ == "__main__":
    main()
