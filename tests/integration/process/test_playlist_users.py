"""Playlists shared with users (sync_to_users / exclude_users and their settings), against plexsim's
shared users and its plex.tv stand-in, checked through python-plexapi as each user."""

from __future__ import annotations

import pytest
from plexapi.server import PlexServer
from process_helpers import TOKEN, Runner

from plexsim.server import PlexSim

DRAMAS = """
    playlists:
      Dramas:
        libraries: Movies
        plex_search: {{all: {{genre: Drama}}}}
{extra}"""


@pytest.fixture
def shared(monkeypatch):
    with PlexSim(movies=40, shows=2, seed=1, token=TOKEN, users=["alice", "bob", "carol"]) as sim:
        monkeypatch.setenv("KOMETA_PLEXTV_URL", f"{sim.url}/_plextv")
        yield sim


@pytest.fixture
def runner(shared, tmp_path):
    return Runner(shared, tmp_path)


def _as(sim, name):
    if name == "admin":
        return PlexServer(sim.url, TOKEN)
    return PlexServer(sim.url, next(u.token for u in sim.sim.users if u.username == name))


def _titles(sim, name):
    return {p.title: [i.ratingKey for i in p.items()] for p in _as(sim, name).playlists()}


def _run(runner, extra="", settings=""):
    runner.write("collections: {}\n", playlists=DRAMAS.format(extra=extra))
    if settings:
        path = runner.folder / "config.yml"
        path.write_text(path.read_text() + f"settings:\n{settings}", encoding="utf-8")
    return runner.run()


def test_sync_to_users_gives_each_user_the_same_playlist_and_a_second_run_sends_nothing(runner, shared):
    report = _run(runner, "        sync_to_users: alice, bob\n")
    row = report.playlists[0]
    assert row.status == "Created" and row.error is None, row
    admin = _titles(shared, "admin")["Dramas"]
    assert admin and _titles(shared, "alice") == {"Dramas": admin} == _titles(shared, "bob")
    assert _titles(shared, "carol") == {}
    assert "alice: Created" in row.note and "bob: Created" in row.note
    shared.reset_stats()
    report = runner.run()
    assert runner.writes() == 0 and "alice: Unchanged" in report.playlists[0].note


def test_the_settings_default_all_and_exclude_users(runner, shared):
    _run(runner, settings="  playlist_sync_to_users: all\n  playlist_exclude_users: bob\n")
    assert set(_titles(shared, "alice")) == {"Dramas"} == set(_titles(shared, "carol"))
    assert _titles(shared, "bob") == {}
    assert "Dramas" in _titles(shared, "admin")


def test_excluding_the_admin_deletes_only_the_admins_copy(runner, shared):
    _run(runner, "        sync_to_users: all\n")
    report = _run(runner, "        sync_to_users: all\n        exclude_users: plexsim-admin\n")
    assert "Dramas" not in _titles(shared, "admin")
    assert all("Dramas" in _titles(shared, n) for n in ("alice", "bob", "carol"))
    assert report.playlists[0].status == "Deleted"


def test_a_users_own_playlist_of_the_same_name_is_left_alone(runner, shared):
    alice = _as(shared, "alice")
    movie = alice.library.section("Movies").all()[0]
    alice.createPlaylist("Dramas", items=[movie])
    report = _run(runner, "        sync_to_users: alice\n")
    assert _titles(shared, "alice")["Dramas"] == [movie.ratingKey]
    assert "alice: Unmanaged Playlist" in report.playlists[0].note
    assert "for user 'alice'" in report.playlists[0].error


def test_unknown_user_is_a_located_error(runner, shared):
    report = _run(runner, "        sync_to_users: zed\n")
    error = report.playlists[0].error
    assert "Playlists.yml:" in error and "user 'zed' is not a user of this Plex server" in error
    assert "alice" in error and "plexsim-admin" in error


def test_plextv_unreachable_with_the_settings_default_keeps_the_admins_copy(runner, shared, monkeypatch):
    monkeypatch.setenv("KOMETA_PLEXTV_URL", "http://127.0.0.1:9/_plextv")
    report = _run(runner, settings="  playlist_sync_to_users: all\n")
    assert report.playlists[0].status == "Created" and "Dramas" in _titles(shared, "admin")
    report = _run(runner, "        sync_to_users: alice\n")
    assert "plex.tv could not be reached" in report.playlists[0].error

