"""Fidelity fixes found by running python-plexapi's own suite against plexsim (bench/plexapi_suite.py).

Each test pins one behaviour on the small ``plexapi-bootstrap`` library (4 movies, 2 shows, one
artist, a photo tree), through python-plexapi where it can and raw HTTP otherwise.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from plexapi.exceptions import BadRequest, NotFound
from plexapi.server import PlexServer

from plexsim.server import PlexSim

TOKEN = "fid"


@pytest.fixture
def boot() -> Iterator[PlexSim]:
    with PlexSim(library="plexapi-bootstrap", token=TOKEN) as sim:
        yield sim


@pytest.fixture
def plex(boot: PlexSim) -> PlexServer:
    return PlexServer(boot.url, TOKEN)  # type: ignore[no-untyped-call]


def get(sim: PlexSim, path: str, method: str = "GET", **params: Any) -> requests.Response:
    return requests.request(method, sim.url + path, params=params, headers={"X-Plex-Token": TOKEN}, timeout=10)


def root(sim: PlexSim, path: str, **params: Any) -> ET.Element:
    resp = get(sim, path, **params)
    assert resp.status_code == 200, resp.text
    return ET.fromstring(resp.content)


# -- the bootstrap library ------------------------------------------------------------------
def test_bootstrap_library_sections_and_titles(plex: PlexServer) -> None:
    assert [s.title for s in plex.library.sections()] == ["Movies", "TV Shows", "Music", "Photos"]
    movies = plex.library.section("Movies")
    assert sorted(m.title for m in movies.all()) == ["Big Buck Bunny", "Elephants Dream", "Sintel",
                                                     "Sita Sings the Blues"]
    got = plex.library.section("TV Shows").get("Game of Thrones")
    assert [s.leafCount for s in got.seasons()] == [10, 10]
    assert got.episode(season=1, episode=1).title == "Winter Is Coming"
    track = plex.library.section("Music").get("Broke For Free").album("Layers").track("As Colourful as Ever")
    assert track.grandparentTitle == "Broke For Free"
    cats = plex.library.section("Photos").get("Cats")
    assert [a.title for a in cats.albums()] == ["Cats in bed", "Cats not in bed", "Not cats in bed"]
    assert len(cats.photos()) == 3


def test_root_lists_directories(boot: PlexSim, plex: PlexServer) -> None:
    assert "library" in [d.get("key") for d in plex.query("/")]
    assert len(root(boot, "/identity")) == 0


def test_plexsim_serve_accepts_the_library_option() -> None:
    from plexsim.cli import build_parser
    assert build_parser().parse_args(["serve", "--library", "plexapi-bootstrap"]).library == "plexapi-bootstrap"


# -- hierarchy attributes -------------------------------------------------------------------
def test_show_index_location_and_child_parent_attributes(plex: PlexServer) -> None:
    show = plex.library.section("TV Shows").get("Game of Thrones")
    show.reload()
    assert show.index == 1 and show.locations == ["/data/TV-Shows/Game of Thrones"]
    season = show.season(1)
    assert (season.parentIndex, season.parentSlug, season.parentStudio) == (1, "game-of-thrones",
                                                                            "Revolution Sun Studios")
    assert season.parentTheme and "/theme/" in season.parentTheme
    episode = season.episode(1)
    assert episode.grandparentSlug == "game-of-thrones" and "/theme/" in episode.grandparentTheme
    assert episode.skipParent is False
    show.editAdvanced(flattenSeasons=1)
    assert episode.reload().skipParent is True


# -- settings -------------------------------------------------------------------------------
def test_every_non_bool_setting_lists_enum_values(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    assert all(s.enumValues for s in movies.settings() if s.type != "bool")
    movies.editAdvanced(hidden=2)
    assert next(s for s in movies.settings() if s.id == "hidden").value == 2
    for item in (movies.get("Sintel"), plex.library.section("TV Shows").get("The 100")):
        assert all(p.enumValues for p in item.preferences())
    show = plex.library.section("TV Shows").get("The 100")
    show.editAdvanced(showOrdering="dvd")
    assert show.reload().preference("showOrdering").value == "dvd"


# -- search ---------------------------------------------------------------------------------
def test_quick_edits_do_not_push_updated_at_into_the_future(plex: PlexServer) -> None:
    movie = plex.library.section("Movies").get("Sintel")
    for n in range(4):
        movie.editTitle(f"Sintel {n}")
    assert movie.reload().updatedAt.timestamp() <= time.time() + 0.5


def test_tag_edits_leave_updated_at(plex: PlexServer) -> None:
    movie = plex.library.section("Movies").get("Sintel")
    before = movie.updatedAt
    movie.addLabel("x").addGenre("y")
    plex.createCollection("C", section="Movies", items=[movie])
    assert movie.reload().updatedAt == before


def test_commas_inside_a_string_value(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    movie = movies.get("Sita Sings the Blues")
    movie.editSummary("Love, loss and song.")
    assert movies.search(filters={"summary==": "Love, loss and song."}) == [movie]


def test_title_inside_push_pop_groups(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    got = movies.search(filters={"and": [{"or": [{"title": "elephant"}, {"title": "bunny"}]}, {"year>>": 1990}]})
    assert sorted(m.title for m in got) == ["Big Buck Bunny", "Elephants Dream"]


def test_zero_counts_match_never_played_items(plex: PlexServer) -> None:
    shows = plex.library.section("TV Shows")
    assert len(shows.search(filters={"show.viewCount": 0})) == 2
    assert len(plex.library.section("Movies").search(filters={"viewOffset": 0})) == 4


def test_empty_language_value_matches_items_without_one(plex: PlexServer) -> None:
    shows = plex.library.section("TV Shows")
    assert len(shows.search(filters={"show.audioLanguage": ""})) == 2
    assert shows.search(filters={"show.audioLanguage!": ""}) == []


def test_collection_index_is_searchable(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    coll = plex.createCollection("Blender", section=movies, items=[movies.get("Sintel")])
    assert movies.search(libtype="collection", filters={"collection.index": coll.index}) == [coll]


def test_show_type_lists_only_its_own_fields(plex: PlexServer) -> None:
    shows = plex.library.section("TV Shows")
    keys = {f.key for f in shows.listFields("show")}
    assert "show.title" in keys and not any(k.startswith("episode.") for k in keys)
    assert [s.title for s in shows.search(filters={"episode.title": "Pilot"})] == ["The 100"]


def test_music_multi_level_sort_and_photo_search(plex: PlexServer) -> None:
    music = plex.library.section("Music")
    sort = "artist.titleSort,album.titleSort,album.year,track.absoluteIndex,track.index,track.titleSort,track.id"
    assert [t.title for t in music.search(sort=sort, libtype="track")] == ["As Colourful as Ever"]
    assert music.searchTracks(filters={"track.duration": 228000})
    photos = plex.library.section("Photos")
    assert len(photos.searchPhotos(title="photo1")) == 4
    assert [a.title for a in photos.searchAlbums(title="Cats in")] == ["Cats in bed", "Not cats in bed"]


# -- endpoints ------------------------------------------------------------------------------
def test_library_all_search(plex: PlexServer) -> None:
    assert [i.title for i in plex.library.search(title="Elephants Dream")] == ["Elephants Dream"]
    assert [i.type for i in plex.library.search(title="Layers", libtype="album")] == ["album"]


def test_part_download(boot: PlexSim, plex: PlexServer) -> None:
    part = plex.library.section("Movies").get("Sintel").media[0].parts[0]
    resp = get(boot, part.key, download=1)
    assert resp.status_code == 200 and resp.content
    assert get(boot, "/library/parts/999999/1/file.mp4").status_code == 404


def test_progress_on_deck_and_continue_watching(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    movie = movies.get("Sintel")
    assert movie not in plex.continueWatching()
    movie.updateProgress(movie.duration // 4)
    assert movie.reload().viewOffset == movie.duration // 4
    assert movie in plex.library.onDeck() and movie in movies.onDeck()
    assert movie in plex.continueWatching() and movie in movies.continueWatching()
    movie.markUnplayed()
    assert movie not in plex.continueWatching()


def test_agents_and_matches(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    assert movies.agent in [a.identifier for a in movies.agents()]
    movie = movies.get("Sita Sings the Blues")
    assert movies.getGuid("imdb://tt1172203") == movie
    with pytest.raises(NotFound):
        movies.getGuid("imdb://tt00000000")
    assert [r.name for r in movie.matches(title="Sita")] == ["Sita Sings the Blues"]
    agent = next(a for a in plex.agents() if a.identifier == "com.plexapp.agents.imdb")
    assert next(s for s in agent.settings() if s.id == "country").enumValues


def test_media_providers_give_section_totals(plex: PlexServer) -> None:
    shows = plex.library.section("TV Shows")
    assert shows.totalDuration == 49 * 653804 and shows.totalStorage == 49 * 18184197


def test_delete_media_previews(plex: PlexServer) -> None:
    plex.library.section("Movies").deleteMediaPreviews()


def test_library_tags(plex: PlexServer) -> None:
    assert "Animation" in [t.tag for t in plex.library.tags("genre")]
    with pytest.raises(NotFound):
        plex.library.tags("unknown")


def test_section_hubs_common_and_timeline(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    assert any(h.items for h in movies.hubs())
    assert plex.library.section("Music").stations()
    items = movies.all()
    common = movies.common(items)
    assert common.commonType == "movie" and common.ratingKeys == [m.ratingKey for m in items]
    tl = movies.timeline()
    assert tl.size > 0 and tl.title1 == "Movies" and tl.viewGroup == "secondary" and tl.latestEntryTime


def test_server_odds_and_ends(plex: PlexServer) -> None:
    assert plex.butlerTasks() and plex.runButlerTask("CleanOldBundles")
    with pytest.raises(BadRequest):
        plex.runButlerTask("NoSuchTask")
    account = plex.systemAccounts()[-1]
    assert plex.systemAccount(account.id) == account
    device = plex.systemDevices()[-1]
    assert plex.systemDevice(device.id) == device
    assert plex.sessions() == []
    movie = plex.library.section("Movies").get("Sintel")
    queue = plex.createPlayQueue(movie, shuffle=1)
    assert queue.playQueueShuffled is True and queue.items[0] == movie


def test_search_tag_hubs(plex: PlexServer) -> None:
    hub_tag = plex.search("Animation", mediatype="genre")[0]
    assert hub_tag.tag == "Animation" and hub_tag.librarySectionTitle == "Movies"
    assert plex.library.section("Movies").get("Sintel") in hub_tag.items()
    assert plex.search("Reena", mediatype="actor")[0].tagKey


def test_item_detail_options(boot: PlexSim, plex: PlexServer) -> None:
    movie = plex.library.section("Movies").get("Sita Sings the Blues")
    movie.reload(checkFiles=True)
    assert movie.media[0].parts[0].exists is True and movie.media[0].parts[0].accessible is True
    el = root(boot, movie.key, excludeElements="Media,Genre", excludeFields="summary")[0]
    assert el.find("Media") is None and el.find("Genre") is None and "summary" not in el.attrib
    assert movie.reviews() and root(boot, movie.key)[0].find("Review") is None


def test_subtitle_upload_select_remove(tmp_path: Any, plex: PlexServer) -> None:
    movie = plex.library.section("Movies").get("Sintel")
    path = tmp_path / "english.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    movie.uploadSubtitles(str(path))
    assert [s.title for s in movie.reload().subtitleStreams()] == ["english"]
    movie.subtitleStreams()[0].setSelected()
    assert movie.reload().subtitleStreams()[0].selected
    movie.removeSubtitles(streamTitle="english")
    assert movie.reload().subtitleStreams() == []


def test_collection_edits_show(plex: PlexServer) -> None:
    movies = plex.library.section("Movies")
    coll = plex.createCollection("Ratings", section=movies, items=[movies.get("Sintel")])
    assert coll.arts() == []
    coll.editAudienceRating(7.7).editCriticRating(6.6)
    coll.edit(contentRating="PG", titleSort="Zzz")
    coll.reload()
    assert (coll.audienceRating, coll.rating, coll.contentRating) == (7.7, 6.6, "PG")
    assert coll.isLocked("contentRating") and coll.isLocked("titleSort")


def test_photo_playlist_and_video_playlist_attributes(plex: PlexServer) -> None:
    photos = plex.library.section("Photos").get("Cats").photos()
    pl = plex.createPlaylist("cats", items=photos)
    assert pl.playlistType == "photo" and len(pl.items()) == 3
    episodes = plex.library.section("TV Shows").get("The 100").episodes()[:2]
    assert plex.createPlaylist("tv", items=episodes).durationInSeconds is None


def test_editions_need_plex_pass_on_an_anonymous_server() -> None:
    with PlexSim(library="plexapi-bootstrap", token=None) as sim:
        movie = PlexServer(sim.url).library.section("Movies").get("Sintel")  # type: ignore[no-untyped-call]
        with pytest.raises(BadRequest):
            movie.editEditionTitle("Director's Cut")
