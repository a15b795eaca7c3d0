"""Event-driven runs: latency from Plex's "item added" to its collections done, requests of a scoped
vs a full run, a burst of additions coalesced into one run, and the waiter's idle memory with the
event sources on.

Run from the repository root:  python bench/bench_events.py [--movies 10000] [--samples 7] [--settle 2]
Linux only (reads /proc). A plexsim of --movies movies runs in this process; the config has 50
plex_search collections (20 genres, 10 decades, 10 studios, 7 content ratings, 3 labels) and two
overlays (a NEW badge on items added in the last day, a COMEDY badge on 2021 comedies: each
new bench movie gets both; few library items have either, so converging stays short); the waiter
is the real ``kometa`` process with ``--plex-events --listen``. "Done" for an addition is: in its
genre and decade collections and its poster overlaid (the Overlay label Plex shows after the
upload). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kometa.app.state import State  # noqa: E402
from plexsim.additions import add_items  # noqa: E402
from plexsim.fixtures import GENRES, LABELS, MOVIE_RATINGS, STUDIOS  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench-events"
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith(("KOMETA_", "PMM_"))},
       "PYTHONPATH": str(ROOT / "src"), "KOMETA_DOCKER": "false", "TZ": "UTC", "KOMETA_LISTEN_TOKEN": "bench"}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def collections_yaml() -> str:
    out = ["collections:"]
    for genre in GENRES:
        out += [f"  {genre} Films:", "    plex_search:", "      all:", f"        genre: {genre}"]
    for decade in range(1930, 2030, 10):
        out += [f"  The {decade}s:", "    plex_search:", "      all:", f"        year.gte: {decade}",
                f"        year.lte: {decade + 9}"]
    for studio in STUDIOS[:10]:
        out += [f"  {studio} Collection:", "    plex_search:", "      all:", f"        studio: {studio}"]
    for rating, _weight in MOVIE_RATINGS:
        out += [f"  Rated {rating}:", "    plex_search:", "      all:", f"        content_rating: {rating}"]
    for label in LABELS[:3]:
        out += [f"  {label} Picks:", "    plex_search:", "      all:", f"        label: {label}"]
    assert len([line for line in out if line.startswith("  ") and not line.startswith("   ")]) == 50
    return "\n".join(out) + "\n"


def overlays_yaml() -> str:
    badge = ("    overlay:\n      name: text({text})\n      horizontal_offset: 20\n      vertical_offset: {offset}\n"
             "      back_color: \"#000000\"\n      back_padding: 10\n")
    return ("overlays:\n  New:\n" + badge.format(text="NEW", offset=20) + "    plex_search:\n      all:\n        added: 1\n"
            "  Comedy 2021:\n" + badge.format(text="COMEDY", offset=120)
            + "    plex_search:\n      all:\n        genre: Comedy\n        year: 2021\n")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def overlaid(sim: PlexSim, rk: int) -> bool:
    item = sim.store.get(rk)
    return item is not None and any(sim.store.tags[t].tag == "Overlay" for t in item.tags.get("label", ()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def member(sim: PlexSim, rk: int, title: str) -> bool:
    store = sim.store
    item = store.get(rk)
    if item is None:
        return False
    return any(store.tags[t].tag == title for t in item.tags.get("collection", ()))


def writes(stats: dict[str, Any]) -> int:
    by = stats["by_method"]
    return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))


def wait_idle(folder: Path, after: int, timeout: float = 600) -> Any:
    """The first run with id > after that has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = [r for r in State(folder).runs(limit=20) if r.id > after and r.result != "running"]
        if runs:
            return runs[-1]
        time.sleep(0.05)
    raise RuntimeError("no run ended in time")


def last_id(folder: Path) -> int:
    runs = State(folder).runs(limit=1)
    return runs[0].id if runs else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--burst", type=int, default=200)
    args = parser.parse_args()
    result: dict[str, Any] = {"movies": args.movies, "collections": 50, "overlays": 2, "settle_s": args.settle,
                              "load_average_start": os.getloadavg()}
    folder = Path(tempfile.mkdtemp(prefix="kometa-bench-events-"))
    with PlexSim(movies=args.movies, shows=2, seed=1, token=TOKEN) as sim:
        (folder / "Movies.yml").write_text(collections_yaml(), encoding="utf-8")
        (folder / "Overlays.yml").write_text(overlays_yaml(), encoding="utf-8")
        config = folder / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Movies:\n"
                          "    collection_files:\n      - file: Movies.yml\n"
                          "    overlay_files:\n      - file: Overlays.yml\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "kometa", "--config", str(config)]
        subprocess.run([*cmd, "--run"], env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)  # converge
        sim.reset_stats()
        started = time.perf_counter()
        subprocess.run([*cmd, "--run"], env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        full = sim.stats()
        result["full_run_nothing_changed"] = {"s": round(time.perf_counter() - started, 2),
                                              "requests": full["requests"], "writes": writes(full)}
        add_items(sim.sim, [{"title": "Bench Full", "genres": ["Comedy"], "year": 2021, "seed": 999}])
        sim.reset_stats()  # the same one addition as each sample below, done by a full run instead
        started = time.perf_counter()
        subprocess.run([*cmd, "--run"], env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        full = sim.stats()
        result["full_run_one_addition"] = {"s": round(time.perf_counter() - started, 2),
                                           "requests": full["requests"], "writes": writes(full)}
        other = Path(tempfile.mkdtemp(prefix="kometa-bench-plain-"))  # one waiter per folder
        (other / "config.yml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
        plain = subprocess.Popen([sys.executable, "-m", "kometa", "--config", str(other / "config.yml"), "--times",
                                  "03:00"], env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = free_port()
        waiter = subprocess.Popen([*cmd, "--times", "03:00", "--plex-events", "--listen", f"127.0.0.1:{port}",
                                   "--settle", f"{args.settle}s"], env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while sim.sim.notifications.listeners < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(3)
            result["idle_rss_mb"] = {"waiter": round(rss_mb(plain.pid), 1),
                                     "waiter_with_plex_events_and_listen": round(rss_mb(waiter.pid), 1)}
            latencies, scoped = [], []
            for n in range(args.samples):
                before = last_id(folder)
                sim.reset_stats()
                t0 = time.perf_counter()
                (item,) = add_items(sim.sim, [{"title": f"Bench Comedy {n}", "genres": ["Comedy"], "year": 2021,
                                               "seed": 1000 + n}])
                while not (member(sim, item.rk, "Comedy Films") and member(sim, item.rk, "The 2020s")
                           and overlaid(sim, item.rk)):
                    time.sleep(0.01)
                latencies.append(time.perf_counter() - t0 - args.settle)
                run = wait_idle(folder, before)
                stats = sim.stats()
                scoped.append({"requests": stats["requests"], "writes": writes(stats), "result": run.result,
                               "poster_uploads": sum(1 for e in sim.request_log() if e["method"] == "POST"
                                                     and e["path"].endswith("/posters"))})
                if n == 0:
                    worker = children(waiter.pid)
                    result["event_worker_rss_mb"] = round(sum(rss_mb(pid) for pid in worker), 1) if worker else None
                time.sleep(args.settle + 6)  # past the quiet window after the run
            warm = latencies[1:] or latencies  # the first one starts the event worker (a full read)
            result["added_to_collections_and_overlays_done_s"] = {
                "first_event_cold": round(latencies[0], 2),
                "median": round(statistics.median(warm), 2),
                "p95": round(sorted(warm)[max(0, round(0.95 * len(warm)) - 1)], 2),
                "median_all": round(statistics.median(latencies), 2),
                "samples": [round(x, 2) for x in latencies]}
            result["scoped_run_one_addition"] = scoped[-1]
            before = last_id(folder)
            t0 = time.perf_counter()
            specs = [{"title": f"Burst {n}", "genres": ["Horror"], "year": 1999, "seed": 5000 + n}
                     for n in range(args.burst)]
            added = add_items(sim.sim, specs)
            while not all(member(sim, i.rk, "Horror Films") and overlaid(sim, i.rk) for i in added):
                time.sleep(0.05)
            done = time.perf_counter() - t0
            wait_idle(folder, before)
            time.sleep(args.settle + 3)
            event_runs = [r for r in State(folder).runs(limit=50) if r.id > before and r.trigger == "event"]
            result["burst"] = {"additions": args.burst, "event_runs": len(event_runs),
                               "all_in_collection_and_overlaid_s": round(done, 2)}
            result["load_average_end"] = os.getloadavg()
        finally:
            for proc in (plain, waiter):
                proc.terminate()
                proc.wait()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
