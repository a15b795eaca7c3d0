"""Run a config with overlay_files against plexsim in one call; read posters and requests back."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import ItemRow, RunReport
from plexsim.server import PlexSim

TOKEN = "plexsim-test"
MOVIES = 12  # movies in the test library

BADGES = """
overlays:
  4K:
    overlay:
      name: text(4K)
      horizontal_offset: 20
      vertical_offset: 20
      back_color: "#CC0000"
      back_padding: 10
    plex_search:
      all:
        resolution: 4k
  Rating:
    overlay:
      name: text(<<audience_rating>>)
      horizontal_align: right
      horizontal_offset: 20
      vertical_align: bottom
      vertical_offset: 20
      back_color: "#000000"
      back_padding: 12
    plex_all: true
"""


class OverlayRunner:
    library = "Movies"  # the library the config names (plexsim: section 1 Movies, section 2 TV Shows)

    def __init__(self, sim: PlexSim, folder: Path) -> None:
        self.sim = sim
        self.folder = folder
        self.printed: list[str] = []
        self.report: RunReport | None = None

    def write(self, overlays: str = BADGES, library_extra: str = "") -> Path:
        (self.folder / "Overlays.yml").write_text(textwrap.dedent(overlays), encoding="utf-8")
        config = (f"plex:\n  url: {self.sim.url}\n  token: {TOKEN}\n"
                  f"libraries:\n  {self.library}:\n    overlay_files:\n      - file: Overlays.yml\n{library_extra}")
        path = self.folder / "config.yml"
        path.write_text(config, encoding="utf-8")
        return path

    def run(self, overlays: str | None = None, **flags: Any) -> RunReport:
        if overlays is not None:
            self.write(overlays)
        path = self.folder / "config.yml"
        options = Options(config=path, run=True, **flags)
        ctx = RunContext(config=load_config(path), options=options, moment=datetime.now().astimezone())
        import kometa.engine.changes as changes

        original = changes.ChangeLog.__init__.__defaults__
        try:
            changes.ChangeLog.__init__.__defaults__ = (self.printed.append,) + (original[1:] if original else ())
            self.report = process_config(ctx)
        finally:
            changes.ChangeLog.__init__.__defaults__ = original
        return self.report

    def kometa_overlaid(self, rating_key: int, poster: bytes) -> None:
        """Make the item look overlaid by Kometa: ``poster`` (carrying the mark) uploaded, the
        ``Overlay`` label on, and no backup of ours."""
        self.upload(rating_key, poster)
        requests.put(f"{self.sim.url}/library/sections/1/all", timeout=10, params={
            "X-Plex-Token": TOKEN, "type": 1, "id": rating_key, "label[0].tag.tag": "Overlay"}).raise_for_status()

    def only_first(self) -> str:
        """An overlay file whose one overlay selects only item 1 (every other item gets none)."""
        return (f"overlays:\n  One:\n    overlay:\n      name: text(1)\n      horizontal_offset: 0\n"
                f"      vertical_offset: 0\n    plex_search:\n      all:\n        title.is: {self.item(1)['title']}\n")

    def preview_one(self, rating_key: int, out: Path) -> bytes:
        """``kometa overlays preview --rating-key N``: the one poster it writes."""
        from kometa.cli.main import main

        assert main(["overlays", "preview", "--config", str(self.folder / "config.yml"), "--library", self.library,
                     "--rating-key", str(rating_key), "--output-dir", str(out)]) == 0
        (found,) = list(out.iterdir())
        return found.read_bytes()

    def row(self, name: str = "overlays") -> ItemRow:
        assert self.report is not None
        return next(r for r in self.report.library(self.library).rows if r.name == name)

    def poster(self, rating_key: int) -> bytes:
        thumb = self.item(rating_key).get("thumb")
        response = requests.get(f"{self.sim.url}{thumb}", params={"X-Plex-Token": TOKEN}, timeout=10)
        response.raise_for_status()
        return response.content

    def element(self, rating_key: int) -> ET.Element:
        response = requests.get(f"{self.sim.url}/library/metadata/{rating_key}", params={"X-Plex-Token": TOKEN},
                                timeout=10)
        response.raise_for_status()
        found = ET.fromstring(response.content)[0]
        return found

    def item(self, rating_key: int) -> dict[str, Any]:
        return dict(self.element(rating_key).attrib)

    def labels(self, rating_key: int) -> list[str]:
        return [e.attrib["tag"] for e in self.element(rating_key) if e.tag == "Label"]

    def upload(self, rating_key: int, data: bytes) -> None:
        requests.post(f"{self.sim.url}/library/metadata/{rating_key}/posters", params={"X-Plex-Token": TOKEN},
                      data=data, timeout=10).raise_for_status()

    def edit(self, rating_key: int, **fields: Any) -> None:
        params = {f"{k}.value": v for k, v in fields.items()}
        requests.put(f"{self.sim.url}/library/sections/1/all", timeout=10,
                     params={"X-Plex-Token": TOKEN, "type": 1, "id": rating_key, **params}).raise_for_status()

    def per_item_requests(self) -> list[dict[str, Any]]:
        return [e for e in self.sim.request_log() if e["path"].startswith("/library/metadata/")]

    def writes(self) -> int:
        by = self.sim.stats()["by_method"]
        return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))
