"""Regression tests from the engine review: nothing lost, request economy, one-line mistakes."""

from __future__ import annotations

from process_helpers import rows

DECADES = """
    dynamic_collections:
      Decades:
        type: decade
        sync: true
"""


def _titles(runner):
    return sorted(c.title for c in runner.plex().library.section("Movies").collections())


def test_a_load_error_in_the_file_does_not_sync_delete_a_dynamic_set(runner):
    runner.run(DECADES)
    created = _titles(runner)
    assert len(created) >= 3
    # a typo in another set makes the whole file fail to load: Decades' collections must survive
    report = runner.run(DECADES + "      Broken:\n        type: genre\n        bogus: 1\n")
    failed = [row for row in report.library("Movies").rows if row.status == "Load Error"]
    assert len(failed) == 1 and "bogus" in (failed[0].error or "") and failed[0].name.startswith("Movies.yml:")
    assert not any(row.status == "Deleted" for row in rows(report).values())
    assert _titles(runner) == created


def test_non_existing_playlist_is_kept_not_deleted_with_delete_not_scheduled(runner):
    runner.write("collections: {}\n", playlists="""
        playlists:
          Once:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            schedule: all[non_existing, never]
            delete_not_scheduled: true
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created"
    report = runner.run()  # it exists now: "Not Scheduled", and kept (only a plain "not scheduled" deletes)
    assert report.playlists[0].status == "Not Scheduled"
    assert [p.title for p in runner.plex().playlists()] == ["Once"]


def test_owned_playlist_with_a_duplicate_entry_is_reordered_and_synced(runner):
    body = """
        playlists:
          By Year:
            libraries: Movies
            plex_search: {all: {genre: Drama}, sort_by: year.asc}
            sync_mode: sync
    """
    runner.write("collections: {}\n", playlists=body)
    runner.run()
    playlist = runner.plex().playlist("By Year")
    first = playlist.items()[0]
    playlist.addItems([first])  # the same movie twice (Plex allows it)
    runner.write("collections: {}\n", playlists=body.replace("year.asc", "year.desc"))
    report = runner.run()
    assert report.playlists[0].status == "Modified", report.playlists[0]
    keys = [i.ratingKey for i in runner.plex().playlist("By Year").items()]
    years = [i.year for i in runner.plex().playlist("By Year").items()]
    assert len(keys) == len(set(keys)) and years == sorted(years, reverse=True)
    # and a synced removal of the duplicated item: one DELETE per entry, none twice
    runner.plex().playlist("By Year").addItems([first])
    runner.write("collections: {}\n", playlists=body.replace("genre: Drama", f"genre: Drama, title.isnot: {first.title}"))
    report = runner.run()
    assert report.playlists[0].status == "Modified", report.playlists[0]
    assert first.ratingKey not in [i.ratingKey for i in runner.plex().playlist("By Year").items()]


def test_deleting_a_smart_filter_on_a_user_label_keeps_the_label(runner):
    # a smart collection named like the user's label it filters on is not a smart_label collection:
    # deleting it must not strip the user's label from the items
    section = runner.plex().library.section("Movies")
    kids = {m.ratingKey for m in section.search(label="Kids")}
    assert kids
    runner.run("""
        collections:
          Kids:
            smart_filter: {all: {label: Kids}}
    """)
    runner.run(delete_collections=True, run_collections="Nope")
    section = runner.plex().library.section("Movies")
    assert "Kids" not in [c.title for c in section.collections()]
    assert {m.ratingKey for m in section.search(label="Kids")} == kids
    # the same through delete_not_scheduled
    runner.run("""
        collections:
          Kids:
            smart_filter: {all: {label: Kids}}
    """)
    report = runner.run("""
        collections:
          Kids:
            smart_filter: {all: {label: Kids}}
            schedule: never
            delete_not_scheduled: true
    """)
    assert rows(report)["Kids"].status == "Deleted Not Scheduled"
    assert {m.ratingKey for m in runner.plex().library.section("Movies").search(label="Kids")} == kids


def test_unscheduled_playlist_file_is_not_loaded(runner):
    path = runner.write("collections: {}\n", playlists="""
        playlists:
          Dramas:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
    """)
    config = path.read_text(encoding="utf-8")
    path.write_text(config.replace("  - file: Playlists.yml\n", "  - file: Playlists.yml\n    schedule: never\n"),
                    encoding="utf-8")
    report = runner.run()
    assert report.playlists == []
    assert runner.plex().playlists() == []


def test_a_playlist_is_owned_even_when_a_request_after_its_create_fails(runner, monkeypatch):
    from plexapi.exceptions import BadRequest

    from kometa.engine import apply as writer

    body = """
        playlists:
          Dramas:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            summary: mine
    """
    runner.write("collections: {}\n", playlists=body)
    real_send = writer.Transport.send

    def failing_edit(self, method, path, pairs=(), data=None):
        if method == "PUT" and path.startswith("/playlists/") and path.count("/") == 2:
            raise BadRequest(f"(400) bad_request; {path} fault")
        return real_send(self, method, path, pairs, data)

    monkeypatch.setattr(writer.Transport, "send", failing_edit)
    report = runner.run()
    assert report.playlists[0].status == "Kometa Failure"
    monkeypatch.setattr(writer.Transport, "send", real_send)
    report = runner.run()  # the playlist it created is its own: the summary is set now
    assert report.playlists[0].status == "Updated Metadata", report.playlists[0]
    assert runner.plex().playlist("Dramas").summary == "mine"


def test_collectionless_sees_the_sort_title_of_a_collection_made_earlier_in_the_run(runner):
    body = """
        collections:
          Westerns:
            plex_search: {all: {genre: Western}}
            sort_title: "!Westerns"
          Loose:
            plex_collectionless: {exclude_prefix: ["!"]}
    """
    first = rows(runner.run(body))
    assert first["Westerns"].status == "Created" and first["Loose"].status == "Created"
    runner.sim.reset_stats()
    second = rows(runner.run())
    assert second["Loose"].status == "Unchanged", second["Loose"]
    assert runner.writes() == 0


def test_take_ownership_of_a_playlist_lasts(runner):
    plex = runner.plex()
    plex.createPlaylist("Dramas", items=plex.library.section("Movies").search(genre="Comedy"))
    body = """
        playlists:
          Dramas:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            sync_mode: sync
    """
    runner.write("collections: {}\n", playlists=body.rstrip(" ") + "            take_ownership: true\n")
    assert runner.run().playlists[0].status == "Modified"
    runner.write("collections: {}\n", playlists=body)  # adopted: managed from then on, like a labelled collection
    assert runner.run().playlists[0].status == "Unchanged"


def test_an_impossible_yaml_date_is_one_line_with_file_and_line(runner):
    report = runner.run("""
        collections:
          Old:
            plex_search: {all: {genre: Drama}}
            filters: {release.before: 2020-13-01}
    """)
    failed = [row.error or "" for row in report.library("Movies").rows if row.error]
    assert len(failed) == 1 and "Movies.yml:5:" in failed[0], failed
    assert "2020-13-01" in failed[0] and report.failed and not report.errors  # once, in its library's table
    assert report.library("Movies").result != "failed"


def test_smart_label_below_minimum_is_left_as_it_is(runner):
    body = """
        collections:
          Labelled:
            plex_search: {all: {genre: Western}}
            smart_label: title.asc
            sync_mode: sync
            minimum_items: 3
    """
    runner.run(body)
    section = runner.plex().library.section("Movies")
    labelled = {m.ratingKey for m in section.search(label="Labelled")}
    assert len(labelled) >= 3
    # the builders now find one item: below the minimum, so nothing is added or removed (as for a regular one)
    report = runner.run(body.replace("genre: Western}", "genre: Western, title.is: '" +
                                     section.fetchItem(min(labelled)).title.replace("'", "''") + "'}"))
    assert rows(report)["Labelled"].status == "Minimum 3 Not Met", rows(report)["Labelled"]
    assert {m.ratingKey for m in runner.plex().library.section("Movies").search(label="Labelled")} == labelled


def test_an_interrupted_run_keeps_what_it_learnt_in_the_ledger(runner, monkeypatch):
    import json
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
    runner.write("""
        collections:
          First:
            plex_search: {all: {genre: Drama}}
            url_poster: https://example.com/first.jpg
          Second:
            plex_search: {all: {genre: Crime}}
    """)
    with pytest.raises(Interrupted):
        runner.run(stop=stop)
    ledger = json.loads((runner.folder / "kometa-state.json").read_text(encoding="utf-8"))
    from kometa.engine.ownership import poster_fingerprint

    fingerprint = poster_fingerprint("url", "https://example.com/first.jpg", runner.folder)
    assert fingerprint in next(iter(ledger["posters"].values())).values()


def test_a_new_collection_is_labelled_ours_before_anything_else_can_fail(runner, monkeypatch):
    from plexapi.exceptions import BadRequest

    from kometa.engine import apply as writer

    monkeypatch.setattr(writer, "CHUNK", 3)  # items beyond the first 3 go in further requests
    real_send = writer.Transport.send

    def failing_add(self, method, path, pairs=(), data=None):
        if method == "PUT" and path.endswith("/items"):
            raise BadRequest(f"(400) bad_request; {path} fault")
        return real_send(self, method, path, pairs, data)

    monkeypatch.setattr(writer.Transport, "send", failing_add)
    body = """
        collections:
          Dramas:
            plex_search: {all: {genre: Drama}}
    """
    assert rows(runner.run(body))["Dramas"].status == "Kometa Failure"
    monkeypatch.setattr(writer.Transport, "send", real_send)
    report = runner.run()  # the half-made collection is ours: completed, not "Unmanaged Collection"
    assert rows(report)["Dramas"].status == "Modified", rows(report)["Dramas"]


def test_delete_collections_named_does_not_hand_over_the_users_namesake(runner):
    runner.run("""
        collections:
          Mix:
            plex_search: {all: {genre: Drama}}
    """)
    plex = runner.plex()
    section = plex.library.section("Movies")
    mine = section.search(genre="Comedy")
    plex.createCollection("Mix", section, mine)  # the user's own collection of the same name
    report = runner.run("""
        collections:
          Mix:
            plex_search: {all: {genre: Crime}}
            sync_mode: sync
            delete_collections_named: Mix
    """)
    assert rows(report)["Mix"].status == "Unmanaged Collection", rows(report)["Mix"]
    left = runner.plex().library.section("Movies").collections()
    assert [c.title for c in left] == ["Mix"]
    assert {i.ratingKey for i in left[0].items()} == {m.ratingKey for m in mine}


def test_an_empty_library_listing_does_not_sync_delete_a_dynamic_set(runner, monkeypatch):
    from kometa.engine import context as process

    runner.run(DECADES)
    created = _titles(runner)
    real = process.read_snapshot

    def empty(*args, **kwargs):  # Plex answers with no items (a library being rebuilt, a glitch)
        snapshot = real(*args, **kwargs)
        snapshot.items.clear()
        return snapshot

    monkeypatch.setattr(process, "read_snapshot", empty)
    report = runner.run(DECADES)
    assert not any(row.status == "Deleted" for row in rows(report).values())
    assert _titles(runner) == created


def test_label_remove_cannot_take_the_managed_label_off(runner):
    body = """
        collections:
          Dramas:
            plex_search: {all: {genre: Drama}}
            label.remove: [Kometa, Old]
    """
    runner.run(body)
    runner.sim.reset_stats()
    report = runner.run()
    assert rows(report)["Dramas"].status == "Unchanged" and runner.writes() == 0
    labels = [label.tag for label in runner.plex().library.section("Movies").collection("Dramas").labels]
    assert "Kometa" in labels


def test_switching_to_a_sorted_order_arranges_from_plexs_stored_custom_order(runner):
    # shown by release date, stored (custom order) by rating ascending: moves must start from the stored order
    runner.run("""
        collections:
          Ordered:
            plex_search: {all: {year.gte: 1900}, sort_by: critic_rating.asc}
            collection_order: release
    """)
    runner.run("""
        collections:
          Ordered:
            plex_search: {all: {year.gte: 1900}, sort_by: critic_rating.asc}
            collection_order: critic_rating.desc
    """)
    items = runner.plex().library.section("Movies").collection("Ordered").items()
    ratings = [i.rating or 0 for i in items]
    assert ratings == sorted(ratings, reverse=True), [(i.ratingKey, i.rating) for i in items]
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_a_failed_switch_from_regular_to_smart_keeps_the_old_collection(runner, monkeypatch):
    from plexapi.exceptions import BadRequest

    from kometa.engine import apply as writer

    runner.run("""
        collections:
          Switch:
            plex_search: {all: {genre: Drama}}
    """)
    real_send = writer.Transport.send

    def failing_create(self, method, path, pairs=(), data=None):
        if method == "POST" and path == "/library/collections":
            raise BadRequest(f"(400) bad_request; {path} fault")
        return real_send(self, method, path, pairs, data)

    monkeypatch.setattr(writer.Transport, "send", failing_create)
    report = runner.run("""
        collections:
          Switch:
            smart_filter: {all: {genre: Drama}}
    """)
    assert rows(report)["Switch"].status == "Kometa Failure"
    left = runner.plex().library.section("Movies").collections()
    assert [(c.title, c.smart) for c in left] == [("Switch", False)]
    monkeypatch.setattr(writer.Transport, "send", real_send)
    assert rows(runner.run())["Switch"].status == "Created"
    left = runner.plex().library.section("Movies").collections()
    assert [(c.title, c.smart) for c in left] == [("Switch", True)]


def test_collection_only_keys_in_a_playlist_are_validation_errors(runner):
    runner.write("collections: {}\n", playlists="""
        playlists:
          Ordered:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            collection_order: alpha
          Pinned:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            visible_home: true
    """)
    report = runner.run()
    errors = {row.name: row for row in report.playlists}
    assert errors["Ordered"].status == "Builder Validation Error" and "collection_order" in errors["Ordered"].error
    assert "Playlists.yml:6:" in errors["Ordered"].error
    assert errors["Pinned"].status == "Builder Validation Error" and "visible_home" in errors["Pinned"].error
    assert runner.plex().playlists() == []


def test_collection_order_on_a_smart_filter_is_a_validation_error(runner):
    report = runner.run("""
        collections:
          Smart:
            smart_filter: {all: {genre: Drama}}
            collection_order: alpha
    """)
    row = rows(report)["Smart"]
    assert row.status == "Builder Validation Error" and "collection_order" in row.error and "Movies.yml:5:" in row.error


def test_a_file_error_is_logged_and_counted_once_and_shown_in_its_library(runner, caplog):
    import logging

    from kometa.engine.summary import print_summary

    caplog.set_level(logging.ERROR, logger="kometa")
    report = runner.run("""
        collections:
          Fine:
            plex_search: {all: {genre: Drama}}
          Broken:
            template: {name: nope}
    """)
    logged = [r.getMessage() for r in caplog.records if "unknown template 'nope'" in r.getMessage()]
    assert len(logged) == 1, logged
    assert rows(report)["Fine"].status in ("Created", "Unchanged")
    failed = [row for row in report.library("Movies").rows if row.status == "Load Error"]
    assert len(failed) == 1 and "nope" in (failed[0].error or "")
    assert report.failed and not report.errors
    import io

    from rich.console import Console

    buffer = io.StringIO()
    print_summary(report, Console(file=buffer, force_terminal=False, width=160), problems={})
    text = buffer.getvalue()
    assert "Movies: finished with errors (1 of 2 failed)" in text
    assert text.count("unknown template 'nope'") == 1, text
