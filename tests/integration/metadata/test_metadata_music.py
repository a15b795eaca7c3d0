"""Music metadata files against plexsim's bootstrap library (Broke For Free / Layers / one track):
artist, album and track fields and tags (style and mood read from the item page), then nothing."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import pytest
from process_helpers import TOKEN, Runner, rows

from plexsim.server import PlexSim


@pytest.fixture
def music() -> Iterator[PlexSim]:
    with PlexSim(token=TOKEN, library="plexapi-bootstrap") as server:
        yield server


def _run(music: PlexSim, tmp_path, metadata: str):
    (tmp_path / "Music.yml").write_text(textwrap.dedent(metadata), encoding="utf-8")
    (tmp_path / "config.yml").write_text(f"plex:\n  url: {music.url}\n  token: {TOKEN}\nlibraries:\n  Music:\n"
                                         f"    metadata_files:\n      - file: Music.yml\n", encoding="utf-8")
    runner = Runner(music, tmp_path)
    return runner, runner.run()


META = """
    metadata:
      Broke For Free:
        summary: An artist summary
        style: [Downtempo]
        albums:
          Layers:
            record_label: Free Records
            user_rating: 8.0
            mood.sync: [Calm, Warm]
            tracks:
              1:
                title: As Colourful as Ever (edit)
                original_artist: Someone Else
          Missing Album:
            summary: nothing to match
"""


def test_artist_album_track_then_nothing(music, tmp_path):
    runner, report = _run(music, tmp_path, META)
    row = rows(report, "Music")["metadata: Music"]
    assert row.error is None and row.status == "Changed", row
    plex = runner.plex()
    artist = plex.library.section("Music").all()[0]
    artist.reload()
    assert artist.summary == "An artist summary" and [s.tag for s in artist.styles] == ["Downtempo"]
    album = artist.albums()[0]
    album.reload()
    assert album.studio == "Free Records" and album.userRating == 8.0
    assert sorted(m.tag for m in album.moods) == ["Calm", "Warm"]
    track = album.tracks()[0]
    assert track.title == "As Colourful as Ever (edit)" and track.originalTitle == "Someone Else"
    music.reset_stats()
    assert rows(runner.run(), "Music")["metadata: Music"].status == "Unchanged"
    assert runner.writes() == 0


def test_track_disc_album_sorting_alt_titles_theme_run_definition_then_nothing(music, tmp_path):
    import hashlib

    (tmp_path / "theme.mp3").write_bytes(b"ID3 a theme")
    runner, report = _run(music, tmp_path, """
        metadata:
          Broke For Free:
            album_sorting: oldest
            file_theme: theme.mp3
            albums:
              Layers (Remastered):
                alt_title: Layers
                tracks:
                  As Colourful as Ever: {track: 2, disc: 3}
          Nobody Here:
            run_definition: movie, true
            summary: never applied (a movie-only entry)
    """)
    row = rows(report, "Music")["metadata: Music"]
    assert row.error is None and row.status == "Changed" and not row.note, row
    plex = runner.plex()
    artist = plex.library.section("Music").all()[0]
    artist.reload()
    assert artist.albumSort == 1
    assert next(t.ratingKey for t in artist.themes() if t.selected) == \
        f"upload://themes/{hashlib.sha1(b'ID3 a theme').hexdigest()}"
    album = artist.albums()[0]
    assert album.title == "Layers (Remastered)"  # found by its alt_title, renamed to the mapping name
    track = album.tracks()[0]
    assert (track.trackNumber, track.parentIndex) == (2, 3)
    music.reset_stats()
    row = rows(runner.run(), "Music")["metadata: Music"]
    assert row.status == "Unchanged" and row.error is None, row
    assert runner.writes() == 0


def test_bad_music_values_are_located(music, tmp_path, caplog):
    runner, report = _run(music, tmp_path, """
        metadata:
          Broke For Free:
            album_sorting: sideways
            track: 3
            albums:
              Layers:
                tracks:
                  1: {disc: two, summary: still applied}
          Other:
            run_definition: sometimes
    """)
    assert rows(report, "Music")["metadata: Music"].error and report.failed
    where = tmp_path / "Music.yml"
    errors = sorted(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert errors == sorted([
        f"{where}:4: metadata Broke For Free: album_sorting: 'sideways' is not one of default, newest, oldest, name",
        f"{where}:5: metadata Broke For Free: track: applies to tracks, not to an artist",
        f"{where}:9: metadata 'Broke For Free' album 'Layers' track 'As Colourful as Ever': disc: expected a whole "
        "number, got 'two'",
        f"{where}:11: metadata 'Other': run_definition 'sometimes' is not one of movie, show, artist, true, false"]), errors
    track = runner.plex().library.section("Music").all()[0].albums()[0].tracks()[0]
    track.reload()
    assert track.summary == "still applied"  # the rest of the entry applies


def test_update_blank_track_titles_then_nothing(music, tmp_path):
    import requests

    track = next(i for i in music.store.items.values() if i.type == "track")
    requests.put(f"{music.url}/library/sections/3/all", params={
        "type": 10, "id": track.rk, "title.value": "", "titleSort.value": "Sorted Title", "X-Plex-Token": TOKEN},
        timeout=10).raise_for_status()
    (tmp_path / "config.yml").write_text(f"plex:\n  url: {music.url}\n  token: {TOKEN}\nlibraries:\n  Music:\n"
                                         f"    operations:\n      update_blank_track_titles: true\n", encoding="utf-8")
    runner = Runner(music, tmp_path)
    row = rows(runner.run(), "Music")["update_blank_track_titles"]
    assert row.error is None and row.added == 1, row
    assert runner.plex().fetchItem(track.rk).title == "Sorted Title"
    music.reset_stats()
    assert rows(runner.run(), "Music")["update_blank_track_titles"].status == "Unchanged"
    assert runner.writes() == 0


def test_artist_and_album_entries_take_their_assets(music, tmp_path):
    folder = tmp_path / "assets" / "Broke for free"
    folder.mkdir(parents=True)
    (folder / "poster.png").write_bytes(b"artist poster")
    (folder / "Layers.jpg").write_bytes(b"album poster")
    music.reset_stats()
    runner, report = _run(music, tmp_path, """
        metadata:
          Broke For Free:
            albums:
              Layers:
                user_rating: 7.0
    """)
    artist = runner.plex().library.section("Music").all()[0]
    album = artist.albums()[0]
    posts = sorted(r["path"] for r in music.request_log() if r["method"] == "POST")
    assert posts == sorted([f"/library/metadata/{artist.ratingKey}/posters", f"/library/metadata/{album.ratingKey}/posters"])
    music.reset_stats()
    runner.run()
    assert runner.writes() == 0
