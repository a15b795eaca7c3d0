"""Item-scoped runs give a full run's results: after random additions and edits, a scoped run for
the changed items, then a full run — the full run finds nothing left to write (hypothesis).

Also: which libraries a scope touches, and that a scoped run really skips what the items cannot change.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.events.resolve import libraries_touched, narrow
from kometa.events.scope import Change, Scope
from plexsim.server import PlexSim

TOKEN = "scoped"
MOMENT = datetime(2026, 12, 1, 12, 0).astimezone()
COLLECTIONS = """\
collections:
  Comedies:
    plex_search:
      all:
        genre: Comedy
  Recent Dramas:
    plex_search:
      all:
        genre: Drama
        year.gte: 2015
  Thrills:
    genre: Thriller
  Kids Picks:
    plex_search:
      any:
        label: Kids
        genre: Family
    filters:
      year.gte: 1990
  Everything:
    plex_all: true
  Top Five:
    plex_search:
      all:
        genre: Action
      sort_by: audience_rating.desc
      limit: 5
"""


def _config(folder: Path, sim: PlexSim) -> Path:
    (folder / "Movies.yml").write_text(COLLECTIONS, encoding="utf-8")
    (folder / "Shows.yml").write_text("collections:\n  Comedy Shows:\n    genre: Comedy\n", encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(textwrap.dedent(f"""\
        plex:
          url: {sim.url}
          token: {TOKEN}
        libraries:
          Movies:
            collection_files:
              - file: Movies.yml
          TV Shows:
            collection_files:
              - file: Shows.yml
        """), encoding="utf-8")
    return path


def _run(path: Path, scope: Scope | None = None) -> Any:
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True), moment=MOMENT)
    if scope is not None:
        narrowed = narrow(ctx, scope)
        assert narrowed is not None
        ctx.options = narrowed
    return process_config(ctx)


def _writes(sim: PlexSim) -> int:
    by = sim.stats()["by_method"]
    return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))


def _ran(report: Any, library: str = "Movies") -> set[str]:
    return {row.name for row in report.library(library).rows}


GENRES = ["Comedy", "Drama", "Thriller", "Family", "Action", "Horror"]
additions = st.builds(lambda genres, year, kids: {"genres": genres, "year": year, "labels": ["Kids"] if kids else []},
                      st.lists(st.sampled_from(GENRES), min_size=1, max_size=3, unique=True),
                      st.integers(1980, 2025), st.booleans())
edits = st.tuples(st.integers(0, 39), st.sampled_from(GENRES), st.booleans())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(added=st.lists(additions, max_size=3), edited=st.lists(edits, max_size=3))
def test_scoped_run_then_full_run_writes_nothing(tmp_path_factory, added, edited):
    folder = tmp_path_factory.mktemp("scoped")
    with PlexSim(movies=40, shows=3, seed=5, token=TOKEN) as sim:
        path = _config(folder, sim)
        _run(path)  # the library as a full run leaves it
        plex = sim.client()
        movies = plex.library.section("Movies").all()
        changes = []
        for spec in added:
            answer = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": TOKEN}, json=spec, timeout=10)
            rk = str(answer.json()["added"][0]["ratingKey"])
            changes.append(Change("plex", "added", section="1", rating_keys=(rk,)))
        for index, genre, add in edited:
            movie = movies[index]
            (movie.addGenre if add else movie.removeGenre)(genre)
            changes.append(Change("plex", "updated", section="1", rating_keys=(str(movie.ratingKey),)))
        scope = Scope.of(changes)
        if scope.changes:
            scoped = _run(path, scope)
            assert not scoped.failed
            assert "TV Shows" not in {lib.name for lib in scoped.libraries}  # another section: untouched
            assert {"Everything", "Top Five"} <= _ran(scoped)  # plex_all and a ranked top 5 always run
        sim.reset_stats()
        full = _run(path)
        assert not full.failed
        assert _writes(sim) == 0, sim.request_log(20)


def test_a_scoped_run_skips_collections_the_items_cannot_enter_or_leave(tmp_path):
    with PlexSim(movies=40, shows=3, seed=5, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        _run(path)
        answer = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": TOKEN},
                               json={"genres": ["Horror"], "year": 2001}, timeout=10)
        rk = str(answer.json()["added"][0]["ratingKey"])
        sim.reset_stats()
        report = _run(path, Scope.of([Change("plex", "added", section="1", rating_keys=(rk,))]))
        # a 2001 horror film enters no other collection; Kids Picks searches labels, which the run writes
        assert _ran(report) == {"Everything", "Top Five", "Kids Picks"}
        members = {m.ratingKey for m in sim.client().library.section("Movies").collection("Everything").items()}
        assert int(rk) in members
        comedy = sim.client().library.section("Movies").all()[0]
        comedy.addGenre("Comedy")
        report = _run(path, Scope.of([Change("plex", "updated", section="1", rating_keys=(str(comedy.ratingKey),))]))
        assert "Comedies" in _ran(report)
        assert comedy.ratingKey in {m.ratingKey for m in sim.client().library.section("Movies").collection("Comedies").items()}


def test_which_libraries_a_scope_touches(tmp_path):
    with PlexSim(movies=10, shows=2, seed=5, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True), moment=MOMENT)

        def touched(*changes: Change) -> list[str]:
            return libraries_touched(ctx, Scope.of(changes))

        assert touched(Change("plex", "added", section="2", rating_keys=("1",))) == ["TV Shows"]
        assert touched(Change("sonarr", "added", media="show")) == ["TV Shows"]
        assert touched(Change("radarr", "added", media="movie")) == ["Movies"]
        assert touched(Change("tautulli", "added", library="movies")) == ["Movies"]
        assert touched(Change("plex", "added", section="99", rating_keys=("1",))) == []
        assert touched(Change("run", "run", collections=("Comedies",))) == ["Movies", "TV Shows"]
        assert narrow(ctx, Scope.of([Change("plex", "added", section="99")])) is None
        whole = narrow(ctx, Scope.of([Change("run", "run")]))
        assert whole is not None and whole.run_libraries is None  # POST /run with nothing: the whole config
        only = narrow(ctx, Scope.of([Change("run", "run", library="Movies", collections=("Comedies",))]))
        assert only is not None and (only.run_libraries, only.run_collections) == ("Movies", "Comedies")


@pytest.mark.parametrize("kind", ["deleted", "run"])
def test_deletions_and_generic_runs_run_the_library_whole(tmp_path, kind):
    with PlexSim(movies=20, shows=2, seed=5, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        report = _run(path, Scope.of([Change("plex" if kind == "deleted" else "run", kind, library="Movies",
                                             rating_keys=("1",) if kind == "deleted" else ())]))
        assert _ran(report) == {"Comedies", "Recent Dramas", "Thrills", "Kids Picks", "Everything", "Top Five"}


def test_a_run_reports_its_phases_for_live_progress(tmp_path):
    with PlexSim(movies=10, shows=2, seed=5, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        calls: list[tuple[str, int, int]] = []
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True), moment=MOMENT,
                         progress=lambda *args: calls.append(args))
        process_config(ctx)
        assert calls == [("library Movies", 0, 2), ("library TV Shows", 1, 2)]
        calls.clear()
        narrowed = narrow(ctx, Scope.of([Change("plex", "added", section="2", rating_keys=("1",))]))
        ctx = RunContext(config=load_config(path), options=narrowed, moment=MOMENT,
                         progress=lambda *args: calls.append(args))
        process_config(ctx)
        assert calls == [("library TV Shows", 0, 1)]


CHAINED = """\
collections:
  Comedies:
    genre: Comedy
    item_label: Funny
  In Comedies:
    plex_search:
      all:
        collection: Comedies
  Funny Ones:
    plex_search:
      all:
        label: Funny
  Dramas:
    genre: Drama
"""


def test_searches_on_what_the_run_writes_run_whole(tmp_path):
    """A search on ``collection`` or ``label`` (or on what an ``item_*`` key writes) depends on other
    definitions of the same run: it runs whole, so the scoped run leaves the full run nothing."""
    with PlexSim(movies=20, shows=2, seed=5, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        (tmp_path / "Movies.yml").write_text(CHAINED, encoding="utf-8")
        _run(path)
        rk = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": TOKEN},
                           json={"title": "New Comedy", "genres": ["Comedy"]}, timeout=10).json()["added"][0]["ratingKey"]
        report = _run(path, Scope.of([Change("plex", "added", section="1", rating_keys=(str(rk),))]))
        assert {"Comedies", "In Comedies", "Funny Ones"} <= _ran(report)
        assert "Dramas" not in _ran(report)
        sim.reset_stats()
        _run(path)
        assert _writes(sim) == 0
