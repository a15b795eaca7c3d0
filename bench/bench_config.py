"""Benchmark: ``kometa --validate`` of a large collection file (5,000 definitions, ~560 KB).

Generates (fixed seed) a config with one library whose collection file holds 5,000 definitions in
the styles real files use (template calls with variables, plex_search with filters, smart_filter,
schedules, labels, sort titles), then times whole ``kometa --validate`` processes (median of 3) and,
in-process, where the time goes (YAML load, template expansion, definition checks).

    python bench/bench_config.py [--definitions 5000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

GENRES = ["Action", "Comedy", "Drama", "Horror", "Thriller", "Romance", "Animation", "Documentary", "Family",
          "Fantasy", "Science Fiction", "Mystery", "Crime", "War", "Western", "Music", "History", "Adventure"]


def collection_file(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = ["templates:", "  Genre:", "    default:", "      order: alpha", "    optional:", "      - poster",
             "    plex_search:", "      all:", "        genre: <<genre>>", "        year.gte: <<year>>",
             "      sort_by: critic_rating.desc", "      limit: <<limit>>",
             "    url_poster: <<poster>>", "    sort_title: '!<<collection_name>>'", "    collection_order: <<order>>",
             "    summary: <<collection_name>> since <<year>>, from <<library_name>>", "    sync_mode: sync",
             "    label: Genre Collections", "", "collections:"]
    for index in range(count):
        genre = rng.choice(GENRES)
        name = f"{genre} {index:05d}"
        style = index % 4
        lines.append(f"  {name}:")
        if style == 0:
            lines += [f"    template: {{name: Genre, genre: {genre}, year: {rng.randint(1950, 2020)}, "
                      f"limit: {rng.randint(10, 200)}}}"]
            if rng.random() < 0.3:
                lines.append(f"    url_poster: https://img.example.com/{index:05d}.jpg")
        elif style == 1:
            lines += ["    plex_search:", f"      any: {{genre: [{genre}, {rng.choice(GENRES)}]}}",
                      f"    filters: {{critic_rating.gte: {rng.randint(5, 8)}}}", "    collection_order: release",
                      "    schedule: weekly(sunday)"]
        elif style == 2:
            lines += ["    smart_filter:", f"      all: {{genre: {genre}, year.gte: {rng.randint(1950, 2020)}}}",
                      "      sort_by: year.desc", f"    sort_title: '~{name}'"]
        else:
            lines += ["    plex_all: true", f"    filters: {{genre: {genre}, year: {rng.randint(1950, 2020)}}}",
                      "    label: [Kometa, Decades]", "    sync_mode: sync"]
    return "\n".join(lines) + "\n"


def write_inputs(folder: Path, count: int) -> tuple[Path, int]:
    movies = folder / "Movies.yml"
    movies.write_text(collection_file(count))
    config = folder / "config.yml"
    config.write_text("libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n"
                      "plex:\n  url: http://127.0.0.1:32400\n  token: bench\n")
    return config, movies.stat().st_size


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    after = os.times()
    wall = time.perf_counter() - start
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, proc.returncode


def phases(config: Path) -> dict[str, float]:
    """In-process: seconds spent loading YAML, expanding definitions, checking them."""
    from kometa.app.validate_definitions import check_definitions
    from kometa.config import load_config
    from kometa.config.definitions import load_definitions
    from kometa.config.files import DocumentCache
    from kometa.config.problems import Problems
    from kometa.core.options import Options

    loaded = load_config(config)
    library = loaded.libraries["Movies"]
    cache = DocumentCache()
    t0 = time.process_time()
    cache.load(library.collection_files[0], loaded.directory)
    t1 = time.process_time()
    found = load_definitions(loaded, library, Options(config), load=cache.load)
    t2 = time.process_time()
    problems = Problems(collect=True)
    check_definitions(found, library.settings, None, problems)
    t3 = time.process_time()
    assert not problems.errors, problems.errors[:3]
    from ruamel.yaml import YAML

    text = Path(library.collection_files[0].location if Path(library.collection_files[0].location).is_absolute()
                else loaded.directory / library.collection_files[0].location).read_text()
    c0 = time.process_time()
    YAML(typ="rt").load(text)
    c1 = time.process_time()
    return {"CPU: yaml load (libyaml)": t1 - t0, "template expansion": t2 - t1, "definition checks": t3 - t2,
            "for comparison: ruamel round-trip load of the same file (the loader before), CPU": c1 - c0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--definitions", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config, size = write_inputs(Path(tmp), args.definitions)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "KOMETA_INSTALL_DIR": tmp}
        command = [sys.executable, "-m", "kometa", "--validate", "--config", str(config)]
        runs = [timed(command, env) for _ in range(3)]
        assert all(code == 0 for _, _, code in runs), runs
        print(f"file: {args.definitions} definitions, {size / 1024:.0f} KB")
        print(f"kometa --validate: wall median {statistics.median(r[0] for r in runs):.2f} s "
              f"(runs {', '.join(f'{r[0]:.2f}' for r in runs)}), cpu median {statistics.median(r[1] for r in runs):.2f} s")
        for name, seconds in phases(config).items():
            print(f"  {name}: {seconds:.2f} s")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(phases, config)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
