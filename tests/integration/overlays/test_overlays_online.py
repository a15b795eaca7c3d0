"""Text variables from TMDb and MDBList, and reset_overlays: tmdb, against plexsim + metasim sharing one
world: the values are the services' (formatted as Kometa does), cached so a second run asks nothing."""

from __future__ import annotations

import io
import json
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
import requests
from PIL import Image

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import ItemRow, RunReport
from metasim.testing import PLEX_TOKEN, Paired

sys.path.insert(0, str(Path(__file__).resolve().parent))

MDB_KEY = "metasim-mdblist"
RATING = """
overlays:
  TMDb:
    overlay:
      name: text(TMDb <<tmdb_rating>>)
      horizontal_offset: 10
      vertical_offset: 10
    plex_all: true
  MDb:
    overlay:
      name: text(<<mdb_rating#>>)
      horizontal_align: right
      horizontal_offset: 10
      vertical_offset: 10
    plex_all: true
"""


@pytest.fixture
def env(paired_sims: Paired, monkeypatch: pytest.MonkeyPatch) -> Paired:
    pair = paired_sims
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    monkeypatch.setenv("KOMETA_TMDB_IMAGE_URL", f"{pair.meta.url}/tmdb/t/p/original")
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{pair.meta.url}/mdblist")
    pair.meta.reset_stats()
    return pair


def _run(pair: Paired, folder: Path, overlays: str, library: str = "Movies", extra: str = "",
         services: bool = True) -> RunReport:
    (folder / "Overlays.yml").write_text(textwrap.dedent(overlays), encoding="utf-8")
    blocks = f"tmdb:\n  apikey: {pair.meta.tmdb_key}\nmdblist:\n  apikey: {MDB_KEY}\n" if services else ""
    config = (f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n{blocks}libraries:\n  {library}:\n"
              f"    overlay_files:\n      - file: Overlays.yml\n{extra}")
    path = folder / "config.yml"
    path.write_text(config, encoding="utf-8")
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    return process_config(ctx)


def _badges(*entries: tuple[str, str, str]) -> str:
    """An overlay file: (name, text, the selecting lines) per overlay, each a text badge at 10, 10."""
    out = "overlays:\n"
    for name, text, select in entries:
        out += (f"  {name}:\n    overlay:\n      name: text({text})\n      horizontal_offset: 10\n"
                f"      vertical_offset: 10\n" + textwrap.indent(textwrap.dedent(select), "    "))
    return out


def _rows(report: RunReport, library: str = "Movies") -> dict[str, ItemRow]:
    return {r.name: r for r in report.library(library).rows}


def test_tmdb_and_mdblist_ratings_fill_text_and_a_second_run_asks_nothing(env: Paired, tmp_path: Path) -> None:
    from kometa.engine.online import OnlineServices
    from kometa.engine.overlay_step import level_reader, select
    from kometa.engine.overlay_text import online_values
    from kometa.overlays.decide import layers_for

    report = _run(env, tmp_path, RATING)
    row = _rows(report)["overlays"]
    assert row.error is None and row.added == env.world.library_movies
    # what the texts say is what the services say about each movie
    ctx = RunContext(config=load_config(tmp_path / "config.yml"), options=Options(config=tmp_path / "config.yml"),
                     moment=datetime.now().astimezone())
    from kometa.engine.context import connect_library

    library = ctx.config.libraries["Movies"]
    server, snapshot = connect_library(ctx, library)
    chosen = select(ctx.config, library, snapshot, ctx.moment, ctx.documents.load, levels=level_reader(server, snapshot))
    extra, problems = online_values(chosen.levels, snapshot, OnlineServices(ctx.config))
    assert problems == []
    world = env.world
    checked = 0
    for key, item in snapshot.items.items():
        tmdb_id = next((int(g.split("://")[1]) for g in item.get("guids") if g.startswith("tmdb://")), None)
        if tmdb_id is None:  # an IMDb/TVDb-only item: converted through TMDb's find
            continue
        title = world.title("movie", str(tmdb_id))
        assert title is not None
        texts = [layer.text for layer in layers_for(item, chosen.stacks[key], {}, extra.get(key))]
        assert texts[0] == f"TMDb {title.vote_average:.1f}"
        record = requests.get(f"{env.meta.url}/mdblist/tmdb/movie/{tmdb_id}", params={"apikey": MDB_KEY},
                              timeout=10).json()
        score = f"{record['score'] / 10:.1f}"
        assert texts[1] == (score[:-2] if score.endswith(".0") else score)  # MDBList's score on a 0-10 scale
        checked += 1
    assert checked > len(snapshot.items) // 2
    env.meta.reset_stats()
    env.plex.reset_stats()
    report = _run(env, tmp_path, RATING)
    row = _rows(report)["overlays"]
    assert (row.added, row.unchanged, row.error) == (0, env.world.library_movies, None)
    assert sum(env.meta.stats()["by_service"].values()) == 0  # every answer from the cache
    assert not [e for e in env.plex.request_log() if e["path"].startswith("/library/metadata/")]


def test_a_service_that_is_not_configured_is_one_located_error(env: Paired, tmp_path: Path) -> None:
    report = _run(env, tmp_path, RATING, services=False)
    rows = _rows(report)
    errors = [r.error or "" for r in rows.values() if r.name == "overlay text"]
    assert len(errors) == 1 and "config.yml:" in errors[0] and "TMDb" in errors[0]
    assert rows["overlays"].added == 0  # no poster gets half its overlays


def test_reset_overlays_tmdb_takes_tmdbs_poster_and_season_posters(env: Paired, tmp_path: Path) -> None:
    overlays = _badges(("Badge", "S", "plex_all: true\n"),
                       ("Seasons", "<<season_number>>", "builder_level: season\nplex_all: true\n"))
    report = _run(env, tmp_path, overlays, library="TV Shows", extra="    reset_overlays: tmdb\n")
    row = _rows(report, "TV Shows")["overlays"]
    assert row.error is None and row.added > 2
    state = json.loads((tmp_path / "overlays" / "state.json").read_text())["libraries"]["TV Shows"]
    sources = {v.get("level", ""): v["source"] for v in state.values()}
    assert sources[""].startswith("tmdb:/") and sources["season"].startswith("tmdb:/")
    key, entry = next((k, v) for k, v in state.items() if v.get("level") == "season")
    backup = (tmp_path / "overlays" / "TV Shows Original Posters" / entry["file"]).read_bytes()
    expected = requests.get(f"{env.meta.url}/tmdb/t/p/original{entry['source'][5:]}", timeout=10).content
    assert backup == expected  # the season's original is TMDb's season poster, byte for byte
    with Image.open(io.BytesIO(backup)) as img:
        assert img.size == (400, 600)
    env.meta.reset_stats()
    report = _run(env, tmp_path, overlays, library="TV Shows", extra="    reset_overlays: tmdb\n")
    row = _rows(report, "TV Shows")["overlays"]
    assert row.added == 0 and row.error is None
    assert env.meta.stats()["by_service"].get("tmdb-images", 0) == 0
    assert key in state


def test_online_builders_and_plex_evaluated_searches_select_overlays(env: Paired, tmp_path: Path) -> None:
    overlays = _badges(("Popular", "POPULAR", "tmdb_popular: 10\n"),
                       ("HDR", "HDR", "plex_search:\n  all:\n    hdr: true\n"))
    # earlier tests of this module overlaid these posters (state elsewhere): Plex's own posters are the base
    report = _run(env, tmp_path, overlays, extra="    reset_overlays: plex\n")
    rows = _rows(report)
    assert rows["overlays"].error is None and not [r for r in rows.values() if r.status == "Validation Error"]
    state = json.loads((tmp_path / "overlays" / "state.json").read_text())["libraries"]["Movies"]
    hdr = requests.get(f"{env.plex.url}/library/sections/1/all", timeout=10,
                       params={"X-Plex-Token": PLEX_TOKEN, "type": 1, "hdr": 1})
    import xml.etree.ElementTree as ET

    hdr_keys = {e.attrib["ratingKey"] for e in ET.fromstring(hdr.content)}
    assert hdr_keys and hdr_keys <= set(state)  # Plex's answer to the search got the badge
    assert 0 < len(set(state) - hdr_keys) <= 10  # the popular ones (at most 10) the library holds
