"""plex_watchlist end to end: plexsim's plex.tv watchlist (discover) and online metadata, matched
to the library by plex:// guid or, for legacy-agent items and titles the server lacks, by the ids
plex.tv's metadata gives; sorts; the cache; a refused token; plex.tv down."""

from __future__ import annotations

import re
import socket

import pytest
import requests
from lists_helpers import members, run

from metasim.testing import PLEX_TOKEN, age_cache


def _watchlist(pair, kind: str, sort: str) -> list[tuple[str, list[str]]]:
    """(guid, external ids) of the watchlist's items, read from plexsim directly."""
    head = {"X-Plex-Token": PLEX_TOKEN}
    page = requests.get(f"{pair.plex.url}/_discover/library/sections/watchlist/all", headers=head, timeout=10,
                        params={"type": 1 if kind == "movie" else 2, "sort": sort}).text
    out = []
    for key, guid in re.findall(r'ratingKey="(\w+)" key="[^"]+" guid="([^"]+)"', page):
        meta = requests.get(f"{pair.plex.url}/_metadata/library/metadata/{key}", headers=head, timeout=10).text
        out.append((guid, re.findall(r'<Guid id="([^"]+)"', meta)))
    return out


def _expected(pair, kind: str, sort: str) -> tuple[list[int], int]:
    """The library titles' TMDb ids in the watchlist's order, and how many are missing."""
    lib = {t.tmdb_id: t for t in pair.world.library if t.kind == ("movie" if kind == "movie" else "tv")}
    rows = _watchlist(pair, kind, sort)
    got = []
    for _, ids in rows:
        tmdb = next((int(i[7:]) for i in ids if i.startswith("tmdb://")), None)
        if tmdb in lib:
            got.append(tmdb)
    return got, len(rows) - len(got)


@pytest.mark.parametrize(("sort", "plex_sort"), [("critic_rating.desc", "rating:desc"), ("title.asc", "titleSort:asc"),
                                                 ("added.desc", "watchlistedAt:desc")])
def test_the_watchlist_in_the_order_asked(pair, tmp_path, sort, plex_sort):
    want, missing = _expected(pair, "movie", plex_sort)
    assert want and missing  # some of the library, some it lacks
    legacy = {t.tmdb_id for t in pair.world.library if t.legacy}
    name = f"Watch {sort}"
    r = run(pair, tmp_path, f"collections:\n  {name}:\n    plex_watchlist: {sort}\n    collection_order: custom\n")
    assert r[name].status == "Created", r[name]
    assert members(pair, name) == want
    assert r[name].missing == missing
    if sort == "title.asc":
        assert legacy & set(want)  # a legacy-agent item is found by its ids


def test_a_second_run_asks_nothing_and_a_day_later_only_the_watchlist(pair, tmp_path):
    config = "collections:\n  Watched Again:\n    plex_watchlist: added.asc\n"
    run(pair, tmp_path, config)
    pair.plex.reset_stats()
    assert run(pair, tmp_path, config)["Watched Again"].status == "Unchanged"
    asked = pair.plex.stats()["by_endpoint"]
    assert not any("_discover" in e or "_metadata" in e for e in asked), asked
    age_cache(tmp_path)
    pair.plex.reset_stats()
    run(pair, tmp_path, config)
    asked = pair.plex.stats()["by_endpoint"]
    assert asked.get("GET /_discover/library/sections/watchlist/{filter}") == 1
    assert not any("_metadata" in e for e in asked), asked  # ids stay cached


def test_shows_and_an_unknown_sort(pair, tmp_path, caplog):
    want, _ = _expected(pair, "show", "watchlistedAt:asc")
    assert want
    r = run(pair, tmp_path, "collections:\n  Show Watch:\n    plex_watchlist: newest\n    collection_order: custom\n", library="TV Shows")
    assert r["Show Watch"].status == "Created", r["Show Watch"]
    assert members(pair, "Show Watch", "TV Shows") == want
    assert any("sort 'newest' is not one of" in rec.getMessage() for rec in caplog.records)


def test_a_refused_token_and_plextv_down(pair, tmp_path, monkeypatch, caplog):
    from plexsim.server import PlexSim
    other = PlexSim(movies=1, shows=0, token="someone-else").start()
    try:
        monkeypatch.setenv("KOMETA_PLEX_DISCOVER_URL", f"{other.url}/_discover")
        r = run(pair, tmp_path, "collections:\n  Refused:\n    plex_watchlist: true\n  Fine:\n    plex_all: true\n")
    finally:
        other.stop()
    assert "plex_watchlist needs Plex Discover" in r["Refused"].error and "401" in r["Refused"].error
    assert re.search(r"Movies\.yml:\d+", r["Refused"].error), r["Refused"].error
    assert not r["Fine"].error
    monkeypatch.setenv("KOMETA_PLEX_DISCOVER_URL", f"{pair.plex.url}/_discover")
    config = "collections:\n  Kept:\n    plex_watchlist: true\n"
    run(pair, tmp_path, config)
    before = members(pair, "Kept")
    age_cache(tmp_path)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("KOMETA_PLEX_DISCOVER_URL", f"http://127.0.0.1:{port}")
    r = run(pair, tmp_path, config)
    assert r["Kept"].status == "Unchanged" and members(pair, "Kept") == before
    assert any("Plex Discover" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
