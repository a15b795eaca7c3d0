"""``--validate`` judges online builders with the run's own sources, asking nothing
(app/validate_sources.py): a builder whose service section is absent is a located error, and a
value the run's source refuses is refused, at its line."""

from __future__ import annotations

import pytest

from kometa.app.validate import validate
from kometa.core.options import Options

PLEX = "plex:\n  url: http://localhost:32400\n  token: abc\n"
SECTIONS = ("tmdb:\n  apikey: 0123456789abcdef0123456789abcdef\ntrakt:\n  client_id: abc\n  client_secret: def\n"
            "mdblist:\n  apikey: abc\nradarr:\n  url: http://localhost:7878\n  token: abc\n"
            "tautulli:\n  url: http://localhost:8181\n  apikey: abc\n")
LIBRARY = "libraries:\n  Movies:\n    collection_files:\n    - file: c.yml\n"


def _validate(tmp_path, capsys, config: str, collections: str) -> tuple[int, str]:
    (tmp_path / "c.yml").write_text("collections:\n" + collections)
    path = tmp_path / "config.yml"
    path.write_text(config)
    lines: list[str] = []
    code = validate(Options(config=path, validate=True), out=lines.append, err=lines.append)
    return code, "\n".join(lines)


@pytest.mark.parametrize(("builder", "value", "section"), [
    ("tmdb_discover", "{sort_by: popularity.desc}", "tmdb"), ("tmdb_collection_details", "10", "tmdb"),
    ("trakt_trending", "10", "trakt"), ("mdblist_list", "https://mdblist.com/lists/u/l", "mdblist"),
    ("radarr_taglist", "x", "radarr"), ("tautulli_popular", "{list_days: 30}", "tautulli")])
def test_builder_without_its_section_is_a_located_error(tmp_path, capsys, builder, value, section):
    code, err = _validate(tmp_path, capsys, PLEX + LIBRARY, f"  A:\n    plex_all: true\n    {builder}: {value}\n")
    assert code == 2 and f"c.yml:4: {builder} needs a {section}: section" in err, err


def test_builders_with_their_sections_and_good_values_pass(tmp_path, capsys):
    code, err = _validate(tmp_path, capsys, PLEX + SECTIONS + LIBRARY,
                          "  A:\n    tmdb_discover: {sort_by: popularity.desc, with_genres: 28}\n"
                          "  B:\n    tmdb_popular: 10\n  C:\n    trakt_trending: 10\n"
                          "  D:\n    radarr_taglist: x\n  E:\n    tautulli_popular: {list_days: 30}\n"
                          "  F:\n    imdb_chart: [top_movies, popular_movies]\n"
                          "  G:\n    mdblist_list: https://mdblist.com/lists/u/l\n")
    assert code == 0, err


def test_library_level_radarr_is_a_section(tmp_path, capsys):
    config = PLEX + "libraries:\n  Movies:\n    radarr:\n      url: http://localhost:7878\n      token: abc\n" \
                    "    collection_files:\n    - file: c.yml\n"
    code, err = _validate(tmp_path, capsys, config, "  A:\n    radarr_taglist: x\n")
    assert "needs a radarr: section" not in err, err


def test_values_the_run_refuses_are_refused_at_their_line(tmp_path, capsys):
    code, err = _validate(tmp_path, capsys, PLEX + SECTIONS + LIBRARY,
                          "  A:\n    tmdb_discover: 5\n  B:\n    imdb_list: 5\n  C:\n    tmdb_movie: [abc]\n"
                          "  D:\n    trakt_list: {a: 1}\n  E:\n    tmdb_discover: {nonsense_key: 1}\n"
                          "  F:\n    imdb_chart: [top_movies, nonsense]\n  G:\n    trakt_chart: {chart: nonsense}\n")
    assert code == 2
    for line, text in ((3, "tmdb_discover takes a mapping"), (5, "imdb_list: '5' is not an IMDb list"),
                       (7, "tmdb_movie: 'abc' is not a TMDb id"), (9, "trakt_list:"),
                       (11, "tmdb_discover attribute 'nonsense_key' is not supported"),
                       (13, "imdb_chart: 'nonsense' is not an IMDb chart"), (15, "trakt_chart: chart must be")):
        assert f"c.yml:{line}: {text}" in err, (line, err)
