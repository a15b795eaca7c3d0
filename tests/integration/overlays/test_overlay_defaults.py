"""Our overlay defaults run end to end: ``- default: NAME`` on a small seeded world (plexsim world
mode), real HTTP; which posters got which badges, the main variables' effect, and a second run
that renders and writes nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from default_helpers import TOKEN, DefaultsRunner, video_facts  # noqa: E402

from plexsim.server import PlexSim  # noqa: E402

MOVIES = 14


@pytest.fixture
def sim() -> Iterator[PlexSim]:
    with PlexSim(movies=MOVIES, shows=3, seed=3, token=TOKEN, world=True) as server:
        yield server


@pytest.fixture
def runner(sim: PlexSim, tmp_path: Path) -> DefaultsRunner:
    return DefaultsRunner(sim, tmp_path)


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
