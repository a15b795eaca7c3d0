"""image_files with git_style: the style read from a GitHub repository (metasim's stand-in), as
Kometa reads one: item folders, season folders, episode files, .url / .tpdb files, collections."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import pytest
from process_helpers import rows

from metasim.server import MetaSim


@pytest.fixture
def meta(monkeypatch: pytest.MonkeyPatch) -> Iterator[MetaSim]:
    with MetaSim(seed=1, movies=5, shows=1) as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        yield server


def _guid(item, scheme):
    return next(g.id.split("://", 1)[1] for g in item.guids if g.id.startswith(f"{scheme}://"))


def _selected(item, kind="posters"):
    images = item.posters() if kind == "posters" else item.arts()
    return next((i.ratingKey for i in images if i.selected), None)


def _config(runner, image_set: str, variables: str = "        template_variables:\n          use_all: true\n") -> None:
    (runner.folder / "Set.yml").write_text(textwrap.dedent(image_set), encoding="utf-8")
    runner.write("collections: {}\n", extra_libraries=f"  TV Shows:\n    image_files:\n      - file: Set.yml\n"
                                                       f"{variables}")


def test_git_style_show_seasons_episodes_url_and_tpdb(runner, sim, meta):
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    season = show.seasons()[0]
    episode = season.episodes()[0]
    s, e = season.index, episode.index
    folder = f"sets/{show.title}"
    meta.put_repo("artist/posters", {
        f"{folder}/poster.jpg": b"\xff\xd8show",
        f"{folder}/background.tpdb": "4242\n",
        f"{folder}/Season {s}/poster.png": b"\x89PNGseason",
        f"{folder}/Season {s}/S{s:02d}E{e:02d}.url": "https://images.example/card.jpg",
        "sets/Unrelated Show/poster.jpg": b"x",
    })
    _config(runner, f"""
        sections:
          drama:
            builders: {{tvdb_show: 1}}
            styles:
              artist: {{git_style: artist/posters, git_subfolder: sets}}
            shows:
              "{show.title}": {_guid(show, "tvdb")}
              Not There: 1
    """)
    report = runner.run()
    row = rows(report, "TV Shows")["images: Set"]
    assert row.status == "Changed" and row.error is None, row
    raw = f"{meta.url}/github-raw/artist/posters/master/sets/{show.title.replace(' ', '%20')}"
    assert _selected(shows.fetchItem(show.ratingKey)) == f"{raw}/poster.jpg"
    assert _selected(shows.fetchItem(show.ratingKey), "arts") == f"{meta.url}/tpdb/api/assets/4242"
    assert _selected(shows.fetchItem(season.ratingKey)) == f"{raw}/Season%20{s}/poster.png"
    assert _selected(shows.fetchItem(episode.ratingKey)) == "https://images.example/card.jpg"
    sim.reset_stats()
    meta.reset_stats()
    report = runner.run()
    assert rows(report, "TV Shows")["images: Set"].status == "Unchanged"
    assert runner.writes() == 0  # the repository is read again, nothing is uploaded
    # only the commit list is asked again: trees and blobs are named by their content
    assert meta.stats()["by_service"] == {"github": 1}, meta.stats()["by_service"]


def test_git_style_errors_are_located(runner, sim, meta):
    meta.put_repo("artist/posters", {"other/x.jpg": b"x"})
    _config(runner, """
        sections:
          drama:
            builders: {tvdb_show: 1}
            styles:
              artist: {git_style: artist/posters, git_subfolder: sets}
            shows:
              Some Show: 1
    """)
    row = rows(runner.run(), "TV Shows")["images: Set"]
    assert row.status == "Failed"
    assert row.error == f"{runner.folder / 'Set.yml'}:6: git_style artist/posters: no folder sets at " \
        "https://github.com/artist/posters/tree/master/sets/", row
    _config(runner, """
        sections:
          drama:
            builders: {tvdb_show: 1}
            styles:
              artist: {git_style: nobody/nothing}
            shows:
              Some Show: 1
    """)
    row = rows(runner.run(), "TV Shows")["images: Set"]
    assert row.error.startswith(f"{runner.folder / 'Set.yml'}:6: git_style nobody/nothing: repository "
                                "nobody/nothing was not found on GitHub"), row


def test_github_token_is_sent(runner, sim, meta):
    meta.put_repo("artist/posters", {"Some Show/poster.jpg": b"x"})
    _config(runner, """
        sections:
          drama:
            builders: {tvdb_show: 1}
            styles:
              artist: {git_style: artist/posters}
            shows:
              Some Show: 1
    """)
    config = runner.folder / "config.yml"
    text = config.read_text()
    config.write_text(text + "github:\n  token: wrong-token\n")
    row = rows(runner.run(), "TV Shows")["images: Set"]
    assert row.status == "Failed" and "artist/posters" in (row.error or "") and "401" in (row.error or ""), row
    config.write_text(text + "github:\n  token: metasim-github\n")
    report = runner.run()
    assert rows(report, "TV Shows")["images: Set"].error is None
    from kometa.config import load_config

    assert not [w for w in load_config(config).warnings if "github" in str(w)]  # the section is used now


def test_url_image_set_with_styles_beside_it_and_git_collections(runner, sim, meta):
    movies = runner.plex().library.section("Movies")
    a = movies.all()[0]
    tmdb = _guid(a, "tmdb")
    meta.put_repo("me/sets", {
        "bluesky/set.yml": f'sections:\n  iceage:\n    builders: {{tmdb_collection: 1}}\n    styles:\n      neon:\n'
                           f'    collections:\n      Ice Age Collection: [Ice Age Films]\n'
                           f'    movies:\n      "{a.title}": {tmdb}\n',
        "bluesky/styles/iceage/neon.yml": f'movies:\n  "{a.title}": {{url_poster: "https://images.example/n.jpg"}}\n',
    })
    meta.put_repo("artist/posters", {f"{a.title}/poster.jpg": b"p", "collections/Ice Age Collection/poster.url":
                                     "https://images.example/col.jpg"})
    genre = a.genres[0].tag
    collections = f"collections:\n  Ice Age Films:\n    plex_search:\n      all:\n        genre: {genre}\n"
    entry = f"    image_files:\n      - url: {meta.url}/github-raw/me/sets/master/bluesky/set.yml\n" \
            f"        template_variables:\n          use_iceage: true\n"
    runner.write(collections, library_extra=entry)
    report = runner.run()
    row = rows(report)["images: set"]
    assert row.status == "Changed" and row.error is None, row
    assert _selected(movies.fetchItem(a.ratingKey)) == "https://images.example/n.jpg"  # styles/iceage/neon.yml
    config = runner.folder / "config.yml"
    config.write_text(config.read_text() + "        style_file_iceage: {git_style: artist/posters}\n"
                      .replace("        style", "          style"))
    report = runner.run()
    assert rows(report)["images: set"].error is None, rows(report)["images: set"]
    assert str(_selected(movies.fetchItem(a.ratingKey))).endswith("/github-raw/artist/posters/master/"
                                                                   f"{a.title.replace(' ', '%20')}/poster.jpg")
    made = next(c for c in movies.collections() if c.title == "Ice Age Films")
    assert _selected(made) == "https://images.example/col.jpg"
