"""Conformance: field edits, locks, tags, play state, rating, preferences, images, delete."""

from __future__ import annotations

import hashlib

import pytest
from plexapi.exceptions import BadRequest, NotFound
from plexapi.server import PlexServer
from plexsim_helpers import raw_get

WEIRD = "Test Tag !@#$%^&*()-_=+[];:'\"/?,."


@pytest.fixture
def env(fresh_plexsim):
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    movies = plex.library.section("Movies")
    return fresh_plexsim, plex, movies, movies.search(limit=1)[0]


def test_field_edits_and_locks(env):
    sim, plex, movies, movie = env
    before = movie.updatedAt
    movie.editTitle("Brand New").editSortTitle("New, Brand").editSummary("S").editContentRating("PG")
    movie.editOriginallyAvailable("1999-12-31").editCriticRating(7.5).editStudio("Plexsim Films")
    movie.reload()
    assert (movie.title, movie.titleSort, movie.summary, movie.contentRating) == ("Brand New", "New, Brand", "S", "PG")
    assert movie.originallyAvailableAt.strftime("%Y-%m-%d") == "1999-12-31"
    assert movie.rating == 7.5 and movie.studio == "Plexsim Films"
    assert {"title", "titleSort", "summary", "contentRating", "studio"} <= {f.name for f in movie.fields}
    assert movie.updatedAt >= before
    movie.editTitle("Brand New", locked=False).editStudio("", locked=False)
    movie.reload()
    assert "title" not in {f.name for f in movie.fields}
    assert movie.studio is None  # cleared: attribute absent
    movie.editSortTitle("")
    movie.reload()
    assert movie.titleSort == movie.title  # plexapi falls back to title
    movie.lockPoster()
    movie.reload()
    assert "thumb" in {f.name for f in movie.fields}
    movie.unlockPoster()


def test_tags_union_and_weird_names(env):
    sim, plex, movies, movie = env
    movie.addLabel(WEIRD).addLabel("New, Label").addGenre("Zed")
    movie.reload()
    assert {lb.tag for lb in movie.labels} >= {WEIRD, "New, Label"}
    assert "Zed" in {g.tag for g in movie.genres}
    # Kometa's batch sends only the new name: the set becomes the union
    movies.multiEdit([movie], **{"label[0].tag.tag": "Only New", "label.locked": 1})
    movie.reload()
    assert {lb.tag for lb in movie.labels} >= {WEIRD, "New, Label", "Only New"}
    movie.removeLabel([WEIRD, "New, Label"])
    movie.reload()
    assert {lb.tag for lb in movie.labels} == {"Only New"}
    assert movie.ratingKey in {m.ratingKey for m in movies.search(label="Only New")}
    movie.removeGenre("Zed")
    movie.reload()
    assert "Zed" not in {g.tag for g in movie.genres}


def test_multi_edit_and_batch(env):
    sim, plex, movies, movie = env
    items = movies.search(limit=3)
    movies.batchMultiEdits(items).addLabel("Batch").editUserRating(9).saveMultiEdits()
    for item in items:
        item.reload()
        assert "Batch" in {lb.tag for lb in item.labels} and item.userRating == 9.0
    movie.batchEdits().editTitle("Batched").editTagline("T").saveEdits()
    movie.reload()
    assert (movie.title, movie.tagline) == ("Batched", "T")


def test_bad_edits_are_400(env):
    sim, plex, movies, movie = env
    put = plex._session.put
    with pytest.raises(BadRequest):
        plex.query(f"/library/sections/1/all?type=1&id={movie.ratingKey}&year.value=abc", method=put)
    with pytest.raises(BadRequest):
        plex.query(f"/library/sections/1/all?type=1&id={movie.ratingKey}&bogus.value=1", method=put)
    with pytest.raises(NotFound):
        plex.query("/library/sections/1/all?type=1&id=99999999&title.value=x", method=put)
    movie.reload()
    assert movie.year is not None


def test_played_rating_prefs(env):
    sim, plex, movies, movie = env
    movie.markPlayed()
    movie.reload()
    assert movie.isPlayed and movie.lastViewedAt is not None
    movie.markUnplayed()
    movie.reload()
    assert not movie.isPlayed
    movie.rate(8)
    movie.reload()
    assert movie.userRating == 8.0 and movie.lastRatedAt is not None
    movie.rate(None)
    movie.reload()
    assert movie.userRating is None
    show = plex.library.section("TV Shows").all()[0]
    show.markPlayed()
    assert all(e.isPlayed for e in show.episodes())
    movie.editAdvanced(useOriginalTitle=1)
    assert {p.id: p.value for p in movie.preferences()}["useOriginalTitle"] == 1


def test_posters_and_art(env, tmp_path):
    sim, plex, movies, movie = env
    posters = movie.posters()
    assert len(posters) == 1 and posters[0].selected
    movie.uploadPoster(url="https://image.example/p1.jpg")
    data = b"\xff\xd8fake jpeg bytes"
    path = tmp_path / "cat.jpg"
    path.write_bytes(data)
    old_thumb = movie.thumb
    movie.uploadPoster(filepath=str(path))
    movie.reload()
    keys = [p.ratingKey for p in movie.posters()]
    assert keys[1] == "https://image.example/p1.jpg"
    assert keys[2] == f"upload://posters/{hashlib.sha1(data).hexdigest()}"
    assert [p.selected for p in movie.posters()] == [False, False, True]
    assert movie.thumb != old_thumb and "thumb" in {f.name for f in movie.fields}
    assert raw_get(sim, movie.thumb).content == data  # selected upload served at the thumb URL
    movie.uploadPoster(filepath=str(path))  # same bytes: no duplicate
    assert len(movie.posters()) == 3
    movie.setPoster(movie.posters()[0])
    assert [p.selected for p in movie.posters()] == [True, False, False]
    movie.uploadArt(url="https://image.example/a.jpg")
    assert movie.arts()[-1].selected
    coll = plex.createCollection("Posters", movies, [movie])
    coll.uploadPoster(url="https://image.example/c.jpg")
    assert coll.posters()[-1].ratingKey == "https://image.example/c.jpg"


def test_delete_item(env):
    sim, plex, movies, movie = env
    pl = plex.createPlaylist("Has it", items=[movie])
    coll = plex.createCollection("Has it", movies, [movie, movies.search(limit=2)[1]])
    movie.delete()
    with pytest.raises(NotFound):
        plex.fetchItem(movie.ratingKey)
    pl.reload()
    coll.reload()
    assert pl.leafCount == 0 and coll.childCount == 1


def test_show_edit_reaches_episode_listings(env):
    sim, plex, movies, movie = env
    shows = plex.library.section("TV Shows")
    show = shows.all()[0]
    assert show.episodes()[0].grandparentTitle == show.title
    show.editTitle("Retitled Show")
    assert {e.grandparentTitle for e in shows.searchEpisodes(**{"show.title": "Retitled Show"})} == {"Retitled Show"}
    first = show.episodes()[0]
    first.markPlayed()
    show.reload()
    assert show.viewedLeafCount >= 1


def test_delete_show_removes_children(env):
    sim, plex, movies, movie = env
    shows = plex.library.section("TV Shows")
    show = shows.all()[0]
    episode = show.episodes()[0]
    before = len(shows.searchEpisodes())
    show.delete()
    with pytest.raises(NotFound):
        plex.fetchItem(episode.ratingKey)
    assert len(shows.searchEpisodes()) == before - show.leafCount
    assert show.ratingKey not in {s.ratingKey for s in shows.all()}
