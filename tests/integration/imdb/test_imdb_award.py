"""imdb_award end to end: metasim's IMDb event pages, our client and builder, plexsim (one world)."""

from __future__ import annotations

import json
import re

import pytest
import requests
from imdb_helpers import held, members, rows

from kometa.sources.conditions import ConditionError
from kometa.sources.imdb_award import resolve_years


def _props(pair, path):
    r = requests.get(f"{pair.meta.url}/imdb{path}", timeout=10)
    if r.status_code != 200:
        return r.status_code
    match = re.search(r'<script id="__NEXT_DATA__" type="application/json">(.*?)</script>', r.text, re.S)
    return json.loads(match.group(1))["props"]["pageProps"]


def _nominees(pair, event, year, *, category=None, award=None, winning=False):
    """The page's IMDb ids read directly (the test's own reading of IMDb's shape)."""
    out = []
    for a in _props(pair, f"/event/{event}/{year}/1/")["edition"]["awards"]:
        if award and a["text"].lower() != award:
            continue
        for edge in a["nominationCategories"]["edges"]:
            node = edge["node"]
            name = (node["category"] or {}).get("text", a["text"]).lower()
            if category and name != category:
                continue
            for nom in node["nominations"]["edges"]:
                ents = nom["node"]["awardedEntities"]
                titles = ents.get("awardTitles") or ents.get("secondaryAwardTitles") or []
                if nom["node"]["isWinner"] or not winning:
                    out += [t["title"]["id"] for t in titles]
    return out


def test_metasim_event_pages(pair):
    history = _props(pair, "/event/ev0000003/")["historyEventEditions"]
    assert history[0] == {"year": 2025, "instanceWithinYear": 1} and history[-1]["year"] == 1929
    edition = _props(pair, "/event/ev0000003/2024/1/")["edition"]
    oscar = edition["awards"][0]
    assert oscar["text"] == "Oscar"
    cats = {e["node"]["category"]["text"]: e["node"] for e in oscar["nominationCategories"]["edges"]}
    picture = cats["Best Motion Picture of the Year"]["nominations"]["edges"]
    assert sum(n["node"]["isWinner"] for n in picture) == 1
    assert all("awardTitles" in n["node"]["awardedEntities"] for n in picture)
    director = cats["Best Achievement in Directing"]["nominations"]["edges"][0]["node"]["awardedEntities"]
    assert "awardTitles" not in director and director["awardNames"][0]["name"]["id"].startswith("nm")
    assert _props(pair, "/event/ev0000003/2024/1/") == _props(pair, "/event/ev0000003/2024/1/")  # deterministic
    assert _props(pair, "/event/ev0995000000/") == 404
    assert _props(pair, "/event/ev0000003/1900/1/") == 404


def test_award_collections(runner, pair):
    report = runner.run("""
        collections:
          Oscar Winners 2024:
            imdb_award:
              event_id: ev0000003
              event_year: 2024
              winning: true
          Best Picture Nominees 2023:
            imdb_award:
              event_id: https://www.imdb.com/event/ev0000003/2023/1/
              event_year: 2023
              category_filter: Best Motion Picture of the Year
          Palme d'Or Winners:
            imdb_award:
              event_id: ev0000147
              event_year: 2020-2024
              award_filter: palme d'or
              winning: true
          Latest Razzies:
            imdb_award:
              event_id: ev0000558
              event_year: latest
              category_filter: [worst picture, worst film ever]
    """)
    r = rows(report)
    for name in ("Oscar Winners 2024", "Best Picture Nominees 2023", "Palme d'Or Winners", "Latest Razzies"):
        assert r[name].error in (None, ""), (name, r[name])
    want = _nominees(pair, "ev0000003", 2024, winning=True)
    assert want and members(pair, "Oscar Winners 2024") == held(pair, want)[0]
    nominees = _nominees(pair, "ev0000003", 2023, category="best motion picture of the year")
    assert len(set(nominees)) > 1 and members(pair, "Best Picture Nominees 2023") == held(pair, nominees)[0]
    assert r["Best Picture Nominees 2023"].missing == held(pair, nominees)[1]
    palme = [i for y in range(2020, 2025) for i in _nominees(pair, "ev0000147", y, award="palme d'or", winning=True)]
    assert len(palme) == 5 and members(pair, "Palme d'Or Winners") == held(pair, palme)[0]
    razzies = _nominees(pair, "ev0000558", 2025, category="worst picture")
    assert members(pair, "Latest Razzies") == held(pair, razzies)[0]
    assert any(line.startswith("IMDb pages: ") for line in report.online)


def test_award_mistakes_are_located(runner):
    r = rows(runner.run("""
        collections:
          No Year:
            imdb_award:
              event_id: ev0000003
          Bad Event:
            imdb_award:
              event_id: oscars
              event_year: 2024
          Gone Event:
            imdb_award:
              event_id: ev0995000000
              event_year: 2024
          Before The Event:
            imdb_award:
              event_id: ev0000003
              event_year: 1920
          No Such Category:
            imdb_award:
              event_id: ev0000003
              event_year: 2024
              category_filter: best sandwich
          Odd Attribute:
            imdb_award:
              event_id: ev0000003
              event_year: 2024
              winners: true
          Not A Mapping:
            imdb_award: ev0000003
    """))
    assert "event_year is missing" in r["No Year"].error
    assert "event_id must be an IMDb event id" in r["Bad Event"].error
    assert "ev0995000000 does not exist" in r["Gone Event"].error
    assert "1920 is not an edition" in r["Before The Event"].error
    assert "none of the category_filter values exist" in r["No Such Category"].error
    assert "best motion picture of the year" in r["No Such Category"].error
    assert "unknown attribute 'winners'" in r["Odd Attribute"].error
    assert "takes a mapping" in r["Not A Mapping"].error
    for row in r.values():
        assert "lib.yml:" in row.error, row.error


OPTIONS = [str(y) for y in range(2025, 1999, -1)]


@pytest.mark.parametrize(("raw", "want"), [
    ("all", OPTIONS), ("latest", ["2025"]), (2024, ["2024"]), ("-1", ["2025"]), (-3, ["2023"]),
    ([2020, "2021"], ["2020", "2021"]), ("2020, 2022", ["2020", "2022"]),
    ("2019-2021", ["2021", "2020", "2019"]), ("2023-current", ["2025", "2024", "2023"]),
    ("-3-current", ["2025", "2024", "2023"]), ("-5--4", ["2022", "2021"]),
])
def test_event_year_forms(raw, want):
    assert resolve_years("imdb_award", raw, OPTIONS, 2026) == want


@pytest.mark.parametrize("raw", ["1990", "-40", "1980-1985", "soon"])
def test_event_year_outside_the_editions(raw):
    with pytest.raises(ConditionError, match="imdb_award: event_year"):
        resolve_years("imdb_award", raw, OPTIONS, 2026)


def test_dynamic_award_years_from_imdb(runner, pair):
    report = runner.run("""
        dynamic_collections:
          Oscars:
            type: imdb_awards
            data:
              event_id: ev0000003
              starting: latest-2
              ending: latest
            title_format: Oscars <<key_name>>
    """)
    r = rows(report)
    assert [n for n in r if n.startswith("Oscars ")] == ["Oscars 2025", "Oscars 2024", "Oscars 2023"]
    for year in (2025, 2024, 2023):
        want = held(pair, _nominees(pair, "ev0000003", year, winning=True))[0]
        if want:
            assert members(pair, f"Oscars {year}") == want
        else:
            assert r[f"Oscars {year}"].status != "Created"
