"""dynamic_collections of TMDb's details (original_language, origin_country): one collection per code
TMDb gives the library's items, named with TMDb's English name, holding the items with that code;
metasim answers, plexsim holds the library, both from one world."""

from __future__ import annotations

from tmdb_helpers import rows

from metasim import tables as T


def test_original_language_sets_and_a_second_run_asks_nothing(tmdb):
    movies = [t for t in tmdb.world.library if t.kind == "movie"]
    config = """
        dynamic_collections:
          Languages:
            type: original_language
    """
    report = tmdb.run(config)
    found = rows(report)
    codes = {t.original_language for t in movies}
    titles = {f"{T.LANGUAGES.get(code, (code,))[0]} Movies": code for code in codes}
    assert set(found) == set(titles), found
    for title, code in titles.items():
        assert found[title].error is None, found[title]
        assert tmdb.members(title) == {t.title for t in movies if t.original_language == code}
    assert not report.not_done
    tmdb.pair.meta.reset_stats()
    second = rows(tmdb.run(config))
    assert {r.status for r in second.values()} == {"Unchanged"}
    assert tmdb.tmdb_requests() == 0  # the details and the names are cached


def test_origin_country_sets_in_a_show_library(tmdb):
    shows = [t for t in tmdb.world.library if t.kind != "movie"]
    report = tmdb.run("collections: {}\n", shows="""
        dynamic_collections:
          Countries:
            type: origin_country
    """)
    found = rows(report, "TV Shows")
    codes = {c for t in shows for c in t.origin_countries}
    assert set(found) == {f"{T.COUNTRIES.get(c, c)} Shows" for c in codes}, found
    some = sorted(codes)[0]
    assert tmdb.members(f"{T.COUNTRIES.get(some, some)} Shows", "TV Shows") == \
        {t.title for t in shows if some in t.origin_countries}


def test_origin_country_in_a_movie_library_is_a_located_error(tmdb):
    report = tmdb.run("""
        dynamic_collections:
          Countries:
            type: origin_country
    """)
    errors = [r.error for r in rows(report).values() if r.error]
    assert any("type origin_country works in show libraries" in e for e in errors), rows(report)
