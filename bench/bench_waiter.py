"""Waiter benchmarks: idle memory and CPU, lateness of scheduled starts, CLI start-up time.

Run from the repository root:  python bench/bench_waiter.py [--idle-seconds 60]
Linux only (reads /proc). Prints one table; copy the figures into bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("KOMETA_")},
       "PYTHONPATH": str(ROOT / "src"), "KOMETA_DOCKER": "false", "TZ": "UTC"}
TICKS = os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def config_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kometa-bench-"))
    (folder / "config.yml").write_text("libraries:\n  Movies:\nplex:\n  url: http://127.0.0.1:1\n  token: t\n")
    return folder


def waiter(folder: Path, times: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "kometa", "--config", str(folder / "config.yml"), "--times", times],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def median_wall(cmd: list[str], n: int = 7) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_idle(idle_seconds: float) -> tuple[float, float]:
    folder = config_dir()
    proc = waiter(folder, "03:00")
    try:
        time.sleep(3)
        rss = rss_mb(proc.pid)
        cpu0 = cpu_seconds(proc.pid)
        time.sleep(idle_seconds)
        per_hour = (cpu_seconds(proc.pid) - cpu0) * 3600 / idle_seconds
    finally:
        proc.terminate()
        proc.wait()
    return rss, per_hour


def bench_lateness(starts: int = 5, spacing: int = 5) -> list[float]:
    folder = config_dir()
    first = datetime.now().replace(microsecond=0) + timedelta(seconds=6)
    times = "|".join((first + timedelta(seconds=spacing * i)).strftime("%H:%M:%S") for i in range(starts))
    proc = waiter(folder, times)
    try:
        time.sleep(6 + spacing * starts + 2)
    finally:
        proc.terminate()
        proc.wait()
    sys.path.insert(0, str(ROOT / "src"))
    from kometa.app.state import State

    late = []
    for run in State(folder).runs(limit=starts * 2):
        if run.scheduled_for:
            late.append((datetime.fromisoformat(run.started_at) - datetime.fromisoformat(run.scheduled_for))
                        .total_seconds())
    return sorted(late)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle-seconds", type=float, default=60)
    args = parser.parse_args()
    baseline = median_wall([sys.executable, "-c", "pass"])
    help_time = median_wall([sys.executable, "-m", "kometa", "--help"])
    next_time = median_wall([sys.executable, "-m", "kometa", "schedule", "next"])
    rss, cpu_hour = bench_idle(args.idle_seconds)
    late = bench_lateness()
    result = {
        "python_startup_s": round(baseline, 3),
        "help_s": round(help_time, 3),
        "schedule_next_s": round(next_time, 3),
        "idle_rss_mb": round(rss, 1),
        "idle_cpu_s_per_hour": round(cpu_hour, 2),
        "lateness_s": [round(x, 3) for x in late],
        "lateness_median_s": round(statistics.median(late), 3) if late else None,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
