"""A collection's item_* updates (ratings, edition, locks, advanced settings, refresh, assets,
non_item_remove_label) and collection_filtering / name_mapping, against plexsim through python-plexapi."""

from __future__ import annotations

import pytest
from PIL import Image
from process_helpers import rows

WESTERNS = """
    collections:
      Westerns:
        plex_search: {all: {genre: Western}}
"""


def _westerns(runner):
    return runner.plex().library.section("Movies").search(genre="Western")


def _locked(item):
    return {f.name for f in item.fields if f.locked}


def test_ratings_and_edition_are_written_locked_once(runner):
    report = runner.run(WESTERNS + """        item_critic_rating: 7.5
        item_user_rating: 9
        item_edition: Sunset Cut
""")
    assert rows(report)["Westerns"].error is None
    westerns = _westerns(runner)
    assert westerns
    for movie in westerns:
        assert movie.rating == 7.5 and movie.userRating == 9.0
        assert movie.editionTitle == "Sunset Cut"
        assert {"rating", "userRating", "editionTitle"} <= _locked(movie)
    others = [m for m in runner.plex().library.section("Movies").all() if m.ratingKey not in
              {w.ratingKey for w in westerns}]
    assert not any(m.editionTitle == "Sunset Cut" for m in others)
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0  # every value is already there: nothing is sent again
    edits = [e for e in runner.sim.request_log() if e["method"] == "PUT"]
    assert edits == []


def test_blank_rating_erases_it(runner):
    runner.run(WESTERNS + "        item_audience_rating: 6.0\n")
    assert all(m.audienceRating == 6.0 for m in _westerns(runner))
    runner.run(WESTERNS + "        item_audience_rating:\n")
    assert all(m.audienceRating is None for m in _westerns(runner))


def test_locks_and_unlocks_only_what_differs(runner):
    runner.run(WESTERNS + "        item_lock_poster: true\n        item_lock_title: true\n")
    for movie in _westerns(runner):
        assert {"thumb", "title"} <= _locked(movie)
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
    runner.run(WESTERNS + "        item_lock_poster: false\n")
    for movie in _westerns(runner):
        assert "thumb" not in _locked(movie) and "title" in _locked(movie)


def test_refresh_and_analyze_every_member_each_run(runner):
    runner.run(WESTERNS + "        item_refresh: true\n        item_analyze: true\n")
    keys = {m.ratingKey for m in _westerns(runner)}
    runner.sim.reset_stats()
    runner.run()
    paths = [e["path"] for e in runner.sim.request_log() if e["method"] == "PUT"]
    assert sorted(p for p in paths if p.endswith("/refresh")) == sorted(f"/library/metadata/{k}/refresh" for k in keys)
    assert len([p for p in paths if p.endswith("/analyze")]) == len(keys)


def test_dry_run_refreshes_nothing(runner):
    runner.run(WESTERNS + "        item_refresh: true\n        item_critic_rating: 3\n", dry_run=True)
    assert runner.writes() == 0
    assert any("would refresh" in line for line in runner.printed)
    assert any("critic rating 3.0" in line for line in runner.printed)


def test_advanced_settings_written_only_when_they_differ(runner):
    runner.write("""
        collections:
          Every Show:
            plex_all: true
            item_episode_sorting: newest
            item_season_display: hide
    """)
    path = runner.folder / "config.yml"
    path.write_text(path.read_text().replace("Movies:\n", "TV Shows:\n"), encoding="utf-8")
    runner.run()
    shows = runner.plex().library.section("TV Shows").all()
    assert shows
    for show in shows:
        prefs = {p.id: p.value for p in show.preferences()}
        assert prefs["episodeSort"] == 1 and prefs["flattenSeasons"] == 1
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_non_item_remove_label_takes_it_off_the_others(runner):
    section = runner.plex().library.section("Movies")
    westerns = {m.ratingKey for m in section.search(genre="Western")}
    other = next(m for m in section.all() if m.ratingKey not in westerns)
    member = next(m for m in section.all() if m.ratingKey in westerns)
    other.addLabel("Cowboy")
    member.addLabel("Cowboy")
    runner.run(WESTERNS + "        non_item_remove_label: Cowboy\n")
    other.reload()
    member.reload()
    assert "Cowboy" not in {la.tag for la in other.labels}
    assert "Cowboy" in {la.tag for la in member.labels}


def test_item_assets_uploads_members_assets_once(runner, tmp_path):
    section = runner.plex().library.section("Movies")
    westerns = section.search(genre="Western")
    member = westerns[0]
    folder = member.locations[0].replace("\\", "/").rsplit("/", 1)[0].rsplit("/", 1)[1]
    outsider = next(m for m in section.all() if m.ratingKey not in {w.ratingKey for w in westerns})
    outside_folder = outsider.locations[0].replace("\\", "/").rsplit("/", 1)[0].rsplit("/", 1)[1]
    assets = tmp_path / "assets"
    for name in (folder, outside_folder):
        (assets / name).mkdir(parents=True)
        Image.new("RGB", (100, 150), (200, 10, 10)).save(assets / name / "poster.jpg")
    runner.write(WESTERNS + "        item_assets: true\n",
                 library_extra=f"    settings:\n      asset_directory: {assets}\n")
    runner.run()
    uploads = [e["path"] for e in runner.sim.request_log() if e["method"] == "POST" and e["path"].endswith("/posters")]
    assert uploads == [f"/library/metadata/{member.ratingKey}/posters"]  # the outsider is not a member
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_bad_values_are_located_errors(runner):
    report = runner.run(WESTERNS + "        item_critic_rating: 11\n")
    row = rows(report)["Westerns"]
    assert "Movies.yml:" in row.error and "item_critic_rating must be a number from 0.0 to 10.0" in row.error
    report = runner.run(WESTERNS + "        item_episode_sorting: newest\n")
    assert "item_episode_sorting: applies to shows, not to a movie" in rows(report)["Westerns"].error
    report = runner.run(WESTERNS + "        non_item_remove_label:\n")
    assert "non_item_remove_label is blank" in rows(report)["Westerns"].error


@pytest.mark.parametrize("who, flag", [("user", 1), ("admin", 0)])
def test_collection_filtering_on_a_smart_collection(runner, who, flag):
    runner.run(f"""
        collections:
          Smart Westerns:
            smart_filter: {{all: {{genre: Western}}}}
            collection_filtering: {who}
    """)
    collection = runner.plex().library.section("Movies").collection("Smart Westerns")
    assert collection.collectionFilterBasedOnUser == flag
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_collection_filtering_needs_a_smart_collection(runner):
    report = runner.run(WESTERNS + "        collection_filtering: user\n")
    assert "collection_filtering works on smart collections only" in rows(report)["Westerns"].error


def test_name_mapping_names_the_asset_folder(runner, tmp_path):
    assets = tmp_path / "assets"
    (assets / "westerns-folder").mkdir(parents=True)
    Image.new("RGB", (100, 150), (10, 200, 10)).save(assets / "westerns-folder" / "poster.png")
    runner.write(WESTERNS + "        name_mapping: westerns-folder\n",
                 library_extra=f"    settings:\n      asset_directory: {assets}\n")
    runner.run()
    uploads = [e for e in runner.sim.request_log() if e["method"] == "POST" and e["path"].endswith("/posters")]
    assert len(uploads) == 1


def test_theme_and_square_art_uploaded_once_per_change(runner):
    (runner.folder / "theme.mp3").write_bytes(b"ID3 not really music")
    Image.new("RGB", (300, 300), (0, 0, 200)).save(runner.folder / "square.png")
    runner.run(WESTERNS + "        file_theme: theme.mp3\n        url_square_art: http://example.invalid/sq.png\n")
    uploads = sorted(e["path"].rsplit("/", 1)[1] for e in runner.sim.request_log()
                     if e["method"] == "POST" and e["path"].endswith(("/themes", "/squareArts")))
    assert uploads == ["squareArts", "themes"]
    collection = runner.plex().library.section("Movies").collection("Westerns")
    assert collection.themes() and collection.theme
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
    (runner.folder / "theme.mp3").write_bytes(b"ID3 another song")
    runner.sim.reset_stats()
    runner.run()
    assert [e["path"].rsplit("/", 1)[1] for e in runner.sim.request_log() if e["method"] == "POST"] == ["themes"]


def test_missing_theme_file_is_a_located_error(runner):
    report = runner.run(WESTERNS + "        file_theme: nowhere.mp3\n")
    assert "file_theme 'nowhere.mp3' not found" in rows(report)["Westerns"].error


def _tmdb_id(movie):
    return next(int(g.id.split("://")[1]) for g in movie.guids if g.id.startswith("tmdb://"))


def _imdb_id(movie):
    return next(g.id.split("://")[1] for g in movie.guids if g.id.startswith("imdb://"))


def test_ignore_ids_keep_items_out_of_every_collection(runner):
    westerns = _westerns(runner)
    first, second = westerns[0], westerns[1]
    runner.write(WESTERNS + f"        ignore_imdb_ids: {_imdb_id(second)}\n",
                 library_extra=f"    settings:\n      ignore_ids: {_tmdb_id(first)}\n")
    report = runner.run()
    members = {m.ratingKey for m in runner.plex().library.section("Movies").collection("Westerns").items()}
    assert members == {w.ratingKey for w in westerns} - {first.ratingKey, second.ratingKey}
    assert rows(report)["Westerns"].error is None


def test_bad_ignore_id_is_a_located_error(runner):
    report = runner.run(WESTERNS + "        ignore_imdb_ids: nm0000123\n")
    error = rows(report)["Westerns"].error
    assert "Movies.yml:" in error and "'nm0000123' is not an IMDb id" in error


def _preroll(runner):
    return runner.plex().settings.get("cinemaTrailersPrerollID").value


def test_server_preroll_only_definition_sets_the_setting_once(runner):
    report = runner.run("""
        collections:
          Pre-rolls:
            server_preroll:
              - /prerolls/a.mp4
              - [/prerolls/b1.mp4, /prerolls/b2.mp4]
    """)
    assert _preroll(runner) == "/prerolls/a.mp4;/prerolls/b1.mp4,/prerolls/b2.mp4"
    assert rows(report)["Pre-rolls"].status == "Server Pre-roll Updated"
    assert runner.plex().library.section("Movies").collections() == []  # no collection is made
    runner.sim.reset_stats()
    report = runner.run()
    assert runner.writes() == 0 and rows(report)["Pre-rolls"].status == "Unchanged"


def test_server_preroll_beside_builders_and_dry_run(runner):
    runner.run(WESTERNS + "        server_preroll: /prerolls/west.mp4\n", dry_run=True)
    assert _preroll(runner) == "" and runner.writes() == 0
    runner.run()
    assert _preroll(runner) == "/prerolls/west.mp4"
    assert runner.plex().library.section("Movies").collection("Westerns")
    report = runner.run(WESTERNS + "        server_preroll: {a: 1}\n")
    assert "server_preroll must be a path" in rows(report)["Westerns"].error
