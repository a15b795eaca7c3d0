"""Trakt builders end to end: a config run against plexsim + metasim (one world) through real HTTP."""

from __future__ import annotations

import re
from typing import Any

import requests
from trakt_helpers import CLIENT_ID, SECRET, rows

from metasim.testing import age_cache

HEADERS = {"trakt-api-key": CLIENT_ID, "trakt-api-version": "2"}


def _trakt(pair: Any, path: str, **params: Any) -> Any:
    r = requests.get(f"{pair.meta.url}/trakt{path}", headers=HEADERS, params=params, timeout=10)
    r.raise_for_status()
    return r.json()


def _expected(pair: Any, entries: list[dict[str, Any]]) -> tuple[set[tuple[str, int]], int]:
    """(title, year) of the listed movies the library holds, and how many listed movies it lacks."""
    held, missing = set(), 0
    for entry in entries:
        movie = entry.get("movie") if "movie" in entry else (entry if "ids" in entry else None)
        if movie is None:
            continue
        title = pair.world.title("movie", movie["ids"]["tmdb"])
        if title is not None and title.in_library:
            held.add((title.title, title.year))
        else:
            missing += 1
    return held, missing


def _members(pair: Any, name: str) -> set[tuple[str, int]]:
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    return {(m.title, m.year) for m in section.collection(name).items()}


def test_list_chart_and_boxoffice_collections(runner, pair):
    runner.write("""
        collections:
          Christmas:
            trakt_list_details: https://trakt.tv/users/movistapp/lists/christmas-movies
            collection_order: custom
          Trending:
            trakt_trending: 15
          Watched:
            trakt_chart:
              chart: watched
              time_period: monthly
              limit: 12
          Box Office:
            trakt_boxoffice: true
    """)
    report = runner.run()
    r = rows(report)
    for name in ("Christmas", "Trending", "Watched", "Box Office"):
        assert r[name].status == "Created", (name, r[name])
    listed = _trakt(pair, "/users/movistapp/lists/christmas-movies/items")
    held, missing = _expected(pair, listed)
    assert held and _members(pair, "Christmas") == held
    assert r["Christmas"].missing == missing
    assert _members(pair, "Trending") == _expected(pair, _trakt(pair, "/movies/trending", limit=15))[0]
    assert _members(pair, "Watched") == _expected(pair, _trakt(pair, "/movies/watched/monthly", limit=12))[0]
    assert _members(pair, "Box Office") == _expected(pair, _trakt(pair, "/movies/boxoffice"))[0]
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    christmas = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies").collection("Christmas")
    assert christmas.summary == "A Trakt list by movistapp."
    assert any(line.startswith("Trakt: ") for line in report.online)


def test_userlist_me_needs_sign_in_and_works_with_tokens(runner, pair):
    collections = """
        collections:
          My Watchlist:
            trakt_userlist:
              userlist: watchlist
              user: me
              sort_by: added
          Trending:
            trakt_popular: 5
    """
    runner.write(collections)
    r = rows(runner.run())
    assert "needs Trakt's sign-in" in r["My Watchlist"].error and "Movies.yml:" in r["My Watchlist"].error
    assert r["Trending"].status == "Created"
    token = pair.meta.meta.trakt.grant("granted-token")
    runner.write(collections, trakt=f"trakt:\n  client_id: {CLIENT_ID}\n  client_secret: {SECRET}\n"
                                   f"  authorization:\n    access_token: {token}\n    token_type: bearer\n"
                                   f"    expires_in: 7776000\n    refresh_token: r\n    scope: public\n"
                                   f"    created_at: 4102444800\n")
    r = rows(runner.run())
    assert r["My Watchlist"].status == "Created", r["My Watchlist"]
    r2 = requests.get(f"{pair.meta.url}/trakt/users/me/watchlist/movies/added",
                      headers={**HEADERS, "Authorization": f"Bearer {token}"}, timeout=10).json()
    assert _members(pair, "My Watchlist") == _expected(pair, r2)[0]


def test_refused_client_id_fails_only_trakt_collections(runner, pair):
    pair.meta.reset_stats()
    runner.write("""
        collections:
          Trending:
            trakt_trending: 5
          Popular:
            trakt_popular: 5
          Everything:
            plex_all: true
    """, trakt="trakt:\n  client_id: wrong-id\n  client_secret: s\n")
    r = rows(runner.run())
    assert r["Everything"].status == "Created"
    for name in ("Trending", "Popular"):
        assert r[name].status == "Trakt Failure", r[name]
        assert "config.yml:" in r[name].error and "refused" in r[name].error
    # the refusal is remembered: the second Trakt collection sent no request
    assert pair.meta.stats()["by_service"]["trakt"] == 1


def test_malformed_values_are_located(runner, pair):
    runner.write("""
        collections:
          Bad Count:
            trakt_trending: lots
          Bad Chart:
            trakt_chart:
              chart: nope
          Bad Url:
            trakt_list: https://example.com/not-trakt
          Filter:
            trakt_chart:
              chart: trending
              imdb_ratings: 7-11
          Shows Only:
            trakt_chart:
              chart: trending
              status: ended
          Bad Years:
            trakt_chart:
              chart: popular
              years: the nineties
          Gone:
            trakt_list: https://trakt.tv/users/missing-user/lists/x
    """)
    r = rows(runner.run())
    assert "whole number" in r["Bad Count"].error
    assert "chart must be one of" in r["Bad Chart"].error
    assert "not a Trakt list URL" in r["Bad Url"].error
    assert "imdb_ratings must be between 0 and 10" in r["Filter"].error
    assert "the status filter works in show libraries only" in r["Shows Only"].error
    assert "years must be a whole number or a range like 1000-3000" in r["Bad Years"].error
    assert "Trakt has no list" in r["Gone"].error
    for row in r.values():
        assert "Movies.yml:" in row.error, row.error


def test_section_errors_have_lines(runner, pair):
    runner.write("""
        collections:
          Trending:
            trakt_trending: 5
    """, trakt="trakt:\n  client_id: x\n  client_secret: y\n  clientsecret: z\n")
    r = rows(runner.run())
    assert "unknown key" not in (r["Trending"].error or "")  # ignored, as Kometa does (a located warning at load)
    runner.write("collections:\n  T:\n    trakt_trending: 5\n", trakt="")
    r = rows(runner.run())
    assert "the 'trakt:' section is missing" in r["T"].error


def test_trakt_down_uses_cached_answer_with_warning(runner, pair, caplog):
    runner.write("""
        collections:
          Trending:
            trakt_trending: 10
    """)
    assert rows(runner.run())["Trending"].status == "Created"
    before = _members(pair, "Trending")
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    age_cache(runner.folder)  # a day later: the list is asked again
    try:
        report = runner.run()
    finally:
        pair.meta.clear_faults()
    r = rows(report)
    assert r["Trending"].status == "Unchanged", r["Trending"]
    assert _members(pair, "Trending") == before
    assert any("using cached data" in rec.getMessage() for rec in caplog.records)
    assert any("cached answer(s) used because Trakt was down" in line for line in report.online)


def test_chart_filters_are_sent_as_trakt_documents_them(runner, pair):
    filters = {"years": "1990-2015", "genres": "drama,comedy", "ratings": "50-100", "tmdb_votes": "10-1000000"}
    entries = _trakt(pair, "/movies/popular", limit=100, page=1, **filters)
    held, missing = _expected(pair, entries)
    assert held and len(entries) < len(_trakt(pair, "/movies/popular", limit=100, page=1))  # the filters narrowed it
    runner.write("""
        collections:
          Filtered:
            trakt_chart:
              chart: popular
              limit: 100
              years: 1990-2015
              genres: [Drama, comedy]
              ratings: 50-100
              tmdb_votes: 10-1000000
    """)
    pair.meta.reset_stats()
    r = rows(runner.run())
    assert r["Filtered"].status == "Created", r["Filtered"]
    assert _members(pair, "Filtered") == held and r["Filtered"].missing == missing
    sent = [e for e in pair.meta.request_log() if "/movies/popular" in e.get("path", "")]
    assert sent and all("genres=drama%2Ccomedy" in e.get("query", "") for e in sent)


def test_rating_and_id_filters_narrow_the_chart(runner, pair):
    from metasim.imdb.graphql import rating
    from metasim.omdb import scores
    filters = {"imdb_ratings": "6.0-10", "rt_meters": "40-100", "metascores": "30-100", "imdb_votes": "1-100000000",
               "rt_user_meters": "0-100"}
    entries = _trakt(pair, "/movies/popular", limit=100, page=1, **filters)
    everything = _trakt(pair, "/movies/popular", limit=100, page=1)
    seed = pair.world.seed
    kept = [pair.world.title("movie", e["ids"]["tmdb"]) for e in everything]
    kept = [t for t in kept if rating(seed, t) >= 6.0 and scores(seed, t)[1] >= 40 and scores(seed, t)[0] >= 30]
    assert [e["ids"]["tmdb"] for e in entries] == [t.tmdb_id for t in kept] and 0 < len(entries) < len(everything)
    company = next(c for t in kept for c in t.company_ids)
    studio = _trakt(pair, "/movies/popular", limit=100, page=1, studio_ids=str(company))
    assert studio and all(company in pair.world.title("movie", e["ids"]["tmdb"]).company_ids for e in studio)
    held, missing = _expected(pair, entries)
    runner.write("""
        collections:
          Rated:
            trakt_chart:
              chart: popular
              limit: 100
              imdb_ratings: 6.0-10
              rt_meters: 40-100
              metascores: 30-100
              imdb_votes: 1-100000000
              rt_user_meters: 0-100
    """)
    pair.meta.reset_stats()
    r = rows(runner.run())
    assert _members(pair, "Rated") == held and r["Rated"].missing == missing
    sent = [e for e in pair.meta.request_log() if "/movies/popular" in e.get("path", "")]
    assert sent and all("imdb_ratings=6.0-10" in e.get("query", "") for e in sent)


def test_show_status_filter_is_sent_as_trakt_names_it(pair):
    ended = _trakt(pair, "/shows/popular", limit=100, page=1, status="ended,canceled")
    everything = _trakt(pair, "/shows/popular", limit=100, page=1)
    statuses = {pair.world.title("tv", e["ids"]["tmdb"]).status for e in ended}
    assert ended and statuses <= {"Ended", "Canceled"} and len(ended) < len(everything)
    from kometa.sources.trakt_filters import chart_filters
    assert chart_filters("trakt_chart", {"status": "returning, canceled", "network_ids": [49, "2"]}, shows=True) == \
        {"status": "returning series,canceled", "network_ids": "49,2"}


def test_trakt_and_letterboxd_description_keys_set_the_summary(runner, pair, monkeypatch):
    monkeypatch.setenv("KOMETA_LETTERBOXD_URL", f"{pair.meta.url}/letterboxd")
    runner.write("""
        collections:
          Described By Trakt:
            plex_all: true
            trakt_description: https://trakt.tv/users/movistapp/lists/christmas-movies
          Described By Letterboxd:
            plex_all: true
            letterboxd_description: https://letterboxd.com/critic/list/best-of-the-decade/
            trakt_description: https://trakt.tv/users/movistapp/lists/christmas-movies
          Own Summary:
            plex_all: true
            summary: Mine.
            trakt_description: https://trakt.tv/users/nobody/lists/none
          No List:
            plex_all: true
            trakt_description: https://trakt.tv/users/missing-user/lists/none
          Not A List:
            plex_all: true
            letterboxd_description: https://example.com/x
    """)
    r = rows(runner.run())
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    assert section.collection("Described By Trakt").summary == "A Trakt list by movistapp."
    # Letterboxd's description comes first (Kometa's order)
    assert section.collection("Described By Letterboxd").summary == "Films critic keeps coming back to: best of the decade."
    assert section.collection("Own Summary").summary == "Mine."  # and nothing is asked for the list
    assert "trakt_description: Trakt has no list none" in r["No List"].error
    assert "is not a Letterboxd list URL" in r["Not A List"].error
    for name in ("No List", "Not A List"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error
