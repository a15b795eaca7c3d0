"""Conformance: server identity, sections, listings, item details and navigation via python-plexapi."""

from __future__ import annotations

import re

import pytest
from plexapi.exceptions import NotFound
from plexsim_helpers import raw_get, store_movies


def test_identity(plex, plexsim_server):
    assert re.fullmatch(r"[0-9a-f]{40}", plex.machineIdentifier)
    assert plex.machineIdentifier == plexsim_server.machine_identifier
    assert plex.friendlyName == "plexsim"
    assert plex.version and plex.platform == "Linux"
    assert plex.myPlex is True and plex.allowMediaDeletion is True
    assert plex.transcoderActiveVideoSessions == 0
    resp = raw_get(plexsim_server, "/library")
    assert resp.status_code == 200 and 'title1="Plex Library"' in resp.text
    assert resp.headers["content-type"] == "text/xml;charset=utf-8"


def test_sections(plex):
    sections = plex.library.sections()
    assert [(s.key, s.type, s.title) for s in sections] == [(1, "movie", "Movies"), (2, "show", "TV Shows")]
    movies = plex.library.section("movies")  # case-insensitive
    assert movies.allowSync is True and movies.agent == "tv.plex.agents.movie"
    assert movies.locations == ["/data/Movies"]
    assert plex.library.sectionByID(2).title == "TV Shows"
    assert movies.settings()  # GET /library/sections/1/prefs


def test_all_and_totals(plex, plexsim_server):
    movies = plex.library.section("Movies")
    items = movies.all()
    assert len(items) == 200 == movies.totalViewSize()
    assert len({i.ratingKey for i in items}) == 200
    # default order: titleSort (falls back to title), case-insensitive
    keys = [(i.titleSort or i.title).casefold() for i in items]
    assert keys == sorted(keys)
    shows = plex.library.section("TV Shows")
    episodes = [i for i in plexsim_server.store.items.values() if i.type == "episode"]
    assert len(shows.all()) == 20
    assert shows.totalViewSize(libtype="episode") == len(episodes)
    assert len(shows.searchEpisodes()) == len(episodes)


def test_listing_is_partial_and_details_are_full(plex, plexsim_server):
    movie = plex.library.section("Movies").all()[0]
    assert movie.librarySectionID == 1
    assert movie.media[0].videoResolution in {"sd", "720", "1080", "4k"}
    assert movie.genres and all(g.id is None for g in movie.genres)  # listing tags carry only tag
    assert len(movie.roles) <= 3
    assert {g.id.split("://")[0] for g in movie.guids} == {"imdb", "tmdb", "tvdb"}
    full = plex.fetchItem(movie.ratingKey)
    assert full.librarySectionTitle == "Movies" and full.librarySectionKey == "/library/sections/1"
    streams = full.media[0].parts[0].streams
    assert streams[0].streamType == 1 and streams[1].streamType == 2
    assert all(g.id for g in full.genres)
    stored = plexsim_server.store.items[movie.ratingKey]
    assert len(full.roles) == len(stored.tags["role"])
    assert full.ultraBlurColors is not None
    assert full.directors and full.writers and full.producers and full.countries


def test_fetch_items_keeps_requested_order(plex):
    keys = [i.ratingKey for i in plex.library.section("Movies").all()[:3]]
    wanted = [keys[2], keys[0], keys[1]]
    assert [i.ratingKey for i in plex.fetchItems(wanted)] == wanted


def test_unknown_item_and_path_are_404(plex):
    with pytest.raises(NotFound):
        plex.fetchItem(99999999)
    with pytest.raises(NotFound):
        plex.query("/no/such/endpoint")


def test_show_navigation(plex, plexsim_server):
    show = plex.library.section("TV Shows").all()[0]
    seasons = show.seasons()
    assert [s.index for s in seasons] == list(range(1, len(seasons) + 1))
    assert show.childCount == len(seasons)
    season = show.season(1)
    episodes = season.episodes()
    assert [e.index for e in episodes] == list(range(1, len(episodes) + 1))
    assert episodes[0].show().ratingKey == show.ratingKey
    assert episodes[0].season().ratingKey == season.ratingKey
    assert episodes[0].grandparentTitle == show.title and episodes[0].parentIndex == 1
    assert len(show.episodes()) == show.leafCount
    assert show.episode(season=1, episode=1).ratingKey == episodes[0].ratingKey


def test_media_variety(plexsim_server):
    movies = store_movies(plexsim_server)
    res = {m.media[0]["videoResolution"] for m in movies}
    assert res == {"sd", "720", "1080", "4k"}
    audio = {(m.media[0]["audioCodec"], m.media[0].get("audioProfile")) for m in movies}
    assert {("aac", None), ("ac3", None), ("eac3", None), ("dca", None), ("dca", "ma"), ("truehd", None)} <= audio
    assert any(p == "atmos" for _c, p in audio)
    streams = [s for m in movies for s in m.media[0]["parts"][0]["streams"] if s["streamType"] == 1]
    assert any(s.get("colorTrc") == "smpte2084" for s in streams) and any(s.get("DOVIPresent") for s in streams)
    assert any(m.attrs.get("editionTitle") for m in movies)
    years = [m.attrs["year"] for m in movies]
    assert min(years) >= 1930 and max(years) <= 2026 and len({y // 10 for y in years}) >= 5


def test_accented_titles_round_trip(plex, plexsim_server):
    accented = [m for m in store_movies(plexsim_server) if any(ord(c) > 127 for c in m.attrs["title"])]
    assert accented, "fixture should contain non-ASCII titles"
    target = accented[0]
    assert plex.fetchItem(target.rk).title == target.attrs["title"]
    plain = target.attrs["title"].replace("é", "e").replace("â", "a").replace("ñ", "n").replace("ö", "o")
    plain = plain.replace("å", "a").replace("ü", "u").replace("Ç", "C").replace("ë", "e").replace("Ü", "U")
    found = plex.library.section("Movies").search(title=plain)
    assert target.rk in {f.ratingKey for f in found}


def test_posters_are_served_per_item(plex, plexsim_server):
    a, b = plex.library.section("Movies").all()[:2]
    img_a = raw_get(plexsim_server, a.thumb)
    img_b = raw_get(plexsim_server, b.thumb)
    assert img_a.status_code == 200 and img_a.headers["content-type"] == "image/jpeg"
    assert img_a.content[:2] == b"\xff\xd8" and img_a.content != img_b.content
    # token as a query parameter, as client-built image URLs send it
    url = plex.url(a.thumb, includeToken=True)
    import requests
    assert requests.get(url, timeout=10).status_code == 200


def test_hub_search(plex, plexsim_server):
    movie = plex.library.section("Movies").all()[10]
    results = plex.search(movie.title, mediatype="movie")
    assert movie.ratingKey in {r.ratingKey for r in results}
    assert results[0].title.casefold().startswith(movie.title.casefold())
    shows = plex.library.section("TV Shows")
    show = shows.all()[0]
    assert show.ratingKey in {r.ratingKey for r in shows.hubSearch(show.title)}


def test_server_and_section_settings(fresh_plexsim):
    from plexapi.server import PlexServer
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    assert plex.settings.get("butlerStartHour").value == 2
    plex.settings.get("cinemaTrailersPrerollID").set("/prerolls/a.mp4")
    plex.settings.save()
    assert PlexServer(fresh_plexsim.url, fresh_plexsim.token).settings.get("cinemaTrailersPrerollID").value == \
        "/prerolls/a.mp4"
    movies = plex.library.section("Movies")
    assert {s.id for s in movies.settings()} >= {"ratingsSource"}


def test_recently_added_and_on_deck(plex, plexsim_server):
    recent = plex.library.recentlyAdded()
    stamps = [i.addedAt for i in recent]
    assert stamps == sorted(stamps, reverse=True) and {i.type for i in recent} == {"movie", "episode"}
    in_progress = {i.rk for i in plexsim_server.store.items.values() if i.attrs.get("viewOffset")}
    assert {i.ratingKey for i in plex.library.onDeck()} == in_progress
