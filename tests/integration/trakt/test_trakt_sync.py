"""sync_to_trakt_list end to end: a collection written to the signed-in user's own Trakt list in
metasim (added, removed, reordered), nothing sent when it matches or in a dry run, missing titles
with sync_missing_to_trakt_list, and the located refusals."""

from __future__ import annotations

import re
from typing import Any

from trakt_helpers import CLIENT_ID, SECRET, rows


def signed_in(pair: Any) -> str:
    token = pair.meta.meta.trakt.grant("sync-token")
    return (f"trakt:\n  client_id: {CLIENT_ID}\n  client_secret: {SECRET}\n  authorization:\n"
            f"    access_token: {token}\n    token_type: bearer\n    expires_in: 7776000\n    refresh_token: r\n"
            f"    scope: public\n    created_at: 4102444800\n")


def listed(pair: Any, slug: str) -> list[int]:
    return [t.tmdb_id for t in pair.meta.meta.trakt.own_lists[slug]]


def held_by_year(pair: Any, year_from: int) -> list[int]:
    """The library's movies from ``year_from`` on, in release order (the collection's custom order)."""
    found = sorted((t for t in pair.world.library if t.kind == "movie" and t.year and t.year >= year_from),
                   key=lambda t: (t.date_text, t.title))
    return [t.tmdb_id for t in found]


def test_a_collection_is_written_to_the_users_list_then_kept_in_step(runner, pair):
    state = pair.meta.meta.trakt
    want = held_by_year(pair, 2020)
    stale = [t for t in pair.world.titles if t.kind == "movie" and not t.in_library][:2]
    # two titles the collection lacks, and three of its own in the wrong order
    state.own_lists["kometa-sync"] = [stale[0], *(pair.world.title("movie", i) for i in want[2::-1]), stale[1]]
    config = """
        collections:
          Recent:
            plex_search:
              all:
                year.gte: {year}
              sort_by: release.asc
            collection_order: custom
            sync_to_trakt_list: kometa-sync
    """
    runner.write(config.format(year=2020), trakt=signed_in(pair))
    pair.meta.reset_stats()
    r = rows(runner.run(dry_run=True))
    assert r["Recent"].error is None
    assert [e for e in pair.meta.stats()["by_endpoint"] if e.startswith("POST")] == []  # a dry run sends nothing
    r = rows(runner.run())
    assert r["Recent"].error is None, r["Recent"].error
    assert len(want) > 3 and listed(pair, "kometa-sync") == want  # the 2 others removed, the collection's order
    pair.meta.reset_stats()
    rows(runner.run())
    assert not [e for e in pair.meta.stats()["by_endpoint"] if e.startswith("POST")]  # in step: nothing sent
    runner.write(config.format(year=2023), trakt=signed_in(pair))
    rows(runner.run())
    assert listed(pair, "kometa-sync") == held_by_year(pair, 2023)


def test_missing_titles_go_too_and_refusals_are_located(runner, pair):
    runner.write("""
        collections:
          From Trakt:
            trakt_list: https://trakt.tv/users/someone/lists/weekend
            collection_order: custom
            sync_to_trakt_list: favourites-sync
            sync_missing_to_trakt_list: true
          Not Mine:
            plex_all: true
            sync_to_trakt_list: someone-elses
    """, trakt=signed_in(pair))
    r = rows(runner.run())
    assert r["From Trakt"].error is None, r["From Trakt"].error
    source = [entry["movie"]["ids"]["tmdb"] for entry in
              __import__("requests").get(f"{pair.meta.url}/trakt/users/someone/lists/weekend/items/movies",
                                         headers={"trakt-api-key": CLIENT_ID}, timeout=10).json()]
    assert listed(pair, "favourites-sync") == [t for t in source if pair.world.title("movie", t).in_library] + [
        t for t in source if not pair.world.title("movie", t).in_library]  # held in order, then the missing
    assert "'someone-elses' is not one of your Trakt lists (kometa-sync, favourites-sync)" in r["Not Mine"].error
    assert re.search(r"Movies\.yml:\d+", r["Not Mine"].error)
    runner.write("collections:\n  Unsigned:\n    plex_all: true\n    sync_to_trakt_list: kometa-sync\n")
    r = rows(runner.run())
    assert "needs a signed-in Trakt: run kometa auth trakt" in r["Unsigned"].error
