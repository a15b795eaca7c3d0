"""tmdb_list at builder_level season/episode: TMDb lists hold movies and shows only (TMDb's list API has
no season or episode items), so a listed show stands for its seasons or episodes, as in Kometa; the
list's movies and the shows the library lacks give nothing at that level."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
import requests

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from metasim.testing import PLEX_TOKEN, Paired


@pytest.fixture
def pair(tmdb_pair: Paired) -> Paired:
    return tmdb_pair


def test_a_tmdb_lists_shows_give_their_seasons(pair: Paired, tmp_path: Path) -> None:
    group = next(g for g in pair.world.lists.values()
                 if any(t.kind == "tv" and t.in_library for t in g.members) and any(t.kind == "movie" for t in g.members))
    listed = {t.title for t in group.members if t.kind == "tv" and t.in_library}
    (tmp_path / "Overlays.yml").write_text(textwrap.dedent(f"""
        overlays:
          Listed:
            builder_level: season
            overlay:
              name: text(LISTED)
              horizontal_offset: 10
              vertical_offset: 10
            tmdb_list: {group.id}
    """), encoding="utf-8")
    path = tmp_path / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\ntmdb:\n  apikey: {pair.meta.tmdb_key}\n"
                    "libraries:\n  TV Shows:\n    overlay_files:\n      - file: Overlays.yml\n", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    row = next(r for r in report.library("TV Shows").rows if r.name == "overlays")
    assert row.error is None, row
    seasons = ET.fromstring(requests.get(f"{pair.plex.url}/library/sections/2/all", timeout=10,
                                         params={"X-Plex-Token": PLEX_TOKEN, "type": 3}).content)
    expected = {s.attrib["ratingKey"] for s in seasons if s.attrib["parentTitle"] in listed}
    state = json.loads((tmp_path / "overlays" / "state.json").read_text())["libraries"]["TV Shows"]
    assert expected and set(state) == expected
    assert {entry["level"] for entry in state.values()} == {"season"}
