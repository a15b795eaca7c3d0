"""Online builders and ``plex_collectionless`` at ``builder_level: season``/``episode``, for overlays and
collections, against plexsim + metasim sharing one world: a show a builder finds stands for its
seasons or episodes, an IMDb episode id for that episode."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import RunReport
from metasim.testing import PLEX_TOKEN, Paired, start_pair, stop_pair


@pytest.fixture
def pair(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paired]:
    from kometa.clients import policy

    paired = start_pair(movies=4, shows=12)
    monkeypatch.setenv("KOMETA_TRAKT_URL", f"{paired.meta.url}/trakt")
    # Trakt's 3 requests a second would only slow this test down
    monkeypatch.setattr("kometa.clients.trakt.Policy", lambda *a, **k: policy.Policy(*a, **{**k, "rate": None}))
    yield paired
    stop_pair(paired)


def _listing(pair: Paired, kind: int) -> list[ET.Element]:
    answer = requests.get(f"{pair.plex.url}/library/sections/2/all", timeout=10,
                          params={"X-Plex-Token": PLEX_TOKEN, "type": kind, "includeGuids": 1})
    answer.raise_for_status()
    return list(ET.fromstring(answer.content))


def _imdb(elem: ET.Element) -> str | None:
    return next((g.attrib["id"][7:] for g in elem if g.tag == "Guid" and g.attrib["id"].startswith("imdb://")), None)


def _shows(pair: Paired) -> list[ET.Element]:
    """The shows with an IMDb id (their episodes have theirs, as Plex's agent gives them)."""
    return [show for show in _listing(pair, 2) if _imdb(show)]


def _run(pair: Paired, folder: Path, overlays: str, collections: str = "collections: {}\n") -> RunReport:
    (folder / "Overlays.yml").write_text(textwrap.dedent(overlays), encoding="utf-8")
    (folder / "Shows.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    trakt = "trakt:\n  client_id: metasim-trakt\n  client_secret: metasim-trakt-secret\n"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n{trakt}libraries:\n  TV Shows:\n"
                    "    collection_files:\n      - file: Shows.yml\n    overlay_files:\n      - file: Overlays.yml\n",
                    encoding="utf-8")
    return process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                     moment=datetime.now().astimezone()))


def _badge(name: str, level: str, select: str) -> str:
    return (f"  {name}:\n    builder_level: {level}\n    overlay:\n      name: text({name})\n"
            f"      horizontal_offset: 10\n      vertical_offset: 10\n" + textwrap.indent(select, "    "))


def _overlaid(folder: Path) -> dict[int, Any]:
    state = json.loads((folder / "overlays" / "state.json").read_text())["libraries"]["TV Shows"]
    return {int(key): entry for key, entry in state.items()}


def test_an_imdb_list_at_a_level_gives_the_shows_seasons_and_the_listed_episodes(pair: Paired, tmp_path: Path) -> None:
    shows, seasons, episodes = _shows(pair), _listing(pair, 3), _listing(pair, 4)
    first, second = shows[0], shows[1]
    episode = next(e for e in episodes if e.attrib["grandparentRatingKey"] == second.attrib["ratingKey"]
                   and e.attrib["index"] == "2")
    overlays = ("overlays:\n" + _badge("Seasons", "season", f"imdb_id: {_imdb(first)}\n")
                + _badge("Episodes", "episode", f"imdb_id: [{_imdb(episode)}, {_imdb(first)}]\n"))
    collections = (f"collections:\n  Picked Episodes:\n    builder_level: episode\n"
                   f"    imdb_id: [{_imdb(episode)}]\n")
    report = _run(pair, tmp_path, overlays, collections)
    rows = {r.name: r for r in report.library("TV Shows").rows}
    assert rows["overlays"].error is None and not [r for r in rows.values() if r.status == "Validation Error"], rows
    overlaid = _overlaid(tmp_path)
    first_seasons = {int(s.attrib["ratingKey"]) for s in seasons if s.attrib["parentRatingKey"] == first.attrib["ratingKey"]}
    first_episodes = {int(e.attrib["ratingKey"]) for e in episodes
                      if e.attrib["grandparentRatingKey"] == first.attrib["ratingKey"]}
    assert first_seasons and first_episodes
    assert set(overlaid) == first_seasons | first_episodes | {int(episode.attrib["ratingKey"])}
    assert {overlaid[k].get("level") for k in first_seasons} == {"season"}
    # the collection holds that one episode (Plex files it as an episode collection)
    found = requests.get(f"{pair.plex.url}/library/sections/2/all", timeout=10,
                         params={"X-Plex-Token": PLEX_TOKEN, "type": 18}).content
    collection = next(c for c in ET.fromstring(found) if c.attrib["title"] == "Picked Episodes")
    members = ET.fromstring(requests.get(f"{pair.plex.url}/library/collections/{collection.attrib['ratingKey']}/children",
                                          params={"X-Plex-Token": PLEX_TOKEN}, timeout=10).content)
    assert [m.attrib["ratingKey"] for m in members] == [episode.attrib["ratingKey"]]
    assert collection.attrib.get("subtype") == "episode"


def test_collectionless_at_episode_level_gives_the_episodes_of_shows_in_no_collection(pair: Paired,
                                                                                     tmp_path: Path) -> None:
    shows, episodes = _shows(pair), _listing(pair, 4)
    first = shows[0]
    collections = f"collections:\n  Kept:\n    imdb_id: {_imdb(first)}\n"  # the first show is in a collection
    overlays = "overlays:\n" + _badge("Loose", "episode", "plex_collectionless:\n  exclude_prefix: [Other]\n")
    report = _run(pair, tmp_path, overlays, collections)
    rows = {r.name: r for r in report.library("TV Shows").rows}
    assert rows["overlays"].error is None and rows["Kept"].error is None, rows
    in_collection = {s.attrib["ratingKey"] for s in _listing(pair, 2) if any(t.tag == "Collection" for t in s)}
    assert first.attrib["ratingKey"] in in_collection
    expected = {int(e.attrib["ratingKey"]) for e in episodes if e.attrib["grandparentRatingKey"] not in in_collection}
    assert expected and set(_overlaid(tmp_path)) == expected


def test_a_trakt_list_of_seasons_and_episodes_gives_those_at_each_level(pair: Paired, tmp_path: Path) -> None:
    rows = requests.get(f"{pair.meta.url}/trakt/users/someone/lists/episodes-picks/items", timeout=10,
                        headers={"trakt-api-key": "metasim-trakt"}).json()
    shows = {_imdb(show): show.attrib["ratingKey"] for show in _shows(pair)}
    seasons, episodes = _listing(pair, 3), _listing(pair, 4)
    want_seasons: set[int] = set()
    want_episodes: set[int] = set()
    for row in rows:
        show = shows.get(row["show"]["ids"]["imdb"])
        if show is None:
            continue  # a show the library lacks
        if row["type"] == "season":
            number = str(row["season"]["number"])
            want_seasons |= {int(s.attrib["ratingKey"]) for s in seasons
                             if s.attrib["parentRatingKey"] == show and s.attrib["index"] == number}
            want_episodes |= {int(e.attrib["ratingKey"]) for e in episodes
                              if e.attrib["grandparentRatingKey"] == show and e.attrib["parentIndex"] == number}
        else:
            season, number = str(row["episode"]["season"]), str(row["episode"]["number"])
            want_episodes |= {int(e.attrib["ratingKey"]) for e in episodes
                              if e.attrib["grandparentRatingKey"] == show and e.attrib["parentIndex"] == season
                              and e.attrib["index"] == number}
    assert want_seasons and want_episodes
    url = "https://trakt.tv/users/someone/lists/episodes-picks"
    overlays = ("overlays:\n" + _badge("Season", "season", f"trakt_list: {url}\n")
                + _badge("Episode", "episode", f"trakt_list: {url}\n"))
    report = _run(pair, tmp_path, overlays)
    rows_by = {r.name: r for r in report.library("TV Shows").rows}
    assert rows_by["overlays"].error is None and not [r for r in rows_by.values() if r.status == "Validation Error"]
    overlaid = _overlaid(tmp_path)
    assert {k for k, v in overlaid.items() if v.get("level") == "season"} == want_seasons
    assert {k for k, v in overlaid.items() if v.get("level") == "episode"} == want_episodes
