"""Benchmark: our default files on a seeded library (plexsim + metasim, one world), run twice.

Movies: basic, imdb, tmdb, trakt, genre, decade, year, studio, franchise, streaming; shows: basic,
imdb, tmdb, genre, network, streaming. Prints, for the first and the second run (same cache), wall
time, requests per service and Plex writes (the second run must write nothing), and the wall time
of ``--validate`` of the same config.

    python bench/bench_defaults.py [--movies 2000] [--shows 200] [--json]
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kometa.app.validate import validate  # noqa: E402
from kometa.config import load_config  # noqa: E402
from kometa.core.options import Options  # noqa: E402
from kometa.engine.process import RunContext, process_config  # noqa: E402
from metasim.server import MetaSim  # noqa: E402
from metasim.world import World  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"
KEY = "bench-tmdb"
MOVIES = ("basic", "imdb", "tmdb", "trakt", "genre", "decade", "year", "studio", "franchise", "streaming")
SHOWS = ("basic", "imdb", "tmdb", "genre", "network", "streaming")


def config_text(plex_url: str, meta_url: str) -> str:
    movies = "".join(f"      - default: {name}\n" for name in MOVIES)
    shows = "".join(f"      - default: {name}\n" for name in SHOWS)
    return (f"plex:\n  url: {plex_url}\n  token: {TOKEN}\ntmdb:\n  apikey: {KEY}\n  language: en\n"
            f"trakt:\n  client_id: metasim-trakt\n  client_secret: metasim-trakt-secret\n"
            f"libraries:\n  Movies:\n    collection_files:\n{movies}  TV Shows:\n    collection_files:\n{shows}")


def run(path: Path) -> tuple[float, object]:
    started = time.perf_counter()
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    return time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=2000)
    parser.add_argument("--shows", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args()
    import logging

    logging.disable(logging.INFO)
    world = World(seed=11, movies=ns.movies, shows=ns.shows)
    out: dict[str, object] = {"movies": ns.movies, "shows": ns.shows}
    with PlexSim(seed=11, movies=ns.movies, shows=ns.shows, token=TOKEN, world=world) as plex, \
            MetaSim(world=world, tmdb_key=KEY) as meta, tempfile.TemporaryDirectory() as folder:
        for name, value in (("TMDB", meta.tmdb_url), ("TRAKT", f"{meta.url}/trakt"), ("IMDB", f"{meta.url}/imdb")):
            os.environ[f"KOMETA_{name}_URL"] = value
        path = Path(folder) / "config.yml"
        path.write_text(config_text(plex.url, meta.url), encoding="utf-8")
        for label in ("first", "second"):
            meta.reset_stats()
            plex.reset_stats()
            seconds, report = run(path)
            by = plex.stats()["by_method"]
            rows = [row for lib in report.libraries for row in lib.rows]  # type: ignore[attr-defined]
            out[label] = {"seconds": round(seconds, 2), "services": dict(meta.stats()["by_service"]),
                          "plex_requests": plex.stats()["requests"],
                          "plex_writes": int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0)),
                          "collections": len(rows),
                          "created": sum(1 for r in rows if r.status == "Created")}
        started = time.perf_counter()
        code = validate(Options(config=path, validate=True), out=lambda line: None, err=lambda line: None)
        out["validate_seconds"] = round(time.perf_counter() - started, 2)
        out["validate_exit"] = code
    if ns.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
