"""icheckmovies_list(_details) end to end against metasim's ICheckMovies pages: the list's movies
matched by IMDb id in its order, several lists, the description, the cache, errors."""

from __future__ import annotations

import re

import requests
from lists_helpers import members, run

URL = "https://www.icheckmovies.com/lists/"


def _listed(pair, slug: str) -> list[str]:
    page = requests.get(f"{pair.meta.url}/icheckmovies/lists/{slug}/", timeout=10).text
    return re.findall(r'class="optionIcon optionIMDB external" href="http://www.imdb.com/title/(tt\d+)/"', page)


def _in_library(pair, ids: list[str]) -> list[int]:
    by_imdb = {t.imdb_id: t for t in pair.world.library if t.kind == "movie" and t.imdb_id}
    out: list[int] = []
    for imdb in ids:
        t = by_imdb.get(imdb)
        tmdb_agent = t is not None and t.legacy and t.plex_guid.startswith("com.plexapp.agents.themoviedb")
        if t is not None and not tmdb_agent and t.tmdb_id not in out:
            out.append(t.tmdb_id)
    return out


def test_lists_in_order_with_the_description(pair, tmp_path):
    first, second = _listed(pair, "academy+award+-+best+picture"), _listed(pair, "vultures-best-endings")
    want = _in_library(pair, first + second)
    assert want and len(want) < len(set(first + second))
    r = run(pair, tmp_path, f"""
        collections:
          Checked:
            icheckmovies_list_details: {URL}academy+award+-+best+picture/, {URL}vultures-best-endings
            collection_order: custom
    """)
    assert r["Checked"].status == "Created", r["Checked"]
    assert members(pair, "Checked") == want
    assert r["Checked"].missing == len(set(first + second)) - len(want)
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    assert section.collection("Checked").summary.startswith("The movies of Academy Award")
    pair.meta.reset_stats()
    run(pair, tmp_path, f"collections:\n  Checked:\n    icheckmovies_list_details: {URL}academy+award+-+best+picture/, "
                        f"{URL}vultures-best-endings\n    collection_order: custom\n")
    assert pair.meta.stats()["by_service"].get("icheckmovies", 0) == 0


def test_errors_are_located(pair, tmp_path):
    r = run(pair, tmp_path, f"""
        collections:
          Gone:
            icheckmovies_list: {URL}missing-list/
          Elsewhere:
            icheckmovies_list: https://example.com/lists/x/
          Number:
            icheckmovies_list: [5]
    """)
    assert "ICheckMovies has no list missing-list" in r["Gone"].error
    assert "must begin with https://www.icheckmovies.com/lists/" in r["Elsewhere"].error
    assert "expected an ICheckMovies list URL" in r["Number"].error
    for name in ("Gone", "Elsewhere", "Number"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error
    shows = run(pair, tmp_path, f"collections:\n  Checked Shows:\n    icheckmovies_list: {URL}a/\n", library="TV Shows")
    assert "works in movie libraries only" in shows["Checked Shows"].error


def test_the_description_key_gives_the_summary_only(pair, tmp_path):
    r = run(pair, tmp_path, f"""
        collections:
          Described Only:
            plex_search: {{all: {{year.gte: 1900}}, limit: 2}}
            icheckmovies_description: {URL}best-of-the-decade/
          Own Summary:
            plex_search: {{all: {{year.gte: 1900}}, limit: 2}}
            summary: Mine.
            icheckmovies_description: {URL}best-of-the-decade/
    """)
    assert r["Described Only"].status == "Created", r["Described Only"]
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    assert section.collection("Described Only").summary == "The movies of Best Of The Decade, as checked by our members."
    assert len(section.collection("Described Only").items()) == 2  # nothing built from the list
    assert section.collection("Own Summary").summary == "Mine."
