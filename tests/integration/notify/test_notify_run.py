"""A whole ``--run`` against plexsim with webhooks and a heartbeat pointed at a local receiver."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from notify_receiver import Receiver

from kometa.app.runner import run_once
from kometa.core.logs import teardown_logging
from kometa.core.options import Options
from plexsim.server import PlexSim

TOKEN = "plexsim-notify"


def _config(folder: Path, sim: PlexSim, receiver: Receiver, collections: str, extra: str = "") -> Path:
    (folder / "Movies.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(textwrap.dedent(f"""\
        plex:
          url: {sim.url}
          token: {TOKEN}
        settings:
          heartbeat: {receiver.url}/ping/abcdef123456
        webhooks:
          run_start: {receiver.url}/hooks/start-secret-path
          run_end: [{receiver.url}/hooks/end]
          error: {receiver.url}/hooks/error
          changes: {receiver.url}/hooks/changes
          delete: {receiver.url}/hooks/delete
        libraries:
          Movies:
            collection_files:
              - file: Movies.yml
        """) + extra, encoding="utf-8")
    return path


ACTION = """
    collections:
      Action Movies:
        plex_search:
          all:
            genre: Drama
"""

BROKEN = """
    collections:
      Broken:
        plex_search:
          all:
            no_such_attribute: 1
"""


def _run(path: Path, **flags: object) -> int:
    try:
        return run_once(Options(config=path, run=True, **flags))  # type: ignore[arg-type]
    finally:
        teardown_logging()


def test_a_run_sends_start_changes_and_end_and_pings(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION)
        assert _run(path) == 0
        expected = {m.title for m in sim_plex(sim).library.section("Movies").search(genre="Drama")}
    start = receiver.to("/hooks/start-secret-path")
    assert len(start) == 1
    body = start[0].json()
    assert body["event"] == "run_start" and body["library_mapping_name"] == ""
    assert len(body["start_time"]) == 19 and body["start_time"][4] == "-"

    changes = receiver.to("/hooks/changes")
    assert len(changes) == 1
    change = changes[0].json()
    assert change["event"] == "changes"
    assert change["collection"] == "Action Movies"
    assert change["library_name"] == "Movies" and change["library_mapping_name"] == "Movies"
    assert change["server_name"]  # plexsim's friendly name
    assert change["created"] is True
    assert {a["title"] for a in change["additions"]} == expected
    assert change["removals"] == [] and change["radarr_adds"] == [] and change["sonarr_adds"] == []
    assert change["poster"] is None and change["poster_url"] is None

    end = receiver.to("/hooks/end")[0].json()
    assert end["event"] == "run_end"
    assert end["collections_created"] == 1 and end["collections_modified"] == 0
    assert end["collections_deleted"] == 0
    assert end["items_added"] == len(expected) and end["items_removed"] == 0
    assert end["names"] == [{"name": "Action Movies", "library": "Movies"}]
    assert end["run_time"].count(":") == 2
    assert "dry_run" not in end
    assert receiver.to("/hooks/error") == [] and receiver.to("/hooks/delete") == []

    pings = [r.path for r in receiver.requests if r.path.startswith("/ping/")]
    assert pings == ["/ping/abcdef123456/start", "/ping/abcdef123456"]
    assert "kometa run success (exit 0)" in receiver.to("/ping/abcdef123456")[0].text
    # the ordering the monitor sees: start ping and run_start first, run_end and the success ping last
    order = [r.path for r in receiver.requests]
    assert order.index("/ping/abcdef123456/start") < order.index("/hooks/changes") < order.index("/hooks/end")


def sim_plex(sim: PlexSim):  # type: ignore[no-untyped-def]
    from plexapi.server import PlexServer

    return PlexServer(sim.url, TOKEN)


def test_second_run_unchanged_sends_no_changes_and_delete_is_sent(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION)
        assert _run(path) == 0
        receiver.requests.clear()
        assert _run(path) == 0
        assert receiver.to("/hooks/changes") == []
        end = receiver.to("/hooks/end")[0].json()
        assert end["collections_created"] == 0 and end["items_added"] == 0
        receiver.requests.clear()
        (tmp_path / "Movies.yml").write_text(textwrap.dedent("""
            collections:
              Action Movies:
                schedule: never
                delete_not_scheduled: true
                plex_search:
                  all:
                    genre: Drama
        """), encoding="utf-8")
        assert _run(path) == 0
    deletes = receiver.to("/hooks/delete")
    assert len(deletes) == 1
    body = deletes[0].json()
    assert body["event"] == "delete" and body["library_name"] == "Movies" and body["server_name"]
    assert "Action Movies" in body["message"] and body["library_mapping_name"] == "Movies"
    assert receiver.to("/hooks/end")[0].json()["collections_deleted"] == 1


def test_dry_run_sends_no_changes_and_marks_run_end(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION)
        assert _run(path, dry_run=True) == 0
    assert receiver.to("/hooks/changes") == []
    end = receiver.to("/hooks/end")[0].json()
    assert end["dry_run"] is True and end["collections_created"] == 1
    assert [r for r in receiver.requests if r.path.startswith("/ping/")] == []  # dry runs do not ping


def test_errors_are_sent_with_collection_and_the_heartbeat_reports_the_exit_code(
        tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, BROKEN)
        assert _run(path) == 1
    errors = [r.json() for r in receiver.to("/hooks/error")]
    assert len(errors) == 1
    assert errors[0]["collection"] == "Broken" and errors[0]["library_name"] == "Movies"
    assert errors[0]["critical"] is False and "Movies.yml" in errors[0]["error"]
    pings = [r.path for r in receiver.requests if r.path.startswith("/ping/")]
    assert pings == ["/ping/abcdef123456/start", "/ping/abcdef123456/1"]
    assert "Broken" in receiver.to("/ping/abcdef123456/1")[0].text


def test_a_config_error_is_a_critical_error_and_a_heartbeat_2(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=5, shows=1, seed=3, token=TOKEN) as sim:
        # (an unknown library key is only a warning now: Kometa ignores it; a library_name list is an error)
        path = _config(tmp_path, sim, receiver, ACTION, extra="    library_name: [Movies, Films]\n")
        assert _run(path) == 2
    errors = [r.json() for r in receiver.to("/hooks/error")]
    assert len(errors) == 1 and errors[0]["critical"] is True and "library_name" in errors[0]["error"]
    assert receiver.to("/hooks/end")[0].json()["collections_created"] == 0
    assert [r.path for r in receiver.requests if r.path.startswith("/ping/")] == ["/ping/abcdef123456/2"]


def test_notifiers_down_never_fail_the_run_and_secrets_stay_out_of_the_log(
        tmp_path: Path, receiver: Receiver) -> None:
    receiver.answer("/hooks/end", 500, {"error": "boom"})
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION)
        text = path.read_text(encoding="utf-8")
        # the monitor and one webhook point at a port nobody listens on
        text = text.replace(f"{receiver.url}/ping/abcdef123456", "http://127.0.0.1:9/ping/deadbeef-uuid-1234")
        text = text.replace(f"{receiver.url}/hooks/start-secret-path", "http://127.0.0.1:9/hooks/start-secret-path")
        path.write_text(text, encoding="utf-8")
        assert _run(path) == 0
    log = (tmp_path / "logs" / "meta.log").read_text(encoding="utf-8")
    assert "Heartbeat to http://127.0.0.1:9/… failed (could not connect)" in log
    assert log.count("Heartbeat to") == 1  # one warning, no second ping
    assert f"Notification run_end to webhook {receiver.url}/… failed: HTTP 500" in log
    assert "start-secret-path" not in log and "deadbeef-uuid-1234" not in log
    assert len(receiver.to("/hooks/changes")) == 1  # the others still went out


def test_definition_and_library_targets_and_playlists(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, f"""
            collections:
              Dramas:
                changes_webhooks: {receiver.url}/hooks/own
                plex_search:
                  all:
                    genre: Drama
              Comedies:
                sync_mode: sync
                plex_search:
                  all:
                    genre: Comedy
        """, extra="playlist_files:\n  - file: Playlists.yml\n")
        text = path.read_text(encoding="utf-8").replace(
            "      - file: Movies.yml\n", f"      - file: Movies.yml\n    webhooks:\n      changes: {receiver.url}/hooks/lib\n")
        path.write_text(text, encoding="utf-8")
        (tmp_path / "Playlists.yml").write_text(textwrap.dedent("""
            playlists:
              Mix:
                libraries: Movies
                plex_search: {all: {genre: [Drama]}}
        """), encoding="utf-8")
        assert _run(path) == 0
        assert [r.json()["collection"] for r in receiver.to("/hooks/own")] == ["Dramas"]
        assert [r.json()["collection"] for r in receiver.to("/hooks/lib")] == ["Comedies"]
        (playlist,) = [r.json() for r in receiver.to("/hooks/changes")]  # playlists use the global targets
        assert playlist["playlist"] == "Mix" and playlist["created"] is True and playlist["library_name"] == ""
        assert playlist["library_mapping_name"] == "" and len(playlist["additions"]) > 0
        end = receiver.to("/hooks/end")[0].json()
        assert end["collections_created"] == 3
        assert {"name": "Mix", "library": "PLAYLIST"} in end["names"]
        # the comedies narrow: one run later the removals are listed by title
        receiver.requests.clear()
        movies = tmp_path / "Movies.yml"
        movies.write_text(movies.read_text(encoding="utf-8").replace(
            "genre: Comedy", "genre: Comedy\n        year.gte: 1980"), encoding="utf-8")
        assert _run(path) == 0
        comedies = [r.json() for r in receiver.to("/hooks/lib")]
        kept = {m.title for m in sim_plex(sim).library.section("Movies").collection("Comedies").items()}
    (body,) = comedies  # the seeded library has a comedy before 1980 and one after
    assert body["created"] is False and body["additions"] == []
    assert body["removals"] and not {r["title"] for r in body["removals"]} & kept
    end = receiver.to("/hooks/end")[0].json()
    assert end["collections_modified"] == 1 and end["items_removed"] == len(body["removals"])


def test_a_deleted_playlist_is_a_delete_without_library(tmp_path: Path, receiver: Receiver) -> None:
    playlist = """
        playlists:
          Mix:
            libraries: Movies
            plex_search: {all: {genre: [Drama]}}
    """
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, "collections: {}\n", extra="playlist_files:\n  - file: Playlists.yml\n")
        (tmp_path / "Playlists.yml").write_text(textwrap.dedent(playlist), encoding="utf-8")
        assert _run(path) == 0
        receiver.requests.clear()
        (tmp_path / "Playlists.yml").write_text(textwrap.dedent(playlist) + "    delete_playlist: true\n",
                                                encoding="utf-8")
        assert _run(path) == 0
    (body,) = [r.json() for r in receiver.to("/hooks/delete")]
    assert body == {"event": "delete", "message": 'Playlist "Mix" deleted (delete_playlist)',
                    "server_name": body["server_name"], "library_mapping_name": ""}
    assert body["server_name"] and "library_name" not in body
    assert receiver.to("/hooks/end")[0].json()["collections_deleted"] == 1


def test_a_failed_library_is_a_critical_error_naming_it(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION,
                       extra="  Films:\n    library_name: Nope\n    collection_files:\n      - file: Movies.yml\n")
        assert _run(path) == 1
    (error,) = [r.json() for r in receiver.to("/hooks/error")]
    assert error["critical"] is True and error["library_name"] == "Nope" and error["library_mapping_name"] == "Films"
    assert "library 'Nope' not found on Plex" in error["error"] and "collection" not in error
    assert receiver.to("/hooks/end")[0].json()["names"] == [{"name": "Action Movies", "library": "Movies"}]


def test_a_wrong_changes_webhooks_stops_its_definition_before_any_write(tmp_path: Path, receiver: Receiver) -> None:
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, """
            collections:
              Dramas:
                plex_search:
                  all:
                    genre: Drama
                changes_webhooks: example.com/hook
        """)
        assert _run(path) == 1
        assert sim_plex(sim).library.section("Movies").collections() == []
    (error,) = [r.json() for r in receiver.to("/hooks/error")]
    assert error["collection"] == "Dramas" and error["critical"] is False
    assert error["error"].startswith(f"{tmp_path / 'Movies.yml'}:7: changes_webhooks: 'example.com/hook' is neither")


def test_an_event_run_sends_changes_but_no_heartbeat_nor_run_start_end(
        tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    from kometa.app.signals import INTERNAL_TRIGGER

    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION)
        monkeypatch.setenv(INTERNAL_TRIGGER, "event")  # as the waiter starts its event runs
        assert _run(path) == 0
        assert [r.path for r in receiver.requests if r.path.startswith("/ping/")] == []
        assert receiver.to("/hooks/start-secret-path") == [] and receiver.to("/hooks/end") == []
        assert [r.json()["collection"] for r in receiver.to("/hooks/changes")] == ["Action Movies"]
        receiver.requests.clear()
        monkeypatch.setenv(INTERNAL_TRIGGER, "scheduled")  # the next scheduled run pings and announces
        assert _run(path) == 0
    assert [r.path for r in receiver.requests if r.path.startswith("/ping/")] == [
        "/ping/abcdef123456/start", "/ping/abcdef123456"]
    assert len(receiver.to("/hooks/start-secret-path")) == 1 and len(receiver.to("/hooks/end")) == 1


def test_an_event_run_still_sends_its_errors_and_no_failure_ping(
        tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    from kometa.app.signals import INTERNAL_TRIGGER

    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, BROKEN)
        monkeypatch.setenv(INTERNAL_TRIGGER, "event")
        assert _run(path) == 1
    assert [r.json()["collection"] for r in receiver.to("/hooks/error")] == ["Broken"]
    assert [r for r in receiver.requests if r.path.startswith("/ping/")] == []
    assert receiver.to("/hooks/start-secret-path") == [] and receiver.to("/hooks/end") == []


def test_a_run_reports_each_collection_done_to_the_live_progress(
        tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    from kometa.app.progress import ProgressWriter

    steps: list[tuple[str, int, int]] = []
    original = ProgressWriter.step

    def step(self: ProgressWriter, done: int, total: int) -> None:
        steps.append((self.phase[0], done, total))
        original(self, done, total)

    monkeypatch.setattr(ProgressWriter, "step", step)
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        path = _config(tmp_path, sim, receiver, ACTION + """
      Comedies:
        plex_search:
          all:
            genre: Comedy
""")
        assert _run(path) == 0
    assert steps == [("library Movies", 1, 2), ("library Movies", 2, 2)]
