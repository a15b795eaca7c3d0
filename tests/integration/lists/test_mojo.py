"""The Box Office Mojo builders end to end against metasim's pages: chart rows read through their
release pages (or /title/ links) to IMDb ids, in the chart's order; limits; countries; the cache;
unknown charts and bad values located."""

from __future__ import annotations

import re
from datetime import datetime

import requests
from lists_helpers import members, run


def _chart_imdb(pair, path: str, limit: int = 0) -> list[str]:
    """The IMDb ids of a chart, read from metasim's pages directly."""
    page = requests.get(f"{pair.meta.url}/mojo{path}", timeout=10).text
    links = re.findall(r'mojo-field-type-(?:release|title|release_group) mojo-cell-wide"><a class="a-link-normal" '
                       r'href="([^"?]+)', page)
    links = links[:limit] if limit else links
    out = []
    for link in links:
        if link.startswith("/title/"):
            out.append(link.split("/")[2])
            continue
        found = re.search(r'<option value="/title/(tt\d+)/">All Releases', requests.get(
            f"{pair.meta.url}/mojo{link}", timeout=10).text)
        if found:
            out.append(found.group(1))
    return out


def _in_library(pair, ids: list[str]) -> list[int]:
    by_imdb = {t.imdb_id: t for t in pair.world.library if t.kind == "movie" and t.imdb_id}
    return [by_imdb[i].tmdb_id for i in ids if i in by_imdb
            and not by_imdb[i].plex_guid.startswith("com.plexapp.agents.themoviedb")]


def test_charts_in_order(pair, tmp_path):
    year = datetime.now().year
    world = _in_library(pair, _chart_imdb(pair, f"/year/world/{year - 1}/"))
    lifetime = _chart_imdb(pair, "/chart/ww_top_lifetime_gross/", 15)
    german = _in_library(pair, _chart_imdb(pair, f"/year/{year}/?area=DE"))
    assert world and german and lifetime
    r = run(pair, tmp_path, """
        collections:
          Mojo World:
            mojo_world: {year: current-1}
            collection_order: custom
          Mojo Lifetime:
            mojo_all_time: {chart: worldwide, limit: 15}
            collection_order: custom
          Mojo German:
            mojo_international: {range: yearly, chart: germany}
            collection_order: custom
    """)
    for name in ("Mojo World", "Mojo Lifetime", "Mojo German"):
        assert r[name].status == "Created", r[name]
    assert members(pair, "Mojo World") == world
    assert members(pair, "Mojo Lifetime") == _in_library(pair, lifetime)
    assert r["Mojo Lifetime"].missing == len(lifetime) - len(_in_library(pair, lifetime))
    assert members(pair, "Mojo German") == german
    pair.meta.reset_stats()
    run(pair, tmp_path, "collections:\n  Mojo World:\n    mojo_world: {year: current-1}\n    collection_order: custom\n")
    assert pair.meta.stats()["by_service"].get("mojo", 0) == 0


def test_unknown_charts_and_bad_values_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Atlantis:
            mojo_international: {range: yearly, chart: atlantis}
          Old:
            mojo_world: {year: 1950}
          Record:
            mojo_record: {chart: biggest}
          Plain:
            mojo_domestic: yearly
    """)
    assert "chart must be one of international, " in r["Atlantis"].error and "germany" in r["Atlantis"].error
    assert "year must be from 1977" in r["Old"].error
    assert "chart must be one of second_weekend_drop" in r["Record"].error
    assert "mojo_domestic takes a mapping" in r["Plain"].error
    for name in ("Atlantis", "Old", "Record", "Plain"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error


def test_a_chart_longer_than_a_page_is_read_page_by_page():
    from kometa.clients.mojo import MojoClient
    from metasim.server import MetaSim
    with MetaSim(seed=2, movies=320, shows=0) as meta:
        client = MojoClient(None, base_url=f"{meta.url}/mojo")
        everything = client.chart("/chart/top_lifetime_gross/", {}, 0)
        assert meta.stats()["by_service"]["mojo"] == 2  # offset 0 and 200
        assert everything == [f"/title/{i}/" for i in _chart_imdb_all(meta)] and len(everything) > 200
        meta.reset_stats()
        assert client.chart("/chart/top_lifetime_gross/", {}, 250) == everything[:250]
        assert client.chart("/chart/top_lifetime_gross/", {}, 20) == everything[:20]


def _chart_imdb_all(meta) -> list[str]:
    out: list[str] = []
    for offset in (0, 200, 400):
        page = requests.get(f"{meta.url}/mojo/chart/top_lifetime_gross/", params={"offset": offset}, timeout=10).text
        out += re.findall(r'href="/title/(tt\d+)/', page)
    return out
