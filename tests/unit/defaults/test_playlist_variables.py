"""The playlist default's variables reach its playlists (no server: the definitions as loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kometa.config import load_config
from kometa.core.options import Options
from kometa.sources.definitions import playlist_definitions


def _load(tmp_path: Path, variables: str) -> dict[str, dict[str, Any]]:
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:1\n  token: t\nlibraries:\n  Movies:\n    collection_files: []\n"
                    "  TV Shows:\n    collection_files: []\nplaylist_files:\n  - default: playlist\n"
                    f"    template_variables:\n{variables}", encoding="utf-8")
    loaded = playlist_definitions(load_config(path), Options(config=path))
    assert not loaded.errors, loaded.errors
    return {d.name: dict(d.data) for d in loaded.definitions}


def test_users_and_kometa_spelling(tmp_path: Path) -> None:
    data = _load(tmp_path, "      exclude_user: Ann\n      exclude_user_mcu: Bob\n      exclude_users_xmen: Cy\n"
                           "      sync_to_users: all\n")
    assert data["Star Trek (Release Order)"]["exclude_users"] == "Ann"
    assert data["Marvel Cinematic Universe (Release Order)"]["exclude_users"] == "Bob"
    assert data["X-Men (Release Order)"]["exclude_users"] == "Cy"
    assert all(d["sync_to_users"] == "all" for d in data.values())


def test_sources_and_libraries(tmp_path: Path) -> None:
    data = _load(tmp_path, "      libraries: Movies\n      tmdb_movie_xmen: [1, 2]\n"
                           "      imdb_list_mcu: ls005526372\n      ignore_ids: [11]\n")
    xmen, mcu, trek = (data[f"{n} (Release Order)"] for n in ("X-Men", "Marvel Cinematic Universe", "Star Trek"))
    assert xmen["tmdb_movie"] == [1, 2] and xmen["libraries"] == "Movies"
    assert mcu["imdb_list"] == "ls005526372" and "tmdb_movie" not in mcu and "tmdb_show" not in mcu
    assert trek["tmdb_collection"] == [151, 115570, 115575] and trek["ignore_ids"] == [11]
    assert "exclude_users" not in trek


def test_our_ids_put_movies_and_episodes_on_one_release_timeline(tmp_path: Path) -> None:
    data = _load(tmp_path, "      trakt_list_mcu: https://trakt.tv/users/me/lists/timeline\n")
    assert data["Marvel Cinematic Universe (Release Order)"]["playlist_order"] == "custom"  # the list's own order
    assert data["Star Trek (Release Order)"]["playlist_order"] == "release"


def test_delete_playlist_of_one_key(tmp_path: Path) -> None:
    data = _load(tmp_path, "      delete_playlist_mcu: true\n")
    assert data["Marvel Cinematic Universe (Release Order)"]["delete_playlist"] is True
    assert "delete_playlist" not in data["Star Trek (Release Order)"] or \
        data["Star Trek (Release Order)"]["delete_playlist"] is not True
