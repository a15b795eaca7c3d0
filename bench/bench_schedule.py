"""Config-schedule benchmarks: ``kometa schedule check --batch`` and ``kometa schedule calendar``.

Run from the repository root:  python bench/bench_schedule.py [--lines 100000] [--definitions 1000]

Each figure is the median of 3 runs of a whole ``kometa`` process (start-up included), as wall time
and as CPU time (user + system; steadier on a shared machine), with a baseline measured in the same
run:

* batch: 100,000 ``{"expr", "at"}`` lines through ``check --batch``; baseline: a Python process
  that only reads, decodes and re-encodes the same JSON lines (the I/O and JSON floor).
* calendar: a config with 1,000 scheduled collection definitions over 30 days (one 05:00 run a day:
  30 plans); baseline: ``explain`` of the same config (load + validate + one plan).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("KOMETA_")},
       "PYTHONPATH": str(ROOT / "src"), "KOMETA_DOCKER": "false", "TZ": "UTC"}
KOMETA = [sys.executable, "-m", "kometa"]

EXPRESSIONS: list[str | list[str]] = [
    "daily", "never", "hourly(5)", "hourly(22-2)", "weekly(sunday)", "weekly(mon|wed|fri)", "monthly(1)",
    "monthly(last)", "monthly(31)", "yearly(02/29)", "date(12/25/2026)", "range(12/01-12/31)",
    "range(12/15-01/05|07/01-07/04)", "all[weekly(sat), hourly(5)]", "all[range(11/01-12/31), weekly(sun)]",
    ["monthly(1)", "monthly(15)"], ["weekly(sat)", "range(12/20-12/31)"], "weekly(sundy)",
]
JSON_FLOOR = ("import sys, json\n"
              "w = sys.stdout.write\n"
              "for line in sys.stdin:\n"
              "    d = json.loads(line)\n"
              "    w(json.dumps({'expr': d['expr'], 'at': d['at'], 'scheduled': False, 'error': None}) + '\\n')\n")


def timed(cmd: list[str], stdin: Path | None = None, runs: int = 3) -> tuple[float, float]:
    """Median (wall seconds, CPU seconds user+sys) of ``runs`` runs of ``cmd``.

    CPU time is reported too because the machine is shared: wall time grows with other load.
    """
    walls, cpus = [], []
    for _ in range(runs):
        with open(stdin or os.devnull, "rb") as source:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(cmd, env=ENV, stdin=source, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def batch_input(folder: Path, lines: int) -> Path:
    rng = random.Random(7)
    path = folder / "batch.jsonl"
    with path.open("w") as out:
        for _ in range(lines):
            expr = rng.choice(EXPRESSIONS)
            at = f"20{rng.randint(24, 30)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00"
            out.write(json.dumps({"expr": expr, "at": at}) + "\n")
    return path


def calendar_config(folder: Path, definitions: int) -> Path:
    rng = random.Random(11)
    per_file = 100
    files = max(1, definitions // per_file)
    valid = [e for e in EXPRESSIONS if e != "weekly(sundy)"]
    for index in range(files):
        lines = ["collections:"]
        for number in range(per_file):
            expr = rng.choice(valid)
            value = json.dumps(expr)
            lines += [f"  Collection {index}-{number}:", f"    schedule: {value}", "    plex_all: true"]
            if number % 10 == 0:
                lines.append("    visible_home: weekly(friday)")
        (folder / f"File{index}.yml").write_text("\n".join(lines) + "\n")
    refs = "\n".join(f"      - file: File{i}.yml" + ("\n        schedule: range(11/01-01/31)" if i % 5 == 4 else "")
                     for i in range(files))
    config = folder / "config.yml"
    config.write_text("libraries:\n  Movies:\n    schedule: daily\n    collection_files:\n" + refs +
                      "\nplex:\n  url: http://127.0.0.1:1\n  token: t\n")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--definitions", type=int, default=1000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="kometa-bench-schedule-"))

    data = batch_input(folder, args.lines)
    batch = timed([*KOMETA, "schedule", "check", "--batch"], data)
    floor = timed([sys.executable, "-c", JSON_FLOOR], data)

    config = calendar_config(folder, args.definitions)
    common = ["--config", str(config), "--tz", "UTC", "--json"]
    calendar = timed([*KOMETA, "schedule", "calendar", *common, "--days", str(args.days),
                      "--times", "05:00", "--from", "2026-11-20T00:00"])
    explain = timed([*KOMETA, "schedule", "explain", *common, "--at", "2026-11-20T05:00"])

    rows = [
        (f"check --batch, {args.lines:,} lines", batch, "JSON read/write only", floor, "< 5 s"),
        (f"calendar, {args.definitions:,} definitions, {args.days} days", calendar, "explain (load + 1 plan)",
         explain, "< 2 s"),
    ]
    print(f"load average at start: {load:.2f} on {os.cpu_count()} cores")
    print(f"{'benchmark':<42} {'wall':>6} {'cpu':>6}   {'baseline (same run)':<24} {'wall':>6} {'cpu':>6}  target")
    for name, (wall, cpu), base_name, (base_wall, base_cpu), target in rows:
        print(f"{name:<42} {wall:>5.2f}s {cpu:>5.2f}s   {base_name:<24} {base_wall:>5.2f}s {base_cpu:>5.2f}s  {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
