"""An IMDb episode id whose Plex episode has no ``imdb://`` guid (a legacy-agent show): converted
through TMDb's ``/find`` (cached, as Kometa converts it), for overlays and collections at
``builder_level: episode``; without TMDb it is a missing id, not a silent match."""

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
from kometa.engine.report import RunReport
from metasim.testing import PLEX_TOKEN, Paired


@pytest.fixture
def pair(tmdb_pair: Paired) -> Paired:
    return tmdb_pair


def _run(pair: Paired, folder: Path, imdb_ids: list[str], tmdb: bool = True, extra: str = "") -> RunReport:
    ids = ", ".join(imdb_ids)
    (folder / "Overlays.yml").write_text(textwrap.dedent(f"""
        overlays:
          Picked:
            builder_level: episode
            overlay:
              name: text(PICKED)
              horizontal_offset: 10
              vertical_offset: 10
            imdb_id: [{ids}]
    """), encoding="utf-8")
    (folder / "Shows.yml").write_text(f"collections:\n  Picked Episodes:\n    builder_level: episode\n"
                                      f"    imdb_id: [{ids}]\n", encoding="utf-8")
    path = folder / "config.yml"
    block = (f"tmdb:\n  apikey: {pair.meta.tmdb_key}\n" if tmdb else "") + extra
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n{block}libraries:\n  TV Shows:\n"
                    "    collection_files:\n      - file: Shows.yml\n    overlay_files:\n      - file: Overlays.yml\n",
                    encoding="utf-8")
    return process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                     moment=datetime.now().astimezone()))


def _episodes(pair: Paired) -> list[ET.Element]:
    answer = requests.get(f"{pair.plex.url}/library/sections/2/all", timeout=10,
                          params={"X-Plex-Token": PLEX_TOKEN, "type": 4, "includeGuids": 1})
    return list(ET.fromstring(answer.content))


def _legacy_episode(pair: Paired) -> tuple[str, ET.Element]:
    """A legacy-agent show's S01E02: its IMDb id (the world knows it) and its Plex episode (no imdb guid)."""
    show = next(t for t in pair.world.shows if t.legacy and t.in_library and t.imdb_id)
    episode = next(e for e in _episodes(pair) if e.attrib.get("grandparentTitle") == show.title
                   and e.attrib.get("parentIndex") == "1" and e.attrib.get("index") == "2")
    assert not [g for g in episode if g.tag == "Guid" and g.attrib["id"].startswith("imdb://")]
    return show.episode_imdb_id(1, 2), episode


def test_an_imdb_episode_without_a_plex_guid_is_found_through_tmdb(pair: Paired, tmp_path: Path) -> None:
    imdb_id, episode = _legacy_episode(pair)
    report = _run(pair, tmp_path, [imdb_id])
    rows = {r.name: r for r in report.library("TV Shows").rows}
    assert rows["overlays"].error is None and rows["overlays"].added == 1, rows
    state = json.loads((tmp_path / "overlays" / "state.json").read_text())["libraries"]["TV Shows"]
    assert list(state) == [episode.attrib["ratingKey"]]
    assert rows["Picked Episodes"].status == "Created" and rows["Picked Episodes"].missing == 0, rows
    finds = [e for e in pair.meta.request_log() if e["path"].endswith(f"/find/{imdb_id}")]
    assert len(finds) == 1  # asked once for both (the client's memory), then cached
    pair.meta.reset_stats()
    _run(pair, tmp_path, [imdb_id])
    assert not [e for e in pair.meta.request_log() if "/find/" in e["path"]]  # the cache answers


def test_without_tmdb_the_id_is_missing(pair: Paired, tmp_path: Path) -> None:
    imdb_id, _ = _legacy_episode(pair)
    report = _run(pair, tmp_path, [imdb_id], tmdb=False)
    rows = {r.name: r for r in report.library("TV Shows").rows}
    assert rows["overlays"].added == 0
    assert rows["Picked Episodes"].missing == 1 or rows["Picked Episodes"].status != "Created", rows


def test_without_tmdb_omdb_gives_the_episode(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kometa's fallback: OMDb's episode record (seriesID, Season, Episode) when TMDb is not there;
    here an episode of a show Plex knows by its IMDb id, whose own imdb:// guid is gone."""
    monkeypatch.setenv("KOMETA_OMDB_URL", f"{pair.meta.url}/omdb")
    show = next(t for t in pair.world.shows if not t.legacy and t.in_library and t.imdb_id)
    episode = next(e for e in _episodes(pair) if e.attrib.get("grandparentTitle") == show.title
                   and e.attrib.get("parentIndex") == "1" and e.attrib.get("index") == "2")
    item = pair.plex.store.items[int(episode.attrib["ratingKey"])]
    item.guids = [g for g in item.guids if not g.startswith("imdb://")]
    pair.plex.store.save(item)
    imdb_id = show.episode_imdb_id(1, 2)
    report = _run(pair, tmp_path, [imdb_id], tmdb=False, extra="omdb:\n  apikey: metasim-omdb\n")
    rows = {r.name: r for r in report.library("TV Shows").rows}
    assert rows["overlays"].error is None and rows["overlays"].added == 1, rows
    state = json.loads((tmp_path / "overlays" / "state.json").read_text())["libraries"]["TV Shows"]
    assert list(state) == [episode.attrib["ratingKey"]]
    assert [e for e in pair.meta.request_log() if e["path"].startswith("/omdb")]
