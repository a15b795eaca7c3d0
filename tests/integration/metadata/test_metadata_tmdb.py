"""tmdb_movie / tmdb_show in metadata entries, against plexsim + metasim sharing one world."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from process_helpers import Runner, rows

from metasim.testing import TMDB_KEY, Paired, tmdb_json, tmdb_pair


@pytest.fixture
def pair(monkeypatch) -> Iterator[Paired]:
    with tmdb_pair(monkeypatch, movies=12, shows=2) as paired:
        yield paired


def _setup(runner: Runner, metadata: str, *, tmdb: bool = True) -> None:
    (runner.folder / "Meta.yml").write_text(textwrap.dedent(metadata), encoding="utf-8")
    runner.write("collections: {}\n", library_extra="    metadata_files:\n      - file: Meta.yml\n",
                 extra_libraries=f"tmdb:\n  apikey: {TMDB_KEY}\n" if tmdb else "")


def _tmdb_id(movie) -> int:
    return int(next(g.id.split("://", 1)[1] for g in movie.guids if g.id.startswith("tmdb://")))


def test_tmdb_movie_fills_the_fields_and_wins_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    section = runner.plex().library.section("Movies")
    movie, source = [m for m in section.all() if any(g.id.startswith("tmdb://") for g in m.guids)][:2]
    details = tmdb_json(pair, f"/movie/{_tmdb_id(source)}")
    _setup(runner, f"""
        metadata:
          "{movie.title}":
            match: {{year: {movie.year}}}
            tmdb_movie: {_tmdb_id(source)}
            summary: TMDb's overview wins over this
            genre: [Mine]
    """)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.error is None and row.status == "Changed", row
    after = section.fetchItem(movie.ratingKey)
    assert after.summary == details["overview"]
    assert str(after.originallyAvailableAt.date()) == details["release_date"]
    if details.get("vote_average"):
        assert after.rating == round(details["vote_average"], 1)
    if details.get("production_companies"):
        assert after.studio == details["production_companies"][0]["name"]
    assert {"Mine", *(g["name"] for g in details["genres"])} <= {g.tag for g in after.genres}
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    report = runner.run()
    assert rows(report)["metadata: Meta"].status == "Unchanged"
    assert runner.writes() == 0
    assert pair.meta.stats()["requests"] == 0  # the details came from the cache


def test_tmdb_show_and_mistakes_are_located(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    show_id = int(next(g.id.split("://", 1)[1] for g in show.guids if g.id.startswith("tmdb://")))
    details = tmdb_json(pair, f"/tv/{show_id}")
    movies = runner.plex().library.section("Movies").all()
    (runner.folder / "Shows.yml").write_text(textwrap.dedent(f"""
        metadata:
          "{show.title}":
            tmdb_show: {show_id}
    """), encoding="utf-8")
    _setup(runner, f"""
        metadata:
          "{movies[0].title}":
            match: {{year: {movies[0].year}}}
            tmdb_movie: 1
            tmdb_show: 2
          "{movies[1].title}":
            match: {{year: {movies[1].year}}}
            tmdb_movie: none
    """)
    config = (runner.folder / "config.yml").read_text()
    config = config.replace("tmdb:\n", "  TV Shows:\n    metadata_files:\n      - file: Shows.yml\ntmdb:\n")
    (runner.folder / "config.yml").write_text(config)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert "tmdb_movie and tmdb_show cannot be used together" in (row.error or ""), row
    assert "(and 1 more)" in (row.error or "")
    assert row.error.split(":")[0].endswith("Meta.yml") and row.error.split(":")[1].isdigit()
    assert shows.fetchItem(show.ratingKey).summary == details["overview"]


def test_tmdb_movie_without_the_tmdb_section(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    movie = runner.plex().library.section("Movies").all()[0]
    _setup(runner, f"""
        metadata:
          "{movie.title}":
            match: {{year: {movie.year}}}
            tmdb_movie: 603
    """, tmdb=False)
    report = runner.run()
    row = rows(report)["metadata: Meta"]
    assert row.error is not None and "the 'tmdb:' section is missing" in row.error, row
    assert row.error.split(":")[0].endswith("Meta.yml") and row.error.split(":")[1].isdigit(), row
