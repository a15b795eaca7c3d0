"""Benchmark: our tool and the original Kometa, side by side, on the same config and library.

Both run as separate processes against the same simulators (a fresh plexsim, and metasim for
TMDb and IMDb, from one seed for each tool), twice each: the first run does the work, the second
finds nothing to change. Reported per tool and run: wall time, CPU time and peak RSS of the tool's
process, requests to Plex (all, per-item ``/library/metadata/N...`` ones, writes, multi-item edits,
poster uploads) and to TMDb and IMDb. What each tool leaves in Plex after its first run is
compared (collections and their sizes; genres and ratings; ``Overlay`` labels and a few posters'
pixels; new posters), so the figures are for the same work. The configs (``--config``) are in
``vs_kometa_kinds.py``: the same YAML for both tools.

The original Kometa is not installed by this project: give a checkout and a Python that has its
requirements (``python -m venv K && K/bin/pip install -r Kometa/requirements.txt``). The machine
has no internet, so ``bench/kometa_ref/sitecustomize.py`` (on Kometa's PYTHONPATH) sends TMDb
requests and IMDb dataset downloads to metasim, answers Kometa's GitHub lookups (version, anime
ids) locally and fails every other outside address at once. Kometa's code is not changed.

    python bench/bench_vs_kometa.py --kometa /path/to/Kometa --kometa-python /path/to/venv/bin/python \\
        [--config plex|tmdb|ops|overlays|assets] [--movies N] [--only ours|kometa] [--json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
from vs_kometa_kinds import KINDS, TOKEN, Kind, start  # noqa: E402

KOMETA_SETTINGS = {  # what Kometa would otherwise fetch from the internet or write beside the config
    "cache": False, "run_again_delay": 0, "playlist_report": False, "check_nightly": False,
    "save_report": False, "show_unmanaged": False, "show_missing": False, "minimum_items": 0,
}


def write_config(folder: Path, kind: Kind, pair: Any, kometa: bool, batch_size: int | None = None) -> Path:
    """The same config for both tools (Kometa needs absolute file paths and extra settings that
    keep it off the internet; it also rewrites config.yml, so each run gets a fresh copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {"minimum_items": 0, **kind.settings(folder)}
    if kometa:
        settings = {**KOMETA_SETTINGS, **settings, **kind.kometa_settings}
    library = kind.library(folder, pair)
    if batch_size and "operations" in library:
        library["operations"]["plex_bulk_edit_batch_size"] = batch_size
    config = {
        "libraries": {"Movies": library},
        "settings": settings,
        "plex": {"url": pair.plex.url, "token": TOKEN, "timeout": 120, "clean_bundles": False, "empty_trash": False,
                 "optimize": False},
        "tmdb": {"apikey": pair.meta.tmdb_key, "language": "en"},
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


def plex_counts(pair: Any) -> dict[str, Any]:
    """Requests plexsim saw in one run: by method, per-item ones (``/library/metadata/N...``) and
    poster uploads (POST or PUT of ``/library/metadata/N/posters``)."""
    log = pair.plex.request_log()
    stats = pair.plex.stats()
    items = [e for e in log if e["path"].startswith("/library/metadata/")]
    return {"plex_requests": stats["requests"], "plex_by_method": dict(stats["by_method"]),
            "per_item_requests": len(items),
            "poster_uploads": sum(1 for e in items if e["method"] == "POST" and e["path"].endswith("/posters")),
            "edit_requests": sum(1 for e in log if e["method"] == "PUT" and e["path"].endswith("/all")),
            "by_endpoint": dict(stats["by_endpoint"])}


def measure(tool: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    kind = KINDS[args.config]
    pair = start(kind, args.seed, args.movies)
    try:
        home = folder / tool
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        prepared = kind.prepare(home, pair)
        env = dict(os.environ)
        meta_root = pair.meta.url
        if tool == "kometa":
            env["PYTHONPATH"] = str(HERE / "kometa_ref")
            env["KOMETA_REF_TMDB"] = pair.meta.tmdb_url.rsplit("/3", 1)[0]
            env["KOMETA_REF_IMDB_DATASETS"] = f"{meta_root}/imdb/datasets"
            argv_base = [args.kometa_python, str(Path(args.kometa) / "kometa.py")]
            cwd = Path(args.kometa)
        else:
            env["PYTHONPATH"] = str(HERE.parent / "src")
            env["KOMETA_TMDB_URL"] = pair.meta.tmdb_url
            env["KOMETA_IMDB_DATASETS_URL"] = f"{meta_root}/imdb/datasets"
            env["KOMETA_IMDB_URL"] = f"{meta_root}/imdb"
            argv_base = [sys.executable, "-m", "kometa"]
            cwd = home
        runs = []
        for number in (1, 2):
            path = write_config(home, kind, pair, tool == "kometa", args.batch_size)
            pair.plex.reset_stats()
            pair.meta.reset_stats()
            result = run_process([*argv_base, "--config", str(path), "--run"], env, cwd,
                                 folder / f"{tool}-run{number}.log")
            meta = pair.meta.stats()
            result.update(plex_counts(pair), tmdb_requests=int(meta["by_service"].get("tmdb", 0)),
                          imdb_requests=int(meta["by_service"].get("imdb", 0)))
            runs.append(result)
            if number == 1:
                left = kind.outcome(pair, prepared)
        return {"runs": runs, "outcome": left}
    finally:
        pair.meta.stop()
        pair.plex.stop()


def differences(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    return [key for key in sorted(set(ours) | set(theirs), key=str) if ours.get(key) != theirs.get(key)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kometa", required=True, help="a checkout of Kometa (the folder with kometa.py)")
    parser.add_argument("--kometa-python", required=True, help="a Python with Kometa's requirements")
    parser.add_argument("--config", choices=sorted(KINDS), default="plex",
                        help="; ".join(f"{k.name}: {k.help}" for k in KINDS.values()))
    parser.add_argument("--movies", type=int, help="default: 2000 (ops 5000, assets 10000)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--batch-size", type=int,
                        help="plex_bulk_edit_batch_size for both tools (ops, assets; default: each tool's own)")
    parser.add_argument("--only", choices=("ours", "kometa"), help="run one tool only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--json-out", help="also write every figure as JSON to this file")
    parser.add_argument("--keep", help="keep configs and logs in this folder")
    args = parser.parse_args()
    if args.movies is None:
        args.movies = KINDS[args.config].default_movies
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    load = os.getloadavg()
    tools = [args.only] if args.only else ["ours", "kometa"]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.keep or temp)
        found = {tool: measure(tool, args, folder) for tool in tools}
    load_after = os.getloadavg()
    when = (f"started {started}, load average {load[0]:.1f} before, {load_after[0]:.1f} after; "
            f"ended {time.strftime('%H:%M:%S UTC', time.gmtime())}")
    diff = differences(found["ours"]["outcome"], found["kometa"]["outcome"]) if len(tools) == 2 else []
    if args.json or args.json_out:
        text = json.dumps({"args": vars(args), "when": when, "outcome_differences": diff,
                           **{t: {**f, "outcome": {str(k): repr(v) for k, v in f["outcome"].items()}}
                              for t, f in found.items()}}, indent=2)
        if args.json_out:
            Path(args.json_out).write_text(text, encoding="utf-8")
        if args.json:
            print(text)
            return 0
    print(f"{args.config} config, {args.movies} movies (seed {args.seed}); {when}")
    if len(tools) == 2:
        ours, theirs = found["ours"]["outcome"], found["kometa"]["outcome"]
        print(f"results after run 1: {len(ours)} values compared, "
              f"{'all identical' if not diff else f'{len(diff)} DIFFER'}")
        for key in diff[:20]:
            print(f"  {key}: ours {ours.get(key)!r}, Kometa {theirs.get(key)!r}")
        for key, value in ours.items():
            if hasattr(value, "difference") and key in theirs:
                print(f"  {key}: largest difference of a 20x20 cell {value.difference(theirs[key])} of 255 "
                      f"(same layout: <= {value.TOLERANCE})")
    print(f"{'tool':8} {'run':>3} {'wall s':>8} {'CPU s':>7} {'RSS MB':>7} {'Plex req':>9} {'per-item':>8} "
          f"{'writes':>7} {'edits':>6} {'uploads':>7} {'TMDb':>6} {'IMDb':>5} exit")
    for tool in tools:
        for number, r in enumerate(found[tool]["runs"], 1):
            writes = sum(v for k, v in r["plex_by_method"].items() if k != "GET")
            print(f"{tool:8} {number:>3} {r['seconds']:8.2f} {r['cpu']:7.2f} {r['rss_mb']:7.1f} "
                  f"{r['plex_requests']:9d} {r['per_item_requests']:8d} {writes:7d} {r['edit_requests']:6d} "
                  f"{r['poster_uploads']:7d} {r['tmdb_requests']:6d} {r['imdb_requests']:5d} {r['exit']}")
    if len(tools) == 2:
        for number in (0, 1):
            k, o = found["kometa"]["runs"][number], found["ours"]["runs"][number]
            print(f"run {number + 1}: Kometa / ours: wall {k['seconds'] / o['seconds']:.1f}x, "
                  f"CPU {k['cpu'] / max(0.01, o['cpu']):.1f}x, Plex requests "
                  f"{k['plex_requests'] / max(1, o['plex_requests']):.1f}x, peak RSS {k['rss_mb'] / o['rss_mb']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
