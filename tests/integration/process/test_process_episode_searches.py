"""``type: episodes`` / ``type: seasons`` in smart_filter and plex_search of a show library, against
plexsim: a smart collection of Plex's episode type, a regular collection of episodes, the
attributes an episode search takes, a second run and a dry run that write nothing."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

from process_helpers import rows

SHOWS = "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"


def _run(runner, text: str, **flags):
    runner.write("collections: {}\n", extra_libraries=SHOWS)
    (runner.folder / "Shows.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return runner.run(**flags)


def _air_recent(runner, count: int) -> dict[int, datetime]:
    """Give ``count`` episodes of different shows an air date in the last days (real HTTP edits
    before the run); every other episode aired long ago in the seeded world."""
    section = runner.plex().library.section("TV Shows")
    recent: dict[int, datetime] = {}
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    for n, show in enumerate(section.all()[:count]):
        episode = show.episodes()[-1]
        day = today - timedelta(days=n + 1)
        episode.editOriginallyAvailable(day)
        recent[episode.ratingKey] = day
    old = [e for e in section.searchEpisodes() if e.ratingKey not in recent and e.originallyAvailableAt
           and e.originallyAvailableAt >= today - timedelta(days=30)]
    for episode in old:  # the seeded world may hold a recent air date: push it back
        episode.editOriginallyAvailable(today - timedelta(days=400))
    return recent


def test_smart_filter_of_episodes_is_a_smart_episode_collection(runner):
    recent = _air_recent(runner, 3)
    text = """
        collections:
          New Episodes:
            smart_filter:
              type: episodes
              sort_by: release.desc
              all:
                episode_air_date: 7
    """
    report = _run(runner, text)
    row = rows(report, "Shows")["New Episodes"]
    assert row.status == "Created", row
    collection = runner.plex().library.section("TV Shows").collection("New Episodes")
    assert collection.smart and collection.subtype == "episode"
    query = dict(parse_qsl(urlsplit(collection.content).query))
    assert query["type"] == "4"
    assert query["episode.originallyAvailableAt>>"] == "-7d"
    items = collection.items()
    assert {i.ratingKey for i in items} == set(recent)
    assert [i.ratingKey for i in items] == sorted(recent, key=recent.__getitem__, reverse=True)  # newest first
    before = runner.writes()
    report = runner.run()
    assert rows(report, "Shows")["New Episodes"].status == "Unchanged"
    assert runner.writes() == before


def test_plex_search_of_episodes_is_a_regular_episode_collection(runner):
    recent = _air_recent(runner, 2)
    section = runner.plex().library.section("TV Shows")
    show = section.all()[0]
    report = _run(runner, f"""
        collections:
          This Week:
            plex_search:
              type: episode
              any:
                episode_air_date: 7
          One Show:
            plex_search:
              type: episodes
              all:
                title: "{show.title}"
    """)
    got = rows(report, "Shows")
    assert got["This Week"].status == got["One Show"].status == "Created", got
    section = runner.plex().library.section("TV Shows")
    week = section.collection("This Week")
    assert not week.smart and week.subtype == "episode"
    assert {i.ratingKey for i in week.items()} == set(recent)
    # ``title`` of an episode search is the show's (Kometa's translation): every episode of that show
    assert {i.ratingKey for i in section.collection("One Show").items()} == {e.ratingKey for e in show.episodes()}
    before = runner.writes()
    report = runner.run()
    assert {r.status for r in rows(report, "Shows").values()} == {"Unchanged"}
    assert runner.writes() == before


def test_smart_filter_of_seasons(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[1]
    report = _run(runner, f"""
        collections:
          Seasons Of One:
            smart_filter:
              type: seasons
              all:
                title: "{show.title}"
    """)
    assert rows(report, "Shows")["Seasons Of One"].status == "Created", rows(report, "Shows")
    collection = runner.plex().library.section("TV Shows").collection("Seasons Of One")
    assert collection.smart and collection.subtype == "season"
    assert dict(parse_qsl(urlsplit(collection.content).query))["type"] == "3"
    assert {i.ratingKey for i in collection.items()} == {s.ratingKey for s in show.seasons()}


def test_dry_run_writes_nothing(runner):
    recent = _air_recent(runner, 2)
    before = runner.writes()
    report = _run(runner, """
        collections:
          New Episodes:
            smart_filter: {type: episodes, all: {episode_air_date: 7}}
          Listed:
            plex_search: {type: episodes, all: {episode_air_date: 7}}
    """, dry_run=True)
    assert runner.writes() == before
    assert {r.status for r in rows(report, "Shows").values()} == {"Created"}, rows(report, "Shows")
    episodes = [runner.plex().fetchItem(k) for k in recent]
    for episode in episodes:  # the plan names each episode by its show and number
        code = f"S{episode.parentIndex:02d}E{episode.index:02d}"
        assert any(f"+ {episode.grandparentTitle} {code} {episode.title}" in line for line in runner.printed), \
            runner.printed
    assert not {"New Episodes", "Listed"} & {c.title for c in runner.plex().library.section("TV Shows").collections()}


def test_episode_search_mistakes_are_located(runner):
    report = _run(runner, """
        collections:
          Decade Of Episodes:
            smart_filter:
              type: episodes
              all:
                decade: 2010
          Movies In Shows:
            plex_search:
              type: movies
              all:
                title: A
          Two Types:
            plex_search:
              - type: episodes
                all: {title: A}
              - type: seasons
                all: {title: B}
          Level And Type:
            builder_level: season
            plex_search:
              type: episodes
              all: {title: A}
          Bad Type:
            smart_filter:
              type: clips
              all: {title: A}
    """)
    got = rows(report, "Shows")
    assert "Shows.yml:4: smart_filter.all.decade: 'decade' does not apply to episodes" in got["Decade Of Episodes"].error
    assert "Shows.yml:9: plex_search.type: movies are not in a show library (it holds shows, seasons, episodes)" \
        in got["Movies In Shows"].error
    assert "plex_search.type: seasons differs from the plex_search type (episodes)" in got["Two Types"].error
    assert "plex_search.type: episodes does not match this search's items: it returns seasons (builder_level: " \
           "season)" in got["Level And Type"].error
    assert "smart_filter.type must be one of movies, shows, seasons, episodes" in got["Bad Type"].error
    assert all(r.status == "Builder Validation Error" for r in got.values()), got


def test_episode_type_in_a_movie_library_is_located(runner):
    report = runner.run("""
        collections:
          Episodes Here:
            smart_filter: {type: episodes, all: {title: A}}
    """)
    error = rows(report)["Episodes Here"].error
    assert "Movies.yml:4: smart_filter.type: episodes are not in a movie library (it holds movies)" in error
