"""Conformance: regular and smart playlists through python-plexapi."""

from __future__ import annotations

import pytest
from plexapi.exceptions import BadRequest, NotFound
from plexapi.server import PlexServer


@pytest.fixture
def env(fresh_plexsim):
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    return fresh_plexsim, plex, plex.library.section("Movies")


def test_create_add_remove_move(env):
    sim, plex, movies = env
    items = movies.search(sort="titleSort", limit=5)
    pl = plex.createPlaylist("Weekend", items=items[:3])
    assert pl.title == "Weekend" and pl.smart is False and pl.playlistType == "video" and pl.leafCount == 3
    assert [i.ratingKey for i in pl.items()] == [i.ratingKey for i in items[:3]]
    assert pl.duration == sum(i.duration for i in items[:3])
    piids = [i.playlistItemID for i in pl.items()]
    pl.addItems(items[3:5])
    pl.reload()
    assert [i.ratingKey for i in pl.items()] == [i.ratingKey for i in items]
    pl.removeItems(items[1])
    pl.reload()
    assert items[1].ratingKey not in [i.ratingKey for i in pl.items()]
    pl.moveItem(items[4])
    pl.reload()
    pl.moveItem(items[0], after=items[3])
    pl.reload()
    order = [i.ratingKey for i in pl.items()]
    assert order[0] == items[4].ratingKey
    assert order.index(items[0].ratingKey) == order.index(items[3].ratingKey) + 1
    # playlistItemIDs survive moves and are never reused
    after = {i.ratingKey: i.playlistItemID for i in pl.items()}
    assert after[items[0].ratingKey] == piids[0]
    assert len(set(after.values())) == len(after)


def test_episodes_and_duplicates(env):
    sim, plex, movies = env
    show = plex.library.section("TV Shows").all()[0]
    eps = show.episodes()[:2]
    movie = movies.search(limit=1)[0]
    pl = plex.createPlaylist("Mixed", items=[eps[0], movie, eps[1], eps[0]])
    got = pl.items()
    assert [i.ratingKey for i in got] == [eps[0].ratingKey, movie.ratingKey, eps[1].ratingKey, eps[0].ratingKey]
    assert got[0].librarySectionID == 2 and got[1].librarySectionID == 1


def test_edit_list_delete(env):
    sim, plex, movies = env
    pl = plex.createPlaylist("Old", items=movies.search(limit=2))
    pl.editTitle("New Name").editSummary("Sum")
    pl.reload()
    assert (pl.title, pl.summary) == ("New Name", "Sum")
    assert [p.title for p in plex.playlists(title="new")] == ["New Name"]
    assert plex.playlist("New Name").ratingKey == pl.ratingKey
    assert [p.title for p in plex.playlists(sectionId=1)] == ["New Name"]
    pl.delete()
    with pytest.raises(NotFound):
        plex.playlist("New Name")


def test_smart_playlist(env):
    sim, plex, movies = env
    kwargs = dict(limit=3, sort="titleSort:desc", filters={"year>>": 1980})
    pl = plex.createPlaylist("Smart", section=movies, smart=True, **kwargs)
    assert pl.smart is True and pl.content
    expected = [i.ratingKey for i in movies.search(libtype="movie", **kwargs)]
    assert [i.ratingKey for i in pl.items()] == expected
    assert pl.section().key == 1
    f = pl.filters()
    assert [i.ratingKey for i in movies.search(**f)] == expected
    pl.updateFilters(limit=1, filters={"year<<": 1980})
    pl.reload()
    assert len(pl.items()) == 1 and pl.items()[0].year < 1980
    with pytest.raises(BadRequest):
        pl.addItems(movies.search(limit=1))
    shows = plex.library.section("TV Shows")
    tv = plex.createPlaylist("TV", section=shows, smart=True, libtype="episode", limit=4, sort="episode.addedAt:desc")
    assert all(i.type == "episode" for i in tv.items()) and len(tv.items()) == 4


def test_unknown_piid_is_404(env):
    sim, plex, movies = env
    pl = plex.createPlaylist("P", items=movies.search(limit=1))
    with pytest.raises(NotFound):
        plex.query(f"/playlists/{pl.ratingKey}/items/987654", method=plex._session.delete)


def test_failed_create_leaves_nothing(env):
    sim, plex, movies = env
    mid = plex.machineIdentifier
    with pytest.raises(NotFound):
        plex.query(f"/playlists?smart=0&title=Ghost&type=video"
                   f"&uri=server://{mid}/com.plexapp.plugins.library/library/metadata/99999999",
                   method=plex._session.post)
    assert plex.playlists() == []
