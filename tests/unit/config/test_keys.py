"""config.yml as real users write it: blank values, old PMM forms, ignored keys (warnings), run selection."""

from __future__ import annotations

import pytest

from kometa.app.selection import check_selection
from kometa.config import load_config
from kometa.config.problems import Problems
from kometa.core.errors import ConfigError, UsageError
from kometa.core.options import Options

PLEX = "plex:\n  url: http://127.0.0.1:32400\n  token: abc\n"


def write(tmp_path, text, name="config.yml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def warnings_of(config):
    return [(w.line, w.message) for w in config.warnings]


def test_blank_verify_ssl_and_timeout_are_the_defaults(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nplex:\n  url: http://h:32400\n  token: t\n"
                                         "  timeout:\n  verify_ssl:\n  db_cache:\n"))
    assert config.plex is not None and config.plex.verify_ssl is True and config.plex.timeout == 60
    assert config.warnings == ()


def test_settings_verify_ssl_is_the_plex_default(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nsettings:\n  verify_ssl: false\n" + PLEX))
    assert config.plex is not None and config.plex.verify_ssl is False


def test_library_plex_takes_missing_keys_from_the_top_level(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\n    plex:\n      url: http://other:32400\n" + PLEX))
    plex = config.libraries["Movies"].plex
    assert plex is not None and plex.url == "http://other:32400" and plex.token == "abc"


def test_metadata_path_is_collection_and_metadata_files(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\n    metadata_path:\n      - file: M.yml\n"
                                         "    overlay_path:\n      - remove_overlays: false\n      - file: O.yml\n"
                               + PLEX))
    library = config.libraries["Movies"]
    assert [r.location for r in library.collection_files] == ["M.yml"]
    assert [r.location for r in library.metadata_files] == ["M.yml"]
    assert [r.location for r in library.overlay_files] == ["O.yml"]
    assert library.overlay_flags == {"remove_overlays": False}
    lines = [line for line, _ in warnings_of(config)]
    assert lines == [3, 5, 6]


def test_ignored_library_keys_warn_with_suggestion(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\n    colection_files: []\n"
                                         "    library_type: movie\n" + PLEX))
    assert warnings_of(config) == [
        (3, "unknown key 'colection_files' in library 'Movies' (ignored) (did you mean 'collection_files'?)"),
        (4, "'library_type' in library 'Movies' is an old form Kometa ignores: Kometa reads the library type "
            "from Plex")]


def test_unknown_section_warns(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nlibrarys: {}\n" + PLEX))
    assert warnings_of(config) == [(3, "unknown section 'librarys' (ignored) (did you mean 'libraries'?)")]


def test_old_settings_names_are_read(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nsettings:\n  collection_minimum: 3\n" + PLEX))
    assert config.settings["minimum_items"] == 3


def test_settings_errors_point_at_config_yml(tmp_path):
    path = write(tmp_path, "libraries:\n  Movies:\n    settings:\n      sync_mode: mirror\n" + PLEX)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.file == str(path) and info.value.line == 4
    assert "sync_mode must be one of append, sync" in info.value.message


def test_collecting_problems_reports_every_library(tmp_path):
    problems = Problems(collect=True)
    load_config(write(tmp_path, "libraries:\n  A:\n    settings: 3\n  B:\n    library_name: [x]\n  C:\n" + PLEX),
                problems=problems)
    assert [e.line for e in problems.errors] == [3, 5]


@pytest.mark.parametrize(("url", "fragment"), [
    ("http://h:99999", "port 99999 is not a port"),
    ("'http://'", "has no host"),
    ("ftp://h", "must start with http"),
])
def test_bad_plex_urls(tmp_path, url, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load_config(write(tmp_path, f"libraries:\n  Movies:\nplex:\n  url: {url}\n  token: t\n"))


def test_run_selection_names_nothing(tmp_path):
    (tmp_path / "M.yml").write_text("collections:\n  Action:\n    plex_all: true\n")
    path = write(tmp_path, "libraries:\n  Movies:\n    collection_files:\n      - file: M.yml\n" + PLEX)
    config = load_config(path)
    with pytest.raises(UsageError, match=r"--run-libraries: no library 'Film' .*\(libraries: Movies\)"):
        check_selection(config, Options(path, run_libraries="Film"))
    with pytest.raises(UsageError, match=r"--run-collections: no collection 'Drama' .*\(collections: Action\)"):
        check_selection(config, Options(path, run_collections="Drama|Action"))
    with pytest.raises(UsageError, match=r"--resume: no collection 'Dram'"):
        check_selection(config, Options(path, resume="Dram"))
    check_selection(config, Options(path, run_collections="Action", run_libraries="Movies"))


def test_settings_hub_priority_is_a_located_warning_saying_where_it_belongs(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nsettings:\n  hub_priority: 3\n" + PLEX))
    assert warnings_of(config) == [(4, "top-level settings: hub_priority is ignored here: Kometa reads hub_priority "
                                       "on a collection (or as a template variable of a default file), not under "
                                       "settings: (its schema lists it here; its code does not read it)")]
    assert "hub_priority" not in config.settings
    blank = load_config(write(tmp_path, "libraries:\n  Movies:\nsettings:\n  hub_priority:\n" + PLEX))
    assert blank.warnings == ()


def test_the_anidb_section_is_read_without_a_not_used_warning(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nanidb:\n  language: en\n" + PLEX))
    assert config.warnings == ()
    simkl = load_config(write(tmp_path, "libraries:\n  Movies:\nsimkl:\n  client_id: abc\n" + PLEX))
    assert warnings_of(simkl) == [(3, "section simkl is read but not used by this version")]


def test_settings_assets_for_all_says_it_is_an_operation(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\nsettings:\n  assets_for_all: true\n" + PLEX))
    assert warnings_of(config) == [(4, "top-level settings: assets_for_all is ignored here: it is a library "
                                       "operation: write assets_for_all: true under the library's operations: "
                                       "(Kometa reads it under settings: and does nothing with it)")]


def test_git_pmm_entries_are_the_old_form_of_default(tmp_path):
    config = load_config(write(tmp_path, "libraries:\n  Movies:\n    collection_files:\n      - git: PMM/imdb\n"
                                         "      - git: someone/their-file\n" + PLEX))
    refs = config.libraries["Movies"].collection_files
    assert [(r.kind, r.location) for r in refs] == [("default", "imdb"), ("git", "someone/their-file")]
    assert warnings_of(config) == [(4, "git: PMM/imdb is the old form of default: imdb; it is read as that")]
