"""tvdb_show, tvdb_movie and tvdb_list (and their _details forms) end to end against metasim's
TheTVDB pages and plexsim (one world): ids and every address form, movie and show libraries,
missing titles, details, the cache across runs, malformed values located."""

from __future__ import annotations

import logging
import re
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.model import Title
from metasim.testing import PLEX_TOKEN, Paired
from metasim.tvdb import list_titles, plain_slug, slug


def run(pair: Paired, folder: Path, collections: str, library: str = "Movies", settings: str = "") -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n{settings}"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library(library).rows}
    out["__report__"] = report
    return out


def collection(pair: Paired, name: str, library: str) -> Any:
    from plexapi.server import PlexServer
    return PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library).collection(name)


def members(pair: Paired, name: str, library: str = "Movies") -> list[Title]:
    by_guid = {t.plex_guid: t for t in pair.world.library}
    return [by_guid[i.guid] for i in collection(pair, name, library).items()]


def shows(pair: Paired, in_library: bool) -> list[Title]:
    return [t for t in pair.world.titles if t.kind == "tv" and t.tvdb_id and t.in_library == in_library]


def movies(pair: Paired, in_library: bool) -> list[Title]:
    return [t for t in pair.world.titles if t.kind == "movie" and t.tvdb_id and t.in_library == in_library]


def tvdb_requests(pair: Paired) -> int:
    return int(pair.meta.stats()["by_service"].get("tvdb", 0))


def test_shows_by_id_and_by_every_address_form(pair, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="kometa")
    have, lack = shows(pair, True), shows(pair, False)
    pair.meta.reset_stats()
    r = run(pair, tmp_path, f"""
        collections:
          By Id:
            tvdb_show: {have[0].tvdb_id}, {have[1].tvdb_id}, {lack[0].tvdb_id}
            collection_order: custom
          By Address:
            tvdb_show:
              - https://www.thetvdb.com/series/{plain_slug(have[2])}
              - https://thetvdb.com/series/{slug(have[3])}
              - https://www.thetvdb.com/dereferrer/series/{have[4].tvdb_id}
            collection_order: custom
    """, library="TV Shows")
    assert [t.tvdb_id for t in members(pair, "By Id", "TV Shows")] == [have[0].tvdb_id, have[1].tvdb_id]
    assert r["By Id"].missing == 1
    assert any(f"missing: {lack[0].title} ({lack[0].year}) [tvdb {lack[0].tvdb_id}]" in rec.getMessage()
               for rec in caplog.records)
    assert members(pair, "By Address", "TV Shows") == have[2:5]
    endpoints = pair.meta.stats()["by_endpoint"]
    # ids in the library (a dereferrer address is an id) need no page; the missing one is read once
    # (for its title: one redirect and its page), the two slug addresses once each
    assert sum(n for e, n in endpoints.items() if "dereferrer" in e) == 1
    assert tvdb_requests(pair) == 1 + 1 + 2


def test_movies_are_matched_by_the_tmdb_id_on_their_page(pair, tmp_path):
    have, lack = movies(pair, True), movies(pair, False)
    run_ = run(pair, tmp_path, f"""
        collections:
          Picked:
            tvdb_movie:
              - {have[0].tvdb_id}
              - https://www.thetvdb.com/movies/{slug(have[1])}
              - https://www.thetvdb.com/dereferrer/movie/{lack[0].tvdb_id}
            collection_order: custom
    """)
    assert members(pair, "Picked") == have[:2]
    assert run_["Picked"].missing == 1


def test_details_give_the_summary_poster_and_background(pair, tmp_path):
    show = shows(pair, True)[5]
    r = run(pair, tmp_path, f"""
        collections:
          Detailed:
            tvdb_show_details: {show.tvdb_id}
    """, library="TV Shows")
    assert r["Detailed"].status == "Created"
    made = collection(pair, "Detailed", "TV Shows")
    assert made.summary == show.overview
    page = requests.get(f"{pair.meta.url}/tvdb/dereferrer/series/{show.tvdb_id}", timeout=10).text
    poster = re.search(r'id="artwork-posters".*?href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    background = re.search(r'id="artwork-backgrounds".*?href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert next(i.ratingKey for i in made.posters() if i.selected) == poster
    assert next(i.ratingKey for i in made.arts() if i.selected) == background
    assert requests.get(poster, timeout=10).content[:2] == b"\xff\xd8"  # the address Plex was given serves a JPEG


def test_lists_in_show_and_movie_libraries_and_a_second_run_sends_nothing(pair, tmp_path):
    name = next(f"favourites-{n}" for n in range(100)
                if sum(t.kind == "tv" and t.in_library for t in list_titles(pair.meta.meta, f"favourites-{n}")) >= 2
                and sum(t.kind == "movie" and t.in_library for t in list_titles(pair.meta.meta, f"favourites-{n}")) >= 2)
    listed = list_titles(pair.meta.meta, name)
    config = f"""
        collections:
          Listed:
            tvdb_list_details: https://www.thetvdb.com/lists/{name}
            collection_order: custom
    """
    r = run(pair, tmp_path, config, library="TV Shows")
    assert members(pair, "Listed", "TV Shows") == [t for t in listed if t.kind == "tv" and t.in_library]
    assert r["Listed"].missing == sum(t.kind == "tv" and not t.in_library for t in listed)
    assert collection(pair, "Listed", "TV Shows").summary.startswith(name.replace("-", " ").title())
    pair.meta.reset_stats()
    again = run(pair, tmp_path, config, library="TV Shows")
    assert again["Listed"].status == "Unchanged" and tvdb_requests(pair) == 0  # list and pages from the cache
    r = run(pair, tmp_path, config)  # the same list in a movie library: its movies
    assert members(pair, "Listed") == [t for t in listed if t.kind == "movie" and t.in_library]
    assert r["Listed"].missing == sum(t.kind == "movie" and not t.in_library for t in listed)


def test_malformed_values_and_unknown_lists_are_located(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Gone:
            tvdb_list: https://www.thetvdb.com/lists/missing-list
          NotAList:
            tvdb_list: https://www.thetvdb.com/series/something
          NotAnId:
            tvdb_movie: the-matrix
          WrongLibrary:
            tvdb_show: 83268
          Blank:
            tvdb_movie:
    """)
    assert "TVDb has no list at https://www.thetvdb.com/lists/missing-list" in r["Gone"].error
    assert "is not a TVDb list URL" in r["NotAList"].error
    assert "'the-matrix' is not a TVDb id or URL" in r["NotAnId"].error
    assert "tvdb_show works in show libraries only" in r["WrongLibrary"].error
    assert "tvdb_movie" in r["Blank"].error
    for name in ("Gone", "NotAList", "NotAnId", "WrongLibrary", "Blank"):
        assert re.search(r"lib\.yml:\d+", r[name].error), r[name].error


def test_tvdb_down_uses_the_cached_list_with_a_warning(pair, tmp_path, caplog):
    from metasim.testing import age_cache
    config = """
        collections:
          Down:
            tvdb_list: https://www.thetvdb.com/lists/weekend
    """
    assert run(pair, tmp_path, config, library="TV Shows")["Down"].error is None
    before = members(pair, "Down", "TV Shows")
    age_cache(tmp_path)  # a day later: the list page is asked again
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, config, library="TV Shows")
    finally:
        pair.meta.clear_faults()
    assert r["Down"].status == "Unchanged" and members(pair, "Down", "TV Shows") == before
    assert any("TVDb" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
    # never read before and TVDb down: only that collection fails, with one line
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(pair, tmp_path, "collections:\n  Down:\n    tvdb_list: https://www.thetvdb.com/lists/weekday\n"
                                "  Local:\n    plex_all: true\n", library="TV Shows")
    finally:
        pair.meta.clear_faults()
    assert r["Down"].error and "TVDb" in r["Down"].error and "\n" not in r["Down"].error
    assert r["Local"].error is None


def test_standalone_detail_keys(pair, tmp_path):
    show, other = shows(pair, True)[6], shows(pair, True)[7]
    page = requests.get(f"{pair.meta.url}/tvdb/dereferrer/series/{other.tvdb_id}", timeout=10).text
    poster = re.search(r'id="artwork-posters".*?href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    background = re.search(r'id="artwork-backgrounds".*?href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    listed = requests.get(f"{pair.meta.url}/tvdb/lists/picks", timeout=10).text
    list_poster = re.search(r'id="artwork".*?href="([^"]+)"', listed).group(1)  # type: ignore[union-attr]
    r = run(pair, tmp_path, f"""
        collections:
          Summarised:
            plex_search: {{all: {{title: "{show.title}"}}}}
            tvdb_summary: {show.tvdb_id}
            tvdb_poster: https://www.thetvdb.com/series/{plain_slug(other)}
            tvdb_background: {other.tvdb_id}
          Described:
            plex_search: {{all: {{title: "{show.title}"}}}}
            tvdb_description: https://www.thetvdb.com/lists/picks
            tvdb_summary: {show.tvdb_id}
            tvdb_list_poster: https://www.thetvdb.com/lists/picks
            tvdb_poster: {other.tvdb_id}
          Own Summary:
            plex_search: {{all: {{title: "{show.title}"}}}}
            summary: Mine.
            tvdb_summary: {show.tvdb_id}
          Bad:
            plex_search: {{all: {{title: "{show.title}"}}}}
            tvdb_description: https://www.thetvdb.com/series/x
    """, library="TV Shows")
    made = collection(pair, "Summarised", "TV Shows")
    assert made.summary == show.overview
    assert next(i.ratingKey for i in made.posters() if i.selected) == poster
    assert next(i.ratingKey for i in made.arts() if i.selected) == background
    described = collection(pair, "Described", "TV Shows")
    assert described.summary == "Picks: " + described.summary.split(": ", 1)[1]  # the list's, not the show's
    assert described.summary != show.overview
    assert next(i.ratingKey for i in described.posters() if i.selected) == list_poster  # tvdb_list_poster first
    assert collection(pair, "Own Summary", "TV Shows").summary == "Mine."
    assert "is not a TVDb list URL" in r["Bad"].error and re.search(r"lib\.yml:\d+", r["Bad"].error)


def test_tvdb_filters_read_each_items_page_without_tmdb(pair, tmp_path):
    from metasim.tvdb import genres
    held = [t for t in pair.world.library if t.kind == "tv"]
    with_tvdb = [t for t in held if t.tvdb_id]
    genre = next(g for t in with_tvdb for g in genres(t))
    want = {t.tvdb_id for t in with_tvdb if genre in genres(t)}
    status = with_tvdb[0].status
    pair.meta.reset_stats()
    r = run(pair, tmp_path, f"""
        collections:
          By TVDb Genre:
            plex_all: true
            filters:
              tvdb_genre: {genre}
          Not That Status:
            plex_all: true
            filters:
              tvdb_status.not: {status}
              tvdb_title.regex: "."
    """, library="TV Shows")
    assert r["By TVDb Genre"].error is None
    assert {t.tvdb_id for t in members(pair, "By TVDb Genre", "TV Shows")} == want
    assert {t.tvdb_id for t in members(pair, "Not That Status", "TV Shows")} == {
        t.tvdb_id for t in with_tvdb if t.status != status}
    assert "tmdb" not in pair.meta.stats()["by_service"]  # no TMDb section, no TMDb request
    pair.meta.reset_stats()
    run(pair, tmp_path, "collections:\n  Again:\n    plex_all: true\n    filters:\n      tvdb_genre: Drama\n",
        library="TV Shows")
    assert tvdb_requests(pair) == 0  # the pages are cached


def test_tvdb_language_reads_that_translation(pair, tmp_path):
    from metasim.tvdb import ISO_639_2
    show = next(t for t in shows(pair, True) if t.original_language != "en")
    code = ISO_639_2[show.original_language]
    config = f"""
        collections:
          Translated:
            tvdb_show_details: {show.tvdb_id}
    """
    run(pair, tmp_path, config, library="TV Shows", settings=f"  tvdb_language: {show.original_language}\n")
    assert collection(pair, "Translated", "TV Shows").summary == f"({code}) {show.overview}"
    run(pair, tmp_path, config, library="TV Shows", settings="  tvdb_language: default\n")  # cached apart
    assert collection(pair, "Translated", "TV Shows").summary == show.overview


def test_a_playlist_across_movie_and_show_libraries(pair, tmp_path):
    from plexapi.server import PlexServer

    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    name = "family-night"
    listed = list_titles(pair.meta.meta, name)
    movie = movies(pair, True)[0]
    page = requests.get(f"{pair.meta.url}/tvdb/dereferrer/movie/{movie.tvdb_id}", timeout=10).text
    poster = re.search(r'id="artwork-posters".*?href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    listed_page = requests.get(f"{pair.meta.url}/tvdb/lists/{name}", timeout=10).text
    list_poster = re.search(r'id="artwork".*?href="([^"]+)"', listed_page).group(1)  # type: ignore[union-attr]
    (tmp_path / "pl.yml").write_text(textwrap.dedent(f"""
        playlists:
          From TVDb:
            libraries: Movies, TV Shows
            tvdb_list: https://www.thetvdb.com/lists/{name}
            tvdb_description: https://www.thetvdb.com/lists/{name}
            tvdb_poster: {movie.tvdb_id}
          Listed Poster:
            libraries: Movies
            tvdb_list: https://www.thetvdb.com/lists/{name}
            tvdb_list_poster: https://www.thetvdb.com/lists/{name}
            tvdb_poster: {movie.tvdb_id}
          Own Poster:
            libraries: Movies
            tvdb_list: https://www.thetvdb.com/lists/{name}
            url_poster: https://example.org/mine.jpg
            tvdb_poster: {movie.tvdb_id}
    """), encoding="utf-8")
    path = tmp_path / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  Movies:\n  TV Shows:\nplaylist_files:\n  - file: pl.yml\n", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    playlist = PlexServer(pair.plex.url, PLEX_TOKEN).playlist("From TVDb")
    by_guid = {t.plex_guid: t for t in pair.world.library}
    movies_in = [by_guid[i.guid] for i in playlist.items() if i.type == "movie"]
    episodes = [i for i in playlist.items() if i.type == "episode"]
    assert movies_in == [t for t in listed if t.kind == "movie" and t.in_library]
    assert {by_guid[e.grandparentGuid] for e in episodes} == {t for t in listed if t.kind == "tv" and t.in_library}
    assert playlist.summary.startswith(name.replace("-", " ").title())
    assert report.not_done == []

    server = PlexServer(pair.plex.url, PLEX_TOKEN)

    def selected(title: str) -> str:
        return next(p.ratingKey for p in server.playlist(title).posters() if p.selected)

    assert selected("From TVDb") == poster  # the first library's kind: a TVDb movie
    assert selected("Listed Poster") == list_poster  # tvdb_list_poster before tvdb_poster
    assert selected("Own Poster") == "https://example.org/mine.jpg"  # url_poster wins
    pair.meta.reset_stats()
    pair.plex.reset_stats()
    process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                              moment=datetime.now().astimezone()))
    assert tvdb_requests(pair) == 0 and pair.plex.stats()["by_method"].get("POST", 0) == 0  # not uploaded again
