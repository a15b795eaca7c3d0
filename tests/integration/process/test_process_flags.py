"""Run selection flags, --dry-run, ownership and failure isolation against plexsim."""

from __future__ import annotations

from process_helpers import TOKEN, rows

TWO = """
    collections:
      First:
        plex_search: {all: {genre: Drama}}
        test: true
      Second:
        plex_search: {all: {genre: Crime}}
      Third:
        plex_search: {all: {genre: Western}}
"""
PLAYLISTS = """
    playlists:
      Drama Night:
        libraries: Movies
        plex_search: {all: {genre: Drama}, sort_by: year.asc}
"""


def _titles(runner):
    return sorted(c.title for c in runner.plex().library.section("Movies").collections())


def _playlists(runner):
    return sorted(p.title for p in runner.plex().playlists())


def test_run_collections_and_tests_and_resume(runner):
    runner.write(TWO, playlists=PLAYLISTS)
    report = runner.run(run_collections="Second|Nope")
    assert list(rows(report)) == ["Second"] and _titles(runner) == ["Second"]
    assert _playlists(runner) == []  # --run-collections implies collections only
    report = runner.run(tests=True)
    assert list(rows(report)) == ["First"]
    report = runner.run(resume="Second")
    assert list(rows(report)) == ["Second", "Third"]
    assert _playlists(runner) == ["Drama Night"]


def test_collections_only_playlists_only_run_files(runner):
    runner.write(TWO, playlists=PLAYLISTS)
    runner.run(playlists_only=True)
    assert _titles(runner) == [] and _playlists(runner) == ["Drama Night"]
    runner.run(run_files="Other")
    assert _titles(runner) == []
    runner.run(run_files="Movies", collections_only=True)
    assert _titles(runner) == ["First", "Second", "Third"]


def test_run_libraries_and_library_failure_isolated(runner, sim):
    runner.write(TWO, extra_libraries=(
        "  Broken:\n    library_name: Does Not Exist\n    collection_files:\n      - file: Movies.yml\n"
        "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"))
    (runner.folder / "Shows.yml").write_text(
        "collections:\n  Shows Drama:\n    plex_search: {all: {year.gte: 1900}}\n", encoding="utf-8")
    report = runner.run()
    assert report.library("Broken").result == "failed"
    assert "Does Not Exist" in report.library("Broken").message
    assert report.library("Shows").result == "success"
    assert rows(report, "Shows")["Shows Drama"].status == "Created"
    assert report.library("Movies").result == "success" and _titles(runner) == ["First", "Second", "Third"]
    report = runner.run(run_libraries="Shows")
    assert [lib.name for lib in report.libraries] == ["Shows"]


def test_plex_failing_mid_library(runner, monkeypatch):
    runner.write(TWO, extra_libraries=(
        "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"))
    (runner.folder / "Shows.yml").write_text(
        "collections:\n  All Shows:\n    plex_all: true\n", encoding="utf-8")
    from kometa.engine import collections

    calls = {"n": 0}
    original = collections.run_collection

    def flaky(job, builders, definition, row):
        calls["n"] += 1
        if job.snapshot.section_title == "Movies" and definition.name == "Second":
            runner.sim.set_faults(error_rate=1.0)
            try:
                return original(job, builders, definition, row)
            finally:
                runner.sim.clear_faults()
        return original(job, builders, definition, row)

    monkeypatch.setattr(collections, "run_collection", flaky)
    report = runner.run()
    r = rows(report)
    assert r["First"].status == "Created" and r["Third"].status == "Created"
    assert r["Second"].status == "Kometa Failure" and r["Second"].error
    assert rows(report, "Shows")["All Shows"].status == "Created"
    assert report.failed


def test_dry_run_sends_no_writes_and_prints_every_change(runner):
    runner.write(TWO, playlists=PLAYLISTS)
    runner.run()
    runner.write("""
        collections:
          First:
            plex_search: {all: {genre: Romance}}
            sync_mode: sync
            summary: new summary
            collection_order: title.desc
          Fourth:
            plex_search: {all: {genre: Sport}}
            visible_home: true
    """, playlists=PLAYLISTS.replace("year.asc", "year.desc"))
    runner.sim.reset_stats()
    report = runner.run(dry_run=True, delete_collections=True)
    assert runner.writes() == 0, runner.sim.request_log()
    printed = "\n".join(runner.printed)
    for phrase in ('delete (--delete-collections)', 'Collection "First": create', 'Collection "Fourth": create',
                   "add", "edit summary", "visibility", 'Playlist "Drama Night": reorder'):
        assert phrase in printed, phrase
    assert rows(report)["Fourth"].status == "Created"
    assert _titles(runner) == ["First", "Second", "Third"]


def test_user_collection_survives(runner):
    plex = runner.plex()
    section = plex.library.section("Movies")
    mine = section.search(genre="Comedy")
    plex.createCollection("First", section, mine)
    plex.createCollection("Untouched", section, mine[:1])
    report = runner.run(TWO + "        sync_mode: sync\n", delete_collections=True)
    r = rows(report)
    assert r["First"].status == "Unmanaged Collection" and "take_ownership" in r["First"].error
    assert "kept 2" in r["All Collections Deleted"].status
    section = runner.plex().library.section("Movies")
    assert {i.ratingKey for i in section.collection("First").items()} == {m.ratingKey for m in mine}
    assert "Untouched" in _titles(runner)
    report = runner.run(TWO.replace("test: true", "take_ownership: true"))
    assert rows(report)["First"].status in ("Modified", "Modified and Updated Metadata")
    labels = {label.tag for label in runner.plex().library.section("Movies").collection("First").labels}
    assert "Kometa" in labels
    report = runner.run(delete_collections=True, run_collections="Nope")
    assert rows(report)["All Collections Deleted"].removed == 3
    assert _titles(runner) == ["Untouched"]


def test_delete_labels_keeps_overlay(runner):
    plex = runner.plex()
    movie = plex.library.section("Movies").all()[0]
    movie.addLabel("Overlay")
    runner.run(TWO, delete_labels=True, run_collections="Nope")
    section = runner.plex().library.section("Movies")
    labels = {label.tag for m in section.all() for label in m.labels}
    assert labels == {"Overlay"}


def test_second_run_request_budget(runner):
    runner.write(TWO)
    runner.run()
    runner.sim.reset_stats()
    runner.run()
    stats = runner.stats()
    assert runner.writes() == 0
    # connect + sections + one item listing + one collection listing + the playlist report's listing
    # (settings: playlist_report, on by default as in Kometa, with or without playlist_files)
    assert stats["requests"] <= 5 and stats["by_endpoint"].get("GET /playlists") == 1, stats
    path = runner.folder / "config.yml"
    path.write_text(path.read_text() + "settings:\n  playlist_report: false\n", encoding="utf-8")
    runner.sim.reset_stats()
    runner.run()
    assert runner.stats()["requests"] <= 4 and "GET /playlists" not in runner.stats()["by_endpoint"]


def test_playlist_ownership(runner):
    plex = runner.plex()
    movies = plex.library.section("Movies").search(genre="Comedy")
    plex.createPlaylist("Drama Night", items=movies)
    runner.write(TWO, playlists=PLAYLISTS)
    report = runner.run(playlists_only=True)
    assert report.playlists[0].status == "Unmanaged Playlist"
    assert [i.ratingKey for i in runner.plex().playlist("Drama Night").items()] == [m.ratingKey for m in movies]
    assert TOKEN


def test_ignore_schedules_and_library_schedule(runner):
    from datetime import datetime, timedelta

    other_day = (datetime.now().astimezone() + timedelta(days=2)).strftime("%A").lower()
    body = f"""
        collections:
          Weekly:
            plex_search: {{all: {{genre: Drama}}}}
            schedule: weekly({other_day})
          Ranged:
            plex_search: {{all: {{genre: Crime}}}}
            schedule: range(01/01-01/01)
    """
    report = runner.run(body)
    r = rows(report)
    if datetime.now().strftime("%m/%d") != "01/01":
        assert r["Weekly"].status == "Not Scheduled" and r["Ranged"].status == "Not Scheduled"
        report = runner.run(ignore_schedules=True)
        r = rows(report)
        assert r["Weekly"].status == "Created" and r["Ranged"].status == "Not Scheduled"  # range still blocks
    runner.write(TWO, library_extra="    schedule: never\n")
    report = runner.run()
    assert report.library("Movies").result == "skipped"
    report = runner.run(run_libraries="Movies")
    assert report.library("Movies").result == "success"


def test_snapshot_failure_fails_only_that_library(runner, monkeypatch):
    runner.write(TWO, extra_libraries=(
        "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"))
    (runner.folder / "Shows.yml").write_text("collections:\n  All Shows:\n    plex_all: true\n", encoding="utf-8")
    from kometa.engine import context as process

    original = process.read_snapshot

    def failing(server, section_id, title, *args):
        if title == "Movies":
            runner.sim.set_faults(error_rate=1.0)
            try:
                return original(server, section_id, title, *args)
            finally:
                runner.sim.clear_faults()
        return original(server, section_id, title, *args)

    monkeypatch.setattr(process, "read_snapshot", failing)
    report = runner.run()
    assert report.library("Movies").result == "failed"
    assert "Plex answered HTTP 50" in report.library("Movies").message and "<html>" not in report.library("Movies").message
    assert rows(report, "Shows")["All Shows"].status == "Created"


def test_interrupt_stops_between_collections(runner, monkeypatch):
    import threading

    import pytest

    from kometa.engine import collections
    from kometa.engine.process import Interrupted

    stop = threading.Event()
    original = collections.run_collection

    def then_stop(job, builders, definition, row):
        original(job, builders, definition, row)
        stop.set()

    monkeypatch.setattr(collections, "run_collection", then_stop)
    runner.write(TWO)
    with pytest.raises(Interrupted):
        runner.run(stop=stop)
    assert runner.ctx.report.library("Movies").result == "interrupted"
    assert _titles(runner) == ["First"]


def test_delete_collections_then_collectionless_sees_the_library_as_it_is_now(runner):
    runner.run(TWO)
    report = runner.run("""
        collections:
          Nothing Else:
            plex_collectionless:
              exclude_prefix: ["zzz"]
    """, delete_collections=True)
    assert rows(report)["Nothing Else"].added == 60


def test_two_collections_with_one_title(runner):
    runner.run(TWO.replace("test: true", "sync_mode: sync"))
    plex = runner.plex()
    section = plex.library.section("Movies")
    comedy = section.search(genre="Comedy")
    plex.createCollection("First", section, comedy)  # the user's own, same title as ours
    report = runner.run(TWO.replace("genre: Drama}", "genre: Romance}").replace("test: true", "sync_mode: sync"))
    assert rows(report)["First"].status == "Modified", rows(report)["First"]
    section = runner.plex().library.section("Movies")
    firsts = [c for c in section.collections() if c.title == "First"]
    mine = [c for c in firsts if "Kometa" in [label.tag for label in c.labels]][0]
    theirs = [c for c in firsts if c is not mine][0]
    assert {i.ratingKey for i in theirs.items()} == {m.ratingKey for m in comedy}
    assert {i.ratingKey for i in mine.items()} == {m.ratingKey for m in section.search(genre="Romance")}


def test_transient_errors_on_reads_and_edits_are_retried(runner, monkeypatch):
    from plexapi.exceptions import BadRequest

    import kometa.plex.failures as failures
    from kometa.engine import apply as writer

    monkeypatch.setattr(failures.time, "sleep", lambda seconds: None)
    runner.write(TWO)
    failed: list[tuple[str, str]] = []
    real_send = writer.Transport.send

    def once_flaky(self, method, path, pairs=(), data=None):
        real_query = self.server.query

        def query(key, *args, **kwargs):
            if method in ("PUT", "POST") and len(failed) < 2 and method not in [m for m, _ in failed]:
                failed.append((method, key))
                raise BadRequest(f"(503) service_unavailable; {key} fault")
            return real_query(key, *args, **kwargs)

        self.server.query = query
        try:
            return real_send(self, method, path, pairs, data)
        finally:
            self.server.query = real_query

    monkeypatch.setattr(writer.Transport, "send", once_flaky)
    report = runner.run()
    r = rows(report)
    assert [m for m, _ in failed] == ["POST", "PUT"]
    assert r["First"].status == "Kometa Failure" and "HTTP 503" in r["First"].error  # a create is not retried
    assert r["Second"].status == "Created" and r["Third"].status == "Created"  # the edit was retried
    second = runner.plex().library.section("Movies").collection("Second")
    assert "Kometa" in [label.tag for label in second.labels]  # the retried label edit landed
