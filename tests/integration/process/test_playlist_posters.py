"""Playlist posters (url_poster, file_poster) uploaded to plexsim once, again only when they change."""

from __future__ import annotations

import requests
from process_helpers import TOKEN

PLAYLIST = """
    playlists:
      Dramas:
        libraries: Movies
        plex_search: {{all: {{genre: [Drama]}}}}
        {poster}
"""


def _uploads(runner) -> int:
    return sum(n for endpoint, n in runner.stats()["by_endpoint"].items()
               if endpoint.startswith("POST") and endpoint.endswith("/{kind}"))


def _poster_bytes(runner, title: str) -> bytes:
    playlist = runner.plex().playlist(title)
    assert playlist.thumb, "the playlist lists the uploaded poster as its thumb"
    return requests.get(f"{runner.sim.url}{playlist.thumb}", params={"X-Plex-Token": TOKEN}, timeout=10).content


def test_file_poster_is_uploaded_once_and_again_when_the_file_changes(runner) -> None:
    image = runner.folder / "dramas.png"
    image.write_bytes(b"\x89PNG first poster")
    runner.write("collections: {}\n", playlists=PLAYLIST.format(poster="file_poster: dramas.png"))
    report = runner.run()
    assert report.playlists[0].status == "Created" and not report.not_done, report.playlists[0]
    assert _uploads(runner) == 1
    assert _poster_bytes(runner, "Dramas") == b"\x89PNG first poster"
    runner.sim.reset_stats()
    again = runner.run()
    assert again.playlists[0].status == "Unchanged" and _uploads(runner) == 0
    image.write_bytes(b"\x89PNG second poster")
    changed = runner.run(dry_run=True)
    assert changed.playlists[0].status == "Updated Metadata" and _uploads(runner) == 0
    assert any("Playlist Dramas: poster <- file dramas.png" in line for line in runner.printed)
    runner.run()
    assert _uploads(runner) == 1 and _poster_bytes(runner, "Dramas") == b"\x89PNG second poster"


def test_url_poster_and_a_missing_file(runner) -> None:
    runner.write("collections: {}\n", playlists=PLAYLIST.format(poster="url_poster: https://example.org/p.jpg"))
    runner.run()
    playlist = runner.plex().playlist("Dramas")
    assert any(p.ratingKey == "https://example.org/p.jpg" and p.selected for p in playlist.posters())
    runner.write("collections: {}\n", playlists=PLAYLIST.format(poster="file_poster: nowhere.png"))
    row = runner.run().playlists[0]
    assert row.status == "Builder Validation Error"
    assert "Playlists.yml:6: file_poster 'nowhere.png' not found" in (row.error or ""), row.error
