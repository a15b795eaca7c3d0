"""letterboxd_list end to end against metasim's Letterboxd pages and plexsim (one world): the list's
films matched through their film pages, paging, filters (year, owner rating, note, limit),
_details, the cache across runs, Letterboxd down, malformed values."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from metasim.testing import PLEX_TOKEN, Paired, age_cache


@pytest.fixture(scope="module")
def big(pair: Paired) -> str:
    """The path of a list longer than one page (100 films)."""
    for n in range(50):
        path = f"/critic/list/best-of-{n}/"
        if 'class="next"' in requests.get(f"{pair.meta.url}/letterboxd{path}", timeout=10).text:
            return path
    raise AssertionError("no list of more than one page")


def run(pair: Paired, folder: Path, collections: str) -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "Movies.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library("Movies").rows}
    out["__report__"] = report
    return out


def page_films(pair: Paired, path: str, detail: bool = False) -> list[dict[str, Any]]:
    """The list's films as the pages show them (slug, year, owner rating, note), read directly."""
    out: list[dict[str, Any]] = []
    url = f"{pair.meta.url}/letterboxd{path}{'detail/' if detail else ''}"
    while url:
        html = requests.get(url, timeout=10).text
        for block in re.split(r"(?=<(?:li|article) class=)", html)[1:]:
            slug = re.search(r'data-item-slug="([^"]+)"', block)
            if not slug:
                continue
            year = re.search(r'data-item-name="[^"]*\((\d{4})\)"', block)
            rated = re.search(r"rated-(\d+)", block)
            note = re.search(r'body-text[^>]*><p>([^<]*)</p>', block)
            out.append({"slug": slug.group(1), "year": int(year.group(1)) if year else None,
                        "rating": int(rated.group(1)) if rated else None, "note": note.group(1) if note else None})
        nxt = re.search(r'class="next" href="([^"]+)"', html)
        url = f"{pair.meta.url}/letterboxd{nxt.group(1)}" if nxt else ""
    return out


def tmdb_of(pair: Paired, slug: str) -> int:
    html = requests.get(f"{pair.meta.url}/letterboxd/film/{slug}/", timeout=10).text
    return int(re.search(r'data-tmdb-id="(\d+)"', html).group(1))  # type: ignore[union-attr]


def members(pair: Paired, name: str) -> list[int]:
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    by_guid = {t.plex_guid: t.tmdb_id for t in pair.world.library}  # (titles and years repeat in the world)
    return [by_guid[i.guid] for i in section.collection(name).items()]


def in_library(pair: Paired) -> set[int]:
    return {t.tmdb_id for t in pair.world.library if t.kind == "movie"}


def test_list_films_are_matched_through_their_pages_in_order(pair, big, tmp_path):
    films = page_films(pair, big)
    assert len(films) > 100  # more than one page
    expected = [t for t in (tmdb_of(pair, f["slug"]) for f in films) if t in in_library(pair)]
    r = run(pair, tmp_path, f"""
        collections:
          Decade:
            letterboxd_list: https://letterboxd.com{big}
            collection_order: custom
            sync_mode: sync
    """)
    assert r["Decade"].status == "Created", r["Decade"]
    assert members(pair, "Decade") == expected
    assert r["Decade"].missing == len(films) - len(expected) > 0
    assert any(line.startswith("Letterboxd:") for line in r["__report__"].online)


def test_filters_and_limit(pair, big, tmp_path):
    detail = page_films(pair, big, detail=True)
    url = f"https://letterboxd.com{big}"
    lib = in_library(pair)
    rated = [tmdb_of(pair, f["slug"]) for f in detail if f["rating"] is not None and 7 <= f["rating"] <= 10]
    years = [tmdb_of(pair, f["slug"]) for f in detail if f["year"] and 2000 <= f["year"] <= 2015]
    noted = [tmdb_of(pair, f["slug"]) for f in detail if f["note"] and "classic" in f["note"]]
    assert rated and years and noted
    run(pair, tmp_path, f"""
        collections:
          Rated:
            letterboxd_list: {{url: "{url}", rating: 7-10}}
            collection_order: custom
          Years:
            letterboxd_list: {{url: "{url}", year: 2000-2015}}
            collection_order: custom
          Noted:
            letterboxd_list: {{url: "{url}", note: Classic}}
            collection_order: custom
          Five:
            letterboxd_list: {{url: "{url}", year: 2000-2015, limit: 5}}
            collection_order: custom
    """)
    assert members(pair, "Rated") == [t for t in rated if t in lib]
    assert members(pair, "Years") == [t for t in years if t in lib]
    assert members(pair, "Noted") == [t for t in noted if t in lib]
    assert members(pair, "Five") == [t for t in years[:5] if t in lib]


def test_details_sets_the_summary_and_a_second_run_sends_nothing(pair, tmp_path):
    config = """
        collections:
          Described:
            letterboxd_list_details: https://letterboxd.com/critic/list/best-of-the-decade/
    """
    first = run(pair, tmp_path, config)
    assert first["Described"].status == "Created"
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies")
    assert section.collection("Described").summary == "Films critic keeps coming back to: best of the decade."
    pair.meta.reset_stats()
    second = run(pair, tmp_path, config)
    assert second["Described"].status == "Unchanged"
    assert pair.meta.stats()["by_service"].get("letterboxd", 0) == 0  # list pages and film pages from the cache
    age_cache(tmp_path)  # a day later: the list pages are asked again, the film pages are not
    run(pair, tmp_path, config)
    endpoints = pair.meta.stats()["by_endpoint"]
    assert endpoints.get("GET /letterboxd/{user}/list/{list}/", 0) == 1
    assert not any("/film/" in e for e in endpoints)


def test_letterboxd_down_uses_the_cached_list_with_a_warning(pair, tmp_path, caplog):
    config = """
        collections:
          Down:
            letterboxd_list: https://letterboxd.com/someone/list/weekend/
    """
    assert run(pair, tmp_path, config)["Down"].status == "Created"
    before = members(pair, "Down")
    age_cache(tmp_path)
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config)
    finally:
        pair.meta.clear_faults()
    assert r["Down"].status == "Unchanged" and members(pair, "Down") == before
    assert any("Letterboxd" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
    # never read before and Letterboxd down: only that collection fails, with one line
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config.replace("weekend", "weekday"))
    finally:
        pair.meta.clear_faults()
    assert r["Down"].error and "Letterboxd" in r["Down"].error


def test_unknown_list_and_malformed_values_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Gone:
            letterboxd_list: https://letterboxd.com/missing-user/list/nothing/
          NotAUrl:
            letterboxd_list: https://example.com/list/x
          BadYear:
            letterboxd_list: {url: "https://letterboxd.com/a/list/b/", year: nineties}
          BadRating:
            letterboxd_list: {url: "https://letterboxd.com/a/list/b/", rating: 3-12}
          Unknown:
            letterboxd_list: {url: "https://letterboxd.com/a/list/b/", sort: rank}
          Short:
            letterboxd_list: https://boxd.it/missing1
          Bad Sort:
            letterboxd_list: https://letterboxd.com/a/list/b/by/shuffle/
          Watch Rating:
            letterboxd_list: {url: "https://letterboxd.com/a/watchlist/", rating: 8-10}
    """)
    assert "Letterboxd has no list missing-user/list/nothing" in r["Gone"].error
    assert "is not a Letterboxd list URL" in r["NotAUrl"].error
    assert "year must be a range" in r["BadYear"].error
    assert "rating must be a range between 1 and 10" in r["BadRating"].error
    assert "unknown attribute 'sort'" in r["Unknown"].error
    assert "the short link https://boxd.it/missing1 leads nowhere" in r["Short"].error
    assert "Letterboxd has no list a/list/b" in r["Bad Sort"].error
    assert "rating and note work with list URLs only" in r["Watch Rating"].error
    for name in ("Gone", "NotAUrl", "BadYear", "BadRating", "Unknown", "Short", "Bad Sort", "Watch Rating"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error


def _tmdb_in_order(pair: Paired, path: str) -> list[int]:
    from metasim.letterboxd.routes import films
    lib, by_slug = in_library(pair), films(pair.meta.meta).by_slug
    return [t for t in (by_slug[f["slug"]].tmdb_id for f in page_films(pair, path)) if t in lib]


def test_short_links_watchlists_films_pages_and_sorted_or_shared_lists(pair, tmp_path):
    import requests as http
    hop = http.get(f"{pair.meta.url}/boxd/2xY9q", allow_redirects=False, timeout=10)
    assert hop.status_code == 301 and hop.headers["Location"].startswith("https://letterboxd.com/boxd2xy9q/list/")
    short_path = hop.headers["Location"].removeprefix("https://letterboxd.com")
    forms = {"Short": ("https://boxd.it/2xY9q", short_path),
             "Watchlist": ("https://letterboxd.com/critic/watchlist/", "/critic/watchlist/"),
             "Sorted": ("https://letterboxd.com/critic/list/to-watch/by/name/", "/critic/list/to-watch/by/name/"),
             "Shared": ("https://letterboxd.com/critic/list/to-watch/share/Zx81/", "/critic/list/to-watch/share/Zx81/"),
             "Popular Horror": ("https://letterboxd.com/films/popular/this/week/genre/horror/",
                                "/films/popular/this/week/genre/horror/"),
             "Watched": ("https://letterboxd.com/critic/films/by/rating/", "/critic/films/by/rating/")}
    collections = "collections:\n" + "".join(f"  {name}:\n    letterboxd_list: {url}\n    collection_order: custom\n"
                                              for name, (url, _path) in forms.items())
    pair.meta.reset_stats()
    r = run(pair, tmp_path, collections)
    for name, (_url, path) in forms.items():
        want = _tmdb_in_order(pair, path)
        assert want, name
        assert r[name].status == "Created", (name, r[name])
        assert members(pair, name) == want, name
    # by/name really is in name order, and differs from the list's own order
    assert _tmdb_in_order(pair, "/critic/list/to-watch/by/name/") != _tmdb_in_order(pair, "/critic/list/to-watch/")
    # the short link was resolved once; a second run asks Letterboxd and boxd.it nothing
    assert pair.meta.stats()["by_service"].get("boxd") == 1
    pair.meta.reset_stats()
    run(pair, tmp_path, collections)
    stats = pair.meta.stats()["by_service"]
    assert stats.get("boxd", 0) == 0 and stats.get("letterboxd", 0) == 0


def test_user_films_and_reviews_with_their_filters(pair, tmp_path, caplog):
    from metasim.letterboxd.routes import owner_note, owner_rating, pick
    seed, lib = pair.world.seed, in_library(pair)
    watched = pick(pair.meta.meta, "cinephile", "all")
    r = run(pair, tmp_path, """
        collections:
          User Watched:
            letterboxd_user_films: cinephile
            collection_order: custom
          Loved:
            letterboxd_user_films: {username: cinephile, min_rating: 7.5, sort_by: user_rating_highest, note: x}
            collection_order: custom
          Reviewed:
            letterboxd_user_reviews_details:
              - username: cinephile
                note: favourite
            collection_order: custom
          Bad:
            letterboxd_user_films: {username: cinephile, min_rating: 11}
          NoUser:
            letterboxd_user_reviews: {limit: 3}
    """)
    assert members(pair, "User Watched") == [t.tmdb_id for t in watched if t.tmdb_id in lib]
    assert r["User Watched"].missing == sum(t.tmdb_id not in lib for t in watched)
    loved = [t.tmdb_id for t in watched if (owner_rating(seed, "cinephile", t) or 0) >= 8 and t.tmdb_id in lib]
    assert loved and members(pair, "Loved") == loved
    reviewed = [t.tmdb_id for t in watched if "favourite" in (owner_note(seed, "cinephile", t) or "")
                and t.tmdb_id in lib]
    assert reviewed and members(pair, "Reviewed") == reviewed
    said = [rec.getMessage() for rec in caplog.records]
    assert any("sort_by user_rating_highest is accepted" in m for m in said)
    assert any("note is ignored for watched films" in m for m in said)
    assert "min_rating must be a number from 0 to 10, got 11" in r["Bad"].error
    assert "username is missing" in r["NoUser"].error
    for name in ("Bad", "NoUser"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error


def test_cache_builders_keeps_the_list_for_its_days(pair, tmp_path):
    config = """
        collections:
          Kept:
            letterboxd_list: https://letterboxd.com/critic/list/kept-for-days/
            cache_builders: 3
          Daily:
            letterboxd_list: https://letterboxd.com/critic/list/asked-daily/
    """
    first = run(pair, tmp_path, config)
    assert first["Kept"].status == "Created" and first["Daily"].status == "Created"
    pair.meta.reset_stats()
    age_cache(tmp_path, hours=50)  # two days on: the daily list is asked again, the kept one is not
    run(pair, tmp_path, config)
    endpoints = pair.meta.stats()["by_endpoint"]
    assert endpoints.get("GET /letterboxd/{user}/list/{list}/", 0) == 1
    pair.meta.reset_stats()
    age_cache(tmp_path, hours=30)  # 80 hours: older than its 3 days, asked again
    run(pair, tmp_path, config)
    assert pair.meta.stats()["by_endpoint"].get("GET /letterboxd/{user}/list/{list}/", 0) == 2
    bad = run(pair, tmp_path, """
        collections:
          Bad:
            letterboxd_list: https://letterboxd.com/critic/list/kept-for-days/
            cache_builders: soon
    """)
    assert "cache_builders must be a whole number of days" in bad["Bad"].error
    assert re.search(r"Movies\.yml:\d+", bad["Bad"].error), bad["Bad"].error
