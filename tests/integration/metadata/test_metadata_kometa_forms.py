"""Metadata-file forms Kometa reads besides the common ones: old top-level match keys, seasons by
name, episodes by title and as S##E## under the show, logo / square-art images; keys of other parts
located with a hint."""

from __future__ import annotations

import textwrap

from process_helpers import rows


def _setup(runner, metadata: str, *, library: str = "Movies") -> None:
    (runner.folder / "Meta.yml").write_text(textwrap.dedent(metadata), encoding="utf-8")
    block = "    metadata_files:\n      - file: Meta.yml\n"
    if library == "Movies":
        runner.write("collections: {}\n", library_extra=block)
    else:
        runner.write("collections: {}\n", extra_libraries=f"  {library}:\n{block}")


def test_old_top_level_year_and_edition_filter_match_and_year_is_not_edited(runner, sim):
    section = runner.plex().library.section("Movies")
    a, b, c = section.all()[:3]
    year_a = a.year or 2000
    b.editTitle(a.title, locked=False)
    b.editField("year", year_a + 3, locked=False)
    c.editTitle(a.title, locked=False)
    c.editField("year", year_a, locked=False)
    c.editField("editionTitle", "Extended", locked=False)
    a.editField("editionTitle", "", locked=False)
    _setup(runner, f"""
        metadata:
          "{a.title}":
            year: {year_a}
            edition_filter: [Theatrical, Extended]
            summary: The extended one
          Plain:
            match: {{title: "{a.title}"}}
            year: {year_a}
            blank_edition: true
            tagline: The plain one
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.error is None and row.added == 2, row
    assert section.fetchItem(c.ratingKey).summary == "The extended one"
    assert section.fetchItem(a.ratingKey).tagline == "The plain one"
    untouched = section.fetchItem(b.ratingKey)
    assert untouched.summary != "The extended one" and untouched.tagline != "The plain one"
    assert untouched.year == year_a + 3 and section.fetchItem(a.ratingKey).year == year_a  # year matches, never edits
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_season_by_name_episode_by_title_and_show_level_sxxexx(runner, sim):
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    episodes = show.episodes()
    first, second = episodes[0], episodes[1]
    season = shows.fetchItem(first.parentRatingKey)
    _setup(runner, f"""
        metadata:
          "{show.title}":
            seasons:
              "{season.title}":
                summary: Found by name
                episodes:
                  "{first.title}":
                    summary: Found by title
            episodes:
              S{second.seasonNumber:02d}E{second.index:02d}:
                user_rating: 7.5
              S99E01:
                summary: no such episode
              Pilot:
                summary: not a S##E## key
    """, library="TV Shows")
    report = runner.run()
    row = rows(report, "TV Shows")["metadata: Meta"]
    assert row.error is not None and "episode 'Pilot' must have the S##E## form" in row.error, row
    assert shows.fetchItem(season.ratingKey).summary == "Found by name"
    assert shows.fetchItem(first.ratingKey).summary == "Found by title"
    assert shows.fetchItem(second.ratingKey).userRating == 7.5
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_logo_and_square_art_uploaded_once(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    (runner.folder / "logo.png").write_bytes(b"logo")
    _setup(runner, f"""
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            file_logo: logo.png
            url_square_art: https://example.com/square.jpg
    """)
    report = runner.run()
    assert rows(report)["metadata: Meta"].status == "Changed"
    posts = sorted(r["path"] for r in sim.request_log() if r["method"] == "POST")
    assert posts == [f"/library/metadata/{a.ratingKey}/clearLogos", f"/library/metadata/{a.ratingKey}/squareArts"]
    item = sim.store.items[a.ratingKey]
    assert item.images.get("clearLogos") and item.images.get("squareArts")
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_collection_settings_and_misspelt_keys_are_located_with_a_hint(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    _setup(runner, f"""
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            collection_mode: hide
            originally_available_at: 2001-01-01
            summary: Still applied
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert "'collection_mode' is not a metadata attribute: it is a collection setting" in (row.error or ""), row
    assert "(and 1 more)" in (row.error or "")
    assert report.failed
    assert section.fetchItem(a.ratingKey).summary == "Still applied"


def test_templates_in_a_metadata_file_then_nothing(runner, sim):
    section = runner.plex().library.section("Movies")
    a, b = section.all()[:2]
    _setup(runner, f"""
        templates:
          Tagged:
            default: {{label: Templated}}
            summary: "<<metadata_name>> says <<word>>"
            label: <<label>>
            tagline: from the template
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            template: {{name: Tagged, word: hello}}
            tagline: the entry wins
          "{b.title}":
            match: {{year: {b.year}}}
            template: {{name: Tagged}}
            variables: {{word: vars}}
          Broken:
            template: {{name: Tagd}}
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.error is not None and "unknown template 'Tagd'" in row.error and "did you mean 'Tagged'" in row.error
    assert row.error.split(":")[0].endswith("Meta.yml") and row.error.split(":")[1].isdigit(), row.error
    a2, b2 = section.fetchItem(a.ratingKey), section.fetchItem(b.ratingKey)
    assert a2.summary == f"{a.title} says hello" and a2.tagline == "the entry wins"
    assert b2.summary == f"{b.title} says vars" and b2.tagline == "from the template"
    assert "Templated" in [t.tag for t in a2.labels] and "Templated" in [t.tag for t in b2.labels]
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def _asset(runner, folder: str, name: str, data: bytes) -> None:
    (runner.folder / "assets" / folder).mkdir(parents=True, exist_ok=True)
    (runner.folder / "assets" / folder / name).write_bytes(data)


def test_entries_take_their_asset_images_and_the_entry_image_wins_unless_prioritized(runner, sim):
    from pathlib import PurePosixPath

    section = runner.plex().library.section("Movies")
    a, b = section.all()[:2]
    for movie, data in ((a, b"asset a"), (b, b"asset b")):
        _asset(runner, PurePosixPath(movie.media[0].parts[0].file).parent.name, "poster.jpg", data)
    _setup(runner, f"""
        metadata:
          "{a.title}":
            match: {{year: {a.year}}}
            summary: asset poster
          "{b.title}":
            match: {{year: {b.year}}}
            url_poster: https://example.com/b.jpg
    """)
    sim.reset_stats()
    runner.run()
    posts = sorted(r["path"] for r in sim.request_log() if r["method"] == "POST")
    assert posts == sorted([f"/library/metadata/{a.ratingKey}/posters", f"/library/metadata/{b.ratingKey}/posters"])
    selected = [p for p in sim.store.items[b.ratingKey].images["posters"] if p.get("selected")]
    assert [p["key"] for p in selected] == ["https://example.com/b.jpg"]  # the entry's own image, not the asset
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
    config = (runner.folder / "config.yml").read_text()
    (runner.folder / "config.yml").write_text(config.replace("    metadata_files:", "    settings:\n"
                                                             "      prioritize_assets: true\n    metadata_files:"))
    sim.reset_stats()
    runner.run()
    posts = [r["path"] for r in sim.request_log() if r["method"] == "POST"]
    assert posts == [f"/library/metadata/{b.ratingKey}/posters"]  # now b's asset replaces its URL poster


def test_season_asset_of_a_show_entry(runner, sim):
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    season = show.seasons()[0]
    from kometa.metadata.assets import media_folder

    folder = media_folder([season.episodes()[0].media[0].parts[0].file])
    _asset(runner, folder, f"Season{season.index:02d}.png", b"season art")
    _setup(runner, f"""
        metadata:
          "{show.title}":
            seasons:
              {season.index}:
                summary: with its asset
    """, library="TV Shows")
    sim.reset_stats()
    runner.run()
    posts = [r["path"] for r in sim.request_log() if r["method"] == "POST"]
    assert posts == [f"/library/metadata/{season.ratingKey}/posters"]
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_update_seasons_false_skips_season_edits_but_not_their_episodes(runner, sim):
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    episode = show.episodes()[0]
    _setup(runner, f"""
        metadata:
          "{show.title}":
            update_seasons: false
            seasons:
              {episode.seasonNumber}:
                summary: not applied
                episodes:
                  {episode.index}:
                    summary: applied
    """, library="TV Shows")
    runner.run()
    assert shows.fetchItem(episode.parentRatingKey).summary != "not applied"
    assert shows.fetchItem(episode.ratingKey).summary == "applied"
    text = (runner.folder / "Meta.yml").read_text().replace("update_seasons: false", "update_episodes: false")
    (runner.folder / "Meta.yml").write_text(text.replace("summary: applied", "summary: applied twice"))
    runner.run()
    assert shows.fetchItem(episode.parentRatingKey).summary == "not applied"
    assert shows.fetchItem(episode.ratingKey).summary == "applied"
