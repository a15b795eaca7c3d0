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
    report = runner.run()
    assert rows(report, "TV Shows")["images: Set"].status == "Unchanged"
    assert runner.writes() == 0  # the repository is read again, nothing is uploaded


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
