"""Item 1 (and 4): a collection or playlist created but never labelled/recorded is adopted by the
next run, because the intent to create it was recorded first; unrecordable intent creates nothing."""

from __future__ import annotations

import errno
import json

import pytest
from process_helpers import Runner, rows

import kometa.engine.ownership as ownership
import kometa.plex.failures as failures
from plexsim.server import PlexSim

COLLECTIONS = """
    collections:
      Dramas:
        plex_search:
          all:
            genre: Drama
"""
PLAYLISTS = """
    playlists:
      Mix:
        libraries: Movies
        plex_search:
          all:
            genre: Drama
"""


def _labels(sim: PlexSim, title: str) -> list[str]:
    section = sim.client().library.section("Movies")
    return [label.tag for label in section.collection(title).labels]


def test_a_collection_whose_label_request_was_lost_is_adopted_next_run(
        runner: Runner, sim: PlexSim, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(failures, "SLEEP", lambda seconds: None)
    runner.write(COLLECTIONS)
    sim.set_faults(error_rate=1.0, error_statuses=[503], only="PUT /library/sections")  # the label edit
    first = runner.run()
    sim.clear_faults()
    assert first.failed
    assert "Kometa" not in _labels(sim, "Dramas")  # created, never labelled
    second = runner.run()
    row = rows(second)["Dramas"]
    assert row.error is None, row
    assert row.status != "Unmanaged Collection"
    assert "Kometa" in _labels(sim, "Dramas")
    assert not second.failed
    third = runner.run()
    assert rows(third)["Dramas"].status == "Unchanged"
    state = json.loads((runner.folder / "kometa-state.json").read_text(encoding="utf-8"))
    assert not any(state.get("creating", {}).values()), state  # the intent is done with


def test_a_users_own_namesake_is_still_left_alone(runner: Runner, sim: PlexSim) -> None:
    runner.write(COLLECTIONS)
    section = sim.client().library.section("Movies")
    section.createCollection("Dramas", items=section.search(genre="Drama")[:1])
    row = rows(runner.run())["Dramas"]
    assert row.status == "Unmanaged Collection"


class _FullDisk:
    """The ``tempfile`` the ledger writes through, on a disk with no space left."""

    @staticmethod
    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_playlist_is_not_created_when_its_ownership_cannot_be_recorded(
        runner: Runner, sim: PlexSim, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.write(COLLECTIONS, playlists=PLAYLISTS)
    monkeypatch.setattr(ownership, "tempfile", _FullDisk)
    report = runner.run()
    assert report.failed
    row = report.playlists[0]
    assert row.error is not None and "kometa-state.json" in row.error
    assert [p.title for p in sim.client().playlists()] == []  # nothing Plex would keep that we forgot
