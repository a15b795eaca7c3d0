"""Benchmark: what notifications cost a run.

1. A first run (everything created) of 40 collections on plexsim, without and with webhooks for
   every event (a local receiver): added wall time and the number of notification requests.
2. Delivery alone: 500 ``changes`` bodies to a local receiver (median ms per notification).
3. A target that is down: connection refused, and a silent one (answers nothing) with a 1 s
   timeout; 50 notifications each: total time (an unreachable target is tried once per run).

    python bench/bench_notify.py [--movies 3000]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml  # noqa: E402

from kometa.config import load_config  # noqa: E402
from kometa.core.options import Options  # noqa: E402
from kometa.engine.process import RunContext, process_config  # noqa: E402
from kometa.notify.config import NotifyConfig, Target, parse_notify  # noqa: E402
from kometa.notify.notifier import Notifier  # noqa: E402
from kometa.notify.payloads import Change, ItemRef, RunStats  # noqa: E402
from kometa.notify.send import Delivery  # noqa: E402
from plexsim.fixtures import GENRES  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"


class _Receiver:
    def __init__(self, silent: bool = False) -> None:
        self.count = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.count += 1
                if silent:
                    time.sleep(3)
                    return
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def _config(folder: Path, sim: PlexSim, hook: str | None) -> Path:
    collections = {f"{g} Movies": {"plex_search": {"all": {"genre": g}}} for g in GENRES}
    collections.update({f"{d}s": {"plex_search": {"all": {"decade": d}}} for d in range(1930, 2030, 10)})
    collections.update({f"Top {n}": {"plex_search": {"all": {"year.gte": 1950 + n}, "limit": n * 10}}
                        for n in range(1, 11)})
    (folder / "Movies.yml").write_text(yaml.safe_dump({"collections": collections}), encoding="utf-8")
    config: dict[str, Any] = {"plex": {"url": sim.url, "token": TOKEN},
                              "libraries": {"Movies": {"collection_files": [{"file": "Movies.yml"}]}}}
    if hook:
        config["webhooks"] = {event: hook for event in ("error", "run_start", "run_end", "changes", "delete")}
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _run(path: Path) -> tuple[float, int]:
    config = load_config(path)
    ctx = RunContext(config=config, options=Options(config=path, run=True), moment=datetime.now().astimezone())
    began = time.perf_counter()
    notify = parse_notify(config)
    if not notify.empty:
        ctx.notifier = Notifier(notify)
        ctx.notifier.run_start(datetime.now())
    report = process_config(ctx)
    if ctx.notifier is not None:
        ctx.notifier.run_end(datetime.now(), datetime.now(), RunStats())
    return time.perf_counter() - began, sum(1 for lib in report.libraries for row in lib.rows
                                            if row.status == "Created")


def whole_run(movies: int) -> None:
    receiver = _Receiver()
    times: dict[str, float] = {}
    for label, hook in (("without webhooks", None), ("with webhooks", f"{receiver.url}/hook")):
        with PlexSim(movies=movies, shows=1, seed=5, token=TOKEN) as sim, tempfile.TemporaryDirectory() as tmp:
            seconds, created = _run(_config(Path(tmp), sim, hook))
            times[label] = seconds
            print(f"first run, {movies} movies, {created} collections created, {label}: {seconds:.2f} s")
    print(f"  notification requests: {receiver.count}; added wall time: "
          f"{times['with webhooks'] - times['without webhooks']:+.2f} s")


def delivery(count: int) -> None:
    receiver = _Receiver()
    config = NotifyConfig(events={"changes": (Target("url", f"{receiver.url}/hook"),)})
    sender = Delivery(config)
    change = Change("Drama Movies", "collection", "Movies", "Server", "Movies", created=True,
                    additions=[ItemRef(f"Movie {i}", tmdb_id=i) for i in range(50)])
    notifier = Notifier(config, delivery=sender)
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        notifier.changes(change)
        notifier.flush()
        samples.append((time.perf_counter() - began) * 1000)
    print(f"delivery: {count} changes bodies (50 items each): median {statistics.median(samples):.2f} ms, "
          f"p95 {sorted(samples)[int(count * 0.95)]:.2f} ms; received {receiver.count}")


def down(count: int) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"  # bound, never listening: refused
        silent = _Receiver(silent=True)
        for label, url, timeout in (("connection refused", refused, 10.0),
                                    ("silent (1 s timeout)", f"{silent.url}/hook", 1.0)):
            config = NotifyConfig(events={"error": (Target("url", url),)})
            notifier = Notifier(config, delivery=Delivery(config, timeout=timeout))
            began = time.perf_counter()
            for index in range(count):
                notifier.error(f"error {index}")
            print(f"target {label}: {count} error notifications in {time.perf_counter() - began:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=3000)
    args = parser.parse_args()
    import logging

    logging.getLogger("kometa").setLevel(logging.ERROR)
    whole_run(args.movies)
    delivery(500)
    down(50)


if __name__ == "__main__":
    main()
