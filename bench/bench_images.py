"""Benchmark: an image set (``image_files``) on plexsim with 10,000 movies.

One image file with 20 sections of 100 items each (2,000 set items: half in the library, half not),
every section on; a style file per section giving each item a ``url_poster`` and a
``url_background``. Run twice through ``process_config``: the first run uploads the images of the
1,000 items the library holds (two requests each), the second must send no writes. Prints wall
time and Plex requests (plexsim's counters) of each run.

    python bench/bench_images.py [--movies 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kometa.config import load_config  # noqa: E402
from kometa.core.options import Options  # noqa: E402
from kometa.engine.process import RunContext, process_config  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"
SECTIONS, PER_SECTION = 20, 100


def _tmdb(movie) -> int | None:
    return next((int(g.id.split("://", 1)[1]) for g in movie.guids if g.id.startswith("tmdb://")), None)


def write(folder: Path, sim: PlexSim) -> Path:
    from plexapi.server import PlexServer

    movies = [(m.title, _tmdb(m)) for m in PlexServer(sim.url, TOKEN).library.section("Movies").all()]
    movies = [(t, i) for t, i in movies if i is not None][: SECTIONS * PER_SECTION // 2]
    lines, n = ["sections:"], 0
    for s in range(SECTIONS):
        lines += [f"  s{s}:", "    builders: {tmdb_collection: 1}", "    styles:", f"      plain: {{file: s{s}.yml}}",
                  "    movies:"]
        style = ["movies:"]
        for k in range(PER_SECTION):
            if k % 2 == 0 and n < len(movies):
                title, ident = movies[n]
                n += 1
                name = f"{title} #{s}-{k}"
            else:
                name, ident = f"Missing {s}-{k}", 900_000_000 + s * 1000 + k
            lines.append(f'      "{name}": {ident}')
            style.append(f'  "{name}": {{url_poster: "https://img.example/{ident}.jpg", '
                         f'url_background: "https://img.example/{ident}-bg.jpg"}}')
        (folder / f"s{s}.yml").write_text("\n".join(style) + "\n", encoding="utf-8")
    (folder / "Set.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = folder / "config.yml"
    config.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Movies:\n    image_files:\n"
                      f"      - file: Set.yml\n        template_variables: {{use_all: true}}\n", encoding="utf-8")
    return config


def run_once(path: Path, sim: PlexSim) -> dict[str, float]:
    sim.reset_stats()
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    started = time.perf_counter()
    report = process_config(ctx)
    seconds = time.perf_counter() - started
    row = next(r for lib in report.libraries for r in lib.rows if r.name == "images: Set")
    if row.error:
        raise SystemExit(f"run failed: {row.error}")
    stats = sim.stats()
    writes = sum(stats["by_method"].get(m, 0) for m in ("PUT", "POST", "DELETE"))
    return {"seconds": round(seconds, 2), "requests": stats["requests"], "writes": writes, "changed": row.added}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with PlexSim(movies=args.movies, shows=1, seed=7, token=TOKEN) as sim, tempfile.TemporaryDirectory() as tmp:
        config = write(Path(tmp), sim)
        first, second = run_once(config, sim), run_once(config, sim)
    figures = {"movies": args.movies, "set_items": SECTIONS * PER_SECTION, "first": first, "second": second}
    if args.json:
        print(json.dumps(figures))
        return
    for name in ("first", "second"):
        run = figures[name]
        print(f"{name} run: {run['seconds']} s, {run['requests']} Plex requests ({run['writes']} writes), "
              f"{run['changed']} items changed")


if __name__ == "__main__":
    main()
