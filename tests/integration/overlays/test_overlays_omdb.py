"""``<<omdb_*>>`` text variables against plexsim + metasim sharing one world: OMDb's values on
Kometa's scales, cached so a second run asks nothing; without an ``omdb:`` section, one error line."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path

import pytest
import requests

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import RunReport
from metasim.testing import PLEX_TOKEN, Paired, paired_sims  # noqa: F401

KEY = "metasim-omdb"
OVERLAYS = """
overlays:
  Meta:
    overlay:
      name: text(<<omdb_metascore_rating>>)
      horizontal_offset: 10
      vertical_offset: 10
    plex_all: true
  IMDb:
    overlay:
      name: text(<<omdb_rating>>)
      horizontal_align: right
      horizontal_offset: 10
      vertical_offset: 10
    plex_all: true
"""


@pytest.fixture
def env(paired_sims: Paired, monkeypatch: pytest.MonkeyPatch) -> Paired:  # noqa: F811
    monkeypatch.setenv("KOMETA_OMDB_URL", f"{paired_sims.meta.url}/omdb")
    paired_sims.meta.reset_stats()
    return paired_sims


def _config(pair: Paired, folder: Path, section: bool = True) -> Path:
    (folder / "Overlays.yml").write_text(textwrap.dedent(OVERLAYS), encoding="utf-8")
    block = f"omdb:\n  apikey: {KEY}\n" if section else ""
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n{block}libraries:\n  Movies:\n"
                    f"    overlay_files:\n      - file: Overlays.yml\n", encoding="utf-8")
    return path


def _run(path: Path) -> RunReport:
    return process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                     moment=datetime.now().astimezone()))


def test_omdb_ratings_fill_text_and_a_second_run_asks_nothing(env: Paired, tmp_path: Path) -> None:
    from kometa.engine.context import connect_library
    from kometa.engine.online import OnlineServices
    from kometa.engine.overlay_step import level_reader, select
    from kometa.engine.overlay_text import online_values
    from kometa.ids.guids import item_ids
    from kometa.overlays.decide import layers_for

    path = _config(env, tmp_path)
    report = _run(path)
    row = next(r for r in report.library("Movies").rows if r.name == "overlays")
    assert row.error is None and row.added > 0, row
    ctx = RunContext(config=load_config(path), options=Options(config=path), moment=datetime.now().astimezone())
    library = ctx.config.libraries["Movies"]
    server, snapshot = connect_library(ctx, library)
    chosen = select(ctx.config, library, snapshot, ctx.moment, ctx.documents.load, levels=level_reader(server, snapshot))
    extra, problems = online_values(chosen.levels, snapshot, OnlineServices(ctx.config))
    assert problems == []
    checked = 0
    for key, item in snapshot.items.items():
        imdb = item_ids(item.get("guid"), item.get("guids") or ()).imdb
        if imdb is None:
            continue
        record = requests.get(f"{env.meta.url}/omdb/", params={"i": imdb, "apikey": KEY}, timeout=10).json()
        if record.get("Response") != "True" or record["Metascore"] == "N/A":
            continue
        texts = [layer.text for layer in layers_for(item, chosen.stacks[key], {}, extra.get(key))]
        assert texts[0] == f"{int(record['Metascore']) / 10:.1f}"  # the Metascore on a 0-10 scale
        assert texts[1] == f"{float(record['imdbRating']):.1f}"
        checked += 1
    assert checked > 5
    env.meta.reset_stats()
    report = _run(path)
    row = next(r for r in report.library("Movies").rows if r.name == "overlays")
    assert row.added == 0 and row.error is None, row
    assert env.meta.stats()["by_service"].get("omdb", 0) == 0  # every answer from the cache


def test_without_the_section_one_error_line(env: Paired, tmp_path: Path) -> None:
    report = _run(_config(env, tmp_path, section=False))
    errors = [r.error or "" for r in report.library("Movies").rows if r.name == "overlay text"]
    assert len(errors) == 1 and f"{tmp_path / 'config.yml'}:" in errors[0], errors
    assert "OMDb could not be asked" in errors[0] and "the 'omdb:' section is missing" in errors[0]
