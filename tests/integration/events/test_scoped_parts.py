"""Scoped runs of overlays and operations: for an event's items X they decide what a full run
decides for X, and leave every other item alone (hypothesis: random additions and edits, each
reported; after the scoped run a full run finds nothing left to write), over real HTTP."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.events.resolve import narrow
from kometa.events.scope import Change, Scope
from plexsim.server import PlexSim

TOKEN = "scoped-parts"
MOMENT = datetime(2026, 12, 1, 12, 0).astimezone()
COLLECTIONS = "collections:\n  Comedy Films:\n    genre: Comedy\n"
OVERLAYS = """\
overlays:
  Rating:
    overlay:
      name: text(<<audience_rating>>)
      horizontal_offset: 20
      vertical_offset: 20
      back_color: "#000000"
    plex_all: true
  Comedy:
    overlay:
      name: text(COMEDY)
      horizontal_align: right
      horizontal_offset: 20
      vertical_align: bottom
      vertical_offset: 20
      back_color: "#990000"
    plex_search:
      all:
        genre: Comedy
"""
RANKED = """\
  Top Two:
    overlay:
      name: text(TOP)
      vertical_align: bottom
      vertical_offset: 20
      horizontal_offset: 20
      back_color: "#006600"
    plex_search:
      all:
        year.gte: 1900
      sort_by: audience_rating.desc
    limit: 2
"""
OPERATIONS = "    operations:\n      genre_mapper:\n        Thriller: Suspense\n"


def _config(folder: Path, sim: PlexSim, overlays: str = OVERLAYS) -> Path:
    (folder / "Movies.yml").write_text(COLLECTIONS, encoding="utf-8")
    (folder / "Overlays.yml").write_text(overlays, encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(textwrap.dedent(f"""\
        plex:
          url: {sim.url}
          token: {TOKEN}
        libraries:
          Movies:
            collection_files:
              - file: Movies.yml
            overlay_files:
              - file: Overlays.yml
        """) + OPERATIONS, encoding="utf-8")
    return path


def _run(path: Path, scope: Scope | None = None) -> Any:
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True), moment=MOMENT)
    if scope is not None:
        narrowed = narrow(ctx, scope)
        assert narrowed is not None
        ctx.options = narrowed
    report = process_config(ctx)
    assert not report.failed, report.failure_summary()
    return report


def _writes(sim: PlexSim) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in sim.request_log() if e["method"] in ("PUT", "POST", "DELETE")]


def _posters(sim: PlexSim) -> set[int]:
    """The items whose poster was uploaded."""
    return {int(e["path"].split("/")[3]) for e in sim.request_log()
            if e["method"] == "POST" and e["path"].endswith("/posters")}


def _add(sim: PlexSim, spec: dict[str, Any]) -> str:
    answer = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": TOKEN}, json=spec, timeout=10)
    return str(answer.json()["added"][0]["ratingKey"])


def _event(*keys: str) -> Scope:
    return Scope.of([Change("plex", "updated", section="1", rating_keys=(key,)) for key in keys])


def test_overlays_and_operations_decide_for_the_event_items_only(tmp_path):
    with PlexSim(movies=12, shows=2, seed=4, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        _run(path)
        told, untold = (sim.client().fetchItem(int(_add(sim, {"title": title, "genres": ["Thriller", "Comedy"]})))
                        for title in ("Told", "Untold"))  # two new items; only one is reported
        sim.reset_stats()
        report = _run(path, _event(str(told.ratingKey)))
        assert _posters(sim) == {told.ratingKey}  # one render and upload: the reported item's
        rows = {row.name: row for row in report.library("Movies").rows}
        assert rows["genre_mapper"].added == 1  # Thriller -> Suspense for the reported item only
        assert "Suspense" in {g.tag for g in sim.client().fetchItem(told.ratingKey).genres}
        assert "Suspense" not in {g.tag for g in sim.client().fetchItem(untold.ratingKey).genres}
        assert told.ratingKey in {m.ratingKey for m in sim.client().library.section("Movies")
                                  .collection("Comedy Films").items()}
        sim.reset_stats()
        _run(path)  # the full run does the rest: exactly the other item
        assert _posters(sim) == {untold.ratingKey}


def test_a_ranked_overlay_makes_overlays_run_whole(tmp_path):
    with PlexSim(movies=10, shows=2, seed=4, token=TOKEN) as sim:
        path = _config(tmp_path, sim, OVERLAYS + RANKED)
        _run(path)
        movies = sim.client().library.section("Movies").all()
        movies[5].editField("audienceRating", "9.9")  # enters the top two: another item leaves it
        sim.reset_stats()
        _run(path, _event(str(movies[5].ratingKey)))
        assert movies[5].ratingKey in _posters(sim) and len(_posters(sim)) >= 2
        sim.reset_stats()
        _run(path)
        assert _writes(sim) == []


GENRES = ["Family", "Thriller", "Comedy"]
additions = st.builds(lambda genres, year: {"genres": genres, "year": year},
                      st.lists(st.sampled_from(GENRES), min_size=1, max_size=2, unique=True), st.integers(1990, 2025))
edits = st.tuples(st.integers(0, 9), st.sampled_from([*GENRES, "rating"]), st.booleans())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(added=st.lists(additions, max_size=2), edited=st.lists(edits, min_size=1, max_size=3))
def test_a_scoped_run_leaves_a_full_run_nothing_to_write(tmp_path_factory, added, edited):
    folder = tmp_path_factory.mktemp("parts")
    with PlexSim(movies=10, shows=2, seed=4, token=TOKEN) as sim:
        path = _config(folder, sim)
        # never edited: each genre stays in the library, so the config's genre searches stay valid
        anchor = int(_add(sim, {"title": "Anchor", "genres": GENRES}))
        _run(path)
        movies = [m for m in sim.client().library.section("Movies").all() if m.ratingKey != anchor]
        keys = [_add(sim, spec) for spec in added]
        for index, what, flag in edited:
            movie = movies[index]
            if what == "rating":
                movie.editField("audienceRating", "1.1" if flag else "7.7")
            else:
                (movie.addGenre if flag else movie.removeGenre)(what)
            keys.append(str(movie.ratingKey))
        _run(path, _event(*keys))
        sim.reset_stats()
        _run(path)
        assert _writes(sim) == []


METADATA = """\
metadata:
  Told:
    summary: Told, from the metadata file
  Untold:
    summary: Untold, from the metadata file
"""


def test_metadata_files_edit_the_event_items_only(tmp_path):
    with PlexSim(movies=8, shows=2, seed=4, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        (tmp_path / "Meta.yml").write_text(METADATA, encoding="utf-8")
        text = path.read_text(encoding="utf-8").replace(
            "    overlay_files:", "    metadata_files:\n      - file: Meta.yml\n    overlay_files:")
        path.write_text(text, encoding="utf-8")
        _run(path)  # neither item exists yet: both entries match nothing
        told, untold = (sim.client().fetchItem(int(_add(sim, {"title": title, "genres": ["Comedy"]})))
                        for title in ("Told", "Untold"))
        report = _run(path, _event(str(told.ratingKey)))
        row = next(row for row in report.library("Movies").rows if row.name == "metadata: Meta")
        assert row.added == 1
        assert sim.client().fetchItem(told.ratingKey).summary == "Told, from the metadata file"
        assert sim.client().fetchItem(untold.ratingKey).summary != "Untold, from the metadata file"
        _run(path)  # the full run does the other entry
        assert sim.client().fetchItem(untold.ratingKey).summary == "Untold, from the metadata file"
        sim.reset_stats()
        _run(path)
        assert _writes(sim) == []
