"""TMDb builders end to end: metasim answers, plexsim holds the library, both from one world."""

from __future__ import annotations

from tmdb_helpers import rows


def _in_library(titles):
    return {t.title for t in titles if t.in_library}


def _franchise(world):
    """A collection with members both in and out of the library."""
    return next(g for g in world.collections.values()
                if any(t.in_library for t in g.members) and any(not t.in_library for t in g.members))


def test_collection_members_are_the_library_part_and_the_rest_is_missing(tmdb):
    group = _franchise(tmdb.world)
    report = tmdb.run(f"""
        collections:
          Franchise:
            tmdb_collection: https://www.themoviedb.org/collection/{group.id}-some-name
    """)
    row = rows(report)["Franchise"]
    assert row.status == "Created", row
    assert tmdb.members("Franchise") == _in_library(group.members)
    assert row.missing == sum(1 for t in group.members if not t.in_library)
    assert row.error is None


def test_charts_discover_and_second_run_sends_nothing(tmdb):
    world = tmdb.world
    config = """
        collections:
          Popular:
            tmdb_popular: 30
            sync_mode: sync
          Top:
            tmdb_top_rated: 25
          Weekly:
            tmdb_trending_weekly: 20
          Discover Action:
            tmdb_discover:
              with_genres: 28
              sort_by: popularity.desc
              limit: 40
    """
    first = rows(tmdb.run(config))
    assert all(r.error is None for r in first.values()), first
    assert tmdb.members("Popular") == _in_library(world.kind_chart("movie", "popular")[:30])
    assert tmdb.members("Top") == _in_library(world.kind_chart("movie", "top_rated")[:25])
    action = [t for t in world.kind_chart("movie", "popular") if 28 in t.genre_ids][:40]
    assert tmdb.members("Discover Action") == _in_library(action)
    assert first["Popular"].missing == 30 - len(_in_library(world.kind_chart("movie", "popular")[:30]))
    requests_first = tmdb.tmdb_requests()
    # distinct TMDb objects: 2 pages popular + 2 top rated + 1 trending + 2 discover, plus the
    # conversions of the library's legacy items (one /find each)
    legacy = sum(1 for t in world.library if t.kind == "movie" and t.legacy and "themoviedb" not in t.plex_guid)
    assert requests_first <= 7 + legacy
    tmdb.pair.meta.reset_stats()
    tmdb.pair.plex.reset_stats()
    second = rows(tmdb.run(config))
    assert all(r.status == "Unchanged" for r in second.values()), second
    assert tmdb.tmdb_requests() == 0
    assert tmdb.plex_writes() == 0
    assert "answer(s) from the cache" in tmdb.run(config).online[0]


def test_people_lists_movies_and_details(tmdb):
    world = tmdb.world
    group = _franchise(world)
    actor = next(pid for pid in world.people.people if any(
        c.department == "Acting" and t.kind == "movie" and t.in_library for t, c in world.credits(pid)))
    listing = next(g for g in world.lists.values() if any(t.in_library and t.kind == "movie" for t in g.members))
    movie = next(t for t in world.library if t.kind == "movie")
    report = tmdb.run(f"""
        collections:
          Actor:
            tmdb_actor: {actor}
          Listed:
            tmdb_list_details: {listing.id}
          One Movie:
            tmdb_movie: [{movie.tmdb_id}]
          Details:
            tmdb_collection_details: {group.id}
    """)
    r = rows(report)
    assert all(x.error is None for x in r.values()), r
    cast = {t.title for t, c in world.credits(actor) if c.department == "Acting" and t.kind == "movie" and t.in_library}
    assert tmdb.members("Actor") == cast
    assert tmdb.members("Listed") == {t.title for t in listing.members if t.kind == "movie" and t.in_library}
    assert tmdb.members("One Movie") == {movie.title}
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    collection = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("Movies").collection("Details")
    assert collection.summary == (group.overview or f"The films of {group.name}.")


def test_show_library_network_and_popular(tmdb):
    world = tmdb.world
    network = next(g for g in world.networks.values() if any(t.in_library for t in g.members))
    report = tmdb.run("collections: {}\n", shows=f"""
        collections:
          Net:
            tmdb_network: {network.id}
          Popular Shows:
            tmdb_popular: 20
    """)
    r = rows(report, "TV Shows")
    assert all(x.error is None for x in r.values()), r
    assert tmdb.members("Net", "TV Shows") == {t.title for t in network.members if t.in_library}
    assert tmdb.members("Popular Shows", "TV Shows") == _in_library(world.kind_chart("tv", "popular")[:20])
    assert report.convert == []  # legacy TVDb items were converted through /find


def test_plex_only_config_sends_no_tmdb_request_and_needs_no_section(tmdb):
    tmdb.write("""
        collections:
          Plain:
            plex_all: true
    """, tmdb="")
    report = tmdb.run()
    assert rows(report)["Plain"].error is None
    assert tmdb.tmdb_requests() == 0
    assert report.online == []


def test_summary_shows_missing_counts_and_online_services(tmdb):
    import io

    from rich.console import Console

    from kometa.engine.summary import print_summary
    group = _franchise(tmdb.world)
    report = tmdb.run(f"""
        collections:
          Franchise Two:
            tmdb_collection: {group.id}
    """)
    buffer = io.StringIO()
    print_summary(report, Console(file=buffer, force_terminal=False, width=200), problems={})
    text = buffer.getvalue()
    missing = sum(1 for t in group.members if not t.in_library)
    assert "Missing From The Library" in text and f"Movies | Franchise Two | {missing:>5}" in text
    assert "Online Services" in text and "TMDb: " in text and "request(s)" in text


def test_smart_label_with_a_tmdb_builder_labels_its_items_and_keeps_them_in_sync(tmdb):
    """smart_label: the TMDb builder's library items get the collection's label; the collection is
    a smart one on that label (so Plex keeps it sorted); a second run changes nothing."""
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN

    group = _franchise(tmdb.world)
    config = f"""
        collections:
          Smart Franchise:
            tmdb_collection: {group.id}
            smart_label: release.desc
    """
    row = rows(tmdb.run(config))["Smart Franchise"]
    assert row.error is None and row.status == "Created", row
    section = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("Movies")
    collection = section.collection("Smart Franchise")
    assert collection.smart
    assert {i.title for i in collection.items()} == _in_library(group.members)
    assert {i.title for i in section.search(label="Smart Franchise")} == _in_library(group.members)
    tmdb.pair.plex.reset_stats()
    again = rows(tmdb.run(config))["Smart Franchise"]
    assert again.status == "Unchanged" and tmdb.plex_writes() == 0, again


def test_a_tmdb_builder_builds_a_playlist_in_its_order(tmdb):
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN

    chart = [t for t in tmdb.world.kind_chart("movie", "popular")[:40] if t.in_library]
    tmdb.write("collections: {}\n")
    (tmdb.folder / "Playlists.yml").write_text("""
playlists:
  Popular Now:
    libraries: Movies
    tmdb_popular: 40
    sync_mode: sync
""", encoding="utf-8")
    path = tmdb.folder / "config.yml"
    path.write_text(path.read_text() + "playlist_files:\n  - file: Playlists.yml\n", encoding="utf-8")
    row = tmdb.run().playlists[0]
    assert row.status == "Created" and row.error is None, row
    items = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).playlist("Popular Now").items()
    assert [i.title for i in items] == [t.title for t in chart]  # TMDb's order, the library's part
    tmdb.pair.meta.reset_stats()
    tmdb.pair.plex.reset_stats()
    again = tmdb.run().playlists[0]
    assert again.status == "Unchanged" and tmdb.tmdb_requests() == 0 and tmdb.plex_writes() == 0, again
