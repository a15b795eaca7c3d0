"""Playlists against plexsim: creation in builder order, episodes, sync, reorder, ledger ownership."""

from __future__ import annotations

import json

from process_helpers import rows

TV = "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"


def _setup(runner, playlists):
    runner.write("collections: {}\n", playlists=playlists, extra_libraries=TV)
    (runner.folder / "Shows.yml").write_text("collections: {}\n", encoding="utf-8")


def test_playlist_order_sync_and_second_run(runner):
    _setup(runner, """
        playlists:
          By Year:
            libraries: Movies
            plex_search: {all: {genre: [Drama]}, sort_by: year.desc}
            summary: Dramas, newest first
            sync_mode: sync
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created", report.playlists[0]
    playlist = runner.plex().playlist("By Year")
    years = [i.year for i in playlist.items()]
    assert years == sorted(years, reverse=True) and playlist.summary == "Dramas, newest first"
    ledger = json.loads((runner.folder / "kometa-state.json").read_text())
    assert playlist.guid in next(iter(ledger["playlists"].values()))
    runner.sim.reset_stats()
    report = runner.run()
    assert report.playlists[0].status == "Unchanged" and runner.writes() == 0
    _setup(runner, """
        playlists:
          By Year:
            libraries: Movies
            plex_search: {all: {genre: [Drama, Romance]}, sort_by: year.asc}
            summary: Dramas, newest first
            sync_mode: sync
    """)
    report = runner.run()
    assert report.playlists[0].status == "Modified"
    items = runner.plex().playlist("By Year").items()
    section = runner.plex().library.section("Movies")
    assert {i.ratingKey for i in items} == {m.ratingKey for m in section.search(genre="Drama")} & {
        m.ratingKey for m in section.search(genre="Romance")}
    years = [i.year for i in items]
    assert years == sorted(years)


def test_playlist_shows_expand_to_episodes_across_libraries(runner):
    _setup(runner, """
        playlists:
          Mixed:
            libraries: [Movies, Shows]
            plex_search: {all: {year.gte: 1900}, sort_by: title.asc, limit: 2}
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created", report.playlists[0]
    items = runner.plex().playlist("Mixed").items()
    kinds = {i.type for i in items}
    assert kinds <= {"movie", "episode"} and "episode" in kinds


def test_playlist_of_an_episode_search_holds_those_episodes(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[0]
    episode = show.episodes()[1]
    _setup(runner, f"""
        playlists:
          One Episode:
            libraries: Shows
            plex_search: {{type: episodes, all: {{title: "{show.title}", episode_title: "{episode.title}"}}}}
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created", report.playlists[0]
    items = runner.plex().playlist("One Episode").items()
    # the episodes the search names, not every episode of the show it belongs to
    want = {e.ratingKey for e in show.episodes() if episode.title.lower() in e.title.lower()}
    assert {i.ratingKey for i in items} == want and len(want) < len(show.episodes())
    runner.sim.reset_stats()
    assert runner.run().playlists[0].status == "Unchanged" and runner.writes() == 0


def test_playlist_validation_and_delete(runner):
    _setup(runner, """
        playlists:
          Wrong Library:
            libraries: Music
            plex_search: {all: {genre: Drama}}
          Plex All:
            libraries: Movies
            plex_all: true
          Gone:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
          Odd Order:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            playlist_order: newest
    """)
    report = runner.run()
    status = {row.name: row for row in report.playlists}
    assert status["Odd Order"].status == "Builder Validation Error"
    assert "Playlists.yml:15: playlist_order 'newest' is not one of custom" in status["Odd Order"].error, \
        status["Odd Order"].error
    assert status["Wrong Library"].status == "Builder Validation Error" and "Playlists.yml:4" in \
        status["Wrong Library"].error  # at its libraries: line
    assert status["Plex All"].status == "Builder Validation Error" and "Playlists.yml:8: plex_all" in \
        status["Plex All"].error
    assert status["Gone"].status == "Created"
    _setup(runner, """
        playlists:
          Gone:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            delete_playlist: true
    """)
    report = runner.run()
    assert report.playlists[0].status == "Deleted"
    assert [p.title for p in runner.plex().playlists()] == []
    assert rows(report) == {}


def test_playlist_filters_and_minimum(runner):
    _setup(runner, """
        playlists:
          Filtered:
            libraries: Movies
            plex_search: {all: {year.gte: 1900}, sort_by: title.asc}
            filters: {genre: Drama}
          Too Few:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            minimum_items: 100
    """)
    report = runner.run()
    status = {row.name: row for row in report.playlists}
    assert status["Filtered"].status == "Created"
    assert status["Too Few"].status == "Minimum 100 Not Met"
    section = runner.plex().library.section("Movies")
    drama = sorted(section.search(genre="Drama"), key=lambda m: (m.titleSort or m.title).lower())
    assert [i.ratingKey for i in runner.plex().playlist("Filtered").items()] == [m.ratingKey for m in drama]


def test_playlist_schedule_and_dry_run(runner):
    body = """
        playlists:
          Weekly:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
    """
    _setup(runner, body)
    runner.sim.reset_stats()
    report = runner.run(dry_run=True)
    assert report.playlists[0].status == "Created" and runner.writes() == 0
    assert not (runner.folder / "kometa-state.json").exists()
    runner.run()
    _setup(runner, body.rstrip(" ") + "            schedule: never\n            delete_not_scheduled: true\n")
    report = runner.run()
    assert report.playlists[0].status == "Deleted Not Scheduled"
    assert runner.plex().playlists() == []


def test_playlist_ignore_imdb_ids_leave_the_item_out(runner):
    dramas = runner.plex().library.section("Movies").search(genre="Drama")
    skip = next(g.id.split("://")[1] for g in dramas[0].guids if g.id.startswith("imdb://"))
    _setup(runner, f"""
        playlists:
          Dramas:
            libraries: Movies
            plex_search: {{all: {{genre: Drama}}}}
            ignore_imdb_ids: {skip}
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created", report.playlists[0]
    assert {i.ratingKey for i in runner.plex().playlist("Dramas").items()} == {d.ratingKey for d in dramas[1:]}


def test_collection_only_attributes_fail_the_playlist_in_a_run(runner):
    # review14 #9: Kometa errors "'collection_mode' attribute not compatible with playlists"
    _setup(runner, """
        playlists:
          Moded:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            collection_mode: hide
            label.remove: x
          Sorted:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            sort_title: "!A"
          Fine:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
    """)
    report = runner.run()
    status = {row.name: row for row in report.playlists}
    assert status["Sorted"].status == "Builder Validation Error", status["Sorted"]
    assert "Playlists.yml:11: sort_title is a collection setting" in status["Sorted"].error
    assert status["Moded"].status == "Builder Validation Error", status["Moded"]
    assert "Playlists.yml:6: collection_mode is a collection setting; a playlist cannot use it" in \
        status["Moded"].error, status["Moded"].error
    assert status["Fine"].status == "Created"
    assert runner.plex().playlist("Fine") is not None
