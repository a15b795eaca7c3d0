"""Benchmark: our tool and the original Kometa, side by side, on the same config and library.

Both run as separate processes against the same simulators (a fresh plexsim, and metasim for
TMDb, from one seed for each tool), twice each: the first run creates the collections, the second
finds nothing to change. Reported per tool and run: wall time, CPU time and peak RSS of the tool's
process, requests to Plex (by method) and to TMDb. The collections each tool leaves behind
(titles and item counts) are compared, so the figures are for the same work.

The original Kometa is not installed by this project: give a checkout and a Python that has its
requirements (``python -m venv K && K/bin/pip install -r Kometa/requirements.txt``). The machine
has no internet, so ``bench/kometa_ref/sitecustomize.py`` (on Kometa's PYTHONPATH) sends TMDb
requests to metasim, answers Kometa's GitHub lookups (version, anime ids) locally and fails every
other outside address at once. Kometa's code is not changed.

    python bench/bench_vs_kometa.py --kometa /path/to/Kometa --kometa-python /path/to/venv/bin/python \\
        [--config plex|tmdb] [--movies 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402

TOKEN = "plexsim-test"  # metasim.testing's plexsim token
KOMETA_SETTINGS = {  # what Kometa would otherwise fetch from the internet or write beside the config
    "cache": False, "run_again_delay": 0, "playlist_report": False, "check_nightly": False,
    "save_report": False, "show_unmanaged": False, "show_missing": False, "minimum_items": 0,
}


def definitions(kind: str, world: Any) -> dict[str, Any]:
    if kind == "plex":
        from bench_process import collections

        return collections()
    from bench_tmdb import collections as tmdb_collections

    return tmdb_collections(world)[0]


def write_config(folder: Path, plex_url: str, tmdb_key: str, defs: dict[str, Any], kometa: bool) -> Path:
    """The same config for both tools (Kometa needs absolute file paths and extra settings that
    keep it off the internet; it also rewrites config.yml, so each run gets a fresh copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Movies.yml").write_text(yaml.safe_dump({"collections": defs}, sort_keys=False), encoding="utf-8")
    settings: dict[str, Any] = {"minimum_items": 0}
    if kometa:
        settings = dict(KOMETA_SETTINGS)
    config = {
        "libraries": {"Movies": {"collection_files": [{"file": str(folder / "Movies.yml")}]}},
        "settings": settings,
        "plex": {"url": plex_url, "token": TOKEN, "timeout": 120, "clean_bundles": False, "empty_trash": False,
                 "optimize": False},
        "tmdb": {"apikey": tmdb_key, "language": "en"},
    }
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run_process(argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> dict[str, float]:
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "exit": process.returncode}


def collections_left(plex_url: str) -> dict[str, int]:
    from plexapi.server import PlexServer

    section = PlexServer(plex_url, TOKEN).library.section("Movies")
    return {c.title: c.childCount for c in section.collections()}


def measure(tool: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    pair = _sims(args)
    try:
        defs = definitions(args.config, pair.world)
        env = dict(os.environ)
        if tool == "kometa":
            env["PYTHONPATH"] = str(HERE / "kometa_ref")
            env["KOMETA_REF_TMDB"] = pair.meta.tmdb_url.rsplit("/3", 1)[0]
            argv_base = [args.kometa_python, str(Path(args.kometa) / "kometa.py")]
            cwd = Path(args.kometa)
        else:
            env["PYTHONPATH"] = str(HERE.parent / "src")
            env["KOMETA_TMDB_URL"] = pair.meta.tmdb_url
            argv_base = [sys.executable, "-m", "kometa"]
            cwd = folder
        runs = []
        for number in (1, 2):
            path = write_config(folder / tool, pair.plex.url, pair.meta.tmdb_key, defs, tool == "kometa")
            pair.plex.reset_stats()
            pair.meta.reset_stats()
            result = run_process([*argv_base, "--config", str(path), "--run"], env, cwd,
                                 folder / f"{tool}-run{number}.log")
            plex, meta = pair.plex.stats(), pair.meta.stats()
            result.update(plex_requests=plex["requests"], plex_by_method=dict(plex["by_method"]),
                          tmdb_requests=int(meta["by_service"].get("tmdb", 0)))
            runs.append(result)
            if number == 1:
                left = collections_left(pair.plex.url)
        return {"runs": runs, "collections": left}
    finally:
        pair.meta.stop()
        pair.plex.stop()


def _sims(args: argparse.Namespace) -> Any:
    """plex: bench_process's generated library (its genres and studios); tmdb: one world for both
    plexsim and metasim. Kometa always needs a TMDb key it can check, so metasim runs for both."""
    from metasim.testing import Paired, start_pair

    if args.config == "tmdb":
        return start_pair(seed=args.seed, movies=args.movies, shows=1)
    from metasim.server import MetaSim
    from metasim.world import World
    from plexsim.server import PlexSim

    world = World(seed=args.seed, movies=50, shows=1)
    return Paired(plex=PlexSim(movies=args.movies, shows=1, seed=1, token=TOKEN).start(),
                  meta=MetaSim(world=world, tmdb_key="bench-tmdb").start(), world=world)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kometa", required=True, help="a checkout of Kometa (the folder with kometa.py)")
    parser.add_argument("--kometa-python", required=True, help="a Python with Kometa's requirements")
    parser.add_argument("--config", choices=("plex", "tmdb"), default="plex",
                        help="plex: bench_process's 50 Plex-only collections; tmdb: bench_tmdb's 50 TMDb ones")
    parser.add_argument("--movies", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", help="keep configs and logs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.keep or temp)
        found = {tool: measure(tool, args, folder) for tool in ("ours", "kometa")}
    same = found["ours"]["collections"] == found["kometa"]["collections"]
    if args.json:
        print(json.dumps({"args": vars(args), "same_collections": same, **found}, indent=2))
        return 0
    print(f"{args.config} config, {args.movies} movies (seed {args.seed}); collections after run 1 "
          f"{'identical' if same else 'DIFFER'} ({len(found['ours']['collections'])} ours, "
          f"{len(found['kometa']['collections'])} Kometa)")
    if not same:
        ours, theirs = found["ours"]["collections"], found["kometa"]["collections"]
        for title in sorted(set(ours) | set(theirs)):
            if ours.get(title) != theirs.get(title):
                print(f"  {title}: ours {ours.get(title)}, Kometa {theirs.get(title)}")
    print(f"{'tool':8} {'run':>3} {'wall s':>8} {'CPU s':>7} {'RSS MB':>7} {'Plex req':>9} {'writes':>7} "
          f"{'TMDb req':>9} exit")
    for tool in ("ours", "kometa"):
        for number, r in enumerate(found[tool]["runs"], 1):
            writes = sum(v for k, v in r["plex_by_method"].items() if k != "GET")
            print(f"{tool:8} {number:>3} {r['seconds']:8.2f} {r['cpu']:7.2f} {r['rss_mb']:7.1f} "
                  f"{r['plex_requests']:9d} {writes:7d} {r['tmdb_requests']:9d} {r['exit']}")
    for number in (0, 1):
        k, o = found["kometa"]["runs"][number], found["ours"]["runs"][number]
        print(f"run {number + 1}: Kometa / ours: wall {k['seconds'] / o['seconds']:.1f}x, Plex requests "
              f"{k['plex_requests'] / max(1, o['plex_requests']):.1f}x, peak RSS {k['rss_mb'] / o['rss_mb']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
