"""``show_filtered`` / ``show_unfiltered`` (settings: global or the library's) in overlay runs: each
item an overlay's ``filters`` drop (keep) is logged, one line each, as for collections."""

from __future__ import annotations

import logging

import pytest
from overlay_helpers import TOKEN, OverlayRunner
from plexapi.server import PlexServer

OVERLAYS = """
overlays:
  New:
    overlay:
      name: text(NEW)
      horizontal_offset: 20
      vertical_offset: 20
      back_color: "#CC0000"
    plex_all: true
    filters:
      year.gte: {year}
"""


def _split(runner: OverlayRunner) -> tuple[int, list[str], list[str]]:
    """A year that splits the library, the titles it drops and the titles it keeps."""
    movies = PlexServer(runner.sim.url, TOKEN).library.section("Movies").all()
    years = sorted(m.year for m in movies)
    year = years[len(years) // 2]
    return (year, sorted(m.title for m in movies if m.year < year),
            sorted(m.title for m in movies if m.year >= year))


def _lines(caplog: pytest.LogCaptureFixture, marker: str) -> list[str]:
    prefix = "Movies | Overlay New | "
    return sorted(r.getMessage()[len(prefix) + len(marker):] for r in caplog.records
                  if r.getMessage().startswith(prefix + marker))


def test_library_show_filtered_logs_each_dropped_item(runner: OverlayRunner,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    year, dropped, kept = _split(runner)
    assert dropped and kept
    runner.write(OVERLAYS.format(year=year), library_extra="    settings:\n      show_filtered: true\n")
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    assert _lines(caplog, "filtered out: ") == dropped
    assert _lines(caplog, "kept by the filters: ") == []


def test_global_settings_and_show_unfiltered(runner: OverlayRunner, caplog: pytest.LogCaptureFixture) -> None:
    year, dropped, kept = _split(runner)
    path = runner.write(OVERLAYS.format(year=year))
    path.write_text(path.read_text() + "settings:\n  show_filtered: true\n  show_unfiltered: true\n",
                    encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    assert _lines(caplog, "filtered out: ") == dropped
    assert _lines(caplog, "kept by the filters: ") == kept


def test_off_by_default(runner: OverlayRunner, caplog: pytest.LogCaptureFixture) -> None:
    year, _, _ = _split(runner)
    runner.write(OVERLAYS.format(year=year))
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    assert not any("| Overlay New |" in r.getMessage() for r in caplog.records)
