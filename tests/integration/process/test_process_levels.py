"""builder_level: season and episode collections of a show library, against plexsim."""

from __future__ import annotations

import textwrap

from process_helpers import rows

SHOWS = "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"


def _run(runner, text: str, **flags):
    runner.write("collections: {}\n", extra_libraries=SHOWS)
    (runner.folder / "Shows.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return runner.run(**flags)


def test_episode_collection_from_plex_all_and_filters(runner):
    section = runner.plex().library.section("TV Shows")
    episodes = section.searchEpisodes()
    first = episodes[0]
    report = _run(runner, f"""
        collections:
          Pilots:
            plex_all: true
            builder_level: episode
            filters:
              title: "{first.title}"
    """)
    row = rows(report, "Shows")["Pilots"]
    assert row.status == "Created", row
    collection = runner.plex().library.section("TV Shows").collection("Pilots")
    assert collection.subtype == "episode"
    want = {e.ratingKey for e in episodes if first.title.lower() in e.title.lower()}
    assert {i.ratingKey for i in collection.items()} == want
    # a second run changes nothing and writes nothing
    before = runner.writes()
    report = runner.run()
    assert rows(report, "Shows")["Pilots"].status == "Unchanged"
    assert runner.writes() == before


def test_season_collection_search_uses_the_shows_fields(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[0]
    genre = show.genres[0].tag
    report = _run(runner, f"""
        collections:
          Seasons:
            plex_search:
              all:
                genre: "{genre}"
            builder_level: season
    """)
    assert rows(report, "Shows")["Seasons"].status == "Created", rows(report, "Shows")["Seasons"]
    collection = runner.plex().library.section("TV Shows").collection("Seasons")
    want = {season.ratingKey for s in section.all() if genre in [g.tag for g in s.genres] for season in s.seasons()}
    assert {i.ratingKey for i in collection.items()} == want
    assert collection.subtype == "season"


def test_episode_sync_removes_episodes_no_longer_chosen(runner):
    section = runner.plex().library.section("TV Shows")
    shows = section.all()
    _run(runner, f"""
        collections:
          Eps:
            plex_search: {{all: {{title: "{shows[0].title}"}}}}
            builder_level: episode
            sync_mode: sync
    """)
    first = {e.ratingKey for e in shows[0].episodes()}
    assert {i.ratingKey for i in section.collection("Eps").items()} == first
    (runner.folder / "Shows.yml").write_text(textwrap.dedent(f"""
        collections:
          Eps:
            plex_search: {{all: {{title: "{shows[1].title}"}}}}
            builder_level: episode
            sync_mode: sync
    """), encoding="utf-8")
    report = runner.run()
    row = rows(report, "Shows")["Eps"]
    assert row.status == "Modified", row
    second = {e.ratingKey for e in shows[1].episodes()}
    assert {i.ratingKey for i in runner.plex().library.section("TV Shows").collection("Eps").items()} == second
    assert (row.added, row.removed) == (len(second), len(first))


def test_episode_search_attribute_on_shows(runner):
    section = runner.plex().library.section("TV Shows")
    episode = section.searchEpisodes()[3]
    report = _run(runner, f"""
        collections:
          Has Episode:
            plex_search:
              all:
                episode_title: "{episode.title}"
    """)
    assert rows(report, "Shows")["Has Episode"].status == "Created", rows(report, "Shows")["Has Episode"]
    collection = runner.plex().library.section("TV Shows").collection("Has Episode")
    want = {s.ratingKey for s in section.all()
            if any(episode.title.lower() in e.title.lower() for e in s.episodes())}
    assert {i.ratingKey for i in collection.items()} == want
    assert episode.grandparentRatingKey in want


def test_builder_level_mistakes_are_located(runner):
    report = _run(runner, """
        collections:
          Bad Level:
            plex_all: true
            builder_level: album
          Smart Url:
            smart_url: "/library/sections/2/all?type=4"
            builder_level: episode
          Movie Filter:
            plex_all: true
            builder_level: episode
            filters:
              network: HBO
    """)
    got = rows(report, "Shows")
    assert got["Bad Level"].status == "Builder Validation Error"
    assert "Shows.yml:5" in got["Bad Level"].error
    assert "builder_level 'album' is not a level of a show library (use season or episode)" in got["Bad Level"].error
    assert "smart_url does not work with builder_level: episode" in got["Smart Url"].error
    assert "filter 'network' is not available in an episode collection (builder_level: episode)" in got["Movie Filter"].error


def _level_reads(runner, type_number: int) -> int:
    return sum(1 for e in runner.sim.request_log() if e["method"] == "GET" and e["path"].endswith("/all")
               and f"type={type_number}" in (e["query"] or ""))


def test_level_listing_read_once_and_only_when_needed(runner):
    section = runner.plex().library.section("TV Shows")
    title = section.all()[0].title
    runner.sim.reset_stats()
    report = _run(runner, f"""
        collections:
          A:
            plex_all: true
            builder_level: episode
            filters: {{show_title: "{title}"}}
          B:
            plex_all: true
            builder_level: episode
            filters: {{show_title.not: "{title}"}}
          Shows Only:
            plex_all: true
    """)
    got = rows(report, "Shows")
    assert got["A"].status == got["B"].status == got["Shows Only"].status == "Created"
    assert {i.ratingKey for i in runner.plex().library.section("TV Shows").collection("A").items()} == {
        e.ratingKey for e in section.all()[0].episodes()}
    assert _level_reads(runner, 4) == 1  # one episode listing for both definitions
    runner.sim.reset_stats()
    _run(runner, """
        collections:
          Shows Only:
            plex_all: true
    """)
    assert _level_reads(runner, 4) == 0  # no definition at a level: no episode listing


def test_dry_run_names_episodes_by_show_and_number(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[0]
    first = show.episodes()[0]
    _run(runner, f"""
        collections:
          Firsts:
            plex_search: {{all: {{title: "{show.title}"}}}}
            builder_level: episode
    """, dry_run=True)
    code = f"S{first.parentIndex:02d}E{first.index:02d}"
    assert any(f"+ {show.title} {code} {first.title}" in line for line in runner.printed), runner.printed
    assert "Firsts" not in [c.title for c in runner.plex().library.section("TV Shows").collections()]


def test_episodes_and_seasons_filters_on_shows(runner):
    section = runner.plex().library.section("TV Shows")
    shows = section.all()
    pick = shows[0].episodes()[0]
    word = pick.title.split()[0]
    year = sorted(e.year for e in section.searchEpisodes() if e.year)[len(section.searchEpisodes()) // 2]
    report = _run(runner, f"""
        collections:
          Has A Word Episode:
            plex_all: true
            filters:
              episodes:
                title: "{word}"
                count: 1
          Mostly Recent:
            plex_all: true
            default_percent: 75
            filters:
              episodes:
                year.gte: {year}
          Seasons Unwatched:
            plex_all: true
            filters:
              seasons:
                unplayed: true
                percentage: 100
    """)
    got = rows(report, "Shows")
    assert not [r.error for r in got.values() if r.error], got

    def members(title):
        c = [c for c in runner.plex().library.section("TV Shows").collections() if c.title == title]
        return {i.ratingKey for i in c[0].items()} if c else set()

    assert members("Has A Word Episode") == {
        s.ratingKey for s in shows if any(word.lower() in e.title.lower() for e in s.episodes())}
    assert pick.grandparentRatingKey in members("Has A Word Episode")

    def recent(show):
        eps = show.episodes()
        return len(eps) - sum(1 for e in eps if e.year and e.year >= year) <= len(eps) * 0.25

    assert members("Mostly Recent") == {s.ratingKey for s in shows if recent(s)}
    assert members("Seasons Unwatched") == {
        s.ratingKey for s in shows if all(season.viewedLeafCount < season.leafCount for season in s.seasons())}


def test_children_filter_mistakes(runner):
    report = _run(runner, """
        collections:
          No Filters:
            plex_all: true
            filters:
              episodes: {percentage: 20}
          Bad Percent:
            plex_all: true
            filters:
              episodes: {title: a, percentage: 120}
          Wrong Level Filter:
            plex_all: true
            filters:
              episodes: {network: HBO}
    """)
    got = rows(report, "Shows")
    assert "filters.episodes has no filters for the episodes" in got["No Filters"].error
    assert "filters.episodes.percentage must be a number from 0 to 100, got 120" in got["Bad Percent"].error
    assert "filter 'network' is not available in an episode collection" in got["Wrong Level Filter"].error


def test_smart_episode_collection_with_the_shows_genre(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[0]
    genre = show.genres[0].tag
    report = _run(runner, f"""
        collections:
          Smart Episodes:
            smart_filter:
              all:
                genre: "{genre}"
                episode_year.gte: 1900
              sort_by: title.asc
            builder_level: episode
    """)
    assert rows(report, "Shows")["Smart Episodes"].status == "Created", rows(report, "Shows")["Smart Episodes"]
    collection = runner.plex().library.section("TV Shows").collection("Smart Episodes")
    assert collection.smart
    want = {e.ratingKey for s in section.all() if genre in [g.tag for g in s.genres] for e in s.episodes()
            if e.year and e.year >= 1900}
    assert {i.ratingKey for i in collection.items()} == want
    before = runner.writes()
    assert rows(runner.run(), "Shows")["Smart Episodes"].status == "Unchanged"
    assert runner.writes() == before


def test_item_label_on_episodes(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[1]
    _run(runner, f"""
        collections:
          Tagged Episodes:
            plex_search: {{all: {{title: "{show.title}"}}}}
            builder_level: episode
            item_label: Binge
    """)
    episodes = runner.plex().library.section("TV Shows").get(show.title).episodes()
    assert episodes and all("Binge" in [label.tag for label in e.labels] for e in episodes)
    others = [e for s in runner.plex().library.section("TV Shows").all() if s.title != show.title
              for e in s.episodes()]
    assert not any("Binge" in [label.tag for label in e.labels] for e in others)


def test_plex_pilots(runner):
    section = runner.plex().library.section("TV Shows")
    report = _run(runner, """
        collections:
          Pilots:
            builder_level: episode
            plex_pilots: true
          Pilots Of Shows:
            plex_pilots: true
    """)
    got = rows(report, "Shows")
    assert got["Pilots"].status == "Created", got["Pilots"]
    want = {e.ratingKey for s in section.all() for e in s.episodes() if e.parentIndex == 1 and e.index == 1}
    assert want and {i.ratingKey for i in section.collection("Pilots").items()} == want
    assert "plex_pilots only works with builder_level: episode" in got["Pilots Of Shows"].error


def test_smart_label_episode_collection(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[2]
    config = f"""
        collections:
          Labelled Episodes:
            plex_search: {{all: {{title: "{show.title}"}}}}
            builder_level: episode
            smart_label: title.asc
    """
    report = _run(runner, config)
    row = rows(report, "Shows")["Labelled Episodes"]
    assert row.status == "Created", row
    section = runner.plex().library.section("TV Shows")
    collection = section.collection("Labelled Episodes")
    assert collection.smart and collection.subtype == "episode"
    want = {e.ratingKey for e in show.episodes()}
    assert {i.ratingKey for i in collection.items()} == want
    assert all("Labelled Episodes" in [label.tag for label in e.labels] for e in section.get(show.title).episodes())
    before = runner.writes()
    assert rows(runner.run(), "Shows")["Labelled Episodes"].status == "Unchanged"
    assert runner.writes() == before


def test_deleting_a_smart_label_episode_collection_takes_the_label_off_the_episodes(runner):
    section = runner.plex().library.section("TV Shows")
    show = section.all()[2]
    _run(runner, f"""
        collections:
          Labelled Episodes:
            plex_search: {{all: {{title: "{show.title}"}}}}
            builder_level: episode
            smart_label: title.asc
    """)
    assert any("Labelled Episodes" in [t.tag for t in e.labels] for e in section.get(show.title).episodes())
    runner.run(delete_collections=True, run_collections="Nope")
    section = runner.plex().library.section("TV Shows")
    assert "Labelled Episodes" not in [c.title for c in section.collections()]
    assert not any("Labelled Episodes" in [t.tag for t in e.labels] for e in section.get(show.title).episodes())


def test_unplayed_episodes_search_and_smart_filter(runner):
    """Kometa's show boolean ``unplayed_episodes`` (show.unwatchedLeaves): shows with an unplayed episode."""
    section = runner.plex().library.section("TV Shows")
    watched = section.all()[0]
    watched.markPlayed()  # every episode of this show played: it is left out
    report = _run(runner, """
        collections:
          Unplayed Search:
            plex_search:
              all:
                unplayed_episodes: true
          Unplayed Smart:
            smart_filter:
              all:
                unplayed_episodes: true
    """)
    section = runner.plex().library.section("TV Shows")
    want = {s.ratingKey for s in section.all() if s.viewedLeafCount < s.leafCount}
    assert want and watched.ratingKey not in want
    for name in ("Unplayed Search", "Unplayed Smart"):
        assert rows(report, "Shows")[name].status == "Created", rows(report, "Shows")[name]
        assert {i.ratingKey for i in section.collection(name).items()} == want
