"""run_again and hub_priority in a playlist: read and said to do nothing (as Kometa does nothing with them)."""

from __future__ import annotations


def test_run_again_in_a_playlist_is_a_located_warning(runner, caplog) -> None:
    runner.write("collections: {}\n", playlists="""
        playlists:
          Dramas:
            libraries: Movies
            plex_search: {all: {genre: [Drama]}}
            run_again: true
            hub_priority: 1
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created" and not report.not_done
    assert "Playlists.yml:6: run_again: only collections run again (as in Kometa); ignored in a playlist" in caplog.text
    assert "Playlists.yml:7: hub_priority: a playlist has no hub (as in Kometa); ignored in a playlist" in caplog.text
