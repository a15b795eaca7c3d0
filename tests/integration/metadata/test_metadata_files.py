"""Metadata files against plexsim: matching edge cases, edits locked, second run writes nothing, errors located."""

from __future__ import annotations

import textwrap

from process_helpers import rows


def _setup(runner, metadata: str, *, library: str = "Movies", key: str = "metadata_files") -> None:
    (runner.folder / "Meta.yml").write_text(textwrap.dedent(metadata), encoding="utf-8")
    block = f"    {key}:\n      - file: Meta.yml\n"
    if library == "Movies":
        runner.write("collections: {}\n", library_extra=block)
    else:
        runner.write("collections: {}\n", extra_libraries=f"  {library}:\n{block}")


def _movies(runner):
    return runner.plex().library.section("Movies")


def _guid(movie, scheme):
    return next(g.id.split("://", 1)[1] for g in movie.guids if g.id.startswith(f"{scheme}://"))


def test_edit_by_tmdb_id_and_title_then_nothing(runner, sim):
    section = _movies(runner)
    a, b = section.all()[:2]
    _setup(runner, f"""
        metadata:
          {_guid(a, "tmdb")}:
            summary: Edited summary
            critic_rating: 9.1
            genre.sync: [Drama, Epic]
            label: [Favourite]
          "{b.title}":
            match: {{year: {b.year}}}
            sort_title: "!First"
            originally_available: 2001-02-03
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.status == "Changed" and row.added == 2 and row.error is None, row
    a2, b2 = section.fetchItem(a.ratingKey), section.fetchItem(b.ratingKey)
    assert a2.summary == "Edited summary" and a2.rating == 9.1
    assert sorted(g.tag for g in a2.genres) == ["Drama", "Epic"]
    assert "Favourite" in [lbl.tag for lbl in a2.labels]
    assert {"summary", "rating", "genre"} <= {f.name for f in a2.fields if f.locked}
    assert b2.titleSort == "!First" and str(b2.originallyAvailableAt.date()) == "2001-02-03"
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["metadata: Meta"].status == "Unchanged"
    assert runner.writes() == 0


def test_same_title_both_edited_year_off_by_one_not(runner, sim):
    section = _movies(runner)
    a, b = section.all()[:2]
    b.editTitle(a.title, locked=False)
    _setup(runner, f"""
        metadata:
          "{a.title}":
            tagline: Both of them
          Off By One:
            match: {{title: "{a.title}", year: {(a.year or 2000) + 1 if (a.year or 2000) + 1 != b.year else (a.year or 2000) + 2}}}
            tagline: Never
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.added == 2 and "1 entry matched no item" in (row.note or ""), row
    assert section.fetchItem(a.ratingKey).tagline == "Both of them"
    assert section.fetchItem(b.ratingKey).tagline == "Both of them"


def test_titles_match_exactly_case_included(runner, sim):
    section = _movies(runner)
    a, b = section.all()[:2]
    a.editTitle("The Case Of It", locked=False)
    b.editTitle("The case of it", locked=False)
    _setup(runner, """
        metadata:
          The Case Of It:
            tagline: Upper
          other:
            match: {title: The case of it}
            tagline: Lower
          nobody:
            match: {title: THE CASE OF IT}
            tagline: Never
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.added == 2 and "1 entry matched no item" in (row.note or ""), row
    assert section.fetchItem(a.ratingKey).tagline == "Upper"
    assert section.fetchItem(b.ratingKey).tagline == "Lower"


def test_editions(runner, sim):
    section = _movies(runner)
    a, b = section.all()[:2]
    b.editTitle(a.title, locked=False)
    b.editField("editionTitle", "Director's Cut", locked=False)
    a.editField("editionTitle", "", locked=False)
    _setup(runner, f"""
        metadata:
          cut:
            match: {{title: "{a.title}", edition_contains: Director}}
            summary: The cut
          lower-case:
            match: {{title: "{a.title}", edition_contains: director}}  # Kometa compares editions exactly
            summary: Never
          plain:
            match: {{title: "{a.title}", blank_edition: true}}
            summary: The plain one
    """)
    report = runner.run()
    assert "1 entry matched no item" in (rows(report)["metadata: Meta"].note or "")
    assert section.fetchItem(b.ratingKey).summary == "The cut"
    assert section.fetchItem(a.ratingKey).summary == "The plain one"


def test_old_metadata_path_with_collections_and_imdb_key(runner, sim):
    section = _movies(runner)
    a = section.all()[0]
    _setup(runner, f"""
        collections:
          From Metadata File:
            plex_search: {{all: {{year.gte: 1900}}}}
        metadata:
          {_guid(a, "imdb")}:
            studio: Old Style Studio
    """, key="metadata_path")
    report = runner.run()
    r = rows(report)
    assert r["From Metadata File"].status == "Created", r
    assert section.fetchItem(a.ratingKey).studio == "Old Style Studio"


def test_seasons_and_episodes(runner, sim):
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    episode = show.episodes()[0]
    _setup(runner, f"""
        metadata:
          "{show.title}":
            seasons:
              {episode.seasonNumber}:
                summary: Season text
                episodes:
                  {episode.index}:
                    title: Renamed Episode
                    user_rating: 8.0
    """, library="TV Shows")
    report = runner.run()
    assert rows(report, "TV Shows")["metadata: Meta"].status == "Changed"
    assert shows.fetchItem(episode.parentRatingKey).summary == "Season text"
    renamed = shows.fetchItem(episode.ratingKey)
    assert renamed.title == "Renamed Episode" and renamed.userRating == 8.0
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_images_uploaded_once(runner, sim):
    section = _movies(runner)
    a = section.all()[0]
    (runner.folder / "cover.jpg").write_bytes(b"cover")
    _setup(runner, f"""
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            file_poster: cover.jpg
            url_background: https://example.com/art.jpg
    """)
    runner.run()
    assert any(p.ratingKey.startswith("upload://") for p in section.fetchItem(a.ratingKey).posters())
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_bad_entries_are_located_and_the_rest_applies(runner, sim):
    section = _movies(runner)
    a = section.all()[0]
    _setup(runner, f"""
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            critic_rating: 12
            summary: Still applied
            collection_mode: hide
            colour: blue
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.error is not None and "(and 2 more)" in row.error, row
    text = (runner.folder / "Meta.yml").read_text().splitlines()
    file, line = row.error.split(":")[0], int(row.error.split(":")[1])
    assert file.endswith("Meta.yml")
    assert text[line - 1].strip().split(":")[0] in ("critic_rating", "collection_mode", "colour")
    assert report.failed
    assert section.fetchItem(a.ratingKey).summary == "Still applied"


def test_writer_and_producer_tags_then_nothing(runner, sim):
    section = _movies(runner)
    a = section.all()[0]
    writers = [w.tag for w in section.fetchItem(a.ratingKey).writers]
    _setup(runner, f"""
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            writer.sync: [Ann Author, Bo Writer]
            producer: [Pat Producer]
    """)
    row = rows(runner.run())["metadata: Meta"]
    assert row.error is None and row.status == "Changed", row
    movie = section.fetchItem(a.ratingKey)
    assert sorted(w.tag for w in movie.writers) == ["Ann Author", "Bo Writer"] != sorted(writers)
    assert "Pat Producer" in [p.tag for p in movie.producers]
    assert {f.name for f in movie.fields if f.locked} >= {"writer", "producer"}
    sim.reset_stats()
    assert rows(runner.run())["metadata: Meta"].status == "Unchanged"
    assert runner.writes() == 0


def test_advanced_show_settings_then_nothing(runner, sim):
    show = runner.plex().library.section("TV Shows").all()[0]
    _setup(runner, f"""
        metadata:
          "{show.title}":
            episode_sorting: newest
            season_display: hide
            keep_episodes: 5_latest
            metadata_language: fr-FR
            subtitle_mode: always
            seasons:
              {show.seasons()[0].index}:
                audio_language: ja-JP
                subtitle_mode: foreign
    """, library="TV Shows")
    report = runner.run()
    row = rows(report, "TV Shows")["metadata: Meta"]
    assert row.error is None and row.status == "Changed", row
    prefs = {s.id: s.value for s in runner.plex().fetchItem(show.ratingKey).preferences()}
    assert prefs["episodeSort"] == 1 and prefs["flattenSeasons"] == 1
    assert prefs["autoDeletionItemPolicyUnwatchedLibrary"] == 5 and prefs["languageOverride"] == "fr-FR"
    assert prefs["subtitleMode"] == 2
    season = {s.id: s.value for s in runner.plex().fetchItem(show.seasons()[0].ratingKey).preferences()}
    assert season["audioLanguage"] == "ja-JP" and season["subtitleMode"] == 1
    sim.reset_stats()
    assert rows(runner.run(), "TV Shows")["metadata: Meta"].status == "Unchanged"
    assert runner.writes() == 0


def test_advanced_setting_mistakes_are_located(runner, sim):
    movie = _movies(runner).all()[0]
    _setup(runner, f"""
        metadata:
          "{movie.title}":
            match: {{year: {movie.year}}}
            episode_sorting: newest
            use_original_title: sometimes
            credits_detection: disabled
    """)
    row = rows(runner.run())["metadata: Meta"]
    assert row.error and "episode_sorting: applies to shows, not to a movie" in row.error, row.error
    prefs = {s.id: s.value for s in runner.plex().fetchItem(movie.ratingKey).preferences()}
    assert prefs["enableCreditsMarkerGeneration"] == 0  # the good key still applies


def test_alt_title_run_definition_and_theme(runner, sim):
    import hashlib

    section = _movies(runner)
    a, b = section.all()[:2]
    (runner.folder / "theme.mp3").write_bytes(b"ID3 movie theme")
    _setup(runner, f"""
        metadata:
          "Some Other Name":
            alt_title: "{a.title}"
            match: {{year: {a.year}}}
            summary: found by its alt_title
            file_theme: theme.mp3
          "{b.title}":
            run_definition: show
            summary: not in a movie library
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.error is None and row.added == 1 and not row.note, row
    a.reload()
    b.reload()
    assert a.summary == "found by its alt_title" and b.summary != "not in a movie library"
    assert next(t.ratingKey for t in a.themes() if t.selected) == \
        f"upload://themes/{hashlib.sha1(b'ID3 movie theme').hexdigest()}"
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_download_url_assets_saves_an_entrys_url_poster_once(runner, sim, tmp_path):
    from pathlib import PurePosixPath

    from metasim.server import MetaSim

    section = _movies(runner)
    a = section.all()[0]
    folder = tmp_path / "assets" / PurePosixPath(a.media[0].parts[0].file).parent.name
    folder.mkdir(parents=True)
    with MetaSim(seed=1, movies=2, shows=1) as meta:
        url = f"{meta.url}/tmdb/t/p/original/entry.jpg"
        (runner.folder / "Meta.yml").write_text(textwrap.dedent(f"""
            metadata:
              "{a.title}":
                match: {{year: {a.year}}}
                url_poster: {url}
                url_background: {url}
        """), encoding="utf-8")
        runner.write("collections: {}\n", library_extra="    metadata_files:\n      - file: Meta.yml\n"
                     "    settings:\n      asset_directory: assets\n      download_url_assets: true\n")
        runner.run(dry_run=True)
        assert not list(folder.iterdir()) and meta.stats()["requests"] == 0  # a dry run downloads nothing
        runner.run()
        image = requests_get(url)
        assert (folder / "poster.jpg").read_bytes() == image and (folder / "background.jpg").read_bytes() == image
        assert meta.stats()["requests"] == 3  # two downloads and this test's own
        assert any(p.ratingKey.startswith("upload://") for p in section.fetchItem(a.ratingKey).posters())
        sim.reset_stats()
        meta.reset_stats()
        runner.run()
        assert runner.writes() == 0 and meta.stats()["requests"] == 0  # the saved assets stand in for the URL


def requests_get(url: str) -> bytes:
    import requests

    return requests.get(url, timeout=10).content
