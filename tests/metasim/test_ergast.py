"""metasim's Ergast F1 API: a season's races in Ergast's documented JSON, deterministic, paged."""

from __future__ import annotations

from datetime import date

import requests

from metasim.server import MetaSim


def test_season_races_shape_and_sessions(fresh_metasim):
    url = f"{fresh_metasim.url}/ergast/f1"
    body = requests.get(f"{url}/2021.json", timeout=10).json()
    data = body["MRData"]
    assert data["series"] == "f1" and data["RaceTable"]["season"] == "2021"
    races = data["RaceTable"]["Races"]
    assert data["total"] == str(len(races)) and 15 <= len(races) <= 26
    assert [r["round"] for r in races] == [str(n) for n in range(1, len(races) + 1)]
    assert len({r["raceName"] for r in races}) == len(races)
    days = [date.fromisoformat(r["date"]) for r in races]
    assert all(d.weekday() == 6 for d in days) and days == sorted(days)
    for race in races:
        assert race["raceName"].endswith(" Grand Prix") and race["season"] == "2021"
        assert set(race["Circuit"]["Location"]) == {"lat", "long", "locality", "country"}
        assert {"FirstPractice", "SecondPractice", "Qualifying"} <= set(race)
        assert ("Sprint" in race) != ("ThirdPractice" in race)
    paged = requests.get(f"{url}/2021.json", params={"limit": 5, "offset": 5}, timeout=10).json()["MRData"]
    assert paged["RaceTable"]["Races"] == races[5:10] and paged["limit"] == "5"


def test_empty_season_unknown_path_and_same_seed_same_races(fresh_metasim):
    url = f"{fresh_metasim.url}/ergast/f1"
    empty = requests.get(f"{url}/1900.json", timeout=10).json()["MRData"]
    assert empty["total"] == "0" and empty["RaceTable"]["Races"] == []
    missing = requests.get(f"{url}/drivers.json", timeout=10)
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    with MetaSim(seed=1, movies=2, shows=1) as other, MetaSim(seed=2, movies=2, shows=1) as third:
        same = requests.get(f"{other.url}/ergast/f1/2021.json", timeout=10).json()
        differ = requests.get(f"{third.url}/ergast/f1/2021.json", timeout=10).json()
    mine = requests.get(f"{url}/2021.json", timeout=10).json()
    assert same == mine and differ != mine
