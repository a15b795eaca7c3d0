"""Overlays in a music library, as Kometa allows them: on artist posters, on album covers
(builder_level: album, a 1000x1000 canvas) and tracks; a season/episode level there is a located error.
Against plexsim's bootstrap library (Music: one artist, one album, one track)."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PIL import Image

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import RunReport
from kometa.overlays.render import has_marker
from plexsim.server import PlexSim

TOKEN = "plexsim-test"

OVERLAYS = """
overlays:
  Artist badge:
    overlay:
      name: text(<<title>>)
      horizontal_offset: 20
      vertical_offset: 20
      back_color: "#CC0000"
      back_padding: 10
    plex_all: true
  Album year:
    builder_level: album
    overlay:
      name: text(<<originally_available[YYYY]>>)
      horizontal_align: right
      horizontal_offset: 0
      vertical_align: bottom
      vertical_offset: 0
      back_color: "#0000CC"
      back_width: 1000
      back_height: 100
    plex_all: true
    filters:
      year: 2012
"""


@pytest.fixture
def sim() -> Iterator[PlexSim]:
    with PlexSim(library="plexapi-bootstrap", token=TOKEN) as server:
        yield server


def _run(sim: PlexSim, folder: Path, overlays: str = OVERLAYS) -> RunReport:
    (folder / "Music.yml").write_text(textwrap.dedent(overlays), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\nlibraries:\n  Music:\n    overlay_files:\n"
                    f"      - file: Music.yml\n", encoding="utf-8")
    options = Options(config=path, run=True)
    return process_config(RunContext(config=load_config(path), options=options, moment=__import__("datetime")
                                     .datetime.now().astimezone()))


def _items(sim: PlexSim, type_number: int) -> list[dict[str, str]]:
    import xml.etree.ElementTree as ET

    data = requests.get(f"{sim.url}/library/sections/3/all", params={"X-Plex-Token": TOKEN, "type": type_number},
                        timeout=10).content
    return [dict(e.attrib) for e in ET.fromstring(data)]


def _poster(sim: PlexSim, thumb: str) -> bytes:
    return requests.get(f"{sim.url}{thumb}", params={"X-Plex-Token": TOKEN}, timeout=10).content


def test_artist_and_album_overlays(sim: PlexSim, tmp_path: Path) -> None:
    before = {item["ratingKey"]: _poster(sim, item["thumb"]) for t in (8, 9) for item in _items(sim, t)}
    report = _run(sim, tmp_path)
    row = next(r for r in report.library("Music").rows if r.name == "overlays")
    assert row.error is None and row.added == 2, row
    artist, album = _items(sim, 8)[0], _items(sim, 9)[0]
    for item in (artist, album):
        now = _poster(sim, item["thumb"])
        assert has_marker(now) and not has_marker(before[item["ratingKey"]])
    with Image.open(io.BytesIO(_poster(sim, album["thumb"]))) as cover:
        # drawn on the 1000x1000 album canvas: a full-width band along the bottom
        cover = cover.convert("RGB")
        w, h = cover.size
        assert all(abs(a - b) <= 30 for a, b in zip(cover.getpixel((2, h - 2)), (0, 0, 204), strict=True))
        assert all(abs(a - b) <= 30 for a, b in zip(cover.getpixel((w - 3, h - 2)), (0, 0, 204), strict=True))
        assert cover.getpixel((w // 2, h // 2))[2] < 150  # the cover above the band is untouched
    state = json.loads((tmp_path / "overlays" / "state.json").read_text())["libraries"]["Music"]
    assert {entry["level"] for entry in state.values()} == {"", "album"}
    sim.reset_stats()
    report = _run(sim, tmp_path)
    assert next(r for r in report.library("Music").rows if r.name == "overlays").status == "Unchanged"
    assert not [e for e in sim.request_log() if e["method"] in ("POST", "PUT")]
    report = _run(sim, tmp_path, "overlays: {}\n")  # nothing applies: both originals back, byte for byte
    for item in (artist, album):
        assert _poster(sim, _items(sim, 8 if item is artist else 9)[0]["thumb"]) == before[item["ratingKey"]]


def test_show_levels_in_a_music_library_are_located_errors(sim: PlexSim, tmp_path: Path) -> None:
    report = _run(sim, tmp_path, """
        overlays:
          Seasons:
            builder_level: season
            overlay:
              name: text(S)
              horizontal_offset: 1
              vertical_offset: 1
            plex_all: true
    """)
    row = next(r for r in report.library("Music").rows if r.name == "Seasons")
    assert "Music.yml:3:" in (row.error or "") and "needs a show library (Music is a music library)" in row.error


def test_track_overlays(sim: PlexSim, tmp_path: Path) -> None:
    report = _run(sim, tmp_path, """
        overlays:
          Track number:
            builder_level: track
            overlay:
              name: text(<<title>>)
              horizontal_offset: 10
              vertical_offset: 10
              back_color: "#CC0000"
            plex_all: true
    """)
    row = next(r for r in report.library("Music").rows if r.name == "overlays")
    track = _items(sim, 10)[0]
    assert row.error is None and row.added == 1 and has_marker(_poster(sim, track["thumb"]))


def test_album_and_artist_runtimes_come_from_their_tracks(sim: PlexSim, tmp_path: Path) -> None:
    report = _run(sim, tmp_path, """
        overlays:
          Artist runtime:
            overlay:
              name: text(<<total_runtime>> min)
              horizontal_offset: 10
              vertical_offset: 10
            plex_all: true
          Album runtime:
            builder_level: album
            overlay:
              name: text(<<runtime>> min)
              horizontal_offset: 10
              vertical_offset: 10
            plex_all: true
    """)
    row = next(r for r in report.library("Music").rows if r.name == "overlays")
    assert row.error is None and row.added == 2, row
