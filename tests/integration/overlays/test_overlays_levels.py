"""Season and episode overlays (builder_level) on a plexsim show library: one listing per level,
1000x1500 season posters and 1920x1080 episode title cards, incremental second runs, restores."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests
from overlay_helpers import TOKEN, OverlayRunner
from PIL import Image

from kometa.overlays.render import has_marker
from plexsim.server import PlexSim

LEVELS = """
overlays:
  ShowBadge:
    overlay:
      name: text(<<content_rating>>)
      horizontal_offset: 20
      vertical_offset: 20
      back_color: "#000000"
    plex_all: true
  SeasonNumber:
    builder_level: season
    overlay:
      name: text(Season <<season_number>> of <<show_title>>)
      horizontal_align: center
      horizontal_offset: 0
      vertical_align: bottom
      vertical_offset: 40
      back_color: "#202080"
    plex_all: true
  EpisodeCode:
    overlay_level: episode
    overlay:
      name: text(S<<season_number0>>E<<episode_number0>>)
      horizontal_align: right
      horizontal_offset: 30
      vertical_offset: 30
      back_color: "#CC0000"
      back_padding: 10
    plex_all: true
"""


class ShowRunner(OverlayRunner):
    library = "TV Shows"

    def listing(self, type_number: int) -> list[dict[str, str]]:
        response = requests.get(f"{self.sim.url}/library/sections/2/all", timeout=10,
                                params={"X-Plex-Token": TOKEN, "type": type_number})
        response.raise_for_status()
        return [dict(e.attrib) for e in ET.fromstring(response.content)]


@pytest.fixture
def tv(sim: PlexSim, tmp_path: Path) -> ShowRunner:
    return ShowRunner(sim, tmp_path)


def _state(runner: ShowRunner) -> dict:
    return json.loads((runner.folder / "overlays" / "state.json").read_text())["libraries"]["TV Shows"]


def test_seasons_and_episodes_get_their_canvas_and_label(tv: ShowRunner) -> None:
    seasons, episodes = tv.listing(3), tv.listing(4)
    total = 2 + len(seasons) + len(episodes)
    tv.run(LEVELS)
    row = tv.row()
    assert row.error is None and row.added == total
    season, episode = seasons[0], episodes[0]
    with Image.open(io.BytesIO(tv.poster(int(season["ratingKey"])))) as img:
        assert img.size == (200, 300)  # plexsim's small original keeps its size (drawn as on 1000x1500)
    data = tv.poster(int(episode["ratingKey"]))
    assert has_marker(data)
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (320, 180)  # plexsim's 16:9 episode thumb keeps its size (drawn as on 1920x1080)
        # the red badge sits at the right edge of the title card (x = 1920 - 30 - width), scaled
        scale_x, scale_y = img.width / 1920, img.height / 1080
        assert img.convert("RGB").getpixel((int((1920 - 40) * scale_x), int(45 * scale_y)))[0] > 150
    for key in (season["ratingKey"], episode["ratingKey"]):
        assert "Overlay" in tv.labels(int(key))
    state = _state(tv)
    assert {v.get("level", "") for v in state.values()} == {"", "season", "episode"}
    assert state[episode["ratingKey"]]["level"] == "episode"


def test_one_listing_per_level_and_a_free_second_run(tv: ShowRunner) -> None:
    tv.run(LEVELS)
    tv.sim.reset_stats()
    tv.run()
    row = tv.row()
    assert row.added == 0 and row.removed == 0 and row.error is None
    assert tv.writes() == 0 and tv.per_item_requests() == []
    listings = [e for e in tv.sim.request_log() if e["path"] == "/library/sections/2/all"]
    types = sorted(parse_qs(e["query"]).get("type", ["?"])[0] for e in listings)
    assert types == ["18", "2", "3", "4"]  # shows, collections, seasons, episodes: nothing per show


def test_episode_and_season_texts_come_from_the_level_listing(tv: ShowRunner) -> None:
    from datetime import datetime

    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.context import RunContext, connect_library
    from kometa.engine.overlay_step import level_reader, select
    from kometa.overlays.decide import layers_for

    episode, season = tv.listing(4)[0], tv.listing(3)[0]
    path = tv.write(LEVELS)
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                     moment=datetime.now().astimezone())
    library = ctx.config.libraries["TV Shows"]
    server, snapshot = connect_library(ctx, library)
    chosen = select(ctx.config, library, snapshot, ctx.moment, ctx.documents.load,
                    levels=level_reader(server, snapshot))
    assert [lv.level for lv in chosen.levels] == ["", "season", "episode"]
    texts = {}
    for item in (episode, season):
        key = int(item["ratingKey"])
        level = chosen.level_of(key)
        assert level is not None
        texts[key] = [layer.text for layer in layers_for(level.snapshot.items[key], level.stacks[key], {})]
    code = f"S{int(episode['parentIndex']):02d}E{int(episode['index']):02d}"
    assert texts[int(episode["ratingKey"])] == [code]
    assert texts[int(season["ratingKey"])] == [f"Season {season['index']} of {season['parentTitle']}"]
    tv.run(LEVELS, dry_run=True)
    named = f"'{episode['grandparentTitle']} {code} {episode['title']}'"
    assert any(named in line for line in tv.printed)


def test_dropping_a_level_restores_its_posters_byte_identical(tv: ShowRunner) -> None:
    episodes = tv.listing(4)
    key = int(episodes[0]["ratingKey"])
    before = tv.poster(key)
    tv.run(LEVELS)
    assert tv.poster(key) != before
    no_episodes = LEVELS.split("  EpisodeCode:")[0]
    tv.run(no_episodes)
    row = tv.row()
    assert row.removed == len(episodes) and row.error is None
    assert tv.poster(key) == before
    assert "Overlay" not in tv.labels(key)
    assert all(v.get("level", "") != "episode" for v in _state(tv).values())


def test_builder_level_in_a_movie_library_is_a_located_error(runner: OverlayRunner) -> None:
    runner.run("""
    overlays:
      Seasons:
        builder_level: season
        overlay:
          name: text(x)
          horizontal_offset: 0
          vertical_offset: 0
        plex_all: true
    """)
    assert runner.report is not None
    rows = {r.name: r for r in runner.report.library("Movies").rows}
    assert rows["Seasons"].status == "Validation Error"
    assert "Overlays.yml:3:" in (rows["Seasons"].error or "") and "needs a show library" in (rows["Seasons"].error or "")


def test_show_and_season_runtime_come_from_one_episode_listing(tv: ShowRunner) -> None:
    overlays = """
    overlays:
      Runtime:
        overlay:
          name: text(<<runtime>> / <<total_runtimeH>>h<<total_runtimeM>>)
          horizontal_offset: 0
          vertical_offset: 0
        plex_all: true
    """
    episodes = tv.listing(4)
    show = tv.listing(2)[0]
    minutes = [int(e["duration"]) / 60000 for e in episodes if e["grandparentRatingKey"] == show["ratingKey"]]
    average, total = round(sum(minutes) / len(minutes)), round(sum(minutes))
    tv.sim.reset_stats()
    tv.run(overlays, dry_run=True)
    listings = [e for e in tv.sim.request_log() if e["path"] == "/library/sections/2/all"]
    assert sorted(parse_qs(e["query"]).get("type", ["?"])[0] for e in listings) == ["18", "2", "4"]
    from datetime import datetime

    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.context import RunContext, connect_library
    from kometa.engine.overlay_step import level_reader, select
    from kometa.engine.overlay_text import episode_totals
    from kometa.overlays.decide import layers_for

    path = tv.folder / "config.yml"
    ctx = RunContext(config=load_config(path), options=Options(config=path), moment=datetime.now().astimezone())
    library = ctx.config.libraries["TV Shows"]
    server, snapshot = connect_library(ctx, library)
    read = level_reader(server, snapshot)
    chosen = select(ctx.config, library, snapshot, ctx.moment, ctx.documents.load, levels=read)
    extra: dict[int, dict] = {}
    episode_totals(chosen.levels, read, extra)
    key = int(show["ratingKey"])
    [layer] = layers_for(snapshot.items[key], chosen.stacks[key], {}, extra.get(key))
    assert layer.text == f"{average} / {total // 60}h{total % 60}"
