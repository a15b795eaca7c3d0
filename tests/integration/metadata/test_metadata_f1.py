"""f1_season in metadata files: Ergast's races (metasim) named onto a show's seasons and episodes in
plexsim, through real HTTP; second run writes nothing and asks Ergast nothing; mistakes located."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from process_helpers import TOKEN, Runner, rows

from kometa.metadata.f1 import DUTCH_PLACES
from metasim.server import MetaSim
from plexsim.server import PlexSim

#: the sessions of a normal weekend and of a sprint weekend, as the Formula 1 guide names the files
NORMAL = [("Free Practice 1", 2), ("Free Practice 2", 2), ("Free Practice 3", 1), ("Pre-Qualifying Buildup", 1),
          ("Qualifying Session", 1), ("Pre-Race Buildup", 0), ("Race Session", 0), ("Post-Race Analysis", 0),
          ("Highlights", 0)]
NORMAL_TITLES = ["Free Practice 1", "Free Practice 2", "Free Practice 3", "Pre-Qualifying Build-up", "Qualifying",
                 "Pre-Race Buildup", "Race", "Post-Race Analysis", "Highlights"]
SPRINT = [("Free Practice 1", 2), ("Qualifying Session", 2), ("Free Practice 2", 1), ("Sprint Race Session", 1),
          ("Ted's Sprint Notebook", 1), ("Race Session", 0)]
SPRINT_TITLES = ["Free Practice 1", "Qualifying", "Free Practice 2", "Sprint Race Session", "Ted's Sprint Notebook",
                 "Race"]


@pytest.fixture
def sims(monkeypatch) -> Iterator[tuple[PlexSim, MetaSim]]:
    with PlexSim(movies=4, shows=2, seed=1, token=TOKEN) as plex, MetaSim(seed=1, movies=4, shows=2) as meta:
        monkeypatch.setenv("KOMETA_ERGAST_URL", f"{meta.url}/ergast")
        yield plex, meta


def _races(meta: MetaSim, season: int) -> dict[int, dict]:
    answer = requests.get(f"{meta.url}/ergast/f1/{season}.json", timeout=10).json()
    return {int(r["round"]): r for r in answer["MRData"]["RaceTable"]["Races"]}


def _f1_show(plex: PlexSim, title: str, weekends: list[list[tuple[str, int]]], extra_season: int | None = None,
             which: int = 0):
    """Make one of the library's shows an F1 season: its seasons 1.. get the files of ``weekends``."""
    store = plex.store
    show = sorted(store.section_items(2, "show"), key=lambda s: s.rk)[which]
    show.attrs["title"] = title
    show.attrs.pop("titleSort", None)
    show.extra["location"] = f"/data/Formula/{title}"  # the show's folder, as Plex lists it
    store.save(show)
    seasons = sorted(store.kids(show.rk), key=lambda s: s.index)
    for number, (season, weekend) in enumerate(zip(seasons, weekends, strict=False), 1):
        episodes = sorted(store.kids(season.rk), key=lambda e: e.index)
        for index, (episode, (name, _back)) in enumerate(zip(episodes, weekend, strict=False), 1):
            episode.media[0]["parts"][0]["file"] = (f"/data/Formula/{title}/{number:02d} - Race/"
                                                    f"{number:02d}x{index:02d} - Race - {name}.mkv")
            store.save(episode)
    if extra_season is not None:  # a season Ergast has no round for
        seasons[-1].index = extra_season
        store.save(seasons[-1])
    return show.rk


def _setup(runner: Runner, metadata: str, *, movies_metadata: str | None = None) -> None:
    (runner.folder / "F1.yml").write_text(textwrap.dedent(metadata), encoding="utf-8")
    library_extra = ""
    if movies_metadata is not None:
        (runner.folder / "Movies-meta.yml").write_text(textwrap.dedent(movies_metadata), encoding="utf-8")
        library_extra = "    metadata_files:\n      - file: Movies-meta.yml\n"
    runner.write("collections: {}\n", library_extra=library_extra,
                 extra_libraries="  TV Shows:\n    metadata_files:\n      - file: F1.yml\n")


def _episodes(runner: Runner, rk: int, season: int):
    show = runner.plex().fetchItem(rk)
    return sorted(show.season(season).episodes(), key=lambda e: e.index)


def test_f1_season_names_races_and_sessions_then_nothing(sims, tmp_path: Path):
    plex, meta = sims
    runner = Runner(plex, tmp_path)
    rk = _f1_show(plex, "Season 2021", [SPRINT, NORMAL], extra_season=40)
    _setup(runner, """
        metadata:
          Season 2021:
            f1_season: 2021
            round_prefix: true
    """)
    races = _races(meta, 2021)
    meta.reset_stats()
    report = runner.run()
    row = rows(report, "TV Shows")["metadata: F1"]
    assert row.status == "Changed" and row.error is None, row
    show = runner.plex().fetchItem(rk)
    assert show.season(1).title == f"01 - {races[1]['raceName']}"
    assert show.season(2).title == f"02 - {races[2]['raceName']}"
    assert "title" in {f.name for f in show.season(1).fields if f.locked}
    for number, weekend, titles in ((1, SPRINT, SPRINT_TITLES), (2, NORMAL, NORMAL_TITLES)):
        sunday = date.fromisoformat(races[number]["date"])
        episodes = _episodes(runner, rk, number)[:len(weekend)]
        assert [e.title for e in episodes] == titles
        assert [e.originallyAvailableAt.date() for e in episodes] == [sunday - timedelta(days=back)
                                                                        for _name, back in weekend]
    assert meta.stats()["by_service"].get("ergast") == 1
    plex.reset_stats()
    meta.reset_stats()
    report = runner.run()
    assert rows(report, "TV Shows")["metadata: F1"].status == "Unchanged"
    assert runner.writes() == 0
    assert meta.stats()["requests"] == 0  # the season came from the cache


def test_f1_shorten_gp_dutch_and_asset_images(sims, tmp_path: Path):
    from pathlib import PurePosixPath

    plex, meta = sims
    runner = Runner(plex, tmp_path)
    rk = _f1_show(plex, "Season 2022", [NORMAL], which=1)
    folder = tmp_path / "assets" / PurePosixPath(runner.plex().fetchItem(rk).locations[0]).name  # Season 2022
    folder.mkdir(parents=True)
    (folder / "Season01.jpg").write_bytes(b"race poster")
    (folder / "S01E02.jpg").write_bytes(b"session poster")
    _setup(runner, """
        metadata:
          Season 2022:
            f1_season: 2022
            shorten_gp: true
            f1_language: nl
    """)
    runner.run(dry_run=True)
    assert runner.writes() == 0
    runner.run()
    season_one = runner.plex().fetchItem(rk).season(1)
    assert any(p.ratingKey.startswith("upload://") for p in season_one.posters())
    assert any(p.ratingKey.startswith("upload://") for p in _episodes(runner, rk, 1)[1].posters())
    plex.reset_stats()
    runner.run()
    assert runner.writes() == 0
    race = _races(meta, 2022)[1]
    show = runner.plex().fetchItem(rk)
    place = race["raceName"].replace(" Grand Prix", "")
    assert show.season(1).title == "GP " + DUTCH_PLACES.get(place, place)
    titles = [e.title for e in _episodes(runner, rk, 1)[:3]]
    assert titles == ["Vrije Training 1", "Vrije Training 2", "Vrije Training 3"]


def test_f1_mistakes_are_located(sims, tmp_path: Path, capsys):
    plex, _meta = sims
    runner = Runner(plex, tmp_path)
    _f1_show(plex, "Season 2021", [NORMAL])
    movie = runner.plex().library.section("Movies").all()[0]
    _setup(runner, """
        metadata:
          Season 2021:
            f1_season: 1800
    """, movies_metadata=f"""
        metadata:
          "{movie.title}":
            f1_season: 2021
    """)
    report = runner.run()
    shows = rows(report, "TV Shows")["metadata: F1"]
    assert shows.error is not None and "f1_season: must be a season from 1950" in shows.error, shows
    assert shows.error.split(":")[0].endswith("F1.yml") and shows.error.split(":")[1].isdigit()
    movies = rows(report)["metadata: Movies-meta"]
    assert movies.error is not None and "f1_season applies to shows" in movies.error, movies
    assert movies.error.split(":")[0].endswith("Movies-meta.yml") and movies.error.split(":")[1].isdigit()
    from kometa.cli.main import main

    capsys.readouterr()
    assert main(["--validate", "--config", str(runner.folder / "config.yml")]) == 2  # found without Plex too
    text = "".join(capsys.readouterr())
    assert f"{runner.folder / 'F1.yml'}:4: metadata 'Season 2021': f1_season: must be a season from 1950" in text, text
