"""Music libraries: collections of artists, albums (builder_level: album) and tracks, against the
plexsim bootstrap library (its Music section: one artist, one album, one track)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from process_helpers import TOKEN, Runner, rows

from plexsim.server import PlexSim

MUSIC = "  Music:\n    library_name: Music\n    collection_files:\n      - file: Music.yml\n"


@pytest.fixture
def music(tmp_path: Path) -> Iterator[Runner]:
    with PlexSim(library="plexapi-bootstrap", token=TOKEN) as server:
        yield Runner(server, tmp_path)


def _run(runner: Runner, text: str, **flags):
    runner.write("collections: {}\n", extra_libraries=MUSIC)
    (runner.folder / "Music.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return runner.run(**flags)


def test_artist_album_and_track_collections(music):
    report = _run(music, """
        collections:
          Electronic Artists:
            plex_search: {all: {genre: Electronic}}
          Albums of 2012:
            plex_all: true
            builder_level: album
            filters:
              year: 2012
              record_label: Broke For Free
          Short Tracks:
            plex_search:
              all:
                artist_title: Broke For Free
            collection_level: track
            filters:
              duration.lt: 5
    """)
    got = rows(report, "Music")
    assert [got[n].status for n in ("Electronic Artists", "Albums of 2012", "Short Tracks")] == ["Created"] * 3, got
    section = music.plex().library.section("Music")
    by_title = {c.title: c for c in section.collections()}
    assert [a.title for a in by_title["Electronic Artists"].items()] == ["Broke For Free"]
    assert [a.title for a in by_title["Albums of 2012"].items()] == ["Layers"]
    assert by_title["Albums of 2012"].subtype == "album"
    assert [t.title for t in by_title["Short Tracks"].items()] == ["As Colourful as Ever"]
    assert by_title["Short Tracks"].subtype == "track"
    before = music.writes()
    report = music.run()
    assert {row.status for row in report.library("Music").rows} == {"Unchanged"}
    assert music.writes() == before


def test_smart_filters_of_albums_and_tracks(music):
    report = _run(music, """
        collections:
          Albums Of 2012:
            smart_filter: {type: albums, all: {year: 2012}}
          Broke For Free Tracks:
            smart_filter: {type: tracks, all: {artist_title: Broke For Free}, sort_by: title.asc}
    """)
    got = rows(report, "Music")
    assert got["Albums Of 2012"].status == got["Broke For Free Tracks"].status == "Created", got
    by_title = {c.title: c for c in music.plex().library.section("Music").collections()}
    albums, tracks = by_title["Albums Of 2012"], by_title["Broke For Free Tracks"]
    assert albums.smart and albums.subtype == "album" and "type=9" in albums.content
    assert tracks.smart and tracks.subtype == "track" and "type=10" in tracks.content
    assert [a.title for a in albums.items()] == ["Layers"]
    assert [t.title for t in tracks.items()] == ["As Colourful as Ever"]
    before = music.writes()
    report = music.run()
    assert {row.status for row in report.library("Music").rows} == {"Unchanged"}
    assert music.writes() == before


def test_music_mistakes(music):
    report = _run(music, """
        collections:
          Episodes Here:
            plex_all: true
            builder_level: episode
          Network:
            plex_search: {all: {network: HBO}}
          Unknown Genre:
            plex_search: {all: {genre: Polka}}
    """)
    got = rows(report, "Music")
    assert "builder_level 'episode' is not a level of a music library (use album or track)" in got["Episodes Here"].error
    assert "'network' is not available in a music library" in got["Network"].error
    assert "genre 'Polka' not found in library Music (values include: Electronic)" in got["Unknown Genre"].error


def test_music_playlist_holds_the_artists_tracks(music):
    music.write("collections: {}\n", extra_libraries=MUSIC, playlists="""
        playlists:
          Electronic Mix:
            libraries: Music
            plex_search: {all: {genre: Electronic}}
          Mixed Up:
            libraries: [Movies, Music]
            plex_search: {all: {title: a}}
    """)
    (music.folder / "Music.yml").write_text("collections: {}\n", encoding="utf-8")
    report = music.run()
    got = {row.name: row for row in report.playlists}
    assert got["Electronic Mix"].status == "Created", got["Electronic Mix"]
    playlist = music.plex().playlist("Electronic Mix")
    assert playlist.playlistType == "audio"
    assert [t.title for t in playlist.items()] == ["As Colourful as Ever"]
    assert got["Mixed Up"].status == "Builder Validation Error"
    assert "a playlist holds either video or music" in got["Mixed Up"].error
    report = music.run()
    assert {row.name: row.status for row in report.playlists}["Electronic Mix"] == "Unchanged"


def test_albums_and_tracks_filters(music):
    report = _run(music, """
        collections:
          Artists With Short Tracks:
            plex_all: true
            filters:
              tracks: {duration.lt: 5, count: 1}
          Artists With 2012 Albums:
            plex_all: true
            filters:
              albums: {year: 2012}
          Artists With Long Tracks:
            plex_all: true
            ignore_blank_results: true
            filters:
              tracks: {duration.gt: 60}
    """)
    got = rows(report, "Music")
    assert got["Artists With Short Tracks"].status == "Created", got
    assert got["Artists With 2012 Albums"].status == "Created", got
    assert got["Artists With Long Tracks"].status == "Unchanged" and not got["Artists With Long Tracks"].error
    section = music.plex().library.section("Music")
    titles = {c.title: [i.title for i in c.items()] for c in section.collections()}
    assert titles["Artists With Short Tracks"] == ["Broke For Free"]
    assert titles["Artists With 2012 Albums"] == ["Broke For Free"]
    assert "Artists With Long Tracks" not in titles
