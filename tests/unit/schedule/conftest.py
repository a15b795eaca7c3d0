"""A small config on disk: two libraries, collection files, playlists, operations, plex maintenance."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

CONFIG = """\
libraries:
  Movies:
    schedule: daily
    collection_files:
      - file: config/Holiday.yml
        schedule: range(11/15-01/05)
      - file: config/Movies.yml
    metadata_files:
      - file: config/Meta.yml
        schedule: weekly(sunday)
    overlay_files:
      - file: config/Overlays.yml
    schedule_overlays: weekly(monday)
    operations:
      - schedule: monthly(1)
        mass_genre_update: tmdb
      - assets_for_all: true
    settings:
      delete_not_scheduled: true
  TV Shows:
    schedule: weekly(saturday)
    collection_files:
      - file: config/TV.yml
playlist_files:
  - file: config/Playlists.yml
plex:
  url: http://localhost:32400
  token: abc
  empty_trash: true
  optimize: monthly(1)
  clean_bundles: false
"""

FILES = {
    "Holiday.yml": """\
        collections:
          Christmas:
            schedule: range(12/01-12/31)
            plex_search: {all: {genre: Holiday}}
          Halloween:
            schedule: range(10/01-10/31)
            delete_not_scheduled: false
          Thanksgiving:
            schedule: yearly(11/26)
        """,
    "Movies.yml": """\
        collections:
          Top Rated:
            plex_all: true
          Sunday Picks:
            schedule: weekly(sunday)
            visible_home: weekly(thursday)
            visible_library: true
          Missing Only:
            schedule: non_existing
          Tests:
            test: true
            schedule: all[non_existing, weekly(monday)]
        """,
    "Meta.yml": "metadata: {}\n",
    "Overlays.yml": "overlays: {}\n",
    "TV.yml": """\
        collections:
          Weekend:
            schedule: hourly(5)
        """,
    "Playlists.yml": """\
        playlists:
          Marathon:
            libraries: Movies
            schedule: monthly(last)
          Everyday:
            libraries: Movies
        """,
}


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    (tmp_path / "config.yml").write_text(CONFIG)
    for name, text in FILES.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path / "config.yml"
