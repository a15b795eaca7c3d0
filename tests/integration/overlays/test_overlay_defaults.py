"""Our overlay defaults run end to end: ``- default: NAME`` on a small seeded world (plexsim world
mode), real HTTP; which posters got which badges, the main variables' effect, and a second run
that renders and writes nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from default_helpers import DefaultsRunner, video_facts  # noqa: E402

from metasim.testing import Paired, start_pair, stop_pair  # noqa: E402

MOVIES = 14


@pytest.fixture
def pair() -> Iterator[Paired]:
    found = start_pair(seed=3, movies=MOVIES, shows=3)
    try:
        yield found
    finally:
        stop_pair(found)


@pytest.fixture
def runner(pair: Paired, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DefaultsRunner:
    monkeypatch.setenv("KOMETA_IMDB_URL", f"{pair.meta.url}/imdb")
    return DefaultsRunner(pair.plex, tmp_path)


def _expected_resolution(resolution: str, hdr: bool, dovi: bool) -> str:
    base = {"4k": "4K", "1080": "1080P", "720": "720P", "576": "576P", "480": "480P", "sd": "480P"}[resolution]
    return base + ("-DV-HDR" if dovi and hdr else "-DV" if dovi else "-HDR" if hdr else "")


def test_resolution_badges_follow_each_items_video(runner: DefaultsRunner) -> None:
    got = runner.run([{"default": "resolution"}])
    assert runner.errors() == []
    items = runner.items()
    expected = {i.attrib["title"]: [_expected_resolution(*video_facts(i))] for i in items}
    assert got == expected
    assert len({names[0] for names in got.values()}) >= 3  # the seeded world has several kinds
    runner.sim.reset_stats()
    assert runner.run() == {}  # the second run renders nothing ...
    assert runner.writes() == 0  # ... and writes nothing


def test_editions_and_use_variables(runner: DefaultsRunner) -> None:
    items = runner.items()
    first, second = items[0], items[1]
    runner.edit(int(first.attrib["ratingKey"]), editionTitle="Extended Edition")
    runner.edit(int(second.attrib["ratingKey"]), editionTitle="Director's Cut")
    got = runner.run([{"default": "resolution"}])
    assert got[first.attrib["title"]][1:] == ["Extended-Edition"]
    assert got[second.attrib["title"]][1:] == ["Directors-Edition"]
    assert all(len(names) == 1 for title, names in got.items()
               if title not in (first.attrib["title"], second.attrib["title"]))
    # use_resolution: false leaves only the edition badges; use_extended: false drops that one
    got = runner.run([{"default": "resolution", "template_variables": {"use_resolution": False,
                                                                        "use_extended": False}}])
    assert runner.errors() == []
    assert got == {second.attrib["title"]: ["Directors-Edition"]}
    assert runner.report is not None
    row = next(r for r in runner.rows() if r.name == "overlays")
    assert row.removed == MOVIES - 1  # every other poster is restored to its original


def test_ribbon_marks_the_imdb_top_250(runner: DefaultsRunner, pair: Paired) -> None:
    import requests

    body = {"query": "{ chartTitles(chart: { chartType: TOP_RATED_MOVIES }, first: 250) { edges { node { id } } } }"}
    top = {e["node"]["id"] for e in requests.post(f"{pair.meta.url}/imdb/", json=body, timeout=10).json()
           ["data"]["chartTitles"]["edges"]}
    on_chart = {t.title for t in pair.world.library if t.kind == "movie" and t.imdb_id in top
                and (f"imdb://{t.imdb_id}" in t.plex_guids or t.imdb_id in t.plex_guid)}
    assert on_chart  # the seeded world puts some library movies on the chart
    got = runner.run([{"default": "ribbon"}])
    assert runner.errors() == []
    assert got == {title: ["IMDb-Top-250"] for title in on_chart}
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    # style: black draws the black ribbon: every ribboned poster is rendered again
    got = runner.run([{"default": "ribbon", "template_variables": {"style": "black"}}])
    assert set(got) == on_chart
