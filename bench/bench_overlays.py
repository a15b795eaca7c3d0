"""Benchmark: overlays on plexsim, 2,000 movies with 5 overlays each (or ``--shows N``: a show library
with overlays on its shows, seasons and episodes).

The five: a resolution badge (group of 4K/1080/720/SD), an audio codec badge (group, by filter),
the audience rating as text, a ribbon image (drawn here by code), an edition text (the edition, or
"THEATRICAL"). Three runs, each a separate ``kometa`` process (so its peak memory is its own):

1. first run: every poster backed up, rendered, uploaded, labelled;
2. second run, nothing changed: must be 0 renders, 0 uploads, 0 per-item requests;
3. one item's rating edited in Plex: must be exactly 1 render and 1 upload.

With ``--shows N`` the library is N plexsim shows (1-5 seasons of 6-12 episodes each): a content
rating badge on every show poster, "Season N" on every season poster (1000x1500), and on every
episode title card (1920x1080) its S01E01 code, its runtime and its audience rating; the third run
edits one episode's rating.

With ``--shapes N`` the first N movies get originals of other shapes before the first run (JPEGs
uploaded to plexsim, cycling 1920x1080, 1280x720, 640x360, 600x600, 300x300 and 1000x1000), and the
output/original bytes are reported per shape (they are stretched to the poster's shape, as Kometa
does, at no more pixels than they have).

    python bench/bench_overlays.py [--movies 2000] [--shapes 60] [--json]
    python bench/bench_overlays.py --shows 30 [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import requests  # noqa: E402
import yaml  # noqa: E402

from plexsim.server import PlexSim  # noqa: E402

TOKEN = "bench"


def overlay_file(ribbon: Path) -> dict[str, Any]:
    badge = {"horizontal_offset": 30, "vertical_offset": 30, "back_color": "#000000CC", "back_padding": 14,
             "back_radius": 10, "font_size": 48}
    o: dict[str, Any] = {}
    for weight, (res, label) in enumerate((("sd", "SD"), ("720", "720P"), ("1080", "1080P"), ("4k", "4K"))):
        o[f"Resolution {label}"] = {"overlay": {"name": f"text({label})", "group": "resolution", "weight": weight,
                                                **badge},
                                    "plex_search": {"all": {"resolution": res}}}
    codecs = (("aac", "AAC"), ("ac3", "DOLBY"), ("eac3", "DD+"), ("dca", "DTS"), ("dca-ma", "DTS-HD"),
              ("truehd", "TRUEHD"), ("atmos", "ATMOS"))
    for weight, (codec, label) in enumerate(codecs, 1):
        o[f"Audio {label}"] = {"overlay": {"name": f"text({label})", "group": "audio", "weight": weight, **badge,
                                           "horizontal_align": "right"},
                               "plex_all": True, "filters": {"audio_codec": codec}}
    o["Audio Other"] = {"overlay": {"name": "text(AUDIO)", "group": "audio", "weight": 0, **badge,
                                    "horizontal_align": "right"}, "plex_all": True}
    o["Rating"] = {"overlay": {"name": "text(<<audience_rating#>>)", **badge, "vertical_align": "bottom",
                               "font_color": "#FFD700"}, "plex_all": True}
    o["Ribbon"] = {"overlay": {"name": "ribbon", "file": str(ribbon), "horizontal_offset": 0,
                               "horizontal_align": "right", "vertical_offset": 0, "vertical_align": "bottom"},
                   "plex_all": True}
    o["Edition"] = {"overlay": {"name": "text(<<editionU>>)", "group": "edition", "weight": 2, **badge,
                                "horizontal_align": "center", "vertical_align": "bottom"},
                    "plex_all": True, "filters": {"has_edition": True}}
    o["Theatrical"] = {"overlay": {"name": "text(THEATRICAL)", "group": "edition", "weight": 1, **badge,
                                   "horizontal_align": "center", "vertical_align": "bottom"}, "plex_all": True}
    return {"overlays": o}


def show_overlay_file() -> dict[str, Any]:
    badge = {"horizontal_offset": 30, "vertical_offset": 30, "back_color": "#000000CC", "back_padding": 14,
             "back_radius": 10, "font_size": 48}
    return {"overlays": {
        "Content rating": {"overlay": {"name": "text(<<content_rating>>)", **badge}, "plex_all": True},
        "Season": {"builder_level": "season", "plex_all": True,
                   "overlay": {"name": "text(Season <<season_number>>)", **badge, "horizontal_align": "center",
                               "horizontal_offset": 0, "vertical_align": "bottom", "font_size": 72}},
        "Episode code": {"builder_level": "episode", "plex_all": True,
                         "overlay": {"name": "text(S<<season_number0>>E<<episode_number0>>)", **badge}},
        "Runtime": {"builder_level": "episode", "plex_all": True,
                    "overlay": {"name": "text(<<runtime>> min)", **badge, "horizontal_align": "right"}},
        "Rating": {"builder_level": "episode", "plex_all": True,
                   "overlay": {"name": "text(<<audience_rating#>>)", **badge, "vertical_align": "bottom",
                               "font_color": "#FFD700"}},
    }}


def draw_ribbon(path: Path) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (260, 260), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon([(260, 60), (260, 160), (160, 260), (60, 260)], fill=(212, 175, 55, 255))
    draw.text((150, 200), "TOP", fill=(20, 20, 20, 255), font_size=40, anchor="mm")
    img.save(path)


def child(config: str, library: str) -> None:
    """One run in this process; prints its figures as JSON."""
    from datetime import datetime

    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config

    started = time.monotonic()
    path = Path(config)
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    report = process_config(ctx)
    seconds = time.monotonic() - started
    row = next(r for r in report.library(library).rows if r.name == "overlays")
    match = re.match(r"(\d+) rendered, (\d+) uploaded", row.note or "")
    print(json.dumps({
        "seconds": seconds, "rendered": int(match.group(1)) if match else 0,
        "uploaded": int(match.group(2)) if match else 0, "unchanged": row.unchanged, "error": row.error,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def run(sim: PlexSim, config: Path, library: str = "Movies") -> dict[str, Any]:
    requests.post(f"{sim.url}/_sim/reset", params={"X-Plex-Token": TOKEN}, timeout=10)
    out = subprocess.run([sys.executable, __file__, "--child", str(config), "--library", library],
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=False)
    if out.returncode != 0:
        raise SystemExit(f"child run failed: {out.stderr[-2000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    log = requests.get(f"{sim.url}/_sim/log", params={"X-Plex-Token": TOKEN}, timeout=10).json()
    figures["requests"] = len(log)
    figures["per_item_requests"] = sum(1 for e in log if e["path"].startswith("/library/metadata/"))
    figures["uploads_seen_by_plex"] = sum(1 for e in log if e["method"] == "POST" and e["path"].endswith("/posters"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=2000)
    parser.add_argument("--shows", type=int, default=0, help="a show library of N shows instead")
    parser.add_argument("--shapes", type=int, default=0, help="the first N movies get originals of other shapes")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--library", default="Movies", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.library)
        return
    if args.shows:
        shows(args.shows, args.json)
        return
    with tempfile.TemporaryDirectory() as tmp, PlexSim(movies=args.movies, shows=1, seed=1, token=TOKEN) as sim:
        folder = Path(tmp)
        draw_ribbon(folder / "ribbon.png")
        (folder / "Overlays.yml").write_text(yaml.safe_dump(overlay_file(folder / "ribbon.png"), sort_keys=False))
        config = folder / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Movies:\n"
                          f"    overlay_files:\n      - file: Overlays.yml\n")
        shaped = other_shapes(sim, args.shapes)
        first = run(sim, config)
        second = run(sim, config)
        requests.put(f"{sim.url}/library/sections/1/all", timeout=10,
                     params={"X-Plex-Token": TOKEN, "type": 1, "id": 17, "audienceRating.value": 3.3})
        third = run(sim, config)
        sizes = sorted(p.stat().st_size for p in (folder / "overlays" / "Movies Original Posters").iterdir())
        results = {"movies": args.movies, "cores": os.cpu_count(), "first": first, "second": second,
                   "one_changed": third, "posters_per_second": first["rendered"] / first["seconds"],
                   "median_original_bytes": sizes[len(sizes) // 2],
                   "output_vs_original": output_sizes(sim, folder, "Movies", 1, (1,))}
        if shaped:
            results["other_shapes"] = shape_sizes(sim, folder, shaped)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.movies} movies, 5 overlays each, {os.cpu_count()} cores")
    _table(results)


SHAPES = ((1920, 1080), (1280, 720), (640, 360), (600, 600), (300, 300), (1000, 1000))


def other_shapes(sim: PlexSim, count: int) -> dict[str, tuple[int, int]]:
    """Upload photo-like JPEG originals of other shapes to the first ``count`` movies (rating keys 1..)."""
    import io

    from PIL import Image, ImageFilter

    shaped: dict[str, tuple[int, int]] = {}
    for index in range(count):
        size = SHAPES[index % len(SHAPES)]
        texture = Image.effect_noise((size[0] // 4, size[1] // 4), 60).resize(size).filter(ImageFilter.GaussianBlur(2))
        img = Image.merge("RGB", (texture, Image.linear_gradient("L").resize(size),
                                  Image.linear_gradient("L").rotate(90).resize(size)))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=85)
        key = str(index + 1)
        requests.post(f"{sim.url}/library/metadata/{key}/posters", params={"X-Plex-Token": TOKEN},
                      data=out.getvalue(), timeout=30).raise_for_status()
        shaped[key] = size
    return shaped


def shape_sizes(sim: PlexSim, folder: Path, shaped: dict[str, tuple[int, int]]) -> dict[str, dict[str, Any]]:
    """Per original shape: output bytes / original bytes and the output's pixel size."""
    import io
    import xml.etree.ElementTree as ET

    from PIL import Image

    data = requests.get(f"{sim.url}/library/sections/1/all", timeout=60, params={"X-Plex-Token": TOKEN, "type": 1})
    thumbs = {e.attrib["ratingKey"]: e.attrib.get("thumb", "") for e in ET.fromstring(data.content)}
    found: dict[str, dict[str, Any]] = {}
    for key, size in shaped.items():
        backup = next((folder / "overlays" / "Movies Original Posters").glob(f"{key}.*"))
        now = requests.get(f"{sim.url}{thumbs[key]}", params={"X-Plex-Token": TOKEN}, timeout=30).content
        with Image.open(io.BytesIO(now)) as img:
            out_size = img.size
        entry = found.setdefault(f"{size[0]}x{size[1]}", {"output": f"{out_size[0]}x{out_size[1]}", "ratios": []})
        entry["ratios"].append(round(len(now) / backup.stat().st_size, 3))
    for entry in found.values():
        entry["max_ratio"] = max(entry["ratios"])
    return found


def output_sizes(sim: PlexSim, folder: Path, library: str, section: int, types: tuple[int, ...],
                 sample: int = 200) -> dict[str, float]:
    """Uploaded poster bytes / original bytes (the backup) for up to ``sample`` overlaid items,
    read after the measured runs."""
    import xml.etree.ElementTree as ET

    thumbs: dict[str, str] = {}
    for type_number in types:
        data = requests.get(f"{sim.url}/library/sections/{section}/all", timeout=60,
                            params={"X-Plex-Token": TOKEN, "type": type_number}).content
        thumbs.update({e.attrib["ratingKey"]: e.attrib.get("thumb", "") for e in ET.fromstring(data)})
    ratios: list[float] = []
    for backup in sorted((folder / "overlays" / f"{library} Original Posters").iterdir())[:sample]:
        thumb = thumbs.get(backup.stem)
        if thumb:
            now = requests.get(f"{sim.url}{thumb}", params={"X-Plex-Token": TOKEN}, timeout=30).content
            ratios.append(len(now) / backup.stat().st_size)
    ratios.sort()
    return {"compared": len(ratios), "median_ratio": ratios[len(ratios) // 2] if ratios else 0.0,
            "max_ratio": ratios[-1] if ratios else 0.0}


def _count(sim: PlexSim, type_number: int) -> list[dict[str, str]]:
    import xml.etree.ElementTree as ET

    data = requests.get(f"{sim.url}/library/sections/2/all", params={"X-Plex-Token": TOKEN, "type": type_number},
                        timeout=60)
    return [dict(e.attrib) for e in ET.fromstring(data.content)]


def shows(count: int, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp, PlexSim(movies=1, shows=count, seed=1, token=TOKEN) as sim:
        folder = Path(tmp)
        (folder / "Overlays.yml").write_text(yaml.safe_dump(show_overlay_file(), sort_keys=False))
        config = folder / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  TV Shows:\n"
                          f"    overlay_files:\n      - file: Overlays.yml\n")
        seasons, episodes = _count(sim, 3), _count(sim, 4)
        first = run(sim, config, "TV Shows")
        second = run(sim, config, "TV Shows")
        requests.put(f"{sim.url}/library/sections/2/all", timeout=10, params={
            "X-Plex-Token": TOKEN, "type": 4, "id": episodes[0]["ratingKey"], "audienceRating.value": 3.3})
        third = run(sim, config, "TV Shows")
        results = {"shows": count, "seasons": len(seasons), "episodes": len(episodes), "cores": os.cpu_count(),
                   "first": first, "second": second, "one_changed": third,
                   "posters_per_second": first["rendered"] / first["seconds"],
                   "output_vs_original": output_sizes(sim, folder, "TV Shows", 2, (2, 3, 4))}
    if as_json:
        print(json.dumps(results, indent=2))
        return
    print(f"{count} shows, {len(seasons)} seasons, {len(episodes)} episodes; {os.cpu_count()} cores")
    _table(results)


def _table(results: dict[str, Any]) -> None:
    for name in ("first", "second", "one_changed"):
        f = results[name]
        print(f"{name:12} {f['seconds']:7.1f} s  rendered {f['rendered']:5}  uploaded {f['uploaded']:5}  "
              f"requests {f['requests']:5}  per-item {f['per_item_requests']:5}  peak RSS {f['peak_rss_mb']:.0f} MB "
              f"(largest worker {f['worker_peak_rss_mb']:.0f} MB)")
    print(f"first run: {results['posters_per_second']:.1f} posters/s")
    sizes = results["output_vs_original"]
    print(f"output / original bytes ({sizes['compared']} posters): median {sizes['median_ratio']:.2f}, "
          f"max {sizes['max_ratio']:.2f}")
    for shape, entry in results.get("other_shapes", {}).items():
        print(f"original {shape:>9} -> {entry['output']:>9}: output / original bytes max {entry['max_ratio']:.2f} "
              f"({len(entry['ratios'])} posters)")


if __name__ == "__main__":
    main()
