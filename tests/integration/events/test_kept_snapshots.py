"""The event worker's kept snapshots: after random additions and edits, each followed by a scoped
run that refreshes only what changed, the kept snapshot equals a fresh full read (values and
order) and a full run finds nothing left to write (hypothesis); and each reason for doubt makes a
full read."""

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
from kometa.plex.kept import KeptSnapshots
from kometa.plex.snapshot import read_snapshot
from plexsim.server import PlexSim

TOKEN = "kept"
MOMENT = datetime(2026, 12, 1, 12, 0).astimezone()
COLLECTIONS = """\
collections:
  Comedies:
    plex_search:
      all:
        genre: Comedy
  Thrills:
    genre: Thriller
  Everything:
    plex_all: true
  Top Three:
    plex_search:
      all:
        genre: Action
      sort_by: audience_rating.desc
      limit: 3
  First Four:
    plex_search:
      all:
        year.gte: 1900
      limit: 4
"""


def _config(folder: Path, sim: PlexSim) -> Path:
    (folder / "Movies.yml").write_text(COLLECTIONS, encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(textwrap.dedent(f"""\
        plex:
          url: {sim.url}
          token: {TOKEN}
        libraries:
          Movies:
            collection_files:
              - file: Movies.yml
        """), encoding="utf-8")
    return path


class Worker:
    """What the event worker does around each run (kometa.app.runner with ``kept``), in-process."""

    def __init__(self, path: Path, clock: Any = None) -> None:
        self.path = path
        self.kept = KeptSnapshots(clock=clock) if clock else KeptSnapshots()
        self.run_id = 0

    def run(self, scope: Scope | None, previous: int | None = None) -> Any:
        self.run_id += 1
        self.kept.begin(self.run_id, self.run_id - 1 if previous is None else previous,
                        sorted(scope.rating_keys()) if scope else [])
        ctx = RunContext(config=load_config(self.path), options=Options(config=self.path, run=True), moment=MOMENT,
                         kept=self.kept)
        if self.kept.servers is None:
            self.kept.servers = ctx.servers
        ctx.servers = self.kept.servers
        if scope is not None:
            narrowed = narrow(ctx, scope)
            assert narrowed is not None
            ctx.options = narrowed
        report = process_config(ctx)
        self.kept.keep(ctx.snapshots, {"Movies": TOKEN}, finished=not report.failed)
        return report


def _full(path: Path) -> Any:
    return process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                     moment=MOMENT))


def _writes(sim: PlexSim) -> int:
    by = sim.stats()["by_method"]
    return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))


def _fresh(sim: PlexSim) -> Any:
    plex = sim.client()
    section = plex.library.section("Movies")
    return read_snapshot(plex, int(section.key), section.title, section.type, plex.machineIdentifier)


def _add(sim: PlexSim, spec: dict[str, Any]) -> str:
    answer = requests.post(f"{sim.url}/_sim/items", params={"X-Plex-Token": TOKEN}, json=spec, timeout=10)
    return str(answer.json()["added"][0]["ratingKey"])


GENRES = ["Comedy", "Thriller", "Action", "Drama"]
additions = st.builds(lambda genres, year, title: {"genres": genres, "year": year, "title": title},
                      st.lists(st.sampled_from(GENRES), min_size=1, max_size=2, unique=True),
                      st.integers(1980, 2025), st.sampled_from(["Aardvark", "Middle March", "Zulu Dawn", "Kept"]))
edits = st.tuples(st.integers(0, 29), st.sampled_from([*GENRES, "title", "rating"]), st.booleans())
steps = st.lists(st.one_of(additions, edits), min_size=1, max_size=5)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_kept_snapshots_equal_full_reads_and_leave_nothing_to_write(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("kept")
    with PlexSim(movies=30, shows=2, seed=7, token=TOKEN) as sim:
        path = _config(folder, sim)
        worker = Worker(path)
        worker.run(Scope.of([Change("run", "run", library="Movies")]))  # the first read is a full one
        assert worker.kept.outcomes == ["Movies: full read (no kept snapshot)"]
        movies = sim.client().library.section("Movies").all()
        for step in steps:
            if isinstance(step, dict):
                rk = _add(sim, step)
            else:
                index, what, flag = step
                movie = movies[index]
                if what == "title":
                    movie.editTitle("Aaa First" if flag else "Zzz Last")
                elif what == "rating":
                    movie.editField("audienceRating", "9.9" if flag else "0.1")  # reorders the ranked top three
                else:
                    (movie.addGenre if flag else movie.removeGenre)(what)
                rk = str(movie.ratingKey)
            report = worker.run(Scope.of([Change("plex", "added", section="1", rating_keys=(rk,))]))
            assert not report.failed
            assert worker.kept.outcomes[0].startswith("Movies: kept snapshot"), worker.kept.outcomes
            kept = worker.kept._kept["Movies"].snapshot
            fresh = _fresh(sim)
            assert list(kept.items) == list(fresh.items)  # the listing's order too (limit, custom sorts)
            differ = {(k, name): (value, fresh.items[k].values.get(name)) for k, item in kept.items.items()
                      for name, value in item.values.items() if fresh.items[k].values.get(name) != value}
            assert differ == {}
        sim.reset_stats()
        assert not _full(path).failed
        assert _writes(sim) == 0, sim.request_log(20)


def test_a_scoped_run_on_a_kept_snapshot_reads_only_the_changed_items(tmp_path):
    with PlexSim(movies=60, shows=2, seed=7, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        worker = Worker(path)
        worker.run(None)
        rk = _add(sim, {"title": "New Comedy", "genres": ["Comedy"], "year": 2020})
        sim.reset_stats()
        worker.run(Scope.of([Change("plex", "added", section="1", rating_keys=(rk,))]))
        assert worker.kept.outcomes[0].startswith("Movies: kept snapshot")
        listings = [r for r in sim.request_log(100) if "/library/sections/1/all" in r["path"] and r["method"] == "GET"]
        assert len(listings) == 3  # the changed items by id, the count, the collections; never every item
        members = {m.ratingKey for m in sim.client().library.section("Movies").collection("Comedies").items()}
        assert int(rk) in members


def test_doubt_makes_a_full_read(tmp_path):
    now = [0.0]
    with PlexSim(movies=20, shows=2, seed=7, token=TOKEN) as sim:
        path = _config(tmp_path, sim)
        worker = Worker(path, clock=lambda: now[0])
        worker.run(None)
        event = Scope.of([Change("plex", "updated", section="1", rating_keys=("1",))])
        worker.run(event, previous=99)  # another run ran in between
        assert worker.kept.outcomes == ["Movies: full read (no kept snapshot)"]
        now[0] += 901
        worker.run(event)
        assert worker.kept.outcomes == ["Movies: full read (kept for more than 900 s)"]
        _add(sim, {"title": "Unannounced", "genres": ["Drama"]})  # no event names it
        worker.run(event)
        assert worker.kept.outcomes[0].startswith("Movies: full read (Plex lists 21 items, the kept snapshot 20")
        worker.run(event)
        assert worker.kept.outcomes[0].startswith("Movies: kept snapshot")
