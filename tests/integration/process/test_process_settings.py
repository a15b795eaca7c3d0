"""Definition settings against plexsim, verified through python-plexapi."""

from __future__ import annotations

from datetime import datetime

from process_helpers import rows


def _collection(runner, title):
    return runner.plex().library.section("Movies").collection(title)


def test_sync_vs_append(runner):
    runner.run("""
        collections:
          Synced:
            plex_search: {all: {genre: Drama}}
            sync_mode: sync
          Appended:
            plex_search: {all: {genre: Drama}}
    """)
    report = runner.run("""
        collections:
          Synced:
            plex_search: {all: {genre: Romance}}
            sync_mode: sync
          Appended:
            plex_search: {all: {genre: Romance}}
    """)
    r = rows(report)
    section = runner.plex().library.section("Movies")
    drama = {m.ratingKey for m in section.search(genre="Drama")}
    romance = {m.ratingKey for m in section.search(genre="Romance")}
    assert {i.ratingKey for i in _collection(runner, "Synced").items()} == romance
    assert {i.ratingKey for i in _collection(runner, "Appended").items()} == drama | romance
    assert r["Synced"].status == "Modified" and r["Synced"].removed == len(drama - romance)
    assert r["Appended"].removed == 0 and r["Appended"].added == len(romance - drama)


def test_custom_order_follows_builder_and_resorts(runner):
    runner.run("""
        collections:
          By Year:
            plex_search: {all: {decade: 2000}}
            collection_order: year.desc
    """)
    items = _collection(runner, "By Year").items()
    years = [i.year for i in items]
    assert years == sorted(years, reverse=True)
    assert _collection(runner, "By Year").collectionSort == 2
    runner.sim.reset_stats()
    report = runner.run("""
        collections:
          By Year:
            plex_search: {all: {decade: 2000}}
            collection_order: title.asc
    """)
    items = _collection(runner, "By Year").items()
    titles = [i.titleSort or i.title for i in items]
    assert [t.lower() for t in titles] == sorted(t.lower() for t in titles)
    assert rows(report)["By Year"].status == "Modified"
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_mode_order_summary_sort_title_labels(runner, tmp_path):
    runner.run("""
        collections:
          Styled:
            plex_search: {all: {genre: Western}}
            collection_mode: hide_items
            collection_order: alpha
            summary: Cowboys and more
            sort_title: "!001 Westerns"
            label: [Genres, Old]
    """)
    c = _collection(runner, "Styled")
    assert c.collectionMode == 1 and c.collectionSort == 1
    assert c.summary == "Cowboys and more" and c.titleSort == "!001 Westerns"
    assert {label.tag for label in c.labels} == {"Kometa", "Genres", "Old"}
    report = runner.run("""
        collections:
          Styled:
            plex_search: {all: {genre: Western}}
            label.remove: Old
            summary: Changed
    """)
    assert rows(report)["Styled"].status == "Updated Metadata"
    c = _collection(runner, "Styled")
    assert {label.tag for label in c.labels} == {"Kometa", "Genres"} and c.summary == "Changed"
    runner.run("""
        collections:
          Styled:
            plex_search: {all: {genre: Western}}
            label.sync: New
            summary: Changed
    """)
    assert {label.tag for label in _collection(runner, "Styled").labels} == {"Kometa", "New"}


def test_minimum_and_delete_below_minimum(runner):
    report = runner.run("""
        collections:
          Tiny:
            plex_search: {all: {genre: Comedy}}
            minimum_items: 50
    """)
    assert rows(report)["Tiny"].status == "Minimum 50 Not Met"
    assert "Tiny" not in [c.title for c in runner.plex().library.section("Movies").collections()]
    runner.run("""
        collections:
          Shrinks:
            plex_search: {all: {genre: Drama}}
    """)
    report = runner.run("""
        collections:
          Shrinks:
            plex_search: {all: {genre: Drama}}
            minimum_items: 100
            delete_below_minimum: true
    """)
    assert rows(report)["Shrinks"].status == "Deleted; Minimum 100 Not Met"
    assert "Shrinks" not in [c.title for c in runner.plex().library.section("Movies").collections()]


def test_build_collection_false_and_ignored(runner):
    report = runner.run("""
        collections:
          Not Built:
            plex_search: {all: {genre: Drama}}
            build_collection: false
          Nothing Found:
            plex_search: {all: {title: zzzzzz}}
    """)
    r = rows(report)
    assert r["Not Built"].status == "Unchanged"
    assert r["Nothing Found"].status == "Ignored"
    assert runner.plex().library.section("Movies").collections() == []


def test_schedule_delete_not_scheduled_and_non_existing(runner):
    runner.run("""
        collections:
          Seasonal:
            plex_search: {all: {genre: Drama}}
    """)
    report = runner.run("""
        collections:
          Seasonal:
            plex_search: {all: {genre: Drama}}
            schedule: never
            delete_not_scheduled: true
          Later:
            plex_search: {all: {genre: Drama}}
            schedule: never
          Once:
            plex_search: {all: {genre: Crime}}
            schedule: all[non_existing, never]
    """)
    r = rows(report)
    assert r["Seasonal"].status == "Deleted Not Scheduled"
    assert r["Later"].status == "Not Scheduled" and r["Later"].note == "Never scheduled to run"
    assert r["Once"].status == "Created"
    titles = [c.title for c in runner.plex().library.section("Movies").collections()]
    assert titles == ["Once"]
    report = runner.run()
    assert rows(report)["Once"].status == "Not Scheduled"


def test_posters_url_and_file(runner, tmp_path):
    (tmp_path / "poster.jpg").write_bytes(b"\xff\xd8\xff\xe0poster-bytes")
    runner.run("""
        collections:
          Url Poster:
            plex_search: {all: {genre: Drama}}
            url_poster: https://example.com/p.jpg
          File Poster:
            plex_search: {all: {genre: Crime}}
            file_poster: poster.jpg
            url_background: https://example.com/bg.jpg
            content_rating: PG-13
    """)
    section = runner.plex().library.section("Movies")
    posters = section.collection("Url Poster").posters()
    assert any(p.selected and p.ratingKey == "https://example.com/p.jpg" for p in posters)
    file_poster = section.collection("File Poster")
    assert any(p.selected and p.ratingKey.startswith("upload://") for p in file_poster.posters())
    assert any(a.selected and a.ratingKey == "https://example.com/bg.jpg" for a in file_poster.arts())
    assert file_poster.contentRating == "PG-13"
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_visibility_with_schedule(runner):
    today = datetime.now().astimezone()
    weekday = today.strftime("%A").lower()
    runner.run(f"""
        collections:
          Pinned:
            plex_search: {{all: {{genre: Drama}}}}
            visible_library: weekly({weekday})
            visible_home: true
            visible_shared: false
    """)
    c = _collection(runner, "Pinned")
    hub = c.visibility()
    assert hub.promotedToRecommended and hub.promotedToOwnHome and not hub.promotedToSharedHome
    runner.run("""
        collections:
          Pinned:
            plex_search: {all: {genre: Drama}}
            visible_library: never
            visible_home: false
    """)
    hub = _collection(runner, "Pinned").visibility()
    assert not hub.promotedToRecommended and not hub.promotedToOwnHome
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_validation_error_names_file_and_line_and_run_goes_on(runner):
    report = runner.run("""
        collections:
          Good:
            plex_search: {all: {genre: Drama}}
          Bad Genre:
            plex_search: {all: {genre: Dramaaa}}
          Bad Key:
            plex_serch: {all: {genre: Drama}}
          Bad Modifier:
            plex_search: {all: {year.begins: 2000}}
          Online:
            reciperr_list: https://reciperr.com/list/y
    """)
    r = rows(report)
    assert r["Good"].status == "Created"
    # the line of the offending key inside the definition
    for name, line in (("Bad Genre", 6), ("Bad Key", 8), ("Bad Modifier", 10), ("Online", 12)):
        assert r[name].status == "Builder Validation Error", r[name]
        assert f"Movies.yml:{line}:" in r[name].error
        assert "\n" not in r[name].error
    assert "did you mean 'plex_search'" in r["Bad Key"].error


def test_dynamic_collections_sync_deletes_what_the_set_no_longer_generates(runner):
    report = runner.run("""
        dynamic_collections:
          Decades:
            type: decade
            sync: true
    """)
    created = [name for name, row in rows(report).items() if row.status == "Created"]
    assert len(created) >= 3, rows(report)
    titles = sorted(c.title for c in runner.plex().library.section("Movies").collections())
    assert titles == sorted(created)
    gone = created[0]
    report = runner.run(f"""
        dynamic_collections:
          Decades:
            type: decade
            sync: true
            exclude: [{gone.split()[-1].rstrip("s")}]
    """)
    r = rows(report)
    titles = [c.title for c in runner.plex().library.section("Movies").collections()]
    assert gone not in titles, (gone, r)
    assert r[gone].status == "Deleted"


def test_odd_titles_and_labels_round_trip(runner):
    name = "Sci, Fi & Ämore! 100%"
    runner.run(f"""
        collections:
          "{name}":
            plex_search: {{all: {{genre: Drama}}}}
            sync_mode: sync
            label: ["A, B", "C&D"]
    """)
    report = runner.run(f"""
        collections:
          "{name}":
            plex_search: {{all: {{genre: Romance}}}}
            sync_mode: sync
            label.sync: ["C&D"]
    """)
    assert rows(report)[name].status == "Modified and Updated Metadata", rows(report)[name]
    c = _collection(runner, name)
    section = runner.plex().library.section("Movies")
    assert {i.ratingKey for i in c.items()} == {m.ratingKey for m in section.search(genre="Romance")}
    assert {label.tag for label in c.labels} == {"C&D", "Kometa"}  # label.sync keeps the managed-by label
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_template_error_points_at_the_template_line(runner):
    report = runner.run("""
        templates:
          By Genre:
            plex_search:
              all:
                genre: <<genre>>
        collections:
          Good One:
            template: {name: By Genre, genre: Drama}
          Typo:
            template: {name: By Genre, genre: Dramma}
    """)
    r = rows(report)
    assert r["Good One"].status == "Created"
    assert r["Typo"].status == "Builder Validation Error"
    assert "Movies.yml:4:" in r["Typo"].error, r["Typo"].error


def test_missing_file_poster_is_a_validation_error(runner):
    report = runner.run("""
        collections:
          No Poster:
            plex_search: {all: {genre: Drama}}
            file_poster: nowhere.jpg
    """)
    row = rows(report)["No Poster"]
    assert row.status == "Builder Validation Error" and "Movies.yml:5:" in row.error and "nowhere.jpg" in row.error


def test_blank_only_on_create_run_definition_delete_named(runner):
    runner.run("""
        collections:
          Old Name:
            plex_search: {all: {genre: Drama}}
    """)
    report = runner.run("""
        collections:
          Placeholder:
            blank_collection: true
            summary: coming soon
          Once:
            plex_search: {all: {genre: Crime}}
            only_run_on_create: true
          Shows Only:
            plex_search: {all: {genre: Crime}}
            run_definition: show
          Off:
            plex_search: {all: {genre: Crime}}
            run_definition: false
          New Name:
            plex_search: {all: {genre: Drama}}
            delete_collections_named: Old Name
    """)
    r = rows(report)
    assert r["Placeholder"].status == "Created"
    assert r["Once"].status == "Created"
    assert r["Shows Only"].status == "Skipped Run Definition" and r["Off"].status == "Skipped Run Definition"
    titles = sorted(c.title for c in runner.plex().library.section("Movies").collections())
    assert titles == ["New Name", "Once", "Placeholder"]
    assert _collection(runner, "Placeholder").childCount == 0
    report = runner.run()
    assert rows(report)["Once"].note == "only_run_on_create: the collection exists"
    assert rows(report)["Placeholder"].status == "Unchanged"


def test_item_label_and_genre_edits(runner):
    runner.run("""
        collections:
          Westerns:
            plex_search: {all: {genre: Western}}
            item_label: [Cowboy, "Dusty, Old"]
            item_genre.remove: Romance
    """)
    section = runner.plex().library.section("Movies")
    westerns = section.search(genre="Western")
    for movie in westerns:
        labels = {label.tag for label in movie.labels}
        assert {"Cowboy", "Dusty, Old"} <= labels
        assert "Romance" not in {g.tag for g in movie.genres}
    assert not [m for m in section.search(label="Cowboy") if m.ratingKey not in {w.ratingKey for w in westerns}]
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
    runner.run("""
        collections:
          Westerns:
            plex_search: {all: {genre: Western}}
            item_label.sync: Cowboy
    """)
    for movie in runner.plex().library.section("Movies").search(genre="Western"):
        assert {label.tag for label in movie.labels} == {"Cowboy"}


def test_item_label_sync_keeps_the_overlay_marker(runner):
    section = runner.plex().library.section("Movies")
    western = section.search(genre="Western")[0]
    western.addLabel("Overlay")
    runner.run("""
        collections:
          Westerns:
            plex_search: {all: {genre: Western}}
            item_label.sync: Cowboy
    """)
    western.reload()
    assert {label.tag for label in western.labels} == {"Cowboy", "Overlay"}
