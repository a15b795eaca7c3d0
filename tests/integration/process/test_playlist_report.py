"""``settings: playlist_report``: after the playlists, every playlist of the admin and the shared
users and whose copies they are, against plexsim's users and its plex.tv stand-in."""

from __future__ import annotations

import io
import logging

import pytest
from plexapi.server import PlexServer
from process_helpers import TOKEN, Runner

from kometa.engine.playlist_report import report_rows
from kometa.engine.summary import print_summary
from plexsim.server import PlexSim

PLAYLISTS = """
    playlists:
      Dramas:
        libraries: Movies
        plex_search: {{all: {{genre: Drama}}}}
{dramas}
      Comedies:
        libraries: Movies
        plex_search: {{all: {{genre: Comedy}}}}
{comedies}"""


@pytest.fixture
def shared(monkeypatch):
    with PlexSim(movies=40, shows=2, seed=1, token=TOKEN, users=["alice", "bob"]) as sim:
        monkeypatch.setenv("KOMETA_PLEXTV_URL", f"{sim.url}/_plextv")
        yield sim


@pytest.fixture
def runner(shared, tmp_path):
    return Runner(shared, tmp_path)


def _run(runner, caplog, dramas="", comedies="", settings=""):
    runner.write("collections: {}\n", playlists=PLAYLISTS.format(dramas=dramas, comedies=comedies))
    if settings:
        path = runner.folder / "config.yml"
        path.write_text(path.read_text() + "settings:\n" + settings, encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kometa"):
        report = runner.run()
    return report, [r.getMessage() for r in caplog.records]


def test_the_report_names_each_playlists_users(runner, shared, caplog):
    bob = next(u.token for u in shared.sim.users if u.username == "bob")
    server = PlexServer(shared.url, bob)
    server.createPlaylist("Bobs Own", items=server.library.section("Movies").all()[:1])
    report, lines = _run(runner, caplog, dramas="        sync_to_users: all\n",
                         comedies="        sync_to_users: alice\n")
    assert report.playlist_report == [("Bobs Own", "bob"), ("Comedies", "plexsim-admin, alice"), ("Dramas", "all")]
    start = next(i for i, line in enumerate(lines) if line.startswith("Playlist report of "))
    assert lines[start + 1].split("|")[0].strip() == "Playlist"
    assert [line.split("|")[1].strip() for line in lines[start + 2:start + 5]] == ["bob", "plexsim-admin, alice",
                                                                                     "all"]
    out = io.StringIO()
    from rich.console import Console

    print_summary(report, Console(file=out, force_terminal=False, width=200), problems={})
    text = out.getvalue()
    assert "Playlist Report" in text and "Comedies | plexsim-admin, alice" in text


def test_without_users_the_report_is_the_admins(runner, caplog):
    report, _ = _run(runner, caplog)
    assert report.playlist_report == [("Comedies", "plexsim"), ("Dramas", "plexsim")]  # the root's myPlexUsername


def test_playlist_report_false_prints_and_reads_nothing(runner, shared, caplog):
    _run(runner, caplog)
    shared.reset_stats()
    report, lines = _run(runner, caplog, settings="  playlist_report: false\n")
    assert report.playlist_report == [] and not any("Playlist report" in line for line in lines)
    with_report = shared.stats()["requests"]
    shared.reset_stats()
    _run(runner, caplog)
    assert shared.stats()["requests"] == with_report + 1  # the report: one listing as the admin


def test_the_report_is_written_without_playlist_files(runner, caplog):
    server = runner.plex()
    server.createPlaylist("Made By Hand", items=server.library.section("Movies").all()[:2])
    runner.write("collections: {}\n")  # no playlist_files: Kometa still reports (the setting is on by default)
    with caplog.at_level(logging.INFO, logger="kometa"):
        report = runner.run()
    assert report.playlist_report == [("Made By Hand", "plexsim")]
    assert any(r.getMessage().startswith("Playlist report of ") for r in caplog.records)
    assert runner.run(collections_only=True).playlist_report == []  # a run that leaves playlists out


def test_report_rows_all_only_when_everyone_has_it():
    assert report_rows({"admin": ["A", "B"], "u": ["A"]}, 2) == [("A", "all"), ("B", "admin")]
    assert report_rows({"admin": ["A"]}, 1) == [("A", "admin")]
