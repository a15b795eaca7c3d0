"""Run our overlay defaults (``- default: NAME``) against plexsim in world mode and read back
which posters got which overlays (from the run's change lines) and what the items are."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
import yaml

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import ItemRow, RunReport
from plexsim.server import PlexSim

TOKEN = "plexsim-test"
_LINE = re.compile(r"poster of '(.+)': overlays (.+) \(")


class DefaultsRunner:
    """One config folder; ``run(entries)`` writes a config whose Movies (or TV Shows) library uses
    the given overlay_files entries and runs it once through the engine."""

    def __init__(self, sim: PlexSim, folder: Path, library: str = "Movies") -> None:
        self.sim, self.folder, self.library = sim, folder, library
        self.printed: list[str] = []
        self.report: RunReport | None = None
        self.services: dict[str, Any] = {}  # top-level config blocks (tmdb:, mdblist:, ...)

    def write(self, entries: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> Path:
        config = {"plex": {"url": self.sim.url, "token": TOKEN}, **self.services,
                  "libraries": {self.library: {"overlay_files": entries, **(extra or {})}}}
        path = self.folder / "config.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def run(self, entries: list[dict[str, Any]] | None = None, **flags: Any) -> dict[str, list[str]]:
        """Returns title -> overlay names of every poster this run uploaded."""
        if entries is not None:
            self.write(entries)
        path = self.folder / "config.yml"
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True, **flags),
                         moment=datetime.now().astimezone())
        import kometa.engine.changes as changes

        start = len(self.printed)
        original = changes.ChangeLog.say
        printed = self.printed

        def say(log: changes.ChangeLog, text: str) -> None:  # every change line, dry run or not
            printed.append(text)
            original(log, text)

        try:
            changes.ChangeLog.say = say  # type: ignore[method-assign]
            self.report = process_config(ctx)
        finally:
            changes.ChangeLog.say = original  # type: ignore[method-assign]
        found: dict[str, list[str]] = {}
        for line in self.printed[start:]:
            match = _LINE.search(line)
            if match:
                found[match.group(1)] = [n.strip() for n in match.group(2).split(", ")]
        return found

    def rows(self) -> list[ItemRow]:
        assert self.report is not None
        return self.report.library(self.library).rows

    def errors(self) -> list[str]:
        return [r.error for r in self.rows() if r.error]

    def writes(self) -> int:
        by = self.sim.stats()["by_method"]
        return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))

    def get(self, path: str, **params: Any) -> ET.Element:
        response = requests.get(f"{self.sim.url}{path}", params={"X-Plex-Token": TOKEN, **params}, timeout=10)
        response.raise_for_status()
        return ET.fromstring(response.content)

    def items(self, section: int = 1) -> list[ET.Element]:
        """Every item of the section in full (Media, Streams, ratings)."""
        listing = self.get(f"/library/sections/{section}/all")
        return [self.get(f"/library/metadata/{e.attrib['ratingKey']}")[0] for e in listing]

    def poster(self, rating_key: int) -> bytes:
        thumb = self.get(f"/library/metadata/{rating_key}")[0].attrib["thumb"]
        response = requests.get(f"{self.sim.url}{thumb}", params={"X-Plex-Token": TOKEN}, timeout=10)
        response.raise_for_status()
        return response.content

    def edit(self, rating_key: int, section: int = 1, kind: int = 1, **fields: Any) -> None:
        params = {f"{k}.value": v for k, v in fields.items()}
        requests.put(f"{self.sim.url}/library/sections/{section}/all", timeout=10,
                     params={"X-Plex-Token": TOKEN, "type": kind, "id": rating_key, **params}).raise_for_status()


def video_facts(item: ET.Element) -> tuple[str, bool, bool]:
    """(videoResolution, HDR, Dolby Vision) of an item's first version, from its streams."""
    media = item.find("Media")
    assert media is not None
    streams = [s for s in media.iter("Stream") if s.attrib.get("streamType") == "1"]
    hdr = any(s.attrib.get("colorTrc") in ("smpte2084", "arib-std-b67") or s.attrib.get("DOVIPresent") == "1"
              for s in streams)
    dovi = any(s.attrib.get("DOVIPresent") == "1" for s in streams)
    return media.attrib.get("videoResolution", "").lower(), hdr, dovi


def online(runner: DefaultsRunner, pair: Any, monkeypatch: Any) -> DefaultsRunner:
    """``runner`` pointed at metasim's TMDb and MDBList (``pair``: metasim.testing.Paired), with a tmdb: section."""
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{pair.meta.url}/mdblist")
    runner.services = {"tmdb": {"apikey": pair.meta.tmdb_key}}
    return runner
