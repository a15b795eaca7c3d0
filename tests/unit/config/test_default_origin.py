"""A mistake met inside one of our default files is said at the user's config (config/default_origin.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kometa
from kometa.config.default_origin import carrier, ours, relocate, relocate_error, relocate_text
from kometa.config.definitions import load_definitions
from kometa.config.files import Document
from kometa.config.loader import load_config
from kometa.config.model import FileRef
from kometa.config.yaml_io import parse_yaml
from kometa.core.errors import ConfigError

OURS = str(Path(kometa.__file__).resolve().parent / "defaults" / "collections" / "streaming.movie.yml")
REF = FileRef("default", "streaming", template_variables={"limit": "abc", "sort_by": "title.asc", "use_x": True},
              file="/home/me/config.yml", line=12, section="collection_files",
              variable_lines={"limit": 14, "sort_by": 15, "use_x": 16})


def test_our_files_are_told_from_the_users() -> None:
    assert ours(OURS)
    assert not ours("/home/me/config.yml") and not ours(None)
    assert not ours(str(Path(kometa.__file__).resolve().parent / "defaultsX" / "a.yml"))


def test_the_variable_whose_value_the_message_quotes_carried_it() -> None:
    file, line, message = relocate(REF, OURS, 114, "tmdb_discover attribute 'limit' must be a whole number, got 'abc'")
    assert (file, line) == ("/home/me/config.yml", 14)
    assert "template variable 'limit'" in message and "default: streaming" in message
    assert message.endswith("defaults/collections/streaming.movie.yml:114)")
    assert carrier(REF, "unknown sort 'title.asc'") == "sort_by"
    assert carrier(REF, "got abc unquoted") is None
    added = FileRef("default", "ratings", template_variables={"font": "/nope.ttf", "queue_font": "/ours.ttf"},
                    file="/home/me/config.yml", line=3, variable_lines={"font": 5})
    assert carrier(added, "font file '/ours.ttf' not found") is None  # not a value the user wrote
    assert carrier(added, "font file '/nope.ttf' not found") == "font"
    unread = FileRef("default", "ratings", template_variables={"font": "/nope.ttf"}, file="/home/me/config.yml", line=3)
    assert relocate(unread, OURS, 9, "font file '/nope.ttf' not found")[:2] == ("/home/me/config.yml", 3)


def test_without_a_quoted_value_the_default_entry_is_the_place() -> None:
    file, line, message = relocate(REF, OURS, 7, "something is wrong")
    assert (file, line) == ("/home/me/config.yml", 12)
    assert message.startswith("something is wrong (in default: streaming, at defaults/collections/streaming.movie.yml:7")


def test_the_users_own_files_and_locations_are_kept() -> None:
    assert relocate(REF, "/home/me/config.yml", 3, "bad 'abc'") == ("/home/me/config.yml", 3, "bad 'abc'")
    as_file = FileRef("file", "mine.yml", template_variables={"limit": "abc"}, file="/home/me/config.yml", line=2)
    assert relocate(as_file, OURS, 114, "got 'abc'") == (OURS, 114, "got 'abc'")
    assert relocate(None, OURS, 114, "got 'abc'") == (OURS, 114, "got 'abc'")
    error = ConfigError("got 'zzz'", file="/home/me/other.yml", line=4)
    assert relocate_error(REF, error) is error


def test_an_engine_line_is_said_at_the_user_s_variable() -> None:
    assert relocate_text(REF, f"{OURS}:114: limit got 'abc'").startswith("/home/me/config.yml:14: limit got 'abc' (")
    assert relocate_text(REF, "no location here") == "no location here"


def test_the_variable_lines_are_read_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"
    path.write_text("plex: {url: http://x, token: t}\nlibraries:\n  Movies:\n    collection_files:\n"
                    "    - default: streaming\n      template_variables:\n        limit: abc\n"
                    "        sort_by: title.asc\n", encoding="utf-8")
    ref = load_config(path).libraries["Movies"].collection_files[0]
    assert ref.variable_lines == {"limit": 7, "sort_by": 8}


@pytest.mark.parametrize("strict", [True, False])
def test_an_expansion_error_in_a_default_is_said_at_the_entry(tmp_path: Path, strict: bool) -> None:
    path = tmp_path / "config.yml"
    path.write_text("plex: {url: http://x, token: t}\nlibraries:\n  Movies:\n    collection_files:\n"
                    "    - default: streaming\n", encoding="utf-8")
    config = load_config(path)
    library = config.libraries["Movies"]
    data = parse_yaml("templates:\n  t:\n    plex_search: {all: {title: <<missing>>}}\ncollections:\n"
                      "  One:\n    template: {name: t}\n", OURS)
    document = Document(library.collection_files[0], OURS, data)
    errors: list[ConfigError] = []
    if strict:
        with pytest.raises(ConfigError) as raised:
            load_definitions(config, library, documents=[document], library_type="movie")
        errors.append(raised.value)
    else:
        load_definitions(config, library, documents=[document], library_type="movie", errors=errors)
    assert errors and all((e.file, e.line) == (str(path), 5) and "in default: streaming" in e.message for e in errors)


def test_validate_says_a_playlist_defaults_attribute_at_the_entry(tmp_path: Path) -> None:
    from kometa.app.validate import _check_playlist_libraries
    from kometa.config.problems import Problems

    path = tmp_path / "config.yml"
    path.write_text("plex: {url: http://x, token: t}\nlibraries:\n  Movies: {}\nplaylist_files:\n"
                    "- default: playlist\n  template_variables:\n    mode: hide\n", encoding="utf-8")
    config = load_config(path)
    playlists = str(Path(kometa.__file__).resolve().parent / "defaults" / "playlists" / "playlist.yml")
    data = parse_yaml("playlists:\n  One:\n    libraries: Movies\n    plex_search: {all: {title: x}}\n"
                      "    collection_mode: hide\n", playlists)
    found = load_definitions(config, None, documents=[Document(config.playlist_files[0], playlists, data)])
    problems = Problems(collect=True)
    _check_playlist_libraries(found, config, problems)
    assert [(e.file, e.line) for e in problems.errors] == [(str(path), 5)], problems.errors
    assert "collection_mode is a collection setting" in problems.errors[0].message
