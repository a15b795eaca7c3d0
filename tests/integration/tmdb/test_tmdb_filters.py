"""Filters on TMDb details (tmdb_vote_count, tmdb_genre, original_language, tmdb_status, ...):
metasim answers, plexsim holds the library, both from one world."""

from __future__ import annotations

from datetime import date, timedelta

from tmdb_helpers import rows


def _library(world, kind):
    return [t for t in world.library if t.kind == kind]


def _genre_names(title):
    from metasim import tables as T

    table = T.MOVIE_GENRES if title.kind == "movie" else T.TV_GENRES
    return {table[g] for g in title.genre_ids if g in table}


def test_movie_filters_on_tmdb_details_and_second_run_asks_nothing(tmdb):
    world = tmdb.world
    movies = _library(world, "movie")
    votes = sorted(t.vote_count for t in movies)[len(movies) // 2]
    language = movies[0].original_language
    config = f"""
        collections:
          Well Voted:
            plex_all: true
            filters:
              tmdb_vote_count.gte: {votes}
          Language:
            plex_all: true
            filters:
              original_language: {language}
              year.gte: 1900
          Not Language:
            plex_all: true
            filters:
              original_language.not: "{language}, xx"
    """
    first = rows(tmdb.run(config))
    assert all(r.error is None for r in first.values()), first
    assert tmdb.members("Well Voted") == {t.title for t in movies if t.vote_count >= votes}
    assert tmdb.members("Language") == {t.title for t in movies if t.original_language == language
                                       and t.year and t.year >= 1900}
    assert tmdb.members("Not Language") == {t.title for t in movies if t.original_language != language}
    asked = tmdb.tmdb_requests()
    # one details request per movie at most (plus the conversions of legacy guids)
    legacy = sum(1 for t in movies if t.legacy and "themoviedb" not in t.plex_guid)
    assert asked <= len(movies) + legacy
    tmdb.pair.meta.reset_stats()
    second = rows(tmdb.run(config))
    assert {r.status for r in second.values()} == {"Unchanged"}
    assert tmdb.tmdb_requests() == 0  # answers cached


def test_plex_conditions_first_then_tmdb_only_for_the_rest(tmdb):
    world = tmdb.world
    movies = _library(world, "movie")
    year = sorted(t.year for t in movies if t.year)[-5]
    tmdb.run(f"""
        collections:
          Recent Good:
            plex_all: true
            filters:
              year.gte: {year}
              tmdb_vote_average.gte: 0
    """)
    recent = [t for t in movies if t.year and t.year >= year]
    assert tmdb.members("Recent Good") == {t.title for t in recent if t.vote_count}
    legacy = sum(1 for t in movies if t.legacy and "themoviedb" not in t.plex_guid)
    assert tmdb.tmdb_requests() <= len(recent) + legacy  # details only for the recent ones


def test_show_filters_status_type_country_and_air_dates(tmdb):
    world = tmdb.world
    shows = _library(world, "tv")
    status_word = {"Returning Series": "returning", "Ended": "ended", "Canceled": "canceled",
                   "In Production": "production", "Planned": "planned", "Pilot": "pilot"}
    status = shows[0].status
    country = shows[0].origin_countries[0] if shows[0].origin_countries else "US"
    cutoff = date.today() - timedelta(days=365 * 3)
    report = tmdb.run("collections: {}\n", shows=f"""
        collections:
          By Status:
            plex_all: true
            filters:
              tmdb_status: {status_word[status]}
          By Country:
            plex_all: true
            filters:
              origin_country: {country.lower()}
          Aired Lately:
            plex_all: true
            filters:
              last_episode_aired.after: {cutoff.strftime('%m/%d/%Y')}
          First Aired Before:
            plex_all: true
            filters:
              first_episode_aired.before: 01/01/2015
    """)
    got = rows(report, "TV Shows")
    assert all(r.error is None for r in got.values()), got
    assert tmdb.members("By Status", "TV Shows") == {t.title for t in shows if t.status == status}
    assert tmdb.members("By Country", "TV Shows") == {t.title for t in shows if country in t.origin_countries}
    lately = {t.title for t in shows if t.last_air_date and t.last_air_date > cutoff}
    if lately:
        assert tmdb.members("Aired Lately", "TV Shows") == lately
    first = {t.title for t in shows if t.release_date and t.release_date < date(2015, 1, 1)}
    if first:
        assert tmdb.members("First Aired Before", "TV Shows") == first


def test_tmdb_filter_mistakes_are_located(tmdb):
    report = tmdb.run("""
        collections:
          Bad Status:
            plex_all: true
            filters:
              tmdb_status: returning
          Bad Modifier:
            plex_all: true
            filters:
              original_language.begins: e
    """, shows="""
        collections:
          Bad Word:
            plex_all: true
            filters:
              tmdb_status: finished
    """)
    movie = rows(report)
    assert "filter 'tmdb_status' is not available in a movie library" in movie["Bad Status"].error
    assert "modifier .begins does not apply to original_language" in movie["Bad Modifier"].error
    show = rows(report, "TV Shows")
    assert "tmdb_status 'finished' is not one of returning, planned, production, ended, canceled, pilot" \
        in show["Bad Word"].error
    assert "Shows.yml:5: filters.tmdb_status" in show["Bad Word"].error


def test_genre_keyword_year_title_type_and_never_aired(tmdb):
    world = tmdb.world
    movies = _library(world, "movie")
    genre = sorted(_genre_names(movies[0]))[0]
    keyword = world.keywords[movies[0].keyword_ids[0]]
    year = movies[1].year
    shows = _library(world, "tv")
    kind = {"Documentary": "documentary", "News": "news", "Miniseries": "miniseries", "Reality": "reality",
            "Scripted": "scripted", "Talk Show": "talk_show", "Video": "video"}[shows[0].show_type]
    report = tmdb.run(f"""
        collections:
          Genre:
            plex_all: true
            filters:
              tmdb_genre: "{genre}"
          Keyword:
            plex_all: true
            filters:
              tmdb_keyword: "{keyword}"
          Year:
            plex_all: true
            filters:
              tmdb_year: {year}
          Title:
            plex_all: true
            filters:
              tmdb_title.is: "{movies[2].title}"
    """, shows=f"""
        collections:
          Type:
            plex_all: true
            filters:
              tmdb_type: {kind}
          Aired Or Never:
            plex_all: true
            filters:
              last_episode_aired_or_never.after: 01/01/2100
    """)
    assert all(r.error is None for r in rows(report).values()), rows(report)
    assert tmdb.members("Genre") == {t.title for t in movies if genre in _genre_names(t)}
    assert tmdb.members("Keyword") == {t.title for t in movies if keyword in [world.keywords[k] for k in t.keyword_ids]}
    assert tmdb.members("Year") == {t.title for t in movies if t.year == year}
    assert tmdb.members("Title") == {t.title for t in movies if t.title == movies[2].title}
    assert tmdb.members("Type", "TV Shows") == {t.title for t in shows if t.show_type == shows[0].show_type}
    never = {t.title for t in shows if not t.last_air_date}
    got = rows(report, "TV Shows")["Aired Or Never"]
    if never:
        assert tmdb.members("Aired Or Never", "TV Shows") == never
    else:
        assert got.status == "Ignored"


def test_the_corpus_show_config_runs_and_a_second_run_writes_nothing(tmdb):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "fixtures" / "configs" / "good" / "shows-real" / "config"
    report = tmdb.run("collections: {}\n", shows=(corpus / "TV Shows.yml").read_text(encoding="utf-8"))
    got = rows(report, "TV Shows")
    assert len(got) == 13
    assert not [(n, r.error) for n, r in got.items() if r.error], got
    assert {r.status for r in got.values()} <= {"Created", "Ignored"}
    assert got["Season Finales"].status == "Created"
    writes = tmdb.plex_writes()
    tmdb.pair.meta.reset_stats()
    again = rows(tmdb.run(), "TV Shows")
    assert {r.status for r in again.values()} <= {"Unchanged", "Ignored"}, again
    assert tmdb.plex_writes() == writes
    assert tmdb.tmdb_requests() == 0


def test_tmdb_filters_in_a_playlist(tmdb):
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN

    world = tmdb.world
    movies = _library(world, "movie")
    language = movies[0].original_language
    tmdb.write("collections: {}\n")
    (tmdb.folder / "Playlists.yml").write_text(f"""
playlists:
  By Language:
    libraries: Movies
    plex_search: {{all: {{year.gte: 1800}}}}
    filters:
      original_language: {language}
""", encoding="utf-8")
    path = tmdb.folder / "config.yml"
    path.write_text(path.read_text() + "playlist_files:\n  - file: Playlists.yml\n", encoding="utf-8")
    report = tmdb.run()
    row = report.playlists[0]
    assert row.status == "Created", row
    items = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).playlist("By Language").items()
    assert {i.title for i in items} == {t.title for t in movies if t.original_language == language
                                        and t.year and t.year >= 1800}
