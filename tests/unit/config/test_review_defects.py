"""Defects found by the review of issues 14 and 15 (each test fails on main as reviewed).

They are marked ``xfail(strict=True)``: the suite stays green, and the fix of a defect turns its
test into an unexpected pass, which fails until the marker is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_cli_helpers import PLEX, TMDB, clean_env, validate  # noqa: F401 (clean_env: autouse)

from kometa.cli import main


def test_show_only_overlay_defaults_validate_without_a_server(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  TV Shows:\n    overlay_files:\n"
                          "    - default: status\n    - default: network\n    - default: episode_info\n")
    assert "is a movie library" not in err
    assert code == 0, err


def test_builtin_library_type_variable_validates_without_a_server(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - file: c.yml\n",
                          **{"c.yml": "templates:\n  T:\n    summary: All <<library_type>>s\n"
                                      "collections:\n  A:\n    template: {name: T}\n    plex_all: true\n"})
    assert code == 0, err


def test_year_default_accepts_data(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - default: year\n      template_variables:\n        data:\n"
                          "          starting: 1980\n          ending: current_year\n")
    assert code == 0, err


def test_collection_defaults_accept_ignore_ids(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + TMDB + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - default: genre\n      template_variables:\n        ignore_ids: 603\n"
                          "        ignore_imdb_ids: tt0133093\n")
    assert code == 0, err


def test_ratings_overlay_accepts_rating1_font(tmp_path, capsys):
    fonts = sorted(Path("/usr/share/fonts").rglob("*.ttf")) if Path("/usr/share/fonts").is_dir() else []
    if not fonts:
        pytest.skip("no TrueType font on this machine to point rating1_font at")
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    overlay_files:\n"
                          "    - default: ratings\n      template_variables:\n        rating1: critic\n"
                          f"        rating1_image: imdb\n        rating1_font: {fonts[0]}\n"
                          "        rating1_font_style: Bold\n        rating1_stroke_color: '#000000'\n"
                          "        rating1_stroke_width: 2\n")
    assert "no template variable" not in err
    assert code == 0, err


def test_misspelt_service_key_warns(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + TMDB + "  langauge: en\nlibraries:\n  Movies:\n"
                          "    collection_files:\n    - default: basic\n")
    assert "langauge" in err and "config.yml:6" in err


def test_builder_without_its_service_section_is_an_error(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - file: c.yml\n",
                          **{"c.yml": "collections:\n  A:\n    tmdb_discover: {sort_by: popularity.desc}\n"})
    assert code == 2 and "c.yml:" in err and "tmdb" in err, err


def test_every_problem_of_one_definition_is_reported(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - file: c.yml\n",
                          **{"c.yml": "collections:\n  A:\n    plex_all: true\n    collection_mode: nonsense\n"
                                      "    minimum_items: lots\n"})
    assert code == 2
    assert "c.yml:4" in err and "c.yml:5" in err, err


def test_kometa_dynamic_type_not_built_says_not_done(tmp_path, capsys):
    (tmp_path / "c.yml").write_text("dynamic_collections:\n  People:\n    type: tmdb_popular_people\n")
    (tmp_path / "config.yml").write_text(PLEX + "libraries:\n  Movies:\n    collection_files:\n    - file: c.yml\n")
    code = main(["--validate", "--config", str(tmp_path / "config.yml")])
    said = capsys.readouterr()  # not-done lines are listed on stdout, after "valid"
    assert code == 1 and "c.yml:2:" in said.out and "not done by this version" in said.out, said


def test_bad_library_schedule_is_an_error(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    schedule: weekly(abc)\n"
                          "    collection_files:\n    - default: basic\n")
    assert code == 2 and "config.yml:6" in err and "schedule" in err, err


def test_daily_with_a_tail_is_read_as_daily_with_a_located_warning(tmp_path, capsys):
    """Kometa reads any item starting with ``daily`` as daily (modules/util.py schedule_check), so
    ``daily(abc)`` runs daily there: a warning at its line, not an error."""
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    schedule: daily(abc)\n"
                          "    collection_files:\n    - default: basic\n")
    assert code == 0, err
    assert "warning: " in err and "config.yml:6" in err and "read as daily" in err, err


def test_default_with_kometa_folder_prefix(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - git: PMM/chart/imdb\n    - default: award/oscars\n    overlay_files:\n"
                          "    - default: overlays/ribbon\n")
    assert "there is no default" not in err, err


def test_playlist_libraries_checked_by_validate(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "playlist_files:\n- file: p.yml\nlibraries:\n  Films:\n"
                          "    collection_files:\n    - default: basic\n",
                          **{"p.yml": "playlists:\n  P1:\n    libraries: Films, Nope\n    plex_all: true\n"
                                      "  P2:\n    plex_all: true\n"})
    assert code == 2 and "Nope" in err and "p.yml:5" in err, err


def test_metadata_values_checked_by_validate(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    metadata_files:\n"
                          "    - file: m.yml\n",
                          **{"m.yml": "metadata:\n  The Matrix:\n    critic_rating: lots\n"
                                      "    originally_available: notadate\n"})
    assert code == 2 and "m.yml:3" in err and "m.yml:4" in err, err


def test_default_playlist_libraries_located_at_the_users_entry(tmp_path, capsys):
    """The playlist default's libraries (Movies, TV Shows unless template_variables says) must be
    config libraries: one error at the user's `- default: playlist` line, not nine at our template."""
    config = PLEX + "playlist_files:\n- default: playlist\nlibraries:\n  Films:\n    collection_files:\n" \
                    "    - default: basic\n" + TMDB  # the default's tmdb_movie/tmdb_show need tmdb:
    code, err = validate(tmp_path, capsys, config)
    assert code == 2 and err.count("error:") == 1, err
    assert "config.yml:5: default 'playlist'" in err and "'Movies', 'TV Shows' are not in" in err, err
    code, err = validate(tmp_path, capsys, config.replace(
        "- default: playlist\n", "- default: playlist\n  template_variables: {libraries: Films}\n"))
    assert code == 0, err


def test_playlist_builder_only_for_collections_checked_by_validate(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, PLEX + "playlist_files:\n- file: p.yml\nlibraries:\n  Films:\n"
                          "    collection_files:\n    - default: basic\n",
                          **{"p.yml": "playlists:\n  P1:\n    libraries: Films\n    plex_all: true\n"})
    assert code == 2 and "p.yml:4: plex_all cannot build a playlist" in err, err


def test_dynamic_set_with_an_unknown_template_is_an_error_offline(tmp_path, capsys):
    """review 17: without a server nothing is generated, so the set's template names are checked
    themselves."""
    code, err = validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                          "    - file: c.yml\n",
                          **{"c.yml": "templates:\n  Gen:\n    plex_search: {any: {genre: <<value>>}}\n"
                                      "dynamic_collections:\n  G:\n    type: genre\n    template: Gne\n"
                                      "  H:\n    type: genre\n    template: Gen\n"})
    assert code == 2 and err.count("error:") == 1, err
    assert "c.yml:7: dynamic_collections 'G': unknown template 'Gne' in template (did you mean 'Gen'?)" in err, err


def test_bad_default_collection_order_located_at_the_settings_line(tmp_path, capsys):
    """review 15: reported once, at config.yml's settings line, not at a line of our basic.yml."""
    code, err = validate(tmp_path, capsys, PLEX + "settings:\n  default_collection_order: nonsense\n"
                          "libraries:\n  Movies:\n    collection_files:\n    - default: basic\n"
                          "  Films:\n    collection_files:\n    - default: basic\n")
    assert code == 2 and err.count("error:") == 1, err
    assert "config.yml:5: default_collection_order: unknown sort 'nonsense'" in err and "basic.yml" not in err, err


def test_unset_secret_that_is_the_whole_value_is_blank_with_a_warning(tmp_path, capsys):
    """review 18: Kometa's config.py reads a value that is only an unknown <<secret>> as blank."""
    code, err = validate(tmp_path, capsys, PLEX + "omdb:\n  apikey: <<omdbkey>>\nlibraries:\n  Movies:\n"
                          "    collection_files:\n    - default: basic\n")
    assert code == 0, err
    assert "config.yml:5: secret <<omdbkey>> is not set, so this value is read as blank" in err, err
    assert "KOMETA_OMDBKEY" in err
    code, err = validate(tmp_path, capsys, PLEX + "omdb:\n  apikey: key-<<omdbkey>>\nlibraries:\n  Movies:\n"
                          "    collection_files:\n    - default: basic\n")
    assert code == 2 and "config.yml:5: secret <<omdbkey>> is not set" in err, err  # inside a longer value


def test_unset_secret_as_the_plex_token_is_a_missing_token(tmp_path, capsys):
    code, err = validate(tmp_path, capsys, "plex:\n  url: http://localhost:32400\n  token: <<plex_token>>\n"
                          "libraries:\n  Movies:\n    collection_files:\n    - default: basic\n")
    assert code == 2 and "plex token is missing" in err and "secret <<plex_token>> is not set" in err, err
