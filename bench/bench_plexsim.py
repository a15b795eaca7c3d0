"""plexsim benchmarks: listing a big section through python-plexapi, and item-fetch throughput.

Run from the repository root:

    python bench/bench_plexsim.py --movies 20000 --fetches 2000

The server runs as a separate process (``python -m plexsim.cli serve``), as in real use, so the
client and the server do not share one interpreter lock. Figures printed:

- ``section.all()`` wall time through plexapi (first call: cold XML cache; then warm), and the
  same paging done with raw HTTP (plexapi's 100-item pages, no object building): the server's
  share of the listing. The client's share (plexapi parsing + building objects) is also timed
  offline on the fetched pages, and plexapi's floor: building the same number of objects from
  minimal ``<Video ratingKey key type title/>`` elements, no server involved.
- item fetches per second: ``plex.fetchItem(rk)`` in one client, and raw GETs of
  ``/library/metadata/RK`` from 1 and 4 concurrent clients.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import requests  # noqa: E402
from plexapi import utils as plexutils  # noqa: E402
from plexapi.server import PlexServer  # noqa: E402

TOKEN = "bench"


def start_server(movies: int, shows: int) -> tuple[subprocess.Popen[str], str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "plexsim.cli", "serve", "--port", "0", "--movies", str(movies),
                             "--shows", str(shows), "--token", TOKEN], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("plexsim ready "):
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, line.split()[-1], time.perf_counter() - t0


def raw_paging(url: str, page: int = 100) -> tuple[float, list[str]]:
    """Fetch the whole section the way plexapi pages it, without building objects."""
    session = requests.Session()
    bodies, start, total = [], 0, None
    t0 = time.perf_counter()
    while total is None or start < total:
        resp = session.get(url + "/library/sections/1/all?includeGuids=1", headers={
            "X-Plex-Token": TOKEN, "X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(page)})
        resp.raise_for_status()
        bodies.append(resp.text)
        if total is None:
            total = int(resp.text.split('totalSize="', 1)[1].split('"', 1)[0])
        start += page
    return time.perf_counter() - t0, bodies


def client_build_time(plex: PlexServer, bodies: list[str]) -> float:
    section = plex.library.section("Movies")
    t0 = time.perf_counter()
    for body in bodies:
        data = plexutils.parseXMLString(body)
        section.findItems(data, None, "/library/sections/1/all")
    return time.perf_counter() - t0


def client_floor_time(plex: PlexServer, count: int, page: int = 100) -> float:
    """plexapi's own cost for ``count`` minimal movie elements (no server involved): the floor."""
    section = plex.library.section("Movies")
    body = "<MediaContainer>" + "".join(
        f'<Video ratingKey="{i}" key="/library/metadata/{i}" type="movie" title="m{i}"/>' for i in range(page)
    ) + "</MediaContainer>"
    t0 = time.perf_counter()
    for _ in range(count // page):
        section.findItems(plexutils.parseXMLString(body), None, "/library/sections/1/all")
    return time.perf_counter() - t0


def fetch_rate_plexapi(plex: PlexServer, keys: list[int]) -> float:
    t0 = time.perf_counter()
    for rk in keys:
        plex.fetchItem(rk)
    return len(keys) / (time.perf_counter() - t0)


def fetch_rate_raw(url: str, keys: list[int], clients: int) -> float:
    chunks = [keys[i::clients] for i in range(clients)]
    errors: list[int] = []

    def work(chunk: list[int]) -> None:
        s = requests.Session()
        for rk in chunk:
            r = s.get(f"{url}/library/metadata/{rk}", headers={"X-Plex-Token": TOKEN})
            if r.status_code != 200:
                errors.append(r.status_code)

    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"fetch errors: {errors[:5]}")
    return len(keys) / elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--movies", type=int, default=20000)
    ap.add_argument("--shows", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3, help="warm section.all() repetitions")
    ap.add_argument("--fetches", type=int, default=2000)
    ap.add_argument("--json", action="store_true", help="print figures as JSON")
    args = ap.parse_args()

    proc, url, startup = start_server(args.movies, args.shows)
    try:
        plex = PlexServer(url, TOKEN)
        section = plex.library.section("Movies")
        t0 = time.perf_counter()
        first = section.all()
        cold = time.perf_counter() - t0
        assert len(first) == args.movies, len(first)
        warm = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            n = len(section.all())
            warm.append(time.perf_counter() - t0)
            assert n == args.movies
        raw_times = []
        bodies: list[str] = []
        for _ in range(args.rounds):
            elapsed, bodies = raw_paging(url)
            raw_times.append(elapsed)
        build = client_build_time(plex, bodies)
        floor = client_floor_time(plex, args.movies)
        keys = [m.ratingKey for m in first]
        random.Random(1).shuffle(keys)
        keys = keys[: args.fetches]
        rate_plexapi = fetch_rate_plexapi(plex, keys)
        rate_raw1 = fetch_rate_raw(url, keys, 1)
        rate_raw4 = fetch_rate_raw(url, keys, 4)
        stats = requests.get(url + "/_sim/stats", headers={"X-Plex-Token": TOKEN}).json()
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    figures = {
        "movies": args.movies,
        "server_startup_s": round(startup, 2),
        "plexapi_section_all_cold_s": round(cold, 2),
        "plexapi_section_all_warm_median_s": round(statistics.median(warm), 2),
        "raw_http_paging_median_s": round(statistics.median(raw_times), 3),
        "plexapi_parse_and_build_s": round(build, 2),
        "plexapi_floor_minimal_elements_s": round(floor, 2),
        "pages": len(bodies),
        "fetch_per_s_plexapi_1_client": round(rate_plexapi),
        "fetch_per_s_raw_1_client": round(rate_raw1),
        "fetch_per_s_raw_4_clients": round(rate_raw4),
        "requests_counted": stats["requests"],
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(map(len, figures))
        for k, v in figures.items():
            print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
