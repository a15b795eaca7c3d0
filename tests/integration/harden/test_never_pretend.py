"""Item 0: a part this version does not do is a located line, listed as not done, and exit 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from process_helpers import TOKEN, Runner
from rich.console import Console

from kometa.config import unbuilt
from kometa.engine.summary import print_summary
from plexsim.server import PlexSim

COLLECTIONS = """
    collections:
      Action:
        plex_search:
          all:
            genre: Action
"""
MIX = """
    playlists:
      Mix:
        libraries: Movies
        plex_search:
          all:
            genre: Action
"""
UNBUILT = """    template_variables:
      stand_in: 1
    operations:
      mass_genre_update: tmdb
    reset_overlays: false
"""


def test_unbuilt_library_keys_are_located_not_done_lines(runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    # every library key Kometa has is built now (image_files was the last): the table's mechanism, with a stand-in
    assert unbuilt.LIBRARY_KEYS == {}
    monkeypatch.setitem(unbuilt.LIBRARY_KEYS, "template_variables", "stand-in part")
    path = runner.write(COLLECTIONS, library_extra=UNBUILT)
    report = runner.run()
    assert report.failed
    lines = report.not_done
    assert lines == [f"{path}:8: Movies: template_variables: stand-in part is not done by this version yet"]
    # operations are built: a tmdb source without the tmdb: section is that operation's located error
    assert "tmdb" in (report.library("Movies").rows[0].error or "")
    assert report.library("Movies").rows[1].status == "Created"  # the rest still runs
    out = io.StringIO()
    print_summary(report, Console(file=out, width=200), problems={})
    assert "Not done by this version" in out.getvalue() and "template_variables" in out.getvalue()


def _stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every attribute Kometa has is built now: an accepted key the table names as unbuilt, for the mechanism."""
    from kometa.engine import settings

    monkeypatch.setattr(settings, "IGNORED", settings.IGNORED | {"stand_in_key"})
    monkeypatch.setitem(unbuilt.ATTRIBUTES, "stand_in_key", "a stand-in part")


def test_unbuilt_definition_attribute_is_not_done(runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    # every attribute Kometa has is built now: the table's mechanism, with a stand-in entry
    _stand_in(monkeypatch)
    runner.write(COLLECTIONS + "        stand_in_key: 1\n")
    report = runner.run()
    assert report.failed
    assert len(report.not_done) == 1
    assert report.not_done[0].endswith("Action: stand_in_key: a stand-in part is not done by this version yet")
    assert "Movies.yml:" in report.not_done[0]


def test_unbuilt_playlist_attribute_is_not_done(runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    _stand_in(monkeypatch)
    runner.write(COLLECTIONS, playlists=MIX + "        stand_in_key: 1\n")
    report = runner.run()
    assert report.failed
    assert [x for x in report.not_done if "Mix: stand_in_key" in x]


def test_built_attributes_ask_for_no_not_done_line(runner: Runner) -> None:
    runner.write(COLLECTIONS + "        run_again: true\n        hub_priority: 1\n",
                 playlists=MIX + "        url_poster: https://example.org/poster.jpg\n")
    report = runner.run()
    assert report.not_done == [] and not report.failed, report.not_done
    assert unbuilt.ATTRIBUTES == {}  # every accepted attribute is acted on


def test_run_exits_1_and_validate_says_so(sim: PlexSim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    # every attribute Kometa has is built now: the exit code and --validate's line, with a stand-in entry
    from kometa.cli.main import main

    _stand_in(monkeypatch)
    (tmp_path / "Movies.yml").write_text(COLLECTIONS, encoding="utf-8")
    (tmp_path / "Playlists.yml").write_text(MIX + "        stand_in_key: 1\n", encoding="utf-8")
    config = tmp_path / "config.yml"
    config.write_text(f"plex:\n  url: {sim.url}\n  token: {TOKEN}\n"
                      f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n"
                      f"playlist_files:\n  - file: Playlists.yml\n", encoding="utf-8")
    line = f"{tmp_path / 'Playlists.yml'}:8: Mix: stand_in_key: a stand-in part is not done by this version yet"
    assert main(["--config", str(config), "--run", "--no-countdown"]) == 1
    out = capsys.readouterr()
    assert line in out.out + out.err
    main(["--config", str(config), "--validate"])  # --validate names it (a definition's attribute)
    out = capsys.readouterr()
    assert f"{tmp_path / 'Playlists.yml'}:3: playlist 'Mix': stand_in_key not applied by this version" in (
        out.out + out.err)


def test_settings_that_ask_for_unbuilt_parts(runner: Runner) -> None:
    path = runner.write(COLLECTIONS)
    (runner.folder / "assets").mkdir()
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "settings:\n  asset_directory: assets\n  run_again_delay: 0\n", encoding="utf-8")
    assert not runner.run().failed  # an empty asset folder and no delay ask for nothing
    (runner.folder / "assets" / "Action.jpg").write_bytes(b"jpg")
    path.write_text(text + "settings:\n  asset_directory: assets\n  run_again_delay: 5\n", encoding="utf-8")
    report = runner.run()
    assert report.not_done == []  # asset folders are used (collections and assets_for_all); run_again is built
