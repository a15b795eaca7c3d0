"""filters on credits (actor, writer, producer): read from the items' own pages (many at a time),
since the listing carries only the first actors and no writers or producers."""

from __future__ import annotations

from process_helpers import rows


def test_actor_writer_producer_filters_match_the_items_credits(runner):
    movies = runner.plex().library.section("Movies").all()
    for movie in movies:
        movie.reload()
    actor = next(r.tag for m in movies for r in m.roles[3:])  # an actor beyond the listing's first ones
    writer = next(w.tag for m in movies for w in m.writers)
    producer = next(p.tag for m in movies for p in m.producers)
    report = runner.run(f"""
        collections:
          Actor:
            plex_all: true
            filters:
              actor: "{actor}"
          Writer:
            plex_all: true
            filters:
              writer: "{writer}"
          Not Producer:
            plex_all: true
            filters:
              producer.not: "{producer}"
    """)
    found = rows(report)
    assert all(r.error is None for r in found.values()), found
    assert not report.not_done
    section = runner.plex().library.section("Movies")

    def members(title: str) -> set[int]:
        return {i.ratingKey for i in section.collection(title).items()}

    assert members("Actor") == {m.ratingKey for m in movies if actor in {r.tag for r in m.roles}}
    assert members("Writer") == {m.ratingKey for m in movies
                                                       if writer in {w.tag for w in m.writers} and (m.year or 0) >= 1900}
    assert members("Not Producer") == {m.ratingKey for m in movies if producer not in {p.tag for p in m.producers}}


def test_a_playlist_filters_on_credits_too(runner):
    movies = runner.plex().library.section("Movies").all()
    for movie in movies:
        movie.reload()
    writer = next(w.tag for m in movies for w in m.writers)
    runner.write("collections: {}\n", playlists=f"""
        playlists:
          Written:
            libraries: Movies
            plex_search: {{all: {{year.gte: 1900}}}}
            filters:
              writer: "{writer}"
    """)
    report = runner.run()
    assert report.playlists[0].status == "Created", report.playlists
    playlist = runner.plex().playlist("Written")
    assert {i.ratingKey for i in playlist.items()} == {m.ratingKey for m in movies
                                                       if writer in {w.tag for w in m.writers} and (m.year or 0) >= 1900}
